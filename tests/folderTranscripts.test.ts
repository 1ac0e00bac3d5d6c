import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VideoIndexData } from '../index/build.js';
import { cacheKey, loadOrBuild } from '../server/search/cache.js';
import { loadVocabulary } from '../server/search/vocabulary.js';
import { Catalog } from '../server/services/catalog.js';
import { Imports } from '../server/services/imports.js';
import { FolderTranscripts } from '../server/store/sqlite/folderTranscripts.js';
import { StoredDataProblem } from '../server/store/storedProblem.js';
import type { TranscriptsRepository } from '../server/store/types.js';
import type { TranscriptRecord } from '../server/transcript/types.js';
import { transcript } from './support/records.js';

const vocabulary = loadVocabulary();
const temp = (): Promise<string> => mkdtemp(join(tmpdir(), 'panelnotes-repo-'));

function talk(videoId: string, text: string): TranscriptRecord {
  return transcript(videoId, [
    { start: 0, duration: 10, text },
    { start: 10, duration: 10, text: 'and that is all for today' },
  ]);
}

async function folder(): Promise<{ repo: FolderTranscripts; library: string; cache: string }> {
  const library = await temp();
  const cache = join(library, '.index');
  return { repo: new FolderTranscripts(library, cache), library, cache };
}

describe('FolderTranscripts: the library folder and the index cache behind the repository', () => {
  it('puts, gets and removes a transcript, a file in the library each', async () => {
    const { repo, library } = await folder();
    const record = talk('AAAAAAAAAAA', 'posted interrupts reduce exits');
    await repo.putTranscript(record);
    expect(JSON.parse(await readFile(join(library, 'AAAAAAAAAAA.json'), 'utf8'))).toEqual(record);
    expect(await repo.getTranscript('AAAAAAAAAAA')).toEqual(record);
    expect(await repo.loadTranscripts()).toEqual({ videos: [record], problems: [] });
    expect(repo.locate('AAAAAAAAAAA', 'transcript')).toBe(join(library, 'AAAAAAAAAAA.json'));

    const replaced = talk('AAAAAAAAAAA', 'edited words');
    await repo.putTranscript(replaced);
    expect(await repo.getTranscript('AAAAAAAAAAA')).toEqual(replaced);

    expect(await repo.removeTranscript('AAAAAAAAAAA')).toBe(true);
    expect(await repo.getTranscript('AAAAAAAAAAA')).toBeUndefined();
    expect(await repo.removeTranscript('AAAAAAAAAAA')).toBe(false);
    expect(await repo.loadTranscripts()).toEqual({ videos: [], problems: [] });
  });

  it('refuses to save an invalid transcript, leaving the one there', async () => {
    const { repo } = await folder();
    const record = talk('AAAAAAAAAAA', 'first words');
    await repo.putTranscript(record);
    await expect(repo.putTranscript({ ...record, segments: [{ start: -1, duration: 1, text: 'x' }] })).rejects.toMatchObject({ code: 'LIBRARY_WRITE_FAILED' });
    expect(await repo.getTranscript('AAAAAAAAAAA')).toEqual(record);
  });

  it('reports a damaged file among the others rather than throwing; asked for by id, it is a StoredDataProblem naming the file', async () => {
    const { repo, library } = await folder();
    const good = talk('AAAAAAAAAAA', 'the release freeze starts soon');
    await repo.putTranscript(good);
    const broken = join(library, 'BBBBBBBBBBB.json');
    await writeFile(broken, '{"formatVersion": 1, "videoId": "SECRET-hunter2"');
    const loaded = await repo.loadTranscripts();
    expect(loaded.videos).toEqual([good]);
    expect(loaded.problems).toEqual([{ path: broken, problem: expect.stringMatching(/^not valid JSON/) }]);

    const failure = await repo.getTranscript('BBBBBBBBBBB').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StoredDataProblem);
    expect(failure).toMatchObject({ code: 'LIBRARY_CORRUPT', where: broken, problem: expect.stringMatching(/^not valid JSON/) });
    expect((failure as Error).message).not.toContain('SECRET');
  });

  it('gives index data only for the key it was built for; damaged index data is a StoredDataProblem, a missing one nothing', async () => {
    const { repo, cache } = await folder();
    const record = talk('AAAAAAAAAAA', 'live migration of guests');
    const key = cacheKey(record, vocabulary);
    expect(await repo.getIndexData('AAAAAAAAAAA', key)).toBeUndefined();
    const { data } = await loadOrBuild(record, vocabulary, repo);
    expect(await repo.getIndexData('AAAAAAAAAAA', key)).toEqual(data);
    // Another transcript, another vocabulary or another index format: another key, so out of date.
    expect(await repo.getIndexData('AAAAAAAAAAA', cacheKey(talk('AAAAAAAAAAA', 'edited'), vocabulary))).toBeUndefined();
    expect(await repo.getIndexData('AAAAAAAAAAA', cacheKey(record, { ...vocabulary, fingerprint: `${vocabulary.fingerprint} ` }))).toBeUndefined();

    await writeFile(join(cache, 'AAAAAAAAAAA.json'), 'SECRET-hunter2 {');
    await expect(repo.getIndexData('AAAAAAAAAAA', key)).rejects.toMatchObject({ where: join(cache, 'AAAAAAAAAAA.json'), problem: 'not valid JSON' });
  });
});

/**
 * A repository that keeps everything in memory, as a database would (a copy in, a copy out),
 * counting what is written: what the catalog does with any repository, not only the folder.
 */
class CountingRepository implements TranscriptsRepository {
  readonly records = new Map<string, string>();
  readonly indexes = new Map<string, { key: string; json: string }>();
  puts = { transcripts: 0, indexData: 0 };

  async loadTranscripts(): Promise<{ videos: TranscriptRecord[]; problems: [] }> {
    const videos = [...this.records.values()].map((json) => JSON.parse(json) as TranscriptRecord);
    return { videos: videos.sort((a, b) => a.title.localeCompare(b.title)), problems: [] };
  }
  async getTranscript(videoId: string): Promise<TranscriptRecord | undefined> {
    const json = this.records.get(videoId);
    return json === undefined ? undefined : (JSON.parse(json) as TranscriptRecord);
  }
  async putTranscript(record: TranscriptRecord): Promise<void> {
    this.puts.transcripts++;
    this.records.set(record.videoId, JSON.stringify(record));
  }
  async removeTranscript(videoId: string): Promise<boolean> {
    return this.records.delete(videoId);
  }
  async getIndexData(videoId: string, key: string): Promise<VideoIndexData | undefined> {
    const kept = this.indexes.get(videoId);
    return kept?.key === key ? (JSON.parse(kept.json) as VideoIndexData) : undefined;
  }
  async putIndexData(videoId: string, key: string, data: VideoIndexData): Promise<void> {
    this.puts.indexData++;
    this.indexes.set(videoId, { key, json: JSON.stringify(data) });
  }
}

describe('the catalog over any repository', () => {
  async function filled(): Promise<CountingRepository> {
    const repo = new CountingRepository();
    await repo.putTranscript(talk('AAAAAAAAAAA', 'posted interrupts reduce exits'));
    await repo.putTranscript(talk('BBBBBBBBBBB', 'the release freeze starts soon'));
    return repo;
  }

  it('builds and puts each talk index once; the next open loads the prebuilt index data and builds nothing', async () => {
    const repo = await filled();
    const first = await Catalog.open(repo, vocabulary);
    expect(repo.puts.indexData).toBe(2);
    expect(first.search('freeze').results.map((r) => r.videoId)).toEqual(['BBBBBBBBBBB']);

    const second = await Catalog.open(repo, vocabulary);
    expect(repo.puts.indexData).toBe(2);
    expect(second.search('interrupts').results.map((r) => r.videoId)).toEqual(['AAAAAAAAAAA']);
    expect(second.problems).toEqual([]);
  });

  it('rebuilds index data that claims to be current but is not sound, and says so under where the repository keeps it', async () => {
    const repo = await filled();
    await Catalog.open(repo, vocabulary);
    const kept = repo.indexes.get('AAAAAAAAAAA') as { key: string; json: string };
    repo.indexes.set('AAAAAAAAAAA', { key: kept.key, json: JSON.stringify({ ...JSON.parse(kept.json), shards: null }) });

    const reopened = await Catalog.open(repo, vocabulary);
    expect(repo.puts.indexData).toBe(3);
    expect(reopened.problems).toEqual([
      { path: 'index data of AAAAAAAAAAA', problem: 'shards: expected an object of shards; the index was rebuilt from the transcript' },
    ]);
    expect(reopened.search('interrupts').results.map((r) => r.videoId)).toEqual(['AAAAAAAAAAA']);
  });

  it('imports through the repository without worker threads: saved there, its index put there, searchable at once', async () => {
    const repo = await filled();
    const catalog = await Catalog.open(repo, vocabulary);
    const imports = new Imports(repo, { catalog, turns: async () => [] });
    const vtt = 'WEBVTT\n\n00:00:00.000 --> 00:00:05.000\nconfidential computing with encrypted guests\n';
    const { record, path } = await imports.file(new TextEncoder().encode(vtt), 'talk.vtt', 'CCCCCCCCCCC');
    expect(path).toBe('transcript CCCCCCCCCCC');
    expect(await repo.getTranscript('CCCCCCCCCCC')).toEqual(record);
    expect(repo.puts.indexData).toBe(3);
    expect(catalog.search('encrypted').results.map((r) => r.videoId)).toEqual(['CCCCCCCCCCC']);

    // Another instance over the same data starts from what this one built.
    await Catalog.open(repo, vocabulary);
    expect(repo.puts.indexData).toBe(3);
  });

  it('with worker threads that keep no index data (team mode), a talk added is indexed here through the repository', async () => {
    const repo = await filled();
    const catalog = await Catalog.open(repo, vocabulary, undefined, { noteChunks: async () => [], videoNotes: async () => [] });
    const record = talk('CCCCCCCCCCC', 'memory tagging extensions');
    await repo.putTranscript(record);
    await catalog.add(record);
    expect(repo.puts.indexData).toBe(3);
    expect(catalog.search('tagging').results.map((r) => r.videoId)).toEqual(['CCCCCCCCCCC']);
  });

  it('reloads a talk changed elsewhere from the repository, and drops one removed there', async () => {
    const repo = await filled();
    const catalog = await Catalog.open(repo, vocabulary);
    await repo.putTranscript(talk('AAAAAAAAAAA', 'nested virtualization at scale'));
    expect(await catalog.reloadTranscript('AAAAAAAAAAA')).toBe('replaced');
    expect(catalog.search('nested').results.map((r) => r.videoId)).toEqual(['AAAAAAAAAAA']);
    expect(await catalog.reloadTranscript('AAAAAAAAAAA')).toBe('unchanged');
    await repo.removeTranscript('BBBBBBBBBBB');
    expect(await catalog.reloadTranscript('BBBBBBBBBBB')).toBe('removed');
    expect(catalog.has('BBBBBBBBBBB')).toBe(false);
  });
});
