import fc from 'fast-check';
import { compileGlossary, stem, tokenize } from '../index/analyze.js';
import { buildVideoIndex } from '../index/build.js';
import { Closeness } from '../index/closeness.js';
import type { CompiledClause } from '../index/compile.js';
import { SearchIndex } from '../index/searchIndex.js';
import { loadVocabulary } from '../server/search/vocabulary.js';
import type { TranscriptRecord } from '../server/transcript/types.js';
import { closenessTwin } from './support/closenessTwin.js';
import { transcript } from './support/records.js';

/**
 * Ranking by closeness (index/closeness.ts): passages saying the query's words together, as
 * typed, come before those saying them apart or in other forms, whatever the words' counts.
 * Small talks of our own; each line is one passage (20 s of speech, 10 s of silence).
 */

const vocabulary = loadVocabulary();
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const RUNS = Math.max(1, Math.round((200 * Number(process.env.FUZZ_RUNS ?? 1000)) / 1000));

/** A talk whose line k is said from 30k s for 20 s: one passage a line. */
function talk(videoId: string, lines: string[]): TranscriptRecord {
  return transcript(
    videoId,
    lines.map((text, k) => ({ start: k * 30, duration: 20, text })),
    { title: videoId },
  );
}

function libraryOf(...records: TranscriptRecord[]): SearchIndex {
  const index = new SearchIndex(vocabulary.topics, vocabulary.glossary);
  for (const record of records) index.add(record, buildVideoIndex(record, vocabulary.topics, vocabulary.glossary, `test-${record.videoId}`));
  return index;
}

/** The passages found, as `videoId@line`, best first. */
function ranked(index: SearchIndex, query: string): string[] {
  return index.search(query, { limit: 100 }).results.map((r) => `${r.videoId}@${r.start / 30}`);
}

/** "code" and "review" three times each, never within four words of each other. */
const SCATTERED =
  'review happens first, after that people talk about naming for a long time, then the code lands, ' +
  'weeks later people read that code once more, much later there is another review of everything that happened in between, ' +
  'and finally the code is rewritten from scratch before one final review';

describe('ranking by closeness', () => {
  it('puts the words said together and as typed first, then in other forms, then scattered', () => {
    const index = libraryOf(talk('ReviewTalk1', [SCATTERED, 'we rely on code review for every change', 'code reviews are slow when nobody has time']));
    expect(ranked(index, 'code review')).toEqual(['ReviewTalk1@1', 'ReviewTalk1@2', 'ReviewTalk1@0']);
    // Both words are said three times in the scattered passage, once elsewhere: by the words' scores alone it would come first.
    expect(SCATTERED.match(/\bcode\b/g)).toHaveLength(3);
    expect(SCATTERED.match(/\breview\b/g)).toHaveLength(3);
  });

  it('ranks "live migration" said so above "live migrate … migrated" said more often', () => {
    const index = libraryOf(
      talk('Migration01', [
        'you live migrate the guest, and once it migrated you check that the migrated guest still runs',
        'live migration needs the same cpu model on both hosts',
      ]),
    );
    expect(ranked(index, 'live migration')).toEqual(['Migration01@1', 'Migration01@0']);
  });

  it('ranks words within a few words of each other above words far apart', () => {
    const index = libraryOf(
      talk('Nearness001', [
        'the guest runs as usual while the hypervisor keeps every page of its memory encrypted',
        'memory for each guest is encrypted by the processor',
      ]),
    );
    expect(ranked(index, 'encrypted guest')).toEqual(['Nearness001@1', 'Nearness001@0']);
  });

  it('counts the stop words typed between the words', () => {
    const index = libraryOf(talk('StopWords01', ['state and art of the cpu', 'the state of the art in fuzzing']));
    expect(ranked(index, 'state of the art')).toEqual(['StopWords01@1', 'StopWords01@0']);
  });

  it('keeps the meaning of a quoted phrase and ranks it said as typed first', () => {
    const index = libraryOf(talk('Quoted00001', ['we live migrated it twice', 'live migration is hard', 'migration live, or not']));
    // The phrase holds by its stems where its words stand together; "migration live" is not it.
    expect(ranked(index, '"live migration"')).toEqual(['Quoted00001@1', 'Quoted00001@0']);
  });

  it('scores the same passage alike in two videos, whatever else they hold', () => {
    const line = 'we rely on code review for every change';
    const index = libraryOf(talk('SameOne0001', [line]), talk('SameTwo0001', ['nothing here', 'code and more code', line]));
    const scores = index.search('code review', { limit: 10 }).results.filter((r) => r.start === 0 || r.start === 60);
    expect(scores.map((r) => r.videoId).sort()).toEqual(['SameOne0001', 'SameTwo0001']);
    expect(scores[0]?.score).toBe(scores[1]?.score);
  });
});

describe('Closeness.weigh', () => {
  const glossary = compileGlossary({});
  /** Wanted clauses of one word each, as compile.ts makes them where the library says the words in several forms. */
  const clausesOf = (words: string[]): CompiledClause[] =>
    words.map((w, order) => ({ presence: 'optional', forms: [{ groups: [[stem(w)]] }], typed: { order, said: [w], before: [] } }));
  const weigh = (query: string[], text: string): number => {
    const tokens = tokenize(text, glossary);
    return (Closeness.of(clausesOf(query)) as Closeness).weigh(
      tokens,
      tokens.map((t) => stem(t.word)),
    );
  };

  it.each<[string, number]>([
    ['code review', 4.5],
    [SCATTERED, 1.5],
    ['code reviews', 1 + 3 * 0.6 + 0.25],
    ['review code', 1 + 3 * 0.3 + 0.5],
    ['code, as always, gets a review', 1 + 3 * 0.3 + 0.5],
    ['code is what we write all day, and then someone has to review it', 1.5],
    ['code', 1.25],
  ])('weighs %j for "code review" at %d', (text, weight) => {
    expect(weigh(['code', 'review'], text)).toBeCloseTo(weight, 10);
  });

  // The brute-force twin: every two places compared, however many (closeness.ts switches to one pass past a few).
  it('agrees with every pair of places compared, however often the words are said', () => {
    const WORDS = ['guest', 'guests', 'migration', 'migrate', 'live', 'other'];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...WORDS), { maxLength: 200 }),
        fc.array(fc.constantFrom('guest', 'migration', 'live'), { minLength: 1, maxLength: 3 }),
        (words, query) => {
          const expected = closenessTwin(
            words,
            query.map((q) => ({ stems: [stem(q)], said: q })),
          );
          expect(weigh(query, words.join(' '))).toBeCloseTo(expected, 10);
        },
      ),
      { seed: SEED, numRuns: RUNS },
    );
  });

  it('has nothing to weigh for one word any form of which will do', () => {
    expect(Closeness.of([{ presence: 'optional', forms: [{ groups: [['virtio', 'virtual']] }], typed: { order: 0, before: [] } }])).toBeUndefined();
    expect(Closeness.of([{ presence: 'prohibited', forms: [{ groups: [['code']] }] }])).toBeUndefined();
  });
});
