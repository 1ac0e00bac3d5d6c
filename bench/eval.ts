import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadVocabulary } from '../server/search/vocabulary.js';
import { openServices } from '../server/services/open.js';
import { formatTime } from '../server/time.js';
import { scoreQuery, speakerScore, topicAccuracy, type LabelledStretch, type SpeakerStretch } from './evalScore.js';

/**
 * `npm run eval -- DIR`: scores every labelled talk in DIR (the format of ../shared/eval: NAME.vtt
 * and/or NAME.asr.vtt, NAME.labels.json, NAME.asr.labels.json, NAME.queries.json) as a user meets
 * it: each caption file is imported into a temporary library, then its chapters are compared
 * with the labels second by second and its queries are searched. Prints per talk and overall,
 * with every miss and what came back instead. It reads any folder, so it scores talks it has
 * never seen; it asserts nothing.
 */
interface Query {
  query: string;
  topic: string;
  at: number;
  at_asr?: number;
}

interface Variant {
  name: string;
  captions: string;
  labels: LabelledStretch[];
  queries: { query: string; topic: string; at: number }[];
  /** NAME.speakers.json (NAME.asr.speakers.json for auto-captions), with NAME.roster.json ({roster, moderator}) where given. */
  speakers?: { labels: SpeakerStretch[]; roster?: string[]; moderator?: string };
}

const dir = resolve(process.argv[2] ?? '../shared/eval');
if (!existsSync(dir)) {
  process.stderr.write(`eval: no folder ${dir}\n`);
  process.exit(2);
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** Every talk in the folder, in its clean and auto-caption styles where both are there. */
function variants(): Variant[] {
  const found: Variant[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.labels.json') && !f.endsWith('.asr.labels.json'))
    .sort()) {
    const name = file.slice(0, -'.labels.json'.length);
    const queries = existsSync(join(dir, `${name}.queries.json`)) ? readJson<Query[]>(join(dir, `${name}.queries.json`)) : [];
    if (existsSync(join(dir, `${name}.vtt`)))
      found.push({
        name,
        captions: join(dir, `${name}.vtt`),
        labels: readJson(join(dir, file)),
        queries: queries.map(({ query, topic, at }) => ({ query, topic, at })),
        ...speakersOf(name, ''),
      });
    if (existsSync(join(dir, `${name}.asr.vtt`)) && existsSync(join(dir, `${name}.asr.labels.json`)))
      found.push({
        name: `${name} (auto-captions)`,
        captions: join(dir, `${name}.asr.vtt`),
        labels: readJson(join(dir, `${name}.asr.labels.json`)),
        queries: queries.filter((q) => q.at_asr !== undefined).map(({ query, topic, at_asr }) => ({ query, topic, at: at_asr as number })),
        ...speakersOf(name, '.asr'),
      });
  }
  return found;
}

/** A talk's labelled speakers and its roster, where the folder has them. */
function speakersOf(name: string, style: '' | '.asr'): Pick<Variant, 'speakers'> {
  const file = join(dir, `${name}${style}.speakers.json`);
  if (!existsSync(file)) return {};
  const rosterFile = join(dir, `${name}.roster.json`);
  const given = existsSync(rosterFile) ? readJson<{ roster?: string[]; moderator?: string | null }>(rosterFile) : {};
  return {
    speakers: {
      labels: readJson(file),
      ...(given.roster ? { roster: given.roster } : {}),
      ...(given.moderator ? { moderator: given.moderator } : {}),
    },
  };
}

const talks = variants();
if (!talks.length) {
  process.stderr.write(`eval: no labelled talk in ${dir} (NAME.vtt with NAME.labels.json)\n`);
  process.exit(2);
}

const scratch = await mkdtemp(join(tmpdir(), 'panelnotes-eval-'));
const services = await openServices({
  libraryDir: join(scratch, 'library'),
  cacheDir: join(scratch, 'cache'),
  vocabulary: loadVocabulary(),
  dbFile: join(scratch, 'notes.db'),
});
const totals = { right: 0, seconds: 0, hits: 0, precise: 0, queries: 0 };
const speakerLines: string[] = [];
const pct = (n: number, d: number): string => (d ? `${((100 * n) / d).toFixed(0)}%` : '-');
try {
  for (const [i, talk] of talks.entries()) {
    const videoId = `eval${String(i).padStart(7, '0')}`;
    await services.imports.file(readFileSync(talk.captions), talk.captions, videoId, { title: talk.name });
    const view = services.catalog.get(videoId);
    const accuracy = topicAccuracy(talk.labels, view.chapters);
    const misses: string[] = [];
    let hits = 0;
    let precise = 0;
    for (const q of talk.queries) {
      const results = services.catalog.search(q.query, { video: videoId, limit: 3 }).results;
      const score = scoreQuery(results, q.at, q.topic);
      if (score.hit) hits++;
      if (score.precise) precise++;
      if (!score.hit || !score.precise) {
        const got = results.map((r) => `${formatTime(r.at)} ${r.topic} (${formatTime(r.start)}-${formatTime(r.end)})`).join('; ') || 'nothing';
        misses.push(`  ${score.hit ? 'imprecise' : 'miss'}: "${q.query}" wants ${q.topic} at ${formatTime(q.at)}; got ${got}`);
      }
    }
    totals.right += accuracy.right;
    totals.seconds += accuracy.seconds;
    totals.hits += hits;
    totals.precise += precise;
    totals.queries += talk.queries.length;
    console.log(
      `${talk.name}: topic ${pct(accuracy.right, accuracy.seconds)} of ${accuracy.seconds} s; hits ${hits}/${talk.queries.length}; precise jumps ${precise}/${talk.queries.length}; ${view.chapters.length} chapters`,
    );
    for (const line of misses) console.log(line);
    if (talk.speakers) {
      const { labels, roster, moderator } = talk.speakers;
      const suggested = await services.speakers.suggest(videoId, { ...(roster ? { roster } : {}), ...(moderator ? { moderator } : {}) });
      const s = speakerScore(labels, suggested.turns);
      const line = `${talk.name}: speakers right ${pct(s.right, s.seconds)} of ${s.seconds} s; named ${pct(s.named, s.seconds)}, unknown ${pct(s.unknown, s.seconds)}; precision of named seconds ${pct(s.right, s.named)}`;
      console.log(`  ${line}`);
      speakerLines.push(line);
    }
  }
  console.log(
    `\noverall (${talks.length} talk files): topic ${pct(totals.right, totals.seconds)} of ${totals.seconds} s; ` +
      `hits ${totals.hits}/${totals.queries} (${pct(totals.hits, totals.queries)}); precise ${totals.precise}/${totals.queries} (${pct(totals.precise, totals.queries)})`,
  );
  console.log('goals: topic >= 90%; hits (top 3, +-10 s, right topic) >= 90%; precise jumps (link from 10 s before to 3 s after the moment) >= 85%');
  if (speakerLines.length) {
    console.log(`\nspeaker suggestions (${speakerLines.length} talk files with NAME.speakers.json):\n${speakerLines.join('\n')}`);
    console.log('goals: on captions with >> turns and a roster, precision of named seconds >= 90% and >= 70% of seconds named');
  }
} finally {
  await services.close();
  await rm(scratch, { recursive: true, force: true });
}
