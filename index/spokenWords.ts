import { offsetSecond, segmentText } from './passages.js';
import type { Segment } from './types.js';

/**
 * A transcript as the words said, in order, each with its second and what the captions wrote
 * around it (a question mark, a comma, a capital): what the readers of speaker cues and
 * questions (index/speakerCues.ts, index/questions.ts) look through.
 */
export interface SpokenWord {
  /** The segment it is in. */
  segment: number;
  /** Second it was said: its own time where the captions timed words, else its share of the segment. */
  at: number;
  /** As written, punctuation included (at most WRITTEN_CHARS characters). */
  text: string;
  /** As cues compare it (normalWord): `I'm` is `im`, `Ana,` is `ana`. */
  word: string;
  /** The sentence mark it ends with (`.`, `?`, `!`, `…` read as `.`), past closing quotes; '' when none. */
  mark: '' | '.' | '?' | '!';
  /** Followed by a comma, colon, semicolon or dash in writing: a pause, where a name is called. */
  comma: boolean;
  /** Written with a capital letter first. */
  capital: boolean;
  /** The first word of its segment, where the captions marked a change of speaker (`>>`) or a new voice. */
  turn: boolean;
}

/** A word longer than this is no name nor cue: only its beginning is kept as written. */
const WRITTEN_CHARS = 64;
const CLOSING = new Set(['"', "'", ')', ']', '”', '’']);
const PAUSES = new Set([',', ';', ':', '—', '–']);

/**
 * The words of a transcript, in the order said.
 *
 * @example spokenWords([{ start: 0, duration: 2, text: 'Ana, what do you think?' }]).map((w) => w.word)
 *   // ['ana', 'what', 'do', 'you', 'think'] (the first with comma: true, the last with mark: '?')
 */
export function spokenWords(segments: readonly Segment[]): SpokenWord[] {
  const words: SpokenWord[] = [];
  segments.forEach((segment, index) => {
    const before = segments[index - 1];
    const turn = segment.turn === true || (before !== undefined && (before.speaker ?? null) !== (segment.speaker ?? null));
    const timed = segmentText(segment);
    const { text } = timed;
    let first = true;
    for (const match of text.matchAll(/\S+/g)) {
      const written = match[0];
      const word = normalWord(written.length > 4 * WRITTEN_CHARS ? written.slice(0, 4 * WRITTEN_CHARS) : written);
      if (!word) {
        // A dash or comma standing alone ("Ana — what do you think") is the pause after the word before.
        const previous = words[words.length - 1];
        if (previous && PAUSES.has(written[0] as string)) previous.comma = true;
        continue;
      }
      words.push({
        segment: index,
        at: offsetSecond(segment, timed, match.index),
        text: written.slice(0, WRITTEN_CHARS),
        word: word.slice(0, WRITTEN_CHARS),
        mark: sentenceMark(written),
        comma: PAUSES.has(lastCharacter(written)),
        capital: /^\P{L}*\p{Lu}/u.test(written.slice(0, 8)),
        turn: first && turn,
      });
      first = false;
    }
  });
  return words;
}

/**
 * A word as cues compare it: lowercase letters and digits, accents dropped, so `I'm` and `im`,
 * `José,` and `jose` agree.
 *
 * @example normalWord("O'Brien,") // 'obrien'
 */
export function normalWord(written: string): string {
  return written
    .normalize('NFD')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Whether the captions are punctuated (a sentence end every 40 words or more often), not auto-captions' bare words. */
export function isPunctuated(words: readonly SpokenWord[]): boolean {
  return words.filter((w) => w.mark !== '').length * 40 >= words.length;
}

/** Whether the captions write capitals (names among them) rather than all lowercase, as auto-captions do. */
export function hasCapitals(words: readonly SpokenWord[]): boolean {
  return words.filter((w) => w.capital).length * 20 >= words.length;
}

/**
 * The words from `from` to `to` (not included) as one line, at most `max` words (then `…`).
 *
 * @example wordsText(words, 0, 5) // 'Ana, what do you think?'
 */
export function wordsText(words: readonly SpokenWord[], from: number, to: number, max = 16): string {
  const end = Math.min(to, from + max, words.length);
  const shown = words.slice(Math.max(0, from), end).map((w) => w.text);
  return `${shown.join(' ')}${end < to ? ' …' : ''}`;
}

function sentenceMark(written: string): SpokenWord['mark'] {
  let last = written.length - 1;
  while (last > 0 && CLOSING.has(written[last] as string)) last--;
  const c = written[last];
  if (c === '?') return '?';
  if (c === '!') return '!';
  return c === '.' || c === '…' ? '.' : '';
}

function lastCharacter(written: string): string {
  return written[written.length - 1] ?? '';
}
