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
 */
const { values } = parseArgs({
  options: { 'load-seconds': { type: 'string' }, 'soak-minutes': { type: 'string' }, 'soak-rate': { type: 'string' }, 'soak-writes': { type: 'string' } },
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
copyFileSync(join(SAMPLE_DIR, `${VIDEO}.json`), join(library, `${VIDEO}.json`));
const dbFile = join(scratch, 'notes.db');
const port = await freePort();
const server = spawn(process.execPath, [resolve(PROJECT_ROOT, 'dist/server/main.js')], {
  env: {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    PANELNOTES_LIBRARY: library,
    PANELNOTES_CACHE: join(scratch, 'cache'),
    PANELNOTES_DB: dbFile,
    PANELNOTES_RATE_WRITES: '100000000',
    PANELNOTES_RATE_FETCHES: '100000000',
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
await once(server.stdout as NodeJS.ReadableStream, 'data');

/** Every note write the server acknowledged: id → the text it answered with. */
const acknowledged = new Map<string, string>();
/** Edits sent: a run can end with one applied but its answer unread, so the stored text is newer. */
const editsSent = new Map<string, string>();
let sequence = 0;
const rssStart = rss(server);
const load = await run(50, loadSeconds, undefined, 'add');
const rssAfterLoad = rss(server);
const samples: number[] = [];
const sampler = setInterval(() => samples.push(rss(server)), 60_000);
const soak = soakMinutes > 0 ? await run(10, soakMinutes * 60, soakRate, soakWrites) : undefined;
clearInterval(sampler);
const rssEnd = rss(server);
server.kill('SIGTERM');
await once(server, 'exit');

const db = new Database(dbFile, { readonly: true });
const textOf = db.prepare('SELECT text FROM notes WHERE id = ?').pluck();
const lost = [...acknowledged].filter(([id, text]) => {
  const stored = textOf.get(id) as string | undefined;
  if (stored === text || (stored !== undefined && stored === editsSent.get(id))) return false;
  console.error(`note ${id}: acknowledged "${text}", stored ${stored === undefined ? 'nothing' : `"${stored}"`}`);
  return true;
}).length;
const stored = db.prepare('SELECT count(*) FROM notes').pluck().get() as number;
// With `simple`, the pragma's one value: 'ok', or the first problem found.
const integrity = db.pragma('integrity_check', { simple: true }) as string;
db.close();

const row = (name: string, r: autocannon.Result) =>
  `| ${name} | ${r.connections} | ${Math.round(r.duration)} s | ${Math.round(r.requests.average)} | ${r.latency.p50} ms | ${r.latency.p99} ms | ${r.errors + r.timeouts + r.non2xx} |`;
const soakMix = { edit: '70% search, 20% transcript, 10% note edits', add: '70% search, 20% transcript, 10% new notes', none: '80% search, 20% transcript' }[
  soakWrites
];
console.log('| run | connections | duration | requests/s | p50 | p99 | errors |');
console.log('|---|---|---|---|---|---|---|');
console.log(row('mixed load (70% search, 20% transcript, 10% note writes)', load));
if (soak) console.log(row(`soak at ${soakRate} requests/s (${soakMix})`, soak));
console.log(
  `\nserver memory (RSS): ${mb(rssStart)} at start, ${mb(rssAfterLoad)} after the load, ${mb(rssEnd)} at the end of the soak (${pct(rssAfterLoad, rssEnd)} over the soak)`,
);
if (samples.length) console.log(`RSS each minute of the soak: ${samples.map(mb).join(', ')}`);
console.log(
  `note writes acknowledged: ${acknowledged.size} notes; missing or not as acknowledged afterwards: ${lost}; notes in the database: ${stored}; integrity_check: ${integrity}`,
);
const failed =
  load.errors + load.timeouts + load.non2xx + (soak ? soak.errors + soak.timeouts + soak.non2xx : 0) > 0 ||
  lost > 0 ||
  acknowledged.size === 0 ||
  integrity !== 'ok';
process.exitCode = failed ? 1 : 0;

function run(connections: number, seconds: number, overallRate: number | undefined, writes: Writes): Promise<autocannon.Result> {
  // The notes the load added, to edit in turn: each is edited again only after all the others.
  const editable = [...acknowledged.keys()];
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    ...(overallRate ? { overallRate } : {}),
    requests: [
      {
        setupRequest: (request) => {
          // Out of every ten requests: 7 searches, 2 transcript pages, 1 note write (or an 8th search).
          const slot = sequence++ % 10;
          if (slot < 7 || (slot === 9 && writes === 'none'))
            return { ...request, method: 'GET', path: `/api/search?q=${encodeURIComponent(QUERIES[sequence % QUERIES.length] as string)}` };
          if (slot < 9) return { ...request, method: 'GET', path: `/videos/${VIDEO}?t=${sequence % 3000}` };
          const headers = { 'content-type': 'application/json' };
          if (writes === 'edit' && editable.length) {
            const id = editable[Math.floor(sequence / 10) % editable.length] as string;
            const text = `load note edited ${sequence}`;
            editsSent.set(id, text);
            return { ...request, method: 'PATCH', path: `/api/notes/${id}`, headers, body: JSON.stringify({ text }) };
          }
          return {
            ...request,
            method: 'POST',
            path: `/api/videos/${VIDEO}/notes`,
            headers,
            body: JSON.stringify({ start: sequence % 3000, text: `load note ${sequence}` }),
          };
        },
        onResponse: (status, body) => {
          // Only a note starts so; pages and searches are not parsed.
          if ((status !== 201 && status !== 200) || !body.startsWith('{"id":')) return;
          const note = JSON.parse(body) as { id?: string; text?: string };
          if (note.id && typeof note.text === 'string') acknowledged.set(note.id, note.text);
        },
      },
    ],
  });
}

/** Resident memory of a child process, from /proc (Linux). */
function rss(child: ChildProcess): number {
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
