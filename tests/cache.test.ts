import { chmod, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrBuild } from '../index/cache.js';
import { loadSearch } from '../index/load.js';
import { loadVocabulary, type Vocabulary } from '../index/vocabulary.js';
import { saveTranscript } from '../server/library.js';
import type { TranscriptRecord } from '../server/transcript/types.js';
import { transcript } from './support/records.js';

const vocabulary = loadVocabulary();
const temp = (): Promise<string> => mkdtemp(join(tmpdir(), 'panelnotes-cache-'));

function talk(videoId: string, text: string): TranscriptRecord {
  return transcript(videoId, [
    { start: 0, duration: 10, text },
    { start: 10, duration: 10, text: 'and that is all for today' },
  ]);
}

describe('index cache', () => {
  it('builds once, then loads from the cache while nothing it depends on changed', async () => {
    const dir = await temp();
    const record = talk('AAAAAAAAAAA', 'live migration of guests with vfio devices');
    expect((await loadOrBuild(record, vocabulary, dir)).origin).toBe('built');
    expect(await readdir(dir)).toEqual(['AAAAAAAAAAA.json']);
    const again = await loadOrBuild(record, vocabulary, dir);
    expect(again.origin).toBe('cached');
    expect(again.data.passages[0]?.text).toContain('live migration');
  });

  it('rebuilds when the transcript changes', async () => {
    const dir = await temp();
    await loadOrBuild(talk('AAAAAAAAAAA', 'first words'), vocabulary, dir);
    const changed = await loadOrBuild(talk('AAAAAAAAAAA', 'edited words'), vocabulary, dir);
    expect(changed.origin).toBe('built');
    expect(changed.data.passages[0]?.text).toContain('edited words');
  });

  it('rebuilds when topics.json or glossary.json change', async () => {
    const dir = await temp();
    const record = talk('AAAAAAAAAAA', 'security review of patches');
    await loadOrBuild(record, vocabulary, dir);
    const edited: Vocabulary = { ...vocabulary, fingerprint: `${vocabulary.fingerprint} ` };
    expect((await loadOrBuild(record, edited, dir)).origin).toBe('built');
  });

  it('rebuilds over a damaged or foreign cache file, and on --rebuild', async () => {
    const dir = await temp();
    const record = talk('AAAAAAAAAAA', 'posted interrupts');
    await writeFile(join(dir, 'AAAAAAAAAAA.json'), '{"format": 1, "key": "x"');
    expect((await loadOrBuild(record, vocabulary, dir)).origin).toBe('built');
    await writeFile(join(dir, 'AAAAAAAAAAA.json'), JSON.stringify({ format: 0, key: 'old' }));
    expect((await loadOrBuild(record, vocabulary, dir)).origin).toBe('built');
    expect((await loadOrBuild(record, vocabulary, dir, true)).origin).toBe('built');
  });

  it('still serves when the cache cannot be written', async () => {
    const dir = await temp();
    await chmod(dir, 0o500);
    try {
      const result = await loadOrBuild(talk('AAAAAAAAAAA', 'read only disk'), vocabulary, join(dir, 'sub'));
      expect(result.data.passages).toHaveLength(1);
    } finally {
      await chmod(dir, 0o700);
    }
  });
});

describe('loadSearch', () => {
  it('indexes every valid video, reports the broken file, and reuses caches the second time', async () => {
    const library = await temp();
    const cache = await temp();
    await saveTranscript(library, talk('AAAAAAAAAAA', 'posted interrupts reduce exits'));
    await saveTranscript(library, talk('BBBBBBBBBBB', 'the release freeze starts soon'));
    await writeFile(join(library, 'CCCCCCCCCCC.json'), 'not json');

    const first = await loadSearch(library, cache, vocabulary);
    expect(first).toMatchObject({ built: 2, cached: 0 });
    expect(first.problems.map((p) => p.path)).toEqual([join(library, 'CCCCCCCCCCC.json')]);
    expect(first.index.search('freeze').results.map((r) => r.videoId)).toEqual(['BBBBBBBBBBB']);

    const second = await loadSearch(library, cache, vocabulary);
    expect(second).toMatchObject({ built: 0, cached: 2 });
    expect(second.index.search('interrupts').results.map((r) => r.videoId)).toEqual(['AAAAAAAAAAA']);
  });
});
