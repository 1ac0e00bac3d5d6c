import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT, SAMPLE_DIR } from '../server/config.js';
import { prepareTeamDatabase, type TeamDatabase } from './teamDatabase.js';

/**
 * `npm run load`: the app on the sample (a child process, 127.0.0.1 only) under mixed traffic
 * (search 70%, transcript pages 20%, note writes 10%) at 50 connections for 60 s, then a soak
 * at a moderate rate (10 minutes unless --soak-minutes says otherwise). Prints requests/s,
 * latency, errors, the server's resident memory through the run, and checks that every note
 * write acknowledged (201 or 200) is in the database afterwards, as written. Stops by itself.
 *
 * The soak's writes edit the notes the load added (`--soak-writes edit`, the default), so the
 * data keeps its size and memory that grows is a leak; `add` keeps adding notes (memory then
 * grows with the data), `none` writes nothing.
 *
 * `--database-url postgres://…` (a scratch database) or `--database-url auto` (a throwaway
 * cluster made and removed here, see teamDatabase.ts): team mode instead, TWO instances sharing
 * that database, each taking half the connections with the same mix; writes carry the token of a
 * user made for the run. Figures per instance and in total; the check reads the database.
 */
const { values } = parseArgs({
  options: {
    'load-seconds': { type: 'string' },
    'soak-minutes': { type: 'string' },
    'soak-rate': { type: 'string' },
    'soak-writes': { type: 'string' },
    'database-url': { type: 'string' },
  },
});
/** Stops before anything starts, with the one line that says what to change. */
function usage(message: string): never {
  console.error(`npm run load: ${message}`);
  process.exit(2);
}
function amount(name: string, fallback: number, min: number): number {
  const given = values[name as keyof typeof values];
  const value = given === undefined ? fallback : Number(given);
  if (!Number.isFinite(value) || value < min) usage(`--${name} takes a number of at least ${min}, not "${given}"`);
  return value;
}
const loadSeconds = amount('load-seconds', 60, 1);
const soakMinutes = amount('soak-minutes', 10, 0);
const soakRate = amount('soak-rate', 100, 1);
const SOAK_WRITES = ['edit', 'add', 'none'] as const;
type Writes = (typeof SOAK_WRITES)[number];
const soakWrites = (values['soak-writes'] ?? 'edit') as Writes;
if (!SOAK_WRITES.includes(soakWrites)) usage(`--soak-writes takes ${SOAK_WRITES.join(', ')}, not "${soakWrites}"`);
const VIDEO = 'S6Sjj6OtyvY';
const QUERIES = ['posted interrupts', 'migration', '"live migration"', 'virt*', 'migrtion~1', 'seccomp topic:security', 'qemu 2.7', 'kind:note load'];

const scratch = mkdtempSync(join(tmpdir(), 'panelnotes-load-'));
const library = join(scratch, 'library');
mkdirSync(library);
const dbFile = join(scratch, 'notes.db');
const databaseUrl = values['database-url'];
const team =
  databaseUrl === undefined
    ? undefined
    : await prepareTeamDatabase(databaseUrl, VIDEO).catch((error: unknown) => {
        const { message, hint } = error as { message: string; hint?: string };
        return usage(`--database-url: ${message}${hint ? ` (${hint})` : ''}`);
      });
// Whatever the user's environment says, the SQLite run is single-user and the team run has no shared token.
const { PANELNOTES_DATABASE_URL: _url, PANELNOTES_TOKEN: _token, ...environment } = process.env;
const common = {
  ...environment,
  HOST: '127.0.0.1',
  PANELNOTES_LIBRARY: library,
  PANELNOTES_CACHE: join(scratch, 'cache'),
  PANELNOTES_RATE_WRITES: '100000000',
  PANELNOTES_RATE_FETCHES: '100000000',
};
if (!team) copyFileSync(join(SAMPLE_DIR, `${VIDEO}.json`), join(library, `${VIDEO}.json`));
const starting = await Promise.allSettled(
  team
    ? // The sample's real captions are not fetched: both instances serve the same transcript throughout.
      ['A', 'B'].map((name) => startServer(name, { ...common, PANELNOTES_DATABASE_URL: team.url, PANELNOTES_FETCH_ON_START: '0' }))
    : [startServer('', { ...common, PANELNOTES_DB: dbFile, ...(_token ? { PANELNOTES_TOKEN: _token } : {}) })],
);
const servers = starting.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
const stopServers = (): Promise<unknown> =>
  Promise.all(
    servers.map(async ({ child }) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    }),
  );
/** Stops the servers and removes what the run made (the load user, a throwaway cluster). */
const stopAll = async (): Promise<void> => {
  await stopServers();
  await team?.close();
};
const notStarted = starting.find((s) => s.status === 'rejected');
if (notStarted) {
  await stopAll();
  usage((notStarted.reason as Error).message);
}
// Ctrl-C: nothing left running (a throwaway cluster included).
process.once('SIGINT', () => void stopAll().finally(() => process.exit(130)));
const authorization: Record<string, string> = team ? { authorization: `Bearer ${team.token}` } : {};

/** Every note write the server acknowledged: id → the text it answered with. */
const acknowledged = new Map<string, string>();
/** Edits sent: a run can end with one applied but its answer unread, so the stored text is newer. */
const editsSent = new Map<string, string>();
let outcome: { lost: number; stored: number; integrity: string };
let load: Figures;
let soak: Figures | undefined;
const rssStart = servers.map(rss);
let rssAfterLoad: number[];
let rssEnd: number[];
const samples: number[][] = [];
try {
  load = await run(50, loadSeconds, undefined, 'add');
  rssAfterLoad = servers.map(rss);
  const sampler = setInterval(() => samples.push(servers.map(rss)), 60_000);
  soak = soakMinutes > 0 ? await run(10, soakMinutes * 60, soakRate, soakWrites) : undefined;
  clearInterval(sampler);
  rssEnd = servers.map(rss);
  await stopServers();
  outcome = team ? await checkTeam(team) : checkSqlite();
} finally {
  await stopAll();
}

const row = (name: string, r: autocannon.Result) =>
  `| ${name} | ${r.connections} | ${Math.round(r.duration)} s | ${Math.round(r.requests.total / r.duration)} | ${r.latency.p50} ms | ${r.latency.p99} ms | ${r.errors + r.timeouts + r.non2xx} |`;
const soakMix = { edit: '70% search, 20% transcript, 10% note edits', add: '70% search, 20% transcript, 10% new notes', none: '80% search, 20% transcript' }[
  soakWrites
];
/** One row alone, or one per instance and their total. */
const rows = (name: string, figures: Figures) =>
  figures.each.length === 1
    ? [row(name, figures.total)]
    : [...figures.each.map((r, i) => row(`${name}, instance ${servers[i]?.name}`, r)), row(`${name}, total`, figures.total)];
if (team) console.log(`PostgreSQL team mode: ${servers.length} instances on one database, the load split evenly between them\n`);
console.log('| run | connections | duration | requests/s | p50 | p99 | errors |');
console.log('|---|---|---|---|---|---|---|');
for (const line of rows('mixed load (70% search, 20% transcript, 10% note writes)', load)) console.log(line);
if (soak) for (const line of rows(`soak at ${soakRate} requests/s (${soakMix})`, soak)) console.log(line);
servers.forEach((server, i) => {
  const start = rssStart[i] ?? 0;
  const after = rssAfterLoad[i] ?? 0;
  const end = rssEnd[i] ?? 0;
  console.log(
    `\n${server.name ? `instance ${server.name} ` : 'server '}memory (RSS): ${mb(start)} at start, ${mb(after)} after the load, ${mb(end)} at the end of the soak (${pct(after, end)} over the soak)`,
  );
  if (samples.length) console.log(`RSS each minute of the soak: ${samples.map((each) => mb(each[i] ?? 0)).join(', ')}`);
});
console.log(
  `note writes acknowledged: ${acknowledged.size} notes; missing or not as acknowledged afterwards: ${outcome.lost}; notes in the database: ${outcome.stored}${team ? '' : `; integrity_check: ${outcome.integrity}`}`,
);
const failed =
  load.total.errors + load.total.timeouts + load.total.non2xx + (soak ? soak.total.errors + soak.total.timeouts + soak.total.non2xx : 0) > 0 ||
  outcome.lost > 0 ||
  acknowledged.size === 0 ||
  outcome.integrity !== 'ok';
process.exitCode = failed ? 1 : 0;

/** A server under load: its name (A, B in team mode; none alone), port, process, and how many requests were made to it. */
interface Server {
  name: string;
  port: number;
  child: ChildProcess;
  sent: number;
}

/** Starts dist/server/main.js on a free loopback port and waits for its "serving" line. */
async function startServer(name: string, env: NodeJS.ProcessEnv): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, [resolve(PROJECT_ROOT, 'dist/server/main.js')], {
    env: { ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // Its request log goes to stdout too: read on (and dropped) so the server never waits on a full pipe.
  let seen = '';
  await new Promise<void>((ready, fail) => {
    const serving = (chunk: Buffer): void => {
      seen = (seen + chunk.toString()).slice(-4096);
      if (!seen.includes('panelnotes: serving')) return;
      child.off('exit', exited);
      ready();
    };
    const exited = (code: number | null): void => fail(new Error(`the server${name ? ` ${name}` : ''} ended before serving (exit ${code})`));
    child.stdout?.on('data', serving);
    child.once('exit', exited);
  });
  child.stdout?.removeAllListeners('data');
  child.stdout?.resume();
  return { name, port, child, sent: 0 };
}

/** After a SQLite run: every acknowledged note in the file, as acknowledged, and the file intact. */
function checkSqlite(): { lost: number; stored: number; integrity: string } {
  const db = new Database(dbFile, { readonly: true });
  const textOf = db.prepare('SELECT text FROM notes WHERE id = ?').pluck();
  const lost = missing((id) => textOf.get(id) as string | undefined);
  const stored = db.prepare('SELECT count(*) FROM notes').pluck().get() as number;
  // With `simple`, the pragma's one value: 'ok', or the first problem found.
  const integrity = db.pragma('integrity_check', { simple: true }) as string;
  db.close();
  return { lost, stored, integrity };
}

/** After a team run: every acknowledged note in the database, as acknowledged (read back through the store; PostgreSQL checks its own pages). */
async function checkTeam(database: TeamDatabase): Promise<{ lost: number; stored: number; integrity: string }> {
  const notes = await database.storedNotes(VIDEO);
  return { lost: missing((id) => notes.get(id)), stored: notes.size, integrity: 'ok' };
}

/** How many acknowledged notes are stored otherwise than acknowledged (or last sent), each named on stderr. */
function missing(storedText: (id: string) => string | undefined): number {
  return [...acknowledged].filter(([id, text]) => {
    const stored = storedText(id);
    if (stored === text || (stored !== undefined && stored === editsSent.get(id))) return false;
    console.error(`note ${id}: acknowledged "${text}", stored ${stored === undefined ? 'nothing' : `"${stored}"`}`);
    return true;
  }).length;
}

/** A run's figures: each server's, and all of them together (the same when there is one). */
interface Figures {
  each: autocannon.Result[];
  total: autocannon.Result;
}

/**
 * The mixed traffic at `connections` in all, shared evenly between the servers, each with the
 * same mix. Each autocannon keeps its raw histograms so that the total's percentiles are those of
 * every request, not an average of two instances' percentiles.
 */
async function run(connections: number, seconds: number, overallRate: number | undefined, writes: Writes): Promise<Figures> {
  // The notes the load added, to edit in turn: each is edited again only after all the others,
  // and by one instance only, so that the last edit sent to a note is the one stored.
  const editable = [...acknowledged.keys()];
  const share = servers.length;
  const raw = await Promise.all(
    servers.map((server, index) =>
      autocannon({
        url: `http://127.0.0.1:${server.port}`,
        connections: Math.max(1, Math.round(connections / share)),
        duration: seconds,
        ...(overallRate ? { overallRate: Math.max(1, overallRate / share) } : {}),
        skipAggregateResult: true,
        requests: [
          traffic(
            writes,
            editable.filter((_, i) => i % share === index),
            server,
          ),
        ],
      }),
    ),
  );
  const options = { url: `http://127.0.0.1:${servers[0]?.port}`, connections };
  return {
    each: raw.map((r, i) => aggregate([r], { ...options, url: `http://127.0.0.1:${servers[i]?.port}`, connections: Math.round(connections / share) })),
    total: aggregate(raw, options),
  };
}

/** autocannon's merging of raw results (typed here: @types/autocannon leaves it out). */
function aggregate(results: autocannon.Result[], options: { url: string; connections: number }): autocannon.Result {
  return (autocannon as unknown as { aggregateResult(r: autocannon.Result[], o: object): autocannon.Result }).aggregateResult(results, options);
}

/** One server's requests: out of every ten, 7 searches, 2 transcript pages, 1 note write (or an 8th search). */
function traffic(writes: Writes, editable: string[], server: Server): autocannon.Request {
  // In team mode each instance's notes say which instance took them.
  const label = server.name ? `${server.name}-` : '';
  return {
    setupRequest: (request) => {
      const sequence = ++server.sent;
      const slot = (sequence - 1) % 10;
      if (slot < 7 || (slot === 9 && writes === 'none'))
        return { ...request, method: 'GET', path: `/api/search?q=${encodeURIComponent(QUERIES[sequence % QUERIES.length] as string)}` };
      if (slot < 9) return { ...request, method: 'GET', path: `/videos/${VIDEO}?t=${sequence % 3000}` };
      const headers = { 'content-type': 'application/json', ...authorization };
      if (writes === 'edit' && editable.length) {
        const id = editable[Math.floor(sequence / 10) % editable.length] as string;
        const text = `load note edited ${label}${sequence}`;
        editsSent.set(id, text);
        return { ...request, method: 'PATCH', path: `/api/notes/${id}`, headers, body: JSON.stringify({ text }) };
      }
      return {
        ...request,
        method: 'POST',
        path: `/api/videos/${VIDEO}/notes`,
        headers,
        body: JSON.stringify({ start: sequence % 3000, text: `load note ${label}${sequence}` }),
      };
    },
    onResponse: (status, body) => {
      // Only a note starts so; pages and searches are not parsed.
      if ((status !== 201 && status !== 200) || !body.startsWith('{"id":')) return;
      const note = JSON.parse(body) as { id?: string; text?: string };
      if (note.id && typeof note.text === 'string') acknowledged.set(note.id, note.text);
    },
  };
}

/** Resident memory of a server's process, from /proc (Linux). */
function rss({ child }: Server): number {
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) * 1024;
}
function mb(bytes: number): string {
  return `${(bytes / 1048576).toFixed(0)} MB`;
}

function pct(from: number, to: number): string {
  return `${to >= from ? '+' : ''}${(((to - from) / from) * 100).toFixed(1)}%`;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const { port: free } = probe.address() as { port: number };
  await new Promise((done) => probe.close(done));
  return free;
}
