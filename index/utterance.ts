import { MAX_LEAD_SECONDS, TURN } from './breaks.js';
import { secondAt } from './passages.js';
import type { Passage } from './types.js';

/**
 * Where a link to a hit opens: at the start of the sentence or turn that holds the matched
 * words, so that playing from it hears the answer from its beginning. The one owner of that
 * rule: search results (passages and notes alike) take their second from here, and the page's
 * player adds its own lead of a few seconds on top (public/player.js).
 *
 * The rule, for the matched word said at second T (Passage.utterances holds the starts that
 * index/breaks.ts found from punctuation, turns and pauses):
 * 1. the last turn (a new voice, an answer after a question, words after a long silence) that
 *    begins at or before the word and at most MAX_LEAD_SECONDS before T: the whole answer;
 * 2. else the last sentence that begins so: the whole sentence;
 * 3. else, where nothing says where the sentence began within reach (a long sentence, captions
 *    with neither punctuation nor pauses), the first cue or word that starts at most
 *    GUESS_LEAD_SECONDS before T;
 * 4. never before the passage's own start, except for an utterance that was under way when the
 *    passage began (in rules 1 and 2: the sentence truly began in the passage before).
 * T is the matched word's own second where words are timed; in a cue without word times, the
 * moment its characters' share of the cue gives (only to bound the lead: a link still opens at
 * a cue's start, where the captions place words).
 */

/**
 * How far back a link goes where nothing says where the sentence began: most spoken sentences
 * are said within eight seconds (about twenty words), so this lands before the start of most
 * of them; the two seconds left of MAX_LEAD_SECONDS absorb the error of T itself (a word's
 * place in an untimed cue, a moment a person marked a word or two later).
 */
const GUESS_LEAD_SECONDS = 8;

type Timed = Pick<Passage, 'start' | 'end' | 'text' | 'anchors' | 'utterances'>;

/**
 * The second a link to the character at `offset` of a passage opens at.
 *
 * @example utteranceStart(passage, 120) // 341.6: "so the answer is posted interrupts", not "posted" at 344.9
 */
export function utteranceStart(passage: Timed, offset: number): number {
  const said = spokenAt(passage, offset);
  const earliest = said - MAX_LEAD_SECONDS;
  const began = latestStart(passage.utterances, earliest, (at) => at <= offset);
  if (began !== undefined) return Math.min(began, said);
  const guess = said - GUESS_LEAD_SECONDS;
  const { anchors } = passage;
  for (let k = 0; k < anchors.length && (anchors[k] as number) <= offset; k += 2) {
    const second = anchors[k + 1] as number;
    if (second >= guess) return Math.min(second, said);
  }
  // A cue longer than that, untimed within: its words said about then.
  return Math.max(secondAt(passage, offset), guess);
}

/**
 * The second a link to moment `second` of a passage opens at (a note's): the start of the turn
 * or sentence under way then, if one is known to have begun at most MAX_LEAD_SECONDS before;
 * else the moment itself, which a person chose. A moment within NEAR_START_SECONDS of an
 * utterance's start is at that start already ("note here", a player paused on the first word,
 * a time typed to the second) and is kept as written.
 *
 * @example utteranceStartAt(passage, 347) // 341.6, when the answer began at 341.6
 */
export function utteranceStartAt(passage: Pick<Passage, 'utterances'>, second: number): number {
  const utterances = passage.utterances ?? [];
  for (let k = 1; k < utterances.length; k += 3) if (Math.abs((utterances[k] as number) - second) <= NEAR_START_SECONDS) return second;
  return latestStart(utterances, second - MAX_LEAD_SECONDS, (_, start) => start <= second) ?? second;
}

/** A moment this close to an utterance's start is taken as that start. */
const NEAR_START_SECONDS = 1;

/** Rules 1 and 2: the last turn, else the last sentence, that `before` admits and that began at `earliest` or later. */
function latestStart(utterances: readonly number[] | undefined, earliest: number, before: (offset: number, second: number) => boolean): number | undefined {
  let sentence: number | undefined;
  let turn: number | undefined;
  for (let k = 0; utterances && k < utterances.length; k += 3) {
    const offset = utterances[k] as number;
    const second = utterances[k + 1] as number;
    if (!before(offset, second)) break;
    if (second < earliest) continue;
    sentence = second;
    if (utterances[k + 2] === TURN) turn = second;
  }
  return turn ?? sentence;
}

/**
 * The second the character at `offset` was said: its word's, where words are timed; in an
 * untimed cue, its share of the way from the cue's start to the next cue's (or the passage's end).
 */
function spokenAt(passage: Timed, offset: number): number {
  const { anchors } = passage;
  let k = 0;
  while (k + 2 < anchors.length && (anchors[k + 2] as number) <= offset) k += 2;
  const from = anchors[k];
  if (from === undefined || from > offset) return passage.start;
  const last = k + 2 >= anchors.length;
  const to = last ? passage.text.length : (anchors[k + 2] as number);
  const start = anchors[k + 1] as number;
  const end = last ? passage.end : (anchors[k + 3] as number);
  return to > from && end > start ? start + ((end - start) * (offset - from)) / (to - from) : start;
}
