import type { Segment, TranscriptRecord } from '../../server/transcript/types.js';
import type { TestApp } from './testApp.js';
import { transcript } from './records.js';

/**
 * Transcripts no one would caption by hand but anyone can import: a whole talk in one cue, and
 * a talk of long cues that all say the query word, with a title and a speaker name far longer
 * than any real one. Search answers about them must stay small (issue 10, finding 7).
 */
export const HUGE_QUERY = 'qq';
export const ONE_CUE = 'OneCue00001';
export const LONG_CUES = 'LongCues001';

const WORDS = ['the', 'guest', 'memory', 'device', 'driver', 'kernel', 'queue', 'patch', 'review', 'upstream', 'interrupt', 'latency'];

/** About `chars` characters of words, the query word every `every` words. */
export function wordsOf(chars: number, every: number, seed = 0): string {
  const out: string[] = [];
  let length = 0;
  for (let i = 0; length < chars; i++) {
    const word = i % every === every - 1 ? HUGE_QUERY : (WORDS[(i * 7 + seed) % WORDS.length] as string);
    out.push(word);
    length += word.length + 1;
  }
  return out.join(' ');
}

/** One cue of about 2 MB from 10 s to 3,010 s. */
export const oneCue = (): TranscriptRecord =>
  transcript(ONE_CUE, [{ start: 10, duration: 3000, text: wordsOf(2_000_000, 40) }], { title: `A talk in one cue ${'and on '.repeat(20_000)}` });

/** 200 cues of 5,000 characters each, 20 s apart, every one saying the query word often, under one very long speaker name. */
export const longCues = (): TranscriptRecord => {
  const speaker = `Speaker ${'Name'.repeat(5_000)}`;
  const segments: Segment[] = Array.from({ length: 200 }, (_, i) => ({ start: i * 20, duration: 19, text: wordsOf(5_000, 5, i), speaker }));
  return transcript(LONG_CUES, segments, { title: 'Long cues' });
};

/** Both talks in the app's library, and ten 10,000-character notes saying the query word on each. */
export async function addHugeTalks(app: TestApp): Promise<void> {
  for (const record of [oneCue(), longCues()]) {
    await app.catalog.add(record);
    for (let i = 0; i < 10; i++) await app.notes.add(record.videoId, { start: 30 + i, text: wordsOf(9_990, 3, i) });
  }
}
