import { writeFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadLibrary, loadTranscript, saveFailure, saveTranscript } from '../server/library.js';
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
    expect(saveFailure(Object.assign(new Error('EROFS: read-only file system'), { code: 'EROFS' }), '/lib/abc.json').message).toBe('could not save /lib/abc.json: the disk is read-only; the transcript there before is unchanged');
    expect(saveFailure(Object.assign(new Error("EACCES: permission denied, open '/lib/abc.json.tmp'"), { code: 'EACCES' }), '/lib/abc.json')).toMatchObject({
      code: 'LIBRARY_WRITE_FAILED',
      message: "could not save /lib/abc.json: EACCES: permission denied, open '/lib/abc.json.tmp'",
    });
  });
});
