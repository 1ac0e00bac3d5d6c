import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MiniSearch from 'minisearch';
import { parseArgs } from 'node:util';
import { buildVideoIndex, type VideoIndexData } from '../index/build.js';
import { checkIndexData } from '../index/cacheSchema.js';
import { SearchIndex } from '../index/searchIndex.js';
import { loadVocabulary } from '../server/search/vocabulary.js';
import { syntheticTalk } from './corpus.js';
import { hostileBench } from './hostile.js';
import { httpLoad } from './http.js';
import { notesBench } from './notes.js';

/**
 * `npm run bench`: builds synthetic libraries of 1, 10 and 100 hours (`--hours 500` for more),
 * measures build, cache, load, memory and query latency, and the same corpus and queries in
 * MiniSearch as a peer. Prints one table; nothing here is asserted.
 */
const QUERIES: { name: string; query: string; topic?: string; mini: { q: string; opts: Record<string, unknown> } }[] = [
  { name: 'common word', query: 'people', mini: { q: 'people', opts: {} } },
  { name: 'rare word', query: 'nvdimm', mini: { q: 'nvdimm', opts: {} } },
  { name: 'two words', query: 'guest migration', mini: { q: 'guest migration', opts: { combineWith: 'AND' } } },
  { name: 'phrase', query: '"posted interrupts"', mini: { q: 'posted interrupts', opts: { combineWith: 'AND' } } },
  { name: 'prefix', query: 'virt*', mini: { q: 'virt', opts: { prefix: true } } },
  { name: 'fuzzy', query: 'migrtion~1', mini: { q: 'migrtion', opts: { fuzzy: 1 } } },
  {
    name: 'topic-filtered',
    query: 'migration',
    topic: 'hardware',
    mini: { q: 'migration', opts: { filter: (r: { topic: string }) => r.topic === 'hardware' } },
  },
];
const RUNS = 100;
const WARM_UP = 10;
const BUILD_ROUNDS = 3;

const { values } = parseArgs({
  options: { hours: { type: 'string', multiple: true }, 'no-http': { type: 'boolean' }, hostile: { type: 'boolean' }, 'no-hostile': { type: 'boolean' } },
});

// `--hostile`: only the hostile-inputs table (issue 10), which takes a minute or two on its own.
if (values.hostile) {
  await hostileBench();
  process.exit(0);
}
const sizes = values.hours?.map(Number) ?? [1, 10, 100];
const vocabulary = loadVocabulary();
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const rows: string[][] = [];

for (const hours of sizes) {
  const talks = Array.from({ length: hours }, (_, n) => syntheticTalk(n, 60, vocabulary.topics));
  const dir = await mkdtemp(join(tmpdir(), 'panelnotes-bench-'));

  // Median of three builds: the first of a process also pays for compiling the code.
  let built: VideoIndexData[] = [];
  const buildTimes: number[] = [];
  for (let round = 0; round < BUILD_ROUNDS; round++) {
    const t = performance.now();
    built = talks.map((talk) => buildVideoIndex(talk, vocabulary.topics, vocabulary.glossary, 'bench'));
    buildTimes.push(performance.now() - t);
  }
  const buildMs = percentile(buildTimes, 0.5);
  let started = performance.now();
  let cacheBytes = 0;
  for (const data of built) {
    const file = join(dir, `${data.videoId}.json`);
    await writeFile(file, JSON.stringify(data));
    cacheBytes += (await stat(file)).size;
  }
  built.length = 0;

  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  started = performance.now();
  const index = new SearchIndex(vocabulary.topics, vocabulary.glossary);
  // Checked as start-up checks every cache file (index/cacheSchema.ts), so the figure is what a start costs.
  const topicIds = [...vocabulary.topics.topics.map((t) => t.id), vocabulary.topics.fallback.id];
  for (const talk of talks) {
    const checked = checkIndexData(JSON.parse(await readFile(join(dir, `${talk.videoId}.json`), 'utf8')), {
      videoId: talk.videoId,
      segments: talk.segments.length,
      topics: topicIds,
    });
    if (!('data' in checked)) throw new Error(`the bench's own cache failed its check: ${checked.problem}`);
    index.add(talk, checked.data);
  }
  const loadMs = performance.now() - started;
  gc();
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1048576;

  const passages = index.passageCount;
  gc();
  const ours = latencies((q) => index.search(q.query, { limit: 10, ...(q.topic ? { topic: q.topic } : {}) }).total);

  started = performance.now();
  const extra = syntheticTalk(hours + 1, 60, vocabulary.topics);
  const extraData = buildVideoIndex(extra, vocabulary.topics, vocabulary.glossary, 'bench');
  await writeFile(join(dir, `${extra.videoId}.json`), JSON.stringify(extraData));
  index.add(extra, extraData);
  index.search('migration');
  const addMs = performance.now() - started;

  // The peer: MiniSearch over the same passages, topic stored for filtering.
  const mini = new MiniSearch<{ id: string; text: string; topic: string }>({ fields: ['text'], storeFields: ['topic'] });
  started = performance.now();
  for (const video of index.list())
    mini.addAll(video.passages.map((p, i) => ({ id: `${p.videoId}:${p.index}`, text: p.text, topic: video.topics[i] as string })));
  const miniBuildMs = performance.now() - started;
  gc();
  const peer = latencies((q) => mini.search(q.mini.q, q.mini.opts).length);

  rows.push([
    `${hours} h`,
    String(passages),
    ms(buildMs),
    `${(cacheBytes / 1048576).toFixed(1)} MB`,
    ms(loadMs),
    `${heapMb.toFixed(0)} MB`,
    ms(ours.p50),
    ms(ours.p95),
    ms(ours.topicP95),
    ms(ours.cold),
    ms(addMs),
    `${ms(miniBuildMs)} / ${ms(peer.p95)} / ${ms(peer.topicP95)}`,
    `${(peer.p95 / ours.p95).toFixed(1)}x`,
  ]);
  await rm(dir, { recursive: true, force: true });
  process.stderr.write(`${hours} h done\n`);
}

const header = [
  'library',
  'passages',
  'build',
  'cache',
  'cache load',
  'heap after load',
  'query p50',
  'query p95',
  'topic p95',
  'slowest cold query',
  'add 1 h video',
  'MiniSearch build / p95 / topic p95',
  'MiniSearch p95 ÷ ours',
];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const row of rows) console.log(line(row));
console.log(
  `\nbuild: median of ${BUILD_ROUNDS} builds of the whole library; queries: after ${WARM_UP} warm-up rounds (the slowest query of the first round is shown apart)`,
);
console.log(`query mix (${RUNS} runs each): ${QUERIES.map((q) => `${q.name} ${q.query}${q.topic ? ` [topic ${q.topic}]` : ''}`).join('; ')}`);

function latencies(run: (q: (typeof QUERIES)[number]) => number): { p50: number; p95: number; topicP95: number; cold: number } {
  const all: number[] = [];
  const topic: number[] = [];
  let cold = 0;
  for (const q of QUERIES) {
    const t = performance.now();
    run(q);
    cold = Math.max(cold, performance.now() - t);
  }
  // Then warm up as a running server is: the first queries compile the code and fill caches.
  for (let r = 0; r < WARM_UP; r++) for (const q of QUERIES) run(q);
  for (let r = 0; r < RUNS; r++) {
    for (const q of QUERIES) {
      const t = performance.now();
      run(q);
      const elapsed = performance.now() - t;
      (q.topic ? topic : all).push(elapsed);
    }
  }
  return { p50: percentile(all, 0.5), p95: percentile(all, 0.95), topicP95: percentile(topic, 0.95), cold };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

function ms(value: number): string {
  return value < 10 ? `${value.toFixed(2)} ms` : `${value.toFixed(0)} ms`;
}

{
  const n = await notesBench(vocabulary);
  console.log(`\n| notes on the 1 h sample | value |\n|---|---|`);
  console.log(`| search with ${n.notes.toLocaleString('en')} notes (kind:note), p50 / p95 | ${ms(n.p50)} / ${ms(n.p95)} |`);
  console.log(`| indexing all of them (start-up, import) | ${ms(n.notesIndexMs)} |`);
  console.log(`| one note added or edited among them (its chunk of about 256 re-indexed), median | ${ms(n.editMs)} |`);
  console.log(`| a transcript page's notes among them: read and laid out (3 a passage, a panel page of 50), median | ${ms(n.pageMs)} |`);
  console.log(`| speaker change: rebuild the video's index, median of 5 (target < 100 ms) | ${ms(n.speakerRebuildMs)} |`);
}

if (!values['no-http']) {
  // HTTP load on the shipped sample, as `npm start` serves it.
  const results = await httpLoad(
    QUERIES.filter((q) => !q.topic).map((q) => q.query),
    15,
    3,
  );
  const ceiling = results[0]?.rps ?? 1;
  console.log('\n| HTTP, 50 connections, median of 3 runs of 5 s | requests/s | p50 | p99 | errors | of the bare ceiling |');
  console.log('|---|---|---|---|---|---|');
  for (const r of results)
    console.log(`| ${r.name} | ${Math.round(r.rps)} | ${r.p50} ms | ${r.p99} ms | ${r.errors} | ${Math.round((r.rps / ceiling) * 100)}% |`);
}

if (!values['no-hostile']) await hostileBench();
