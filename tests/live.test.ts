import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { SAMPLE_DIR } from '../server/config.js';

/**
 * The live library as a user meets it: the server (`npm start`, the built dist/server/main.js)
 * runs as its own process; the CLI, as other processes, imports a caption file, adds a note,
 * sets a speaker and removes a transcript; the running server shows each on its pages and in
 * /api/search within 2 s, with no restart. Everything is in temporary folders.
 */
const MAIN = resolve('dist/server/main.js');
const CLI = resolve('dist/server/cli.js');
const run = promisify(execFile);
/** What the issue asks: seen within 2 s of the command that made it returning. */
const WITHIN_MS = 2000;

let root: string;
let server: ChildProcess;
let base: string;
let env: NodeJS.ProcessEnv;
let log = '';

const CAPTIONS = `WEBVTT

00:00:01.000 --> 00:00:05.000
Welcome to the zeppelin storage session.

00:00:05.000 --> 00:00:09.000
We talk about quokka caches and block devices.

00:01:00.000 --> 00:01:04.000
>> A question from the back about snapshots.
`;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'panelnotes-live-'));
  const library = join(root, 'library');
  await run('mkdir', ['-p', library]);
  await copyFile(join(SAMPLE_DIR, 'S6Sjj6OtyvY.json'), join(library, 'S6Sjj6OtyvY.json'));
  const clean: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('PANELNOTES_') && key !== 'HOST' && key !== 'PORT') clean[key] = value;
  env = { ...clean, PANELNOTES_LIBRARY: library, PANELNOTES_CACHE: join(root, 'cache'), PANELNOTES_DB: join(root, 'notes.db') };
  server = spawn(process.execPath, [MAIN], { env: { ...env, HOST: '127.0.0.1', PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  base = await new Promise<string>((done, fail) => {
    server.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      log += chunk;
      const at = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
      if (at) done(at[1] as string);
    });
    server.stderr?.setEncoding('utf8').on('data', (chunk: string) => (log += chunk));
    server.once('exit', (code) => fail(new Error(`the server stopped (${code}): ${log}`)));
  });
}, 30_000);

afterAll(async () => {
  if (server.exitCode === null) {
    const stopped = new Promise((done) => server.once('exit', done));
    server.kill('SIGTERM');
    await stopped;
  }
  await rm(root, { recursive: true, force: true });
});

/** `panelnotes …` as a separate process, on the server's library and database. */
async function cli(...argv: string[]): Promise<string> {
  const { stdout } = await run(process.execPath, [CLI, ...argv], { env });
  return stdout;
}

async function get(path: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${base}${path}`);
  return { status: res.status, text: await res.text() };
}

/** Asks until `seen` holds, for at most WITHIN_MS; the last answer when it never did. */
async function within<T>(ask: () => Promise<T>, seen: (answer: T) => boolean): Promise<T> {
  const until = Date.now() + WITHIN_MS;
  let answer = await ask();
  while (!seen(answer) && Date.now() < until) {
    await new Promise((done) => setTimeout(done, 50));
    answer = await ask();
  }
  return answer;
}

const search = async (q: string): Promise<{ total: number; results: { videoId: string; kind: string; speaker: string | null }[] }> =>
  JSON.parse((await get(`/api/search?q=${encodeURIComponent(q)}`)).text) as {
    total: number;
    results: { videoId: string; kind: string; speaker: string | null }[];
  };

it('a caption file imported from the CLI is on its page and found by search within 2 s', async () => {
  const file = join(root, 'talk.vtt');
  await writeFile(file, CAPTIONS);
  const before = (await get('/api/library/version')).text;
  expect((await get('/videos/dQw4w9WgXcQ')).status).toBe(404);

  expect(await cli('import', file, '--video', 'dQw4w9WgXcQ', '--title', 'Storage session')).toContain('as dQw4w9WgXcQ');
  const page = await within(
    () => get('/videos/dQw4w9WgXcQ'),
    (p) => p.status === 200,
  );
  expect(page.status).toBe(200);
  expect(page.text).toContain('Welcome to the zeppelin storage session.');
  const found = await within(
    () => search('zeppelin'),
    (r) => r.total > 0,
  );
  expect(found.results[0]?.videoId).toBe('dQw4w9WgXcQ');
  // An open library page is told: its version moved.
  expect((await get('/api/library/version')).text).not.toBe(before);
});

it('a note added from the CLI is on the page and found by search within 2 s; the page is offered a reload', async () => {
  const version = (await get('/api/videos/dQw4w9WgXcQ/version')).text;
  expect(await cli('notes', 'add', 'dQw4w9WgXcQ', '0:06', 'remember the wombat benchmark')).toMatch(/^added /);
  const found = await within(
    () => search('wombat'),
    (r) => r.total > 0,
  );
  expect(found.results.map((r) => [r.videoId, r.kind])).toEqual([['dQw4w9WgXcQ', 'note']]);
  expect((await get('/videos/dQw4w9WgXcQ')).text).toContain('remember the wombat benchmark');
  expect((await get('/api/videos/dQw4w9WgXcQ/version')).text).not.toBe(version);
});

it('speakers set from the CLI show on the passages, and in search by speaker, within 2 s', async () => {
  await cli('speakers', 'set', 'dQw4w9WgXcQ', '0:00', '0:30', 'Ann Lee');
  const video = await within(
    async () => JSON.parse((await get('/api/videos/dQw4w9WgXcQ')).text) as { passages: { speaker: string | null }[] },
    (v) => v.passages[0]?.speaker === 'Ann Lee',
  );
  expect(video.passages[0]?.speaker).toBe('Ann Lee');
  expect((await get('/videos/dQw4w9WgXcQ')).text).toMatch(/<span class="speaker" dir="auto">Ann Lee<\/span>/);
  const bySpeaker = await search('quokka speaker:ann');
  expect(bySpeaker.results[0]?.speaker).toBe('Ann Lee');
});

it('a talk not on YouTube, imported without --video, is served under its local id within 2 s', async () => {
  const file = join(root, 'keynote.srt');
  await writeFile(file, '1\n00:00:02,000 --> 00:00:06,000\nThe narwhal keynote opens the day.\n');
  const out = await cli('import', file, '--url', 'https://media.example.org/keynote.mp4', '--lang', 'de');
  const id = /as (local-[0-9a-f]{16})/.exec(out)?.[1] as string;
  expect(id).toMatch(/^local-[0-9a-f]{16}$/);
  const page = await within(
    () => get(`/videos/${id}`),
    (p) => p.status === 200,
  );
  expect(page.text).toContain('The narwhal keynote opens the day.');
  expect(page.text).toContain('href="https://media.example.org/keynote.mp4#t=2"');
  expect(page.text).not.toContain('youtube-nocookie.com/embed');
  const found = await within(
    () => search('narwhal'),
    (r) => r.total > 0,
  );
  expect(found.results[0]?.videoId).toBe(id);
});

it('a transcript file removed by another process leaves the library within 2 s', async () => {
  await unlink(join(root, 'library', 'dQw4w9WgXcQ.json'));
  const page = await within(
    () => get('/videos/dQw4w9WgXcQ'),
    (p) => p.status === 404,
  );
  expect(page.status).toBe(404);
  expect(
    (
      await within(
        () => search('zeppelin'),
        (r) => r.total === 0,
      )
    ).total,
  ).toBe(0);
  expect(log).toMatch(/panelnotes: dQw4w9WgXcQ removed/);
});
