import { execFile, execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { copyFile, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { runCli } from '../server/cli/program.js';
import { SAMPLE_DIR } from '../server/config.js';
import { fixture } from './support/sharedFixtures.js';

interface Run {
  code: number;
  out: string;
  err: string;
  fetchCalls: number;
}

/** Runs the CLI in-process with a fetch that records calls and never reaches a network. */
async function cli(...argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  let fetchCalls = 0;
  const code = await runCli(argv, {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    env: {},
    fetch: async () => {
      fetchCalls++;
      throw Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }) });
    },
  });
  return { code, out: out.join('\n'), err: err.join('\n'), fetchCalls };
}

const talk = fixture('cli', 'short-talk.vtt');
const newLibrary = (): Promise<string> => mkdtemp(join(tmpdir(), 'panelnotes-cli-'));

describe('panelnotes import and show', () => {
  it('imports a caption file and shows its cues with timestamps', async () => {
    const lib = await newLibrary();
    const imported = await cli('import', talk, '--video', 'dQw4w9WgXcQ', '--title', 'Storage session', '--library', lib);
    expect(imported.code).toBe(0);
    expect(imported.out).toContain('imported');
    expect(imported.out).toContain('(webvtt) as dQw4w9WgXcQ: 3 segments');
    expect(imported.err).toContain('skipped 1 cue(s)');
    expect(imported.err).toMatch(/line 20: bad cue timing/);

    const shown = await cli('show', 'dQw4w9WgXcQ', '--library', lib);
    expect(shown.code).toBe(0);
    expect(shown.out.split('\n')).toEqual([
      'Storage session (https://www.youtube.com/watch?v=dQw4w9WgXcQ)',
      '[0:01] Moderator: Welcome to the storage session.',
      '[0:04] Today we talk about block devices & caches.',
      '[1:30] >> A question from the back about snapshots.',
    ]);
  });

  it('accepts --library before the command, a URL as the video, and a time window', async () => {
    const lib = await newLibrary();
    expect((await cli('--library', lib, 'import', talk, '--video', 'https://youtu.be/dQw4w9WgXcQ?t=5')).code).toBe(0);
    const shown = await cli('--library', lib, 'show', 'dQw4w9WgXcQ', '--from', '0:05', '--to', '1:31');
    expect(shown.out).not.toContain('Welcome');
    expect(shown.out).toContain('[0:04] Today');
    expect(shown.out).toContain('[1:30]');
  });

  it.each([
    [['import', 'tests/fixtures/cli/nope.vtt', '--video', 'dQw4w9WgXcQ'], 4, /cannot read .*nope\.vtt: no such file/],
    [['import', 'package.json', '--video', 'dQw4w9WgXcQ'], 4, /package\.json: JSON, but neither json3 events nor an array of captions/],
    [['import', talk, '--video', 'nope'], 2, /not a YouTube video: "nope"/],
    [['show', 'dQw4w9WgXcQ', '--from', 'soon'], 2, /not a time: "soon"/],
    [['show', 'ZZZZZZZZZZZ'], 3, /no video ZZZZZZZZZZZ in the library/],
    [['frobnicate'], 2, /unknown command 'frobnicate'/],
    [['import', talk], 2, /which video are these captions of\? give --video <id-or-url>/],
  ])('answers %j with exit %i and one clear line', async (argv, code, message) => {
    const lib = await newLibrary();
    const run = await cli(...argv, '--library', lib);
    expect(run.code).toBe(code);
    expect(run.err).toMatch(message);
    expect(run.err).not.toMatch(/\n\s+at /); // no stack trace
  });
});

describe('panelnotes fetch', () => {
  it('refuses something that is not a video before any network call', async () => {
    const run = await cli('fetch', 'not-a-video');
    expect(run).toMatchObject({ code: 2, fetchCalls: 0 });
    expect(run.err.split('\n')).toHaveLength(1);
    expect(run.err).toContain('not a YouTube video: "not-a-video"');
  });

  it('explains a dead network with a distinct exit code and the import way out', async () => {
    const run = await cli('fetch', 'https://www.youtube.com/watch?v=S6Sjj6OtyvY&list=PL1', '--library', await newLibrary());
    expect(run.code).toBe(10);
    expect(run.err).toContain('cannot reach YouTube');
    expect(run.err).toContain('panelnotes import <file> --video S6Sjj6OtyvY');
    expect(run.fetchCalls).toBeGreaterThan(0);
  });
});

describe('panelnotes list', () => {
  it('shows the shipped sample, marked as a sample', async () => {
    const run = await cli('list', '--library', SAMPLE_DIR);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/S6Sjj6OtyvY\s+53:06\s+867 segments\s+SAMPLE \(synthetic, not the real captions\)\s+\[2016\] Virtualization Developer Panel/);
  });

  it('skips a FIFO, a link to a secret and a link to a device in the library at once, one line each, quoting nothing', async () => {
    const lib = await newLibrary();
    await copyFile(join(SAMPLE_DIR, 'S6Sjj6OtyvY.json'), join(lib, 'S6Sjj6OtyvY.json'));
    const secret = join(await newLibrary(), 'secret.txt');
    await writeFile(secret, 'SECRET-list-hunter2');
    execFileSync('mkfifo', [join(lib, 'AAAAAAAAAAA.json')]);
    await symlink(secret, join(lib, 'BBBBBBBBBBB.json'));
    await symlink('/dev/zero', join(lib, 'CCCCCCCCCCC.json'));
    const run = await cli('list', '--library', lib);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/^S6Sjj6OtyvY /);
    expect(run.err.split('\n')).toEqual([
      `panelnotes: skipped ${join(lib, 'AAAAAAAAAAA.json')}: not a regular file (a FIFO)`,
      `panelnotes: skipped ${join(lib, 'BBBBBBBBBBB.json')}: a symbolic link leading outside its folder`,
      `panelnotes: skipped ${join(lib, 'CCCCCCCCCCC.json')}: a symbolic link leading outside its folder`,
    ]);
    const shown = await cli('show', 'AAAAAAAAAAA', '--library', lib);
    expect(shown).toMatchObject({ code: 5, err: `panelnotes: ${join(lib, 'AAAAAAAAAAA.json')}: not a regular file (a FIFO)` });
  });

  it('says how to fill an empty library', async () => {
    const run = await cli('list', '--library', await newLibrary());
    expect(run.out).toContain('The library is empty. Add a video: panelnotes fetch <url>');
  });
});

describe('the installed panelnotes command', () => {
  const bin = resolve('dist/server/cli.js');
  const exec = promisify(execFile);

  it('is executable, so npx panelnotes runs it', () => {
    expect(statSync(bin).mode & 0o111).toBe(0o111);
  });

  it('runs, prints help for every command and exits 0', async () => {
    for (const command of ['', 'fetch', 'import', 'list', 'show']) {
      const { stdout } = await exec(process.execPath, [bin, ...(command ? [command] : []), '--help']);
      expect(stdout).toContain('Usage: panelnotes');
    }
  });

  it("exits with the error's code and prints no stack trace", async () => {
    const failure = await exec(process.execPath, [bin, 'fetch', 'not-a-video']).catch((e: { code: number; stderr: string }) => e);
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('panelnotes token new', () => {
  it('prints a new random token of 43 characters of A-Z a-z 0-9 _ - and nothing else on stdout', async () => {
    const first = await cli('token', 'new');
    const second = await cli('token', 'new');
    expect([first.code, second.code]).toEqual([0, 0]);
    expect(first.out).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(second.out).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(first.out).not.toBe(second.out);
  });

  it('`panelnotes token` alone shows its usage and exits 2', async () => {
    const run = await cli('token');
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/^Usage: panelnotes token .*\n[\s\S]*\n {2}new +print a new random token/);
  });
});
