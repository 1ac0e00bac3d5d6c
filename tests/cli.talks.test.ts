import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { runCli } from '../server/cli/program.js';
import { SAMPLE_DIR } from '../server/config.js';

/**
 * The command line's smaller promises: --version, `notes rm` by a short id, results counted as
 * notes and passages, `import` without a YouTube id (local talks), `--lang`, and `export` of a
 * transcript that imports back (a sample staying a sample). Each test has its own folders.
 */
interface Run {
  code: number;
  out: string;
  err: string;
}

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'panelnotes-talks-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

let counter = 0;
/** A library holding the sample, a database and a cache of its own, and the CLI run in-process on them. */
async function workspace(): Promise<{ dir: string; cli: (...argv: string[]) => Promise<Run> }> {
  const dir = join(root, `ws-${++counter}`);
  const library = join(dir, 'library');
  await mkdir(library, { recursive: true });
  await copyFile(join(SAMPLE_DIR, 'S6Sjj6OtyvY.json'), join(library, 'S6Sjj6OtyvY.json'));
  const env = { PANELNOTES_DB: join(dir, 'notes.db'), PANELNOTES_CACHE: join(dir, 'cache'), PANELNOTES_LIBRARY: library };
  return {
    dir,
    cli: async (...argv) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t), env });
      return { code, out: out.join('\n'), err: err.join('\n') };
    },
  };
}

const SRT = '1\n00:00:02,000 --> 00:00:06,000\nThe narwhal keynote opens the day.\n\n2\n00:00:06,000 --> 00:00:09,500\nQuestions come at the end.\n';

it('--version prints the version in package.json', async () => {
  const { cli } = await workspace();
  const { version } = JSON.parse(readFileSync(resolve('package.json'), 'utf8')) as { version: string };
  expect(await cli('--version')).toEqual({ code: 0, out: version, err: '' });
});

describe('notes rm by the start of an id', () => {
  async function twoNotes(): Promise<(...argv: string[]) => Promise<Run>> {
    const { dir, cli } = await workspace();
    const note = (id: string, start: number) => ({
      id,
      videoId: 'S6Sjj6OtyvY',
      start,
      text: `note ${id}`,
      tags: [],
      createdAt: '2026-11-30T00:00:00.000Z',
      updatedAt: '2026-11-30T00:00:00.000Z',
    });
    const backup = join(dir, 'backup.json');
    await writeFile(
      backup,
      JSON.stringify({
        format: 'panelnotes-notes',
        version: 1,
        exportedAt: '2026-11-30T00:00:00.000Z',
        videoId: 'S6Sjj6OtyvY',
        title: 'panel',
        notes: [note('abc12-one', 10), note('abc34-two', 20)],
      }),
    );
    expect((await cli('notes', 'import', backup)).code).toBe(0);
    return cli;
  }

  it('deletes the one note a prefix names', async () => {
    const cli = await twoNotes();
    const run = await cli('notes', 'rm', 'abc3');
    expect(run).toMatchObject({ code: 0, err: '' });
    expect(run.out).toMatch(/^deleted abc34-two {2}S6Sjj6OtyvY {2}0:20 {2}note abc34-two$/);
    expect((await cli('notes', 'list')).out).not.toContain('abc34-two');
  });

  it('refuses a prefix of several notes, listing them (exit 2), and deletes none', async () => {
    const cli = await twoNotes();
    const run = await cli('notes', 'rm', 'abc');
    expect(run.code).toBe(2);
    expect(run.err.split('\n')).toEqual([
      `panelnotes: "abc" is the start of several notes' ids; give more of it:`,
      '  abc12-one  S6Sjj6OtyvY  0:10  note abc12-one',
      '  abc34-two  S6Sjj6OtyvY  0:20  note abc34-two',
    ]);
    expect((await cli('notes', 'list')).out.split('\n')).toHaveLength(2);
    expect(await cli('notes', 'rm', 'zzz')).toMatchObject({ code: 3, err: 'panelnotes: no note zzz' });
    expect(await cli('notes', 'rm', "abc' OR 1=1")).toMatchObject({ code: 3 });
  });
});

describe('search says what matched', () => {
  it.each([
    [['wombat'], '1 note matches "wombat"'],
    [['wombat', '--kind', 'note'], '1 note matches "wombat"'],
    [['posted interrupts', '--limit', '1'], /^\d+ results match "posted interrupts", showing 1 \(1 passage\)$/],
  ])('%j: %s', async (argv, first) => {
    const { cli } = await workspace();
    await cli('notes', 'add', 'S6Sjj6OtyvY', '1:00', 'the wombat question');
    const run = await cli('search', ...argv);
    expect(run.out.split('\n')[0]).toMatch(first);
  });

  it('passages and notes counted apart when all are shown', async () => {
    const { cli } = await workspace();
    await cli('notes', 'add', 'S6Sjj6OtyvY', '1:00', 'seccomp sandbox for the device model');
    const run = await cli('search', 'seccomp', '--limit', '1000');
    expect(run.out.split('\n')[0]).toMatch(/^\d+ passages and 1 note match "seccomp"$/);
  });
});

describe('import of a talk not on YouTube, and --lang', () => {
  it('without --video: a local id, the same on a second import; --lang and --url kept; show and notes work on it', async () => {
    const { dir, cli } = await workspace();
    const file = join(dir, 'keynote.en.srt');
    await writeFile(file, SRT);
    const first = await cli('import', file, '--url', 'https://media.example.org/keynote.mp4', '--lang', 'pt-BR');
    expect(first.code).toBe(0);
    const id = /as (local-[0-9a-f]{16}):/.exec(first.out)?.[1] as string;
    expect(first.out).toContain(`a talk not on YouTube: its id ${id} stays the same when the same URL is imported again`);
    expect((await cli('import', file, '--url', 'https://media.example.org/keynote.mp4')).out).toContain(`as ${id}:`);
    const record = JSON.parse(await readFile(join(dir, 'library', `${id}.json`), 'utf8')) as Record<string, unknown>;
    expect(record).toMatchObject({ videoId: id, title: 'keynote', url: 'https://media.example.org/keynote.mp4', language: 'pt-BR', source: 'file' });
    expect((await cli('show', id)).out.split('\n')[0]).toBe('keynote (https://media.example.org/keynote.mp4)');
    expect((await cli('notes', 'add', id, '0:03', 'narwhals')).code).toBe(0);
    const found = await cli('search', 'narwhal', '--kind', 'transcript');
    expect(found.out).toContain('https://media.example.org/keynote.mp4#t=2');
    expect((await cli('list')).out).toContain(id);
  });

  it('without --video or --url: keyed by the file, so the same file is the same talk', async () => {
    const { dir, cli } = await workspace();
    const file = join(dir, 'talk.srt');
    await writeFile(file, SRT);
    const ids = [await cli('import', file), await cli('import', file)].map((r) => /as (local-[0-9a-f]{16}):/.exec(r.out)?.[1]);
    expect(ids[0]).toMatch(/^local-/);
    expect(ids[1]).toBe(ids[0]);
    const shown = await cli('show', ids[0] as string);
    expect(shown.out.split('\n')[0]).toBe('talk');
    expect(shown.err).toMatch(/^captions: the caption file talk\.srt \(srt\), imported \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
  });

  it('a YouTube URL given as --url names the video', async () => {
    const { dir, cli } = await workspace();
    const file = join(dir, 'talk.srt');
    await writeFile(file, SRT);
    expect((await cli('import', file, '--url', 'https://youtu.be/dQw4w9WgXcQ')).out).toContain('as dQw4w9WgXcQ:');
  });

  it.each([
    [['--lang', 'english'], 2, 'not a language code: "english" (use a BCP 47 code like en, de or pt-BR)'],
    [['--url', 'ftp://example.org/x.mp4'], 2, `a talk's URL is the http(s) address where it can be watched, not "ftp://example.org/x.mp4"`],
    [['--video', 'local-nothex'], 2, 'not a talk id: "local-nothex"'],
  ])('refuses %j before reading the file (exit %i)', async (flags, code, message) => {
    const { dir, cli } = await workspace();
    const run = await cli('import', join(dir, 'not-there.srt'), ...flags);
    expect(run.code).toBe(code);
    expect(run.err).toContain(message);
  });
});

describe('panelnotes export', () => {
  it('writes SRT to a file that imports back as the same words and times', async () => {
    const { dir, cli } = await workspace();
    const file = join(dir, 'talk.srt');
    await writeFile(file, SRT);
    await cli('import', file, '--video', 'dQw4w9WgXcQ');
    const out = join(dir, 'out.srt');
    expect(await cli('export', 'dQw4w9WgXcQ', '--format', 'srt', '-o', out)).toMatchObject({ code: 0, err: `wrote ${out}` });
    expect(await readFile(out, 'utf8')).toBe(SRT);
  });

  it('exports a sample that, imported back as another talk, is still a sample and says so', async () => {
    const { dir, cli } = await workspace();
    const out = join(dir, 'sample.vtt');
    const run = await cli('export', 'S6Sjj6OtyvY', '--format', 'vtt', '--from', '1:00', '--to', '2:00', '--out', out);
    expect(run.err).toContain('note: Synthetic sample');
    const back = await cli('import', out, '--video', 'dQw4w9WgXcQ');
    expect(back.err).toContain('note: Synthetic sample');
    const record = JSON.parse(await readFile(join(dir, 'library', 'dQw4w9WgXcQ.json'), 'utf8')) as { source: string; notice: string };
    expect(record.source).toBe('sample');
    expect(record.notice).toMatch(/^Synthetic sample/);
    expect((await cli('list')).out).toMatch(/dQw4w9WgXcQ .*SAMPLE \(synthetic, not the real captions\)/);
  });

  it.each([
    [['export', 'S6Sjj6OtyvY', '--format', 'docx'], 2, /argument 'docx' is invalid\. Allowed choices are txt, md, srt, vtt, json/],
    [['export', 'ZZZZZZZZZZZ'], 3, /no video ZZZZZZZZZZZ in the library/],
    [['export', 'S6Sjj6OtyvY', '--from', '2:00', '--to', '1:00'], 2, /the range ends \(1:00\) before it starts \(2:00\)/],
  ])('%j: exit %i, one clear line', async (argv, code, message) => {
    const { cli } = await workspace();
    const run = await cli(...argv);
    expect(run.code).toBe(code);
    expect(run.err).toMatch(message);
    expect(run.err).not.toMatch(/\n\s+at /);
  });
});
