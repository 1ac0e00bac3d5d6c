import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/**
 * The "hostile inputs" table of `npm run bench` (issue 10): each class of input that once froze
 * the server, sent to a fresh server process of its own while a second client keeps asking
 * `GET /api/videos`. For each: how long the import (or write) took and what it answered, the
 * longest event-loop stall on the server's main thread (perf_hooks.monitorEventLoopDelay), the
 * slowest concurrent `GET /api/videos`, and the peak RSS against the file's size.
 * Targets: no stall over 50 ms; an accepted file up to 20 MB imported in under 5 s (or refused
 * with a clear error in that time); RSS growth under 15x the file; `GET /api/videos` under 100 ms.
 */
const SERVER = fileURLToPath(new URL('./hostileServer.js', import.meta.url));
const TIMEOUT_MS = 120_000;

interface Case {
  name: string;
  /**
   * Makes what the server is sent (a caption file, or a run of JSON requests) and returns the
   * sending: the payload is built before the clock starts, so building it does not hold up the
   * bystander's requests in this process.
   */
  prepare: () => (base: string) => Promise<{ status: string; bytes: number }>;
}

const words = (n: number, offset = 0): string => Array.from({ length: n }, (_, i) => `word${(i + offset) % 5000}`).join(' ');
const stamp = (seconds: number, sep: ',' | '.'): string => {
  const ms = Math.round(seconds * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor(ms / 60_000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}${sep}${String(ms % 1000).padStart(3, '0')}`;
};
const srt = (cues: { start: number; end: number; text: string }[]): string =>
  cues.map((c, i) => `${i + 1}\n${stamp(c.start, ',')} --> ${stamp(c.end, ',')}\n${c.text}\n`).join('\n');
const vtt = (cues: { start: number; end: number; text: string }[]): string =>
  `WEBVTT\n\n${cues.map((c) => `${stamp(c.start, '.')} --> ${stamp(c.end, '.')}\n${c.text}\n`).join('\n')}`;
const many = (n: number, text: (i: number) => string, step = 0.5) =>
  Array.from({ length: n }, (_, i) => ({ start: i * step, end: i * step + step, text: text(i) }));

let videoCounter = 0;
const nextVideo = (): string => `hostile${String(videoCounter++).padStart(4, '0')}`;

/** Uploads `content` as a caption file of a new video; the answer's status and size. */
const upload = (fileName: string, content: () => string) => () => {
  const body = new Uint8Array(Buffer.from(content()));
  const form = new FormData();
  form.append('video', nextVideo());
  form.append('file', new Blob([body]), fileName);
  return async (base: string) => {
    const res = await fetch(`${base}/api/videos`, { method: 'POST', body: form, signal: AbortSignal.timeout(TIMEOUT_MS) });
    return { status: await describe(res), bytes: body.length };
  };
};

async function describe(res: Response): Promise<string> {
  const text = await res.text();
  if (res.ok) return String(res.status);
  try {
    const { error } = JSON.parse(text) as { error: { code: string; message: string } };
    return `${res.status} ${error.code}`;
  } catch {
    return `${res.status}`;
  }
}

/** A small video to attach notes to. */
async function smallVideo(base: string, video = nextVideo()): Promise<string> {
  const form = new FormData();
  form.append('video', video);
  form.append('file', new Blob([vtt(many(200, (i) => words(12, i)))]), 'small.vtt');
  const res = await fetch(`${base}/api/videos`, { method: 'POST', body: form });
  if (res.status !== 201) throw new Error(`could not import the small video: ${res.status} ${await res.text()}`);
  return video;
}

const CASES: Case[] = [
  { name: 'SRT, 50,000 tiny cues', prepare: upload('tiny.srt', () => srt(many(50_000, () => 'a', 0.01))) },
  { name: 'VTT, 100,000 cues', prepare: upload('many.vtt', () => vtt(many(100_000, (i) => `cue ${i}`))) },
  { name: "a cue 'a' + 80,000 '!' + 'a'", prepare: upload('bang.srt', () => srt([{ start: 0, end: 5, text: `a${'!'.repeat(80_000)}a` }])) },
  {
    name: 'srv3 XML nested 200,000 deep',
    prepare: upload(
      'deep.xml',
      () =>
        `<?xml version="1.0" encoding="utf-8" ?><timedtext format="3"><body><p t="0" d="1000">${'<s>'.repeat(200_000)}x${'</s>'.repeat(200_000)}</p></body></timedtext>`,
    ),
  },
  {
    name: 'JSON, two 120k-word overlapping cues',
    prepare: upload('overlap.json', () =>
      JSON.stringify([
        { text: words(120_000), start: 0, duration: 10 },
        { text: words(120_000, 1), start: 5, duration: 10 },
      ]),
    ),
  },
  { name: "VTT cue '<v' + 40,000 spaces", prepare: upload('voice.vtt', () => vtt([{ start: 0, end: 5, text: `<v${' '.repeat(40_000)}x` }])) },
  { name: '20 MB, one cue of words', prepare: upload('one.srt', () => srt([{ start: 0, end: 3600, text: words(2_200_000).slice(0, 20 * 1024 * 1024 - 64) }])) },
  { name: '20 MB, 200,000 cues of words', prepare: upload('words.vtt', () => vtt(many(200_000, (i) => words(10, i), 0.4)).slice(0, 20 * 1024 * 1024 - 1)) },
  { name: '20 MB, tiny cues (over the cue cap)', prepare: upload('tinier.srt', () => srt(many(600_000, () => 'a', 0.01)).slice(0, 20 * 1024 * 1024 - 1)) },
  {
    name: 'notes import, 60,000 notes',
    prepare: () => {
      const video = nextVideo();
      const now = new Date().toISOString();
      const body = JSON.stringify({
        format: 'panelnotes-notes',
        version: 1,
        exportedAt: now,
        videoId: video,
        title: 'hostile',
        url: `https://www.youtube.com/watch?v=${video}`,
        notes: Array.from({ length: 60_000 }, (_, i) => ({
          id: crypto.randomUUID(),
          videoId: video,
          start: i % 100,
          text: `note ${i} ${words(8, i)}`,
          tags: [],
          createdAt: now,
          updatedAt: now,
        })),
      });
      return async (base) => {
        await smallVideo(base, video);
        const res = await fetch(`${base}/api/notes/import`, {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/json' },
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        return { status: await describe(res), bytes: body.length };
      };
    },
  },
  {
    name: "25 note writes of 'a' + 9,000 '!' + 'a'",
    prepare: () => async (base) => {
      const video = await smallVideo(base);
      let status = '';
      let bytes = 0;
      for (let i = 0; i < 25; i++) {
        const body = JSON.stringify({ start: i, text: `a${'!'.repeat(9000)}a` });
        bytes += body.length;
        const res = await fetch(`${base}/api/videos/${video}/notes`, {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/json' },
          signal: AbortSignal.timeout(TIMEOUT_MS),
        });
        status = await describe(res);
      }
      return { status, bytes };
    },
  },
];

interface Row {
  name: string;
  bytes: number;
  status: string;
  ms: number;
  stall: number;
  videos: number;
  peakRss: number;
  growth: number;
  search?: { ms: number; bytes: number; page: number };
}

async function runCase(c: Case): Promise<Row> {
  const child = spawn(process.execPath, [SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const [chunk] = (await once(child.stdout as NodeJS.ReadableStream, 'data')) as [Buffer];
    const base = `http://127.0.0.1:${Number(chunk.toString().trim())}`;
    const send = c.prepare();
    const before = (await (await fetch(`${base}/__stats`)).json()) as { rssMb: number };
    await fetch(`${base}/__reset`);
    // The bystander: one GET /api/videos after another, each timed.
    let running = true;
    let slowest = 0;
    const bystander = (async () => {
      while (running) {
        const t = performance.now();
        // A reset connection (a keep-alive socket closed by a stalled server) counts as a wait.
        await fetch(`${base}/api/videos`)
          .then((r) => r.arrayBuffer())
          .catch(() => undefined);
        slowest = Math.max(slowest, performance.now() - t);
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const started = performance.now();
    let outcome: { status: string; bytes: number };
    try {
      outcome = await send(base);
    } catch (error) {
      outcome = { status: (error as Error).name === 'TimeoutError' ? `no answer in ${TIMEOUT_MS / 1000} s` : (error as Error).message, bytes: 0 };
    }
    const ms = performance.now() - started;
    running = false;
    await bystander;
    // A server still frozen by the case after the client gave up says so instead of answering.
    const ask = (path: string): Promise<Response> => fetch(`${base}${path}`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    let stats: { maxStallMs: number; peakRssMb: number };
    try {
      stats = (await (await ask('/__stats')).json()) as { maxStallMs: number; peakRssMb: number };
    } catch {
      return {
        name: c.name,
        bytes: outcome.bytes,
        status: `${outcome.status}; server still frozen ${TIMEOUT_MS / 1000} s later`,
        ms,
        stall: NaN,
        videos: slowest,
        peakRss: NaN,
        growth: NaN,
      };
    }
    // What a search answers once the case's text is in the library.
    const t = performance.now();
    const answer = await (await ask('/api/search?q=word1&limit=10')).arrayBuffer();
    const searchMs = performance.now() - t;
    const page = await (await ask('/search?q=word1')).arrayBuffer();
    return {
      name: c.name,
      bytes: outcome.bytes,
      status: outcome.status,
      ms,
      stall: stats.maxStallMs,
      videos: slowest,
      peakRss: stats.peakRssMb,
      growth: outcome.bytes ? ((stats.peakRssMb - before.rssMb) * 1048576) / outcome.bytes : 0,
      search: { ms: searchMs, bytes: answer.byteLength, page: page.byteLength },
    };
  } finally {
    child.kill();
  }
}

/** Runs every case, each in a fresh server; prints the table. */
export async function hostileBench(): Promise<void> {
  const rows: Row[] = [];
  for (const c of CASES) {
    rows.push(await runCase(c));
    process.stderr.write(`hostile: ${c.name} done\n`);
  }
  const mb = (b: number): string => (b >= 1048576 ? `${(b / 1048576).toFixed(1)} MB` : `${(b / 1024).toFixed(0)} KB`);
  const ms = (v: number): string => (v < 10 ? `${v.toFixed(1)} ms` : `${Math.round(v).toLocaleString('en')} ms`);
  console.log(
    '\n| hostile input (fresh server each) | size | answer | time | longest stall | slowest GET /api/videos meanwhile' +
      ' | peak RSS | RSS growth ÷ size | then /api/search limit=10 | then /search page |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const search = r.search ? `${ms(r.search.ms)}, ${mb(r.search.bytes)}` : '';
    const page = r.search ? mb(r.search.page) : '';
    console.log(
      `| ${r.name} | ${mb(r.bytes)} | ${r.status} | ${ms(r.ms)} | ${ms(r.stall)} | ${ms(r.videos)} | ${Math.round(r.peakRss)} MB | ${r.growth.toFixed(1)}x | ${search} | ${page} |`,
    );
  }
  console.log(
    'targets: stall <= 50 ms; accepted up to 20 MB in < 5 s or refused clearly within 5 s; RSS growth < 15x; GET /api/videos < 100 ms; limit=10 < 64 KB; page < 100 KB',
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await hostileBench();
