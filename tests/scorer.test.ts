import fc from 'fast-check';
import { compileGlossary, stem } from '../index/analyze.js';
import { buildShard, INDEX_FORMAT_VERSION, spokenWords, type VideoIndexData } from '../index/build.js';
import { SearchError } from '../index/errors.js';
import { toNotePassages } from '../index/notePassages.js';
import { Scratch } from '../index/scorer.js';
import { SearchIndex } from '../index/searchIndex.js';
import type { SearchOptions } from '../index/searchTypes.js';
import { idf, tfWeight } from '../index/shard.js';
import type { Passage, TopicId, TopicVocabulary } from '../index/types.js';
import { closenessTwin } from './support/closenessTwin.js';

/**
 * The scorer (index/scorer.ts) against a brute-force twin: the formula of index/shard.ts
 * (BM25 with b = 0, library-wide idf) worked out document by document, with no shard, no
 * posting list, no bit mask, then weighed by closeness (index/closeness.ts) word pair by word
 * pair, on random small libraries and queries.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20261130);
const RUNS = Math.max(1, Math.round((300 * Number(process.env.FUZZ_RUNS ?? 1000)) / 1000));

const glossary = compileGlossary({});
const topic = (id: string) => ({ id, label: id, description: '', terms: {}, phrases: {} });
const vocabulary: TopicVocabulary = { fallback: { id: 'general', label: 'general', description: '' }, topics: [topic('red'), topic('blue')] };
const TOPICS: TopicId[] = ['red', 'blue', 'general'];
// Words of which some share a stem (migrate, migration, migrating: `migrat`) and some a prefix
// but not a stem (`virt*`: virtio, virtual), none a stop word.
const WORDS = ['alpha', 'bravo', 'migrate', 'migration', 'migrating', 'guest', 'guests', 'virtio', 'virtual'];

interface RandomVideo {
  passages: { words: string[]; topic: TopicId }[];
  notes: string[][];
}

const videoArb: fc.Arbitrary<RandomVideo> = fc.record({
  passages: fc.array(fc.record({ words: fc.array(fc.constantFrom(...WORDS), { maxLength: 8 }), topic: fc.constantFrom(...TOPICS) }), {
    minLength: 1,
    maxLength: 6,
  }),
  notes: fc.array(fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 4 }), { maxLength: 3 }),
});
/** A word, or a prefix of it (`mig*`: a group of alternatives), plain, +required or -excluded. */
const clauseArb = fc.record({
  word: fc.constantFrom(...WORDS),
  sign: fc.constantFrom('', '', '+', '-'),
  prefix: fc.option(fc.integer({ min: 2, max: 7 }), { freq: 3 }),
});
type RandomClause = { word: string; sign: string; prefix: number | null };
const typed = (c: RandomClause): string => `${c.sign}${c.prefix === null ? c.word : `${c.word.slice(0, c.prefix)}*`}`;
const queryArb = fc.array(clauseArb, { minLength: 1, maxLength: 4 });
const optionsArb: fc.Arbitrary<SearchOptions> = fc.oneof(
  fc.constant({}),
  fc.record({ topic: fc.constantFrom(...TOPICS) }),
  fc.record({ kind: fc.constantFrom('transcript' as const, 'note' as const) }),
);

const videoId = (v: number): string => `video${String(v).padStart(6, '0')}`;

/** A document of the reference: its key, its words' stems, and what filters look at. */
interface Doc {
  key: string;
  videoId: string;
  kind: 'transcript' | 'note';
  topic: TopicId;
  words: string[];
  stems: string[];
}

function libraryOf(videos: RandomVideo[]): { index: SearchIndex; docs: Doc[] } {
  const index = new SearchIndex(vocabulary, glossary);
  const docs: Doc[] = [];
  videos.forEach((video, v) => {
    const id = videoId(v);
    const passages: Passage[] = video.passages.map((p, i) => ({
      videoId: id,
      index: i,
      start: i * 30,
      end: i * 30 + 20,
      text: p.words.join(' '),
      segments: [i, i + 1],
      anchors: [0, i * 30],
      speaker: null,
    }));
    const topics = video.passages.map((p) => p.topic);
    const shards: VideoIndexData['shards'] = {};
    for (const t of new Set(topics))
      shards[t] = buildShard(
        passages.filter((_, i) => topics[i] === t),
        glossary,
      );
    index.add(
      { videoId: id, title: id },
      { format: INDEX_FORMAT_VERSION, key: 'test', videoId: id, passages, topics, chapters: [], shards, words: spokenWords(passages, glossary) },
    );
    video.passages.forEach((p, i) =>
      docs.push({ key: `${id}/${i}`, videoId: id, kind: 'transcript', topic: p.topic, words: p.words, stems: p.words.map(stem) }),
    );
    // A note at the start of passage k is in passage k's topic.
    const notes = video.notes.map((words, k) => ({ id: `note${k}`, videoId: id, start: (k % passages.length) * 30, text: words.join(' '), tags: [] }));
    index.setNotes(id, toNotePassages(notes));
    notes.forEach((n, k) =>
      docs.push({
        key: `${id}/note/${n.id}`,
        videoId: id,
        kind: 'note',
        topic: topics[k % passages.length] as TopicId,
        words: video.notes[k] ?? [],
        stems: video.notes[k]?.map(stem) ?? [],
      }),
    );
  });
  return { index, docs };
}

/** The rule of index/scorer.ts, one document at a time. */
function reference(docs: Doc[], query: RandomClause[], options: SearchOptions): { hits: Map<string, number>; relaxed: boolean } | 'refused' {
  // A prefix stands for the stems of every word of the library that starts with it; the best one found counts.
  const spoken = new Set(docs.flatMap((d) => d.words));
  const clauses = query.map(({ word, sign, prefix }) => ({
    stems: prefix === null ? [stem(word)] : [...new Set([...spoken].filter((w) => w.startsWith(word.slice(0, prefix))).map(stem))],
    presence: sign === '+' ? 'required' : sign === '-' ? 'prohibited' : 'optional',
    // A prefix prefers no form of its words, nor does a word the library says one way only.
    said: prefix === null && [...spoken].some((w) => w !== word && stem(w) === stem(word)) ? word : undefined,
  }));
  const tf = (doc: Doc, s: string): number => doc.stems.filter((x) => x === s).length;
  const idfOf = (s: string): number => idf(docs.filter((d) => tf(d, s) > 0).length, docs.length);
  const scoreOf = (doc: Doc, stems: string[]): number => Math.max(0, ...stems.filter((s) => tf(doc, s) > 0).map((s) => idfOf(s) * tfWeight(tf(doc, s))));
  const units = clauses.filter((c) => c.presence !== 'prohibited');
  const allowed = docs.filter((d) => (!options.kind || d.kind === options.kind) && (!options.topic || d.topic === options.topic));
  if (clauses.every((c) => c.presence === 'prohibited')) {
    // No word wanted: with a filter, every document it allows but those saying an excluded word, unscored.
    if (!options.kind && !options.topic) return 'refused';
    const listed = allowed.filter((d) => !clauses.some((c) => c.stems.some((s) => tf(d, s) > 0)));
    return { hits: new Map(listed.map((d) => [d.key, 0])), relaxed: false };
  }
  const run = (strict: boolean): Map<string, number> => {
    const hits = new Map<string, number>();
    for (const doc of allowed) {
      const matches = clauses.map((c) => c.stems.some((s) => tf(doc, s) > 0));
      const required = clauses.every((c, i) => matches[i] || !(c.presence === 'required' || (strict && c.presence === 'optional')));
      const excluded = clauses.some((c, i) => matches[i] && c.presence === 'prohibited');
      const wanted = clauses.some((c, i) => matches[i] && c.presence !== 'prohibited');
      if (!required || excluded || !wanted) continue;
      const words = clauses.reduce((sum, c, i) => (matches[i] && c.presence !== 'prohibited' ? sum + scoreOf(doc, c.stems) : sum), 0);
      hits.set(doc.key, words * closenessTwin(doc.words, units));
    }
    return hits;
  };
  const strict = run(true);
  if (strict.size || clauses.filter((c) => c.presence === 'optional').length < 2) return { hits: strict, relaxed: false };
  const relaxed = run(false);
  return { hits: relaxed, relaxed: relaxed.size > 0 };
}

describe('the scorer against a brute-force reference', () => {
  it('finds the same documents with the same scores, ranked by them, on random small libraries', () => {
    fc.assert(
      fc.property(fc.array(videoArb, { minLength: 1, maxLength: 3 }), queryArb, optionsArb, (videos, query, options) => {
        const { index, docs } = libraryOf(videos);
        const text = query.map(typed).join(' ');
        const expected = reference(docs, query, options);
        if (expected === 'refused') {
          expect(() => index.search(text, options)).toThrow(SearchError);
          return;
        }
        const response = index.search(text, { ...options, limit: 1000 });
        const found = response.results.map((r) => ({ key: r.kind === 'note' ? `${r.videoId}/note/${r.noteId}` : `${r.videoId}/${r.passage}`, score: r.score }));
        expect(response.total).toBe(expected.hits.size);
        expect(found.map((f) => f.key).sort()).toEqual([...expected.hits.keys()].sort());
        expect(response.relaxed === true).toBe(expected.relaxed);
        // Scores are shown to three decimals; the shards keep tf weights as 32-bit floats.
        for (const f of found) expect(Math.abs(f.score - (expected.hits.get(f.key) as number))).toBeLessThan(0.0015);
        // Best first: the reference's scores never rise along our order (but for float noise).
        const scores = found.map((f) => expected.hits.get(f.key) as number);
        scores.forEach((s, k) => k === 0 || expect(s).toBeLessThanOrEqual((scores[k - 1] as number) + 1e-6));
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });
});

describe('the scorer over a long life', () => {
  it('answers the same once its stamps have passed 2^31 as before', () => {
    const videos: RandomVideo[] = [0, 1].map((v) => ({
      passages: Array.from({ length: 40 }, (_, i) => ({
        words: [WORDS[(i + v) % WORDS.length] as string, WORDS[(i * 3) % WORDS.length] as string],
        topic: TOPICS[i % 3] as TopicId,
      })),
      notes: [['guest', 'alpha']],
    }));
    const { index } = libraryOf(videos);
    const queries = ['guest alpha', '+migrate -bravo', 'charlie guests', 'migrat* alpha'];
    const before = queries.map((q) => index.search(q, { limit: 100 }));
    // The index's own scratch arrays, their stamps moved to the edge of what an Int32Array holds.
    const scratch = (index as unknown as { scratch: Scratch }).scratch;
    scratch.shardStamp = 0x7fffffff - 3;
    scratch.groupStamp = 0x7fffffff - 5;
    for (let round = 0; round < 3; round++) expect(queries.map((q) => index.search(q, { limit: 100 }))).toEqual(before);
    expect(scratch.shardStamp).toBeLessThan(100);
  });
});
