import { MAX_LEAD_SECONDS } from './breaks.js';
import { secondAt } from './passages.js';
import type { Passage } from './types.js';

/**
 * Where a link to a hit opens: at the start of the sentence or utterance that holds the matched
 * words, so that playing from it hears the answer from its beginning. The one owner of that
 * rule: search results (passages and notes alike) take their second from here, and the page's
 * player adds its own lead of a few seconds on top (public/player.js).
 *
 * The rule, for the matched word said at second T:
 * 1. the last utterance start (Passage.utterances, found from punctuation, turns and pauses by
 *    index/breaks.ts) at or before the word, if it lies at most MAX_LEAD_SECONDS before T;
 * 2. else, where nothing says where the sentence began within reach (long sentences, captions
 *    with neither punctuation nor pauses), the first cue or word that starts at most
 *    MAX_LEAD_SECONDS before T: as much of the sentence as the limit allows, from a cue's start;
 * 3. never before the passage's own start, except for an utterance that was under way when the
 *    passage began (rule 1 only: the sentence truly began in the passage before).
 */

/**
 * The second a link to the character at `offset` of a passage opens at.
 *
 * @example utteranceStart(passage, 120) // 341.6: "so the answer is posted interrupts", not "posted" at 344.9
 */
export function utteranceStart(passage: Pick<Passage, 'start' | 'anchors' | 'utterances'>, offset: number): number {
  const said = secondAt(passage, offset);
  const earliest = said - MAX_LEAD_SECONDS;
  const utterances = passage.utterances ?? [];
  let began: number | undefined;
  for (let k = 0; k < utterances.length && (utterances[k] as number) <= offset; k += 2) began = utterances[k + 1] as number;
  if (began !== undefined && began >= earliest) return Math.min(began, said);
  const { anchors } = passage;
  for (let k = 0; k < anchors.length && (anchors[k] as number) <= offset; k += 2) {
    const second = anchors[k + 1] as number;
    if (second >= earliest) return Math.min(second, said);
  }
  return said;
}

/**
 * The second a link to moment `second` of a passage opens at: the start of the utterance under
 * way then, if one is known to have begun at most MAX_LEAD_SECONDS before; else the moment
 * itself (a note's moment was chosen by a person: without evidence it is kept as it is). A
 * moment up to NEAR_START_SECONDS before an utterance starts is already at its start.
 *
 * @example utteranceStartAt(passage, 347) // 341.6, when a sentence began at 341.6
 */
export function utteranceStartAt(passage: Pick<Passage, 'utterances'>, second: number): number {
  const utterances = passage.utterances ?? [];
  let began: number | undefined;
  for (let k = 0; k < utterances.length; k += 2) {
    const start = utterances[k + 1] as number;
    if (start > second + NEAR_START_SECONDS) break;
    if (start > second) return second;
    began = start;
  }
  return began !== undefined && began >= second - MAX_LEAD_SECONDS ? began : second;
}

/**
 * A moment this close before an utterance begins is taken as its start: a note placed with
 * "note here" or by pausing the player lands a little before the first word.
 */
const NEAR_START_SECONDS = 1;
