import { execFileSync, spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SAMPLE_DIR } from '../server/config.js';

/**
 * `npm start` (the built `dist/server/main.js`) over a library and cache someone has tampered
 * with: it must start, serve what is sound, and say in one line per file what it skipped or
 * rebuilt, quoting nothing of those files and printing no stack.
 */
const MAIN = resolve('dist/server/main.js');
const SECRET = 'SECRET-start-hunter2';
let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'panelnotes-main-'));
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** Runs the server until it says it serves (or exits), then stops it: what it printed, and how it ended. */
function start(env: Record<string, string>): Promise<{ out: string; err: string; code: number | null }> {
  const clean: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('PANELNOTES_') && key !== 'HOST' && key !== 'PORT') clean[key] = value;
  const child = spawn(process.execPath, [MAIN], {
    env: { ...clean, HOST: '127.0.0.1', PORT: '0', PANELNOTES_FETCH_ON_START: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    if (out.includes('panelnotes: serving')) child.kill('SIGTERM');
  });
  return new Promise((done) => child.once('exit', (code) => done({ out, err, code })));
}

it('starts over a FIFO, links out and a damaged cache, serving the sound video and naming each file once', async () => {
  const library = join(root, 'library');
  const cache = join(root, 'cache');
  await mkdir(library);
  await mkdir(cache);
  await copyFile(join(SAMPLE_DIR, 'S6Sjj6OtyvY.json'), join(library, 'S6Sjj6OtyvY.json'));
  await writeFile(join(root, 'secret.txt'), SECRET);
  execFileSync('mkfifo', [join(library, 'AAAAAAAAAAA.json')]);
  await symlink(join(root, 'secret.txt'), join(library, 'BBBBBBBBBBB.json'));
  const paths = { PANELNOTES_LIBRARY: library, PANELNOTES_CACHE: cache, PANELNOTES_DB: join(root, 'notes.db') };

  const first = await start(paths);
  expect(first.out).toMatch(/^panelnotes: serving 1 video\(s\) \(1 sample\), \d+ passages on http:\/\/127\.0\.0\.1:\d+/);
  // Its cache, right key and all, with the shape broken as in the report (`"shards": null`).
  const cached = join(cache, 'S6Sjj6OtyvY.json');
  await writeFile(cached, JSON.stringify({ ...JSON.parse(await readFile(cached, 'utf8')), shards: null, [SECRET]: SECRET }));

  const second = await start(paths);
  expect(second.code).toBe(0);
  expect(second.out).toMatch(/^panelnotes: serving 1 video\(s\) \(1 sample\), \d+ passages on /);
  expect(second.err.trimEnd().split('\n')).toEqual([
    `panelnotes: skipped ${join(library, 'AAAAAAAAAAA.json')}: not a regular file (a FIFO)`,
    `panelnotes: skipped ${join(library, 'BBBBBBBBBBB.json')}: a symbolic link leading outside its folder`,
    `panelnotes: skipped ${cached}: shards: expected an object of shards; the index was rebuilt from the transcript`,
  ]);
  expect(second.err).not.toContain(SECRET);
});

it('refuses a notes database that is a device in one line, exit 2', async () => {
  const run = await start({ PANELNOTES_LIBRARY: join(root, 'empty'), PANELNOTES_CACHE: join(root, 'empty-cache'), PANELNOTES_DB: '/dev/null' });
  expect(run.code).toBe(2);
  expect(run.err).toBe(
    'panelnotes: the notes database /dev/null is not a regular file (a device); it was left as it is (hint: give a file with --db or PANELNOTES_DB)\n',
  );
});
