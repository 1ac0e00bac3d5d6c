import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, symlink, truncate, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_LIBRARY_DIR, loadConfig, PROJECT_ROOT, SAMPLE_DIR } from '../server/config.js';
import { loadLibrary, loadTranscript, sampleDirOf, saveFailure, saveTranscript } from '../server/library.js';
import type { TranscriptRecord } from '../server/transcript/types.js';
import { transcript } from './support/records.js';

function record(videoId: string, title = `Talk ${videoId}`): TranscriptRecord {
  const segments = [
    { start: 0, duration: 2.5, text: 'hello and welcome' },
    { start: 2.5, duration: 3, text: 'to the panel', words: [{ start: 2.5, text: 'to' }] },
  ];
  return transcript(videoId, segments, { title, metadata: { panelists: [{ name: 'A. Person', affiliation: 'Example Org' }] } });
}

const newLibrary = (): Promise<string> => mkdtemp(join(tmpdir(), 'panelnotes-lib-'));

describe('library', () => {
  it('saves a transcript and loads it back unchanged', async () => {
    const dir = await newLibrary();
    const original = record('AAAAAAAAAAA');
    const path = await saveTranscript(dir, original);
    expect(path).toBe(join(dir, 'AAAAAAAAAAA.json'));
    expect(await loadTranscript(dir, 'AAAAAAAAAAA')).toEqual(original);
  });

  it('leaves no temporary file behind and replaces the old version whole', async () => {
    const dir = await newLibrary();
    await saveTranscript(dir, record('AAAAAAAAAAA', 'first'));
    await saveTranscript(dir, record('AAAAAAAAAAA', 'second'));
    expect(await readdir(dir)).toEqual(['AAAAAAAAAAA.json']);
    expect((await loadTranscript(dir, 'AAAAAAAAAAA')).title).toBe('second');
  });

  it('refuses to save an invalid transcript and keeps the previous file intact', async () => {
    const dir = await newLibrary();
    await saveTranscript(dir, record('AAAAAAAAAAA', 'good'));
    const broken = { ...record('AAAAAAAAAAA'), segments: [{ start: -1, duration: 1, text: 'x' }] };
    await expect(saveTranscript(dir, broken)).rejects.toMatchObject({ code: 'LIBRARY_WRITE_FAILED', message: expect.stringContaining('segments[0].start') });
    expect((await loadTranscript(dir, 'AAAAAAAAAAA')).title).toBe('good');
  });

  it('reports a corrupt or hand-edited file with its path and problem, and still loads the others', async () => {
    const dir = await newLibrary();
    await saveTranscript(dir, record('AAAAAAAAAAA', 'Beta talk'));
    await saveTranscript(dir, record('BBBBBBBBBBB', 'Alpha talk'));
    await writeFile(join(dir, 'CCCCCCCCCCC.json'), '{"formatVersion": 1, "videoId": "CCCCCCCCCCC"');
    const edited = record('DDDDDDDDDDD');
    const text = JSON.stringify({ ...edited, segments: [edited.segments[1], edited.segments[0]] });
    await writeFile(join(dir, 'DDDDDDDDDDD.json'), text);
    await writeFile(join(dir, 'EEEEEEEEEEE.json'), JSON.stringify(record('FFFFFFFFFFF')));

    const { videos, problems } = await loadLibrary(dir);
    expect(videos.map((v) => v.title)).toEqual(['Alpha talk', 'Beta talk']);
    expect(problems).toEqual([
      { path: join(dir, 'CCCCCCCCCCC.json'), problem: expect.stringContaining('not valid JSON') },
      { path: join(dir, 'DDDDDDDDDDD.json'), problem: 'segments[1].start: starts at 0s, before the previous segment ends (5.5s)' },
      { path: join(dir, 'EEEEEEEEEEE.json'), problem: 'holds video FFFFFFFFFFF; the file must be named FFFFFFFFFFF.json' },
    ]);
  });

  it('names the file and the problem when one video is asked for and broken', async () => {
    const dir = await newLibrary();
    await writeFile(join(dir, 'CCCCCCCCCCC.json'), JSON.stringify({ ...record('CCCCCCCCCCC'), source: 'dvd' }));
    await expect(loadTranscript(dir, 'CCCCCCCCCCC')).rejects.toMatchObject({
      code: 'LIBRARY_CORRUPT',
      message: expect.stringMatching(/CCCCCCCCCCC\.json: source: /),
    });
  });

  it('says which video is missing', async () => {
    const dir = await newLibrary();
    await expect(loadTranscript(dir, 'ZZZZZZZZZZZ')).rejects.toMatchObject({ code: 'NOT_FOUND', exitCode: 3 });
  });

  it('treats a missing folder as an empty library', async () => {
    expect(await loadLibrary(join(await newLibrary(), 'nope'))).toEqual({ videos: [], problems: [] });
  });

  it('writes readable JSON a person can diff', async () => {
    const dir = await newLibrary();
    await saveTranscript(dir, record('AAAAAAAAAAA'));
    const text = await readFile(join(dir, 'AAAAAAAAAAA.json'), 'utf8');
    expect(text).toContain('\n  "videoId": "AAAAAAAAAAA",\n');
    expect(text.endsWith('}\n')).toBe(true);
  });
});

describe('what a failed save tells the person who made it (saveFailure)', () => {
  it('a full disk is DISK_FULL (507), with the old transcript unchanged', () => {
    // /dev/full answers every write with ENOSPC: a real full-disk error without a full disk.
    let enospc: unknown;
    try {
      writeFileSync('/dev/full', 'x');
    } catch (error) {
      enospc = error;
    }
    expect(enospc).toMatchObject({ code: 'ENOSPC' });
    const error = saveFailure(enospc, '/lib/abc.json');
    expect([error.code, error.httpStatus, error.exitCode, error.message, error.hint]).toEqual([
      'DISK_FULL',
      507,
      5,
      'could not save /lib/abc.json: the disk is full; the transcript there before is unchanged',
      'free some space, then try again',
    ]);
  });

  it('a read-only disk says so; anything else keeps the system message', () => {
    expect(saveFailure(Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' }), '/lib/abc.json').message).toBe(
      'could not save /lib/abc.json: the disk is read-only; the transcript there before is unchanged',
    );
    expect(saveFailure(Object.assign(new Error("EACCES: permission denied, open '/lib/abc.json.tmp'"), { code: 'EACCES' }), '/lib/abc.json')).toMatchObject({
      code: 'LIBRARY_WRITE_FAILED',
      message: "could not save /lib/abc.json: EACCES: permission denied, open '/lib/abc.json.tmp'",
    });
  });
});

describe('what sits in the library folder besides transcripts', () => {
  const SECRET = 'SECRET-password-hunter2 and the rest of it';

  /** A library holding one good transcript, plus whatever `place` puts in it; `outside` is a folder beside it. */
  async function libraryWith(place: (dir: string, outside: string) => unknown): Promise<{ dir: string; loaded: Awaited<ReturnType<typeof loadLibrary>> }> {
    const root = await newLibrary();
    const dir = join(root, 'library');
    const outside = join(root, 'elsewhere');
    await mkdir(dir);
    await mkdir(outside);
    await writeFile(join(outside, 'secret.txt'), SECRET);
    await saveTranscript(dir, record('AAAAAAAAAAA', 'The good one'));
    await place(dir, outside);
    return { dir, loaded: await loadLibrary(dir) };
  }

  it.each([
    [
      'a FIFO (never opened: reading it would wait for a writer forever)',
      (dir: string) => void execFileSync('mkfifo', [join(dir, 'BBBBBBBBBBB.json')]),
      'not a regular file (a FIFO)',
    ],
    ['a link to a device', (dir: string) => symlink('/dev/null', join(dir, 'BBBBBBBBBBB.json')), 'a symbolic link leading outside its folder'],
    [
      'a link to a secret outside the library',
      (dir: string, outside: string) => symlink(join(outside, 'secret.txt'), join(dir, 'BBBBBBBBBBB.json')),
      'a symbolic link leading outside its folder',
    ],
    [
      'a relative link climbing out',
      (dir: string) => symlink('../elsewhere/secret.txt', join(dir, 'BBBBBBBBBBB.json')),
      'a symbolic link leading outside its folder',
    ],
    ['a broken link', (dir: string) => symlink(join(dir, 'nothing.json'), join(dir, 'BBBBBBBBBBB.json')), 'a symbolic link to nothing (broken link)'],
    ['a folder named like a transcript', (dir: string) => mkdir(join(dir, 'BBBBBBBBBBB.json')), 'not a regular file (a folder)'],
    ['a socket', (dir: string) => listenOn(join(dir, 'BBBBBBBBBBB.json')), 'not a regular file (a socket)'],
    [
      'a 2 GB file (sparse: it costs no disk, and is not read)',
      (dir: string) => truncate2GB(join(dir, 'BBBBBBBBBBB.json')),
      'too large (2048.0 MB; at most 128 MB are read)',
    ],
    ['a secret copied in as it is', (dir: string) => writeFile(join(dir, 'BBBBBBBBBBB.json'), SECRET), 'not valid JSON'],
  ])('skips %s with one line naming it and why, never its contents, and loads the rest', async (_name, place, problem) => {
    const { dir, loaded } = await libraryWith(place);
    expect(loaded.videos.map((v) => v.videoId)).toEqual(['AAAAAAAAAAA']);
    expect(loaded.problems).toEqual([{ path: join(dir, 'BBBBBBBBBBB.json'), problem }]);
    expect(JSON.stringify(loaded.problems)).not.toMatch(/SECRET|hunter2/);
  });

  it('follows a link that stays inside the library', async () => {
    const { loaded } = await libraryWith(async (dir) => {
      await mkdir(join(dir, 'kept'));
      await saveTranscript(join(dir, 'kept'), record('BBBBBBBBBBB', 'Linked talk'));
      await symlink(join('kept', 'BBBBBBBBBBB.json'), join(dir, 'BBBBBBBBBBB.json'));
    });
    expect(loaded.videos.map((v) => v.title)).toEqual(['Linked talk', 'The good one']);
    expect(loaded.problems).toEqual([]);
  });

  it('refuses one asked-for video that is a FIFO or a link out, without blocking or quoting it', async () => {
    const { dir } = await libraryWith(async (lib, outside) => {
      execFileSync('mkfifo', [join(lib, 'BBBBBBBBBBB.json')]);
      await symlink(join(outside, 'secret.txt'), join(lib, 'CCCCCCCCCCC.json'));
    });
    await expect(loadTranscript(dir, 'BBBBBBBBBBB')).rejects.toMatchObject({
      code: 'LIBRARY_CORRUPT',
      message: `${join(dir, 'BBBBBBBBBBB.json')}: not a regular file (a FIFO)`,
    });
    await expect(loadTranscript(dir, 'CCCCCCCCCCC')).rejects.toMatchObject({
      code: 'LIBRARY_CORRUPT',
      message: `${join(dir, 'CCCCCCCCCCC.json')}: a symbolic link leading outside its folder`,
    });
  });

  it('names a mistyped field, but quotes no key that is not a field name', async () => {
    const { dir, loaded } = await libraryWith(async (lib) => {
      await writeFile(join(lib, 'BBBBBBBBBBB.json'), JSON.stringify({ ...record('BBBBBBBBBBB'), titel: 'typo' }));
      await writeFile(join(lib, 'CCCCCCCCCCC.json'), JSON.stringify({ ...record('CCCCCCCCCCC'), [SECRET]: 1 }));
    });
    expect(loaded.problems).toEqual([
      { path: join(dir, 'BBBBBBBBBBB.json'), problem: 'unknown field "titel"' },
      { path: join(dir, 'CCCCCCCCCCC.json'), problem: 'an unknown field' },
    ]);
  });
});

describe('the shipped sample beneath the default library', () => {
  it('is read beneath the default library only: any other library is exactly its folder', () => {
    expect(sampleDirOf(DEFAULT_LIBRARY_DIR)).toBe(SAMPLE_DIR);
    expect(sampleDirOf(`${DEFAULT_LIBRARY_DIR}/`)).toBe(SAMPLE_DIR);
    expect(sampleDirOf(tmpdir())).toBeUndefined();
    expect(sampleDirOf(SAMPLE_DIR)).toBeUndefined();
  });

  it('saves fetches and imports into transcripts/library/ by default, a git-ignored folder apart from the sample', async () => {
    expect(loadConfig({}).libraryDir).toBe(DEFAULT_LIBRARY_DIR);
    expect(loadConfig({ PANELNOTES_LIBRARY: '' }).libraryDir).toBe(DEFAULT_LIBRARY_DIR);
    expect(DEFAULT_LIBRARY_DIR).toBe(join(PROJECT_ROOT, 'transcripts', 'library'));
    expect(SAMPLE_DIR).toBe(join(PROJECT_ROOT, 'transcripts', 'sample'));
    expect((await readFile(join(PROJECT_ROOT, '.gitignore'), 'utf8')).split('\n')).toContain('transcripts/library/');
  });

  it('shows the sample, and a transcript of the same video in the library instead of it', async () => {
    const root = await newLibrary();
    const [dir, sample] = [join(root, 'library'), join(root, 'sample')];
    await saveTranscript(sample, record('SSSSSSSSSSS', 'Shipped sample'));
    await saveTranscript(sample, record('TTTTTTTTTTT', 'Sample, replaced'));
    expect((await loadLibrary(dir, sample)).videos.map((v) => v.title)).toEqual(['Sample, replaced', 'Shipped sample']);
    expect((await loadTranscript(dir, 'TTTTTTTTTTT', sample)).title).toBe('Sample, replaced');

    await saveTranscript(dir, record('TTTTTTTTTTT', 'The real captions'));
    await saveTranscript(dir, record('AAAAAAAAAAA', 'My own talk'));
    const { videos, problems } = await loadLibrary(dir, sample);
    expect(videos.map((v) => v.title)).toEqual(['My own talk', 'Shipped sample', 'The real captions']);
    expect(problems).toEqual([]);
    expect((await loadTranscript(dir, 'TTTTTTTTTTT', sample)).title).toBe('The real captions');
    expect((await loadTranscript(dir, 'SSSSSSSSSSS', sample)).title).toBe('Shipped sample');
    // Without the sample (any library but the default), the folder is all there is.
    expect((await loadLibrary(dir)).videos.map((v) => v.videoId)).toEqual(['AAAAAAAAAAA', 'TTTTTTTTTTT']);
  });

  it('is never written: saving into the sample folder is refused, and it keeps its bytes', async () => {
    const before = await readFile(join(SAMPLE_DIR, 'S6Sjj6OtyvY.json'));
    // The sample itself, unchanged: were the guard ever lost, this test would not damage the file.
    const sample = await loadTranscript(SAMPLE_DIR, 'S6Sjj6OtyvY');
    await expect(saveTranscript(SAMPLE_DIR, sample)).rejects.toMatchObject({
      code: 'LIBRARY_WRITE_FAILED',
      message: expect.stringContaining('holds the shipped sample and is never written'),
    });
    expect(await readFile(join(SAMPLE_DIR, 'S6Sjj6OtyvY.json'))).toEqual(before);
    expect((await readdir(SAMPLE_DIR)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('names transcripts left in the old place (transcripts/*.json), so they are moved, not lost', async () => {
    const root = await newLibrary();
    await saveTranscript(root, record('OOOOOOOOOOO', 'From before the move'));
    const { videos, problems } = await loadLibrary(join(root, 'library'), join(root, 'sample'));
    expect(videos).toEqual([]);
    expect(problems).toEqual([
      { path: join(root, 'OOOOOOOOOOO.json'), problem: `in the library's old place; move it into ${join(root, 'library')} to see it again` },
    ]);
  });
});

const sockets: Server[] = [];
afterAll(() => Promise.all(sockets.map((server) => new Promise<void>((closed) => server.close(() => closed())))));

/** A listening Unix socket at `path`, closed after the file's tests. */
function listenOn(path: string): Promise<void> {
  return new Promise((done) => {
    sockets.push(createServer().listen(path, () => done()));
  });
}

async function truncate2GB(path: string): Promise<void> {
  await writeFile(path, '');
  await truncate(path, 2 * 1024 ** 3);
}
