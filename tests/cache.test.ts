import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildVideoIndex, type VideoIndexData } from '../index/build.js';
import { loadOrBuild } from '../server/search/cache.js';
import { checkIndexData } from '../index/cacheSchema.js';
import { loadSearch } from '../server/search/load.js';
import { FolderTranscripts } from '../server/store/sqlite/folderTranscripts.js';
import type { ShardData } from '../index/shard.js';
import type { Passage } from '../index/types.js';
import { loadVocabulary, type Vocabulary } from '../server/search/vocabulary.js';
import { runCli } from '../server/cli/program.js';
import { SAMPLE_DIR } from '../server/config.js';
import { loadTranscript, saveTranscript } from '../server/library.js';
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

    const first = await loadSearch(new FolderTranscripts(library, cache), vocabulary);
    expect(first).toMatchObject({ built: 2, cached: 0 });
    expect(first.problems.map((p) => p.path)).toEqual([join(library, 'CCCCCCCCCCC.json')]);
    expect(first.index.search('freeze').results.map((r) => r.videoId)).toEqual(['BBBBBBBBBBB']);

    const second = await loadSearch(new FolderTranscripts(library, cache), vocabulary);
    expect(second).toMatchObject({ built: 0, cached: 2 });
    expect(second.index.search('interrupts').results.map((r) => r.videoId)).toEqual(['AAAAAAAAAAA']);
  });
});

describe('a cache file that claims to be current but is not sound', () => {
  const SECRET = 'SECRET-cache-hunter2';
  const sampleTalk = (): TranscriptRecord =>
    // Passages of two topics at least (runs of them: a lone passage joins its neighbours'), so a
    // posting can be moved to the wrong one.
    transcript('AAAAAAAAAAA', [
      ...[0, 1, 2].map((i) => ({
        start: i * 30,
        duration: 30,
        text: `posted interrupts ${i} on new hardware: the cpu and the vcpu, intel and amd processors`,
      })),
      ...[3, 4, 5].map((i) => ({ start: i * 30, duration: 30, text: `a security vulnerability ${i}, an exploit, an attacker, a cve under embargo` })),
    ]);

  /** A sound cache of `record` in a fresh folder, as written by the build. */
  async function builtCache(record: TranscriptRecord): Promise<{ dir: string; path: string; data: VideoIndexData }> {
    const dir = await temp();
    const { data } = await loadOrBuild(record, vocabulary, dir);
    return { dir, path: join(dir, `${record.videoId}.json`), data };
  }

  /** The video's first shard, and its topic. */
  const someShard = (data: VideoIndexData): [string, ShardData] => Object.entries(data.shards)[0] as [string, ShardData];

  it.each<[string, (data: VideoIndexData) => unknown, RegExp]>([
    ['"shards": null', (d) => ({ ...d, shards: null }), /^shards: expected an object of shards$/],
    ['no passages', (d) => ({ ...d, passages: undefined }), /^passages: /],
    [
      'a posting past the passages',
      (d) => {
        const [, s] = someShard(d);
        s.passages[0] = d.passages.length + 7;
        return d;
      },
      /^shards\.\w+\.passages\[0\]: not one of the video's \d+ passages$/,
    ],
    [
      'a negative posting',
      (d) => {
        const [, s] = someShard(d);
        s.passages[0] = -1;
        return d;
      },
      /passages\[0\]: not one of the video's/,
    ],
    [
      'a posting of a passage of another topic',
      (d) => {
        const [topic, s] = someShard(d);
        s.passages[0] = d.topics.findIndex((t) => t !== topic);
        return d;
      },
      /passages\[0\]: a passage of another topic$/,
    ],
    [
      'term starts that do not match the postings',
      (d) => {
        someShard(d)[1].starts.pop();
        return d;
      },
      /\.starts: \d+ starts for \d+ terms/,
    ],
    [
      'terms out of order',
      (d) => {
        someShard(d)[1].terms.reverse();
        return d;
      },
      /\.terms: not words in order, each once$/,
    ],
    [
      'a repeat count of one',
      (d) => {
        someShard(d)[1].repeats.push(0, 1);
        return d;
      },
      /\.repeats\[\d+\]: not a posting of the shard with a count above one$/,
    ],
    ['one topic fewer than passages', (d) => ({ ...d, topics: d.topics.slice(1) }), /^topics: \d+ topics for \d+ passages$/],
    ['a topic the vocabulary lacks', (d) => ({ ...d, topics: d.topics.map(() => 'gardening') }), /^topics\[0\]: a topic the vocabulary does not have$/],
    [
      'a shard of an unknown topic, named by the file',
      (d) => ({ ...d, shards: { ...d.shards, [SECRET]: someShard(d)[1] } }),
      /^shards: a shard of a topic the vocabulary does not have$/,
    ],
    [
      'a passage out of its place',
      (d) => {
        (d.passages[1] as Passage).index = 0;
        return d;
      },
      /^passages\[1\]: not passage 1 of this video$/,
    ],
    [
      'passage ends that fall back',
      (d) => {
        (d.passages[0] as Passage).end = 1e6;
        return d;
      },
      /^passages\[1\]: ends before the passage before it$/,
    ],
    [
      'an anchor past its text',
      (d) => {
        (d.passages[0] as Passage).anchors[0] = 1e6;
        return d;
      },
      /^passages\[0\]\.anchors: offsets outside/,
    ],
    [
      'utterance starts of an unknown level',
      (d) => {
        (d.passages[0] as Passage).utterances = [0, 1, 7];
        return d;
      },
      /^passages\[0\]\.utterances: a level other than 1 \(sentence\) or 2 \(turn\)$/,
    ],
    [
      'no utterance starts (a cache from before they were kept)',
      (d) => {
        delete (d.passages[0] as Passage).utterances;
        return d;
      },
      /^passages\[0\]\.utterances: not offset, second and level triples$/,
    ],
    [
      'segments beyond the transcript',
      (d) => {
        (d.passages[0] as Passage).segments = [0, 99];
        return d;
      },
      /^passages\[0\]\.segments: not a range of the transcript's 6 segments$/,
    ],
    [
      'an unknown field holding a secret',
      (d) => ({ ...d, shards: { ...d.shards, [someShard(d)[0]]: { ...someShard(d)[1], [SECRET]: 1, terms: 5 } } }),
      /^shards\.\w+\.terms: expected a list$/,
    ],
    ['not an object at all', () => [SECRET], /^not an index \(expected an object\)$/],
  ])('%s: rebuilt, says why in one line quoting nothing of the file, and searches right', async (_name, damage, problem) => {
    const record = sampleTalk();
    const { dir, path, data } = await builtCache(record);
    expect(new Set(data.topics).size).toBeGreaterThan(1);
    const damaged = damage(structuredClone(data));
    // The right format and key: only its content can tell it apart from a current cache.
    await writeFile(path, JSON.stringify(damaged));
    const loaded = await loadOrBuild(record, vocabulary, dir);
    expect(loaded.origin).toBe('built');
    expect(loaded.problem).toMatch(problem);
    expect(loaded.problem).not.toContain(SECRET);
    expect(loaded.data).toEqual(data);
    // The sound index replaced it: the next start uses the cache again, quietly.
    expect(await loadOrBuild(record, vocabulary, dir)).toMatchObject({ origin: 'cached', data });
    expect((await loadOrBuild(record, vocabulary, dir)).problem).toBeUndefined();
  });

  it('finds the same passages through a rebuilt cache as through a sound one', async () => {
    const library = await temp();
    const cache = await temp();
    await saveTranscript(library, sampleTalk());
    const sound = await loadSearch(new FolderTranscripts(library, cache), vocabulary);
    const expected = sound.index.search('posted interrupts').results.map((r) => [r.passage, r.excerpt]);
    expect(expected.length).toBeGreaterThan(0);
    const path = join(cache, 'AAAAAAAAAAA.json');
    const data = JSON.parse(await readFile(path, 'utf8')) as VideoIndexData;
    for (const shard of Object.values(data.shards)) shard.passages = shard.passages.map((p) => p + data.passages.length);
    await writeFile(path, JSON.stringify(data));

    const reloaded = await loadSearch(new FolderTranscripts(library, cache), vocabulary);
    expect(reloaded).toMatchObject({ built: 1, cached: 0 });
    expect(reloaded.problems).toEqual([
      {
        path,
        problem: expect.stringMatching(/^shards\.\w+\.passages\[\d+\]: not one of the video's \d+ passages; the index was rebuilt from the transcript$/),
      },
    ]);
    expect(reloaded.index.search('posted interrupts').results.map((r) => [r.passage, r.excerpt])).toEqual(expected);
  });

  it.each<[string, (path: string) => unknown, string]>([
    ['a FIFO (reading it would hang start-up)', (path) => execFileSync('mkfifo', [path]), 'not a regular file (a FIFO)'],
    [
      'a link to a secret',
      async (path) => {
        await writeFile(`${path}.secret`, SECRET);
        await symlink(`${path}.secret`, path);
      },
      'a symbolic link',
    ],
    ['a link to a device', (path) => symlink('/dev/zero', path), 'a symbolic link'],
    ['a secret that is not JSON', (path) => writeFile(path, SECRET), 'not valid JSON'],
    ['a truncated index', (path) => writeFile(path, '{"format": 4, "key": "'), 'not valid JSON (it ends too early: cut short?)'],
  ])('%s in place of the cache: rebuilt without reading it', async (_name, place, problem) => {
    const dir = await temp();
    const record = sampleTalk();
    await place(join(dir, 'AAAAAAAAAAA.json'));
    const loaded = await loadOrBuild(record, vocabulary, dir);
    expect(loaded).toMatchObject({ origin: 'built', problem });
    expect(loaded.data.passages.length).toBeGreaterThan(0);
  });

  it('accepts what the build writes, for the shipped sample too (the check and the builder agree)', async () => {
    const record = await loadTranscript(SAMPLE_DIR, 'S6Sjj6OtyvY');
    const topics = [...vocabulary.topics.topics.map((t) => t.id), vocabulary.topics.fallback.id];
    const data = buildVideoIndex(record, vocabulary.topics, vocabulary.glossary, 'key');
    expect(checkIndexData(JSON.parse(JSON.stringify(data)), { videoId: record.videoId, segments: record.segments.length, topics })).toEqual({ data });
  });
});

describe('a bad cache at the command line', () => {
  it('searches right, says one line naming the cache file, and prints no stack and nothing of the file', async () => {
    const library = await temp();
    await saveTranscript(library, await loadTranscript(SAMPLE_DIR, 'S6Sjj6OtyvY'));
    const run = async (): Promise<{ code: number; out: string; err: string }> => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(['search', 'posted interrupts', '--json', '--library', library, '--db', join(library, 'notes.db')], {
        out: (t) => out.push(t),
        err: (t) => err.push(t),
        env: {},
      });
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
    const sound = await run();
    const path = join(library, '.index', 'S6Sjj6OtyvY.json');
    const data = JSON.parse(await readFile(path, 'utf8')) as VideoIndexData;
    await writeFile(path, JSON.stringify({ ...data, shards: null, note: 'SECRET-cache-hunter2' }));
    const damaged = await run();
    expect(damaged.code).toBe(0);
    expect(damaged.out).toBe(sound.out);
    expect(damaged.err).toBe(`panelnotes: skipped ${path}: shards: expected an object of shards; the index was rebuilt from the transcript`);
    await writeFile(path, 'SECRET-cache-hunter2 {');
    expect((await run()).err).toBe(`panelnotes: skipped ${path}: not valid JSON; the index was rebuilt from the transcript`);
    expect((await run()).err).toBe('');
  });
});
