import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SAMPLE_DIR } from '../server/config.js';

/**
 * `npm start` (the built dist/server/main.js) as an operator runs it: request lines on stdout as
 * JSON (stdout is a pipe here, not a terminal), and the settings of issue 16 refused in one line,
 * exit 2, before anything is opened, never quoting a password.
 */
const MAIN = resolve('dist/server/main.js');
let root: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'panelnotes-main-logs-'));
  await mkdir(join(root, 'library'));
  await copyFile(join(SAMPLE_DIR, 'S6Sjj6OtyvY.json'), join(root, 'library', 'S6Sjj6OtyvY.json'));
  env = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('PANELNOTES_') && key !== 'HOST' && key !== 'PORT') env[key] = value;
  Object.assign(env, {
    HOST: '127.0.0.1',
    PORT: '0',
    PANELNOTES_FETCH_ON_START: '0',
    PANELNOTES_LIBRARY: join(root, 'library'),
    PANELNOTES_CACHE: join(root, 'cache'),
    PANELNOTES_DB: join(root, 'notes.db'),
  });
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** Runs the server; once it serves, `whileServing(url)` runs, then it is stopped. */
function run(extra: Record<string, string>, whileServing?: (url: string) => Promise<void>): Promise<{ out: string; err: string; code: number | null }> {
  const child = spawn(process.execPath, [MAIN], { env: { ...env, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let started = false;
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    const serving = /panelnotes: serving .* on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
    if (serving && !started) {
      started = true;
      void (whileServing ?? (async () => undefined))(serving[1] as string).finally(() => child.kill('SIGTERM'));
    }
  });
  return new Promise((done) => child.once('exit', (code) => done({ out, err, code })));
}

it('writes one JSON line per request on stdout, with the route pattern and none of the query', async () => {
  const result = await run({}, async (url) => {
    const res = await fetch(`${url}/api/videos/S6Sjj6OtyvY?token=sk_live_SECRET123`, { headers: { 'X-Request-Id': 'edge-42' } });
    expect([res.status, res.headers.get('x-request-id')]).toEqual([200, 'edge-42']);
    // The line is written as the answer finishes; give the pipe a moment.
    await new Promise((resolve) => setTimeout(resolve, 200));
  });
  expect(result.code).toBe(0);
  const lines = result.out.split('\n').filter((l) => l.startsWith('{'));
  expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual([
    expect.objectContaining({ level: 30, reqId: 'edge-42', method: 'GET', route: '/api/videos/:id', status: 200, msg: 'GET /api/videos/:id 200' }),
  ]);
  expect(result.out).not.toContain('SECRET123');
  expect(result.err).toBe('');
});

it.each([
  [{ PANELNOTES_LOG_LEVEL: 'loud' }, 'panelnotes: PANELNOTES_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, not "loud"\n'],
  [
    { PANELNOTES_TRUST_PROXY: 'true' },
    'panelnotes: PANELNOTES_TRUST_PROXY: "true" is not a proxy address: give addresses or ranges of the proxies in front of the app (127.0.0.1, 10.0.0.0/8, ::1, loopback), comma-separated, or the number of proxies in front of it (1)\n',
  ],
  [
    { PANELNOTES_DATABASE_URL: 'mysql://root:hunter2@db/notes' },
    'panelnotes: PANELNOTES_DATABASE_URL must be a PostgreSQL URL, like postgres://panelnotes:password@db.example:5432/panelnotes (the value given is not shown, as it may hold a password)\n',
  ],
  [
    { PANELNOTES_DATABASE_URL: 'postgres://panelnotes:hunter2@127.0.0.1:1/notes', PANELNOTES_TOKEN: 'q'.repeat(43) },
    'panelnotes: PANELNOTES_TOKEN is for single-user mode; in team mode (PANELNOTES_DATABASE_URL) everyone writes with their own token (hint: unset PANELNOTES_TOKEN and make each person a token with `panelnotes users add NAME`)\n',
  ],
])('refuses %j in one line, exit 2', async (settings, message) => {
  const result = await run(settings);
  expect([result.code, result.err, result.out]).toEqual([2, message, '']);
});
