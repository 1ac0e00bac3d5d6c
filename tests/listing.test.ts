import { buildVideoIndex } from '../index/build.js';
import { SearchError } from '../index/errors.js';
import { LISTING_NOTICE } from '../index/listing.js';
import { toNotePassages } from '../index/notePassages.js';
import type { SearchOptions, SearchResult } from '../index/searchTypes.js';
import { SearchIndex } from '../index/searchIndex.js';
import { loadVocabulary } from '../server/search/vocabulary.js';
import type { TranscriptRecord } from '../server/transcript/types.js';
import { transcript } from './support/records.js';

/**
 * Queries of filters alone (index/listing.ts): `speaker:NAME`, `topic:security`,
 * `topic:hardware video:ID` list the passages they allow in time order, paged like any other
 * answer, instead of "nothing to search for". Invented speakers on small talks of our own.
 */

const vocabulary = loadVocabulary();
const VARGA = 'Ines Varga';
const LINDQVIST = 'Tomas Lindqvist';

/** A talk whose line k is said by `speaker` from 30k s for 20 s: one passage a line. */
function talk(videoId: string, lines: [string, string][]): TranscriptRecord {
  return transcript(
    videoId,
    lines.map(([speaker, text], k) => ({ start: k * 30, duration: 20, text, speaker })),
    { title: videoId },
  );
}

const FIRST = talk('ListingOne1', [
  [VARGA, 'seccomp and selinux confine the emulator so an escape is contained'],
  [LINDQVIST, 'posted interrupts and apicv cut the exits of a busy guest'],
  [VARGA, 'a malicious guest attacks the device models, so we fuzz them'],
  [LINDQVIST, 'nested paging and large pages reduce tlb misses on new processors'],
  [VARGA, 'patches go to the mailing list and wait for review'],
]);
const SECOND = talk('ListingTwo1', [
  [LINDQVIST, 'memory encryption on new hardware hides guest memory from the host'],
  [VARGA, 'the attack surface shrinks when legacy devices are removed'],
]);

const index = new SearchIndex(vocabulary.topics, vocabulary.glossary);
for (const record of [SECOND, FIRST]) index.add(record, buildVideoIndex(record, vocabulary.topics, vocabulary.glossary, `test-${record.videoId}`));
index.setNotes('ListingOne1', toNotePassages([{ id: 'n1', videoId: 'ListingOne1', start: 60, text: 'ask about fuzzing', tags: [] }]));

const all = (query: string, options: SearchOptions = {}) => index.search(query, { limit: 100, ...options });
/** The documents listed, as `videoId@second` (`note` for a note), in the order given. */
const listed = (results: SearchResult[]): string[] => results.map((r) => `${r.videoId}@${r.start}${r.kind === 'note' ? ' note' : ''}`);
/** The passages of both videos (in video order, then time) that `keep` allows. */
function passagesWhere(keep: (videoId: string, line: number, topic: string, speaker: string) => boolean): string[] {
  return [FIRST, SECOND].flatMap((record) => {
    const video = index.get(record.videoId);
    return record.segments.flatMap((s, k) => (keep(record.videoId, k, video?.topics[k] ?? '', s.speaker ?? '') ? [`${record.videoId}@${s.start}`] : []));
  });
}

describe('a query of filters alone', () => {
  it('has one passage per line, each in a topic', () => {
    expect(index.get('ListingOne1')?.passages.map((p) => p.start)).toEqual([0, 30, 60, 90, 120]);
    expect(index.get('ListingTwo1')?.passages.map((p) => p.start)).toEqual([0, 30]);
  });

  it('speaker: lists that speaker’s passages, video by video in time order, and says so', () => {
    const response = all('speaker:varga');
    expect(listed(response.results)).toEqual(passagesWhere((_v, _k, _t, speaker) => speaker === VARGA));
    expect(response.total).toBe(4);
    expect(response.notice).toBe(LISTING_NOTICE);
    for (const r of response.results) expect(r).toMatchObject({ speaker: VARGA, score: 0, at: r.start, excerpt: { marks: [] } });
  });

  it('topic: lists the passages of that topic in time order, and the notes made in them', () => {
    const topic = index.get('ListingOne1')?.topics[0] as string;
    const response = all(`topic:${topic} kind:transcript`);
    const expected = passagesWhere((_v, _k, t) => t === topic);
    expect(expected.length).toBeGreaterThan(0);
    expect(listed(response.results)).toEqual(expected);
    expect(response.topics).toEqual({ [topic]: expected.length });
    // The note is at 1:00, in the passage of line 2.
    const noteTopic = index.get('ListingOne1')?.topics[2] as string;
    expect(listed(all(`topic:${noteTopic} kind:note`).results)).toEqual(['ListingOne1@60 note']);
  });

  it('topic: and video: together list the passages of that topic in that video', () => {
    const topic = index.get('ListingTwo1')?.topics[0] as string;
    expect(listed(all(`topic:${topic} video:ListingTwo1`).results)).toEqual(passagesWhere((v, _k, t) => v === 'ListingTwo1' && t === topic));
  });

  it('video: alone lists its passages and notes, a note after the passage it was made at', () => {
    expect(listed(all('video:ListingOne1').results)).toEqual([
      'ListingOne1@0',
      'ListingOne1@30',
      'ListingOne1@60',
      'ListingOne1@60 note',
      'ListingOne1@90',
      'ListingOne1@120',
    ]);
    expect(listed(all('kind:note').results)).toEqual(['ListingOne1@60 note']);
  });

  it('leaves out the passages saying an excluded word', () => {
    expect(listed(all('speaker:varga -guest').results)).toEqual(['ListingOne1@0', 'ListingOne1@120', 'ListingTwo1@30']);
  });

  it('lists from filters given as options too (a --speaker flag, the API’s speaker=)', () => {
    expect(listed(all('', { speaker: 'lindqvist' }).results)).toEqual(passagesWhere((_v, _k, _t, speaker) => speaker === LINDQVIST));
  });

  it('pages through the list exactly once, keeping the total', () => {
    const whole = all('speaker:varga');
    const pages = [0, 2].map((offset) => index.search('speaker:varga', { limit: 2, offset }));
    expect(pages.map((p) => p.total)).toEqual([4, 4]);
    expect(pages.flatMap((p) => p.results)).toEqual(whole.results);
  });

  it('lists nothing, without refusing, for a speaker nobody is', () => {
    expect(all('speaker:nobody')).toMatchObject({ total: 0, results: [], notice: LISTING_NOTICE });
  });

  it('still refuses a query with neither words nor filters', () => {
    expect(() => index.search('-guest')).toThrow(SearchError);
    expect(() => index.search('the of')).toThrow(/nothing to search for/);
  });
});
