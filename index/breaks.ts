/**
 * Utterance breaks: where, in a transcript, a sentence or a speaker's utterance begins, found
 * once when passages are built, so that a search hit can link to the start of what was being
 * said (utterance.ts) rather than to the middle of it.
 *
 * The evidence, best first:
 * - punctuation: where the captions are punctuated (most written and some automatic ones), a
 *   sentence starts after `.`, `?`, `!` or `…`;
 * - turns: a `>>` marker, a change of voice, or the first words of the talk;
 * - pauses, where the captions are not punctuated: a silence longer than the talk's own rhythm
 *   explains, read from the word times (auto-captions time every word) or from the gaps between
 *   cues. Speech research counts a silence of 250 ms or more as a pause (Goldman-Eisler); here a
 *   gap counts when it is that much longer than the talk's usual one and clearly outside its
 *   timing noise, so captions with no pauses in their timing give none.
 * Cue boundaries alone are no evidence (a caption line is cut for the screen, not the sentence):
 * utterance.ts falls back on them only where nothing else is known.
 */

import { fitLine, quantile } from './stats.js';

/** What break finding reads of a stretch of transcript (passages.ts's pieces fit it). */
export interface SpokenPiece {
  start: number;
  end: number;
  text: string;
  /** `[offset, second, …]` as in Passage.anchors: where each word (or cue) of `text` was said. */
  anchors: readonly number[];
  speaker: string | null;
  turn: boolean;
}

/** A sentence begins here. */
export const SENTENCE = 1;
/**
 * A turn begins here: a new voice (`>>`, a voice tag), the answer after a question, or the
 * words after a long silence (twice what makes a pause). A link prefers these: the listener
 * hears the answer, not only the sentence, from its beginning.
 */
export const TURN = 2;
export type BreakLevel = typeof SENTENCE | typeof TURN;

/** Where, in a piece's text, an utterance begins, and how strong the break before it is. */
export interface Break {
  offset: number;
  level: BreakLevel;
}

/**
 * A link opens at most this many seconds before the words it was found by. Ten seconds holds a
 * long spoken sentence (25 to 30 words); a sentence longer than that is heard from its last ten
 * seconds rather than have the listener wait for the words they searched.
 */
export const MAX_LEAD_SECONDS = 10;

/** A silence this much longer than the talk's usual gap is a pause (the silent-pause threshold of speech research)… */
const MIN_PAUSE_SECONDS = 0.25;
/**
 * …and at least this many median absolute deviations of the talk's gaps above their median, so
 * that captions timed loosely (display times, approximate word times) need a clearer silence.
 */
const PAUSE_SPREADS = 4;
/** A silence this many times a pause's margin is long: a turn, not a breath between sentences. */
const LONG_PAUSE_TIMES = 2;
/**
 * Captions count as punctuated with at least one sentence end per this many characters: fifty
 * words of about six characters with their space. Spoken sentences run 10 to 30 words; an
 * unpunctuated file's stray dots (a URL, "e.g.") come far rarer.
 */
const CHARACTERS_PER_SENTENCE_END = 300;
/** A gap longer than this is a silence, not speech: it is left out when the talk's rhythm is learnt. */
const SPEECH_GAP_SECONDS = 5;
/** Fewer timed words or cues than this say nothing reliable about a talk's rhythm. */
const MIN_TIMED_UNITS = 8;

/** A sentence end: its mark and any closing quotes or brackets, at the end of a word. */
const SENTENCE_END = /[.?!…]["'”’)\]]*(?=\s|$)/g;
// Not sentence ends: initialisms (e.g., i.e., U.S.), a capital initial, and titles before names.
const NOT_AN_END = /^(?:(?:\p{L}\.){2,}|\p{Lu}\.|(?:[Mm]rs?|[Mm]s|[Dd]r|[Pp]rof|[Vv]s)\.)$/u;
const SPACE = /\s/;

/**
 * For each piece, where utterances begin in its text, by offset: after each sentence end where
 * the captions are punctuated, else after each pause; and at every turn.
 *
 * @example utteranceBreaks([{ text: 'so that is it. next question', anchors: [0, 10], start: 10, end: 14, speaker: null, turn: false }])
 *   // [[{ offset: 0, level: TURN }, { offset: 15, level: SENTENCE }]]: the talk's first words, and "next" after the full stop
 */
export function utteranceBreaks(pieces: readonly SpokenPiece[]): Break[][] {
  const breaks: Break[][] = pieces.map((piece, i) => {
    const previous = pieces[i - 1];
    return !previous || piece.turn || piece.speaker !== previous.speaker ? [{ offset: 0, level: TURN }] : [];
  });
  const silent = pauses(pieces);
  const sentences = sentenceStarts(pieces);
  if (sentences) {
    // Punctuation places the sentences; a long silence or a question before one makes it a turn.
    for (const { piece, offset, afterQuestion } of sentences) {
      const long = silent[piece]?.some((p) => p.offset === offset && p.level === TURN);
      (breaks[piece] as Break[]).push({ offset, level: afterQuestion || long ? TURN : SENTENCE });
    }
  } else silent.forEach((list, piece) => (breaks[piece] as Break[]).push(...list));
  return breaks.map(strongestAtEachOffset);
}

/** Breaks in offset order, one per offset (the strongest). */
function strongestAtEachOffset(list: Break[]): Break[] {
  if (list.length < 2) return list;
  list.sort((a, b) => a.offset - b.offset || b.level - a.level);
  return list.filter((b, i) => i === 0 || b.offset !== (list[i - 1] as Break).offset);
}

/**
 * Where a sentence begins (the word after a sentence end), if the captions are punctuated (see
 * CHARACTERS_PER_SENTENCE_END); undefined where they are not. One scan of each text finds the
 * ends: most captions are not punctuated, and this runs over every word of a library.
 */
function sentenceStarts(pieces: readonly SpokenPiece[]): { piece: number; offset: number; afterQuestion: boolean }[] | undefined {
  const ends: { piece: number; after: number; question: boolean }[] = [];
  let characters = 0;
  pieces.forEach((piece, i) => {
    const { text } = piece;
    characters += text.length + 1;
    for (const match of text.matchAll(SENTENCE_END)) {
      const after = match.index + match[0].length;
      if (!NOT_AN_END.test(text.slice(text.lastIndexOf(' ', match.index) + 1, after))) ends.push({ piece: i, after, question: match[0][0] === '?' });
    }
  });
  if (!ends.length || ends.length * CHARACTERS_PER_SENTENCE_END < characters) return undefined;
  const found: { piece: number; offset: number; afterQuestion: boolean }[] = [];
  for (const { piece, after, question } of ends) {
    const text = (pieces[piece] as SpokenPiece).text;
    let next = after;
    while (next < text.length && SPACE.test(text[next] as string)) next++;
    // The last word of a piece: the sentence starts with the next piece.
    if (next < text.length) found.push({ piece, offset: next, afterQuestion: question });
    else if (piece + 1 < pieces.length) found.push({ piece: piece + 1, offset: 0, afterQuestion: question });
  }
  return found;
}

/**
 * Where each piece's pauses end (the words after them), as breaks: SENTENCE for a pause, TURN
 * for a long one. A pause shows two ways, and either is enough:
 * - between timed units (words, or cues where words are not timed): the next unit starts later
 *   than the talk's pace predicts for this one's length. The pace is a line `seconds = a + b ×
 *   characters` fitted to the talk by least squares, then again without its slowest fifth
 *   (pauses and slips), so it is the talk's own speaking rate;
 * - between caption cues: the next cue starts longer after this one ends than the talk's usual gap.
 * Each is a pause where it exceeds the median by MIN_PAUSE_SECONDS and by PAUSE_SPREADS median
 * absolute deviations, so constant timing (every word 0.385 s apart) yields none; long at
 * LONG_PAUSE_TIMES that margin.
 */
function pauses(pieces: readonly SpokenPiece[]): Break[][] {
  const found: Break[][] = pieces.map(() => []);
  // Timed units in order: the piece and offset where each starts, when, and its length in characters.
  let count = 0;
  for (const piece of pieces) count += piece.anchors.length / 2;
  const unitPiece = new Int32Array(count);
  const unitOffset = new Int32Array(count);
  const unitSecond = new Float64Array(count);
  const unitLength = new Float64Array(count);
  let u = 0;
  pieces.forEach((piece, i) => {
    const { anchors, text } = piece;
    for (let k = 0; k < anchors.length; k += 2, u++) {
      const from = anchors[k] as number;
      const to = k + 2 < anchors.length ? (anchors[k + 2] as number) : text.length;
      unitPiece[u] = i;
      unitOffset[u] = from;
      unitSecond[u] = anchors[k + 1] as number;
      unitLength[u] = to - from - (to < text.length ? 1 : 0); // less the space before the next word
    }
  });

  // Pace: how long after a unit the next one starts, against the unit's length.
  const lengths: number[] = [];
  const gaps: number[] = [];
  const next: number[] = [];
  for (let v = 0; v + 1 < count; v++) {
    const gap = (unitSecond[v + 1] as number) - (unitSecond[v] as number);
    if (gap < 0) continue; // overlapping cues: no timing to read
    lengths.push(unitLength[v] as number);
    gaps.push(gap);
    next.push(v + 1);
  }
  if (gaps.length >= MIN_TIMED_UNITS) {
    const slack = paceResiduals(lengths, gaps);
    const level = pauseLevels(slack);
    slack.forEach((s, j) => {
      const l = level(s);
      const v = next[j] as number;
      if (l) (found[unitPiece[v] as number] as Break[]).push({ offset: unitOffset[v] as number, level: l });
    });
  }

  // Silence between cues: from one piece's end to the next one's start.
  const silences: number[] = [];
  for (let i = 0; i + 1 < pieces.length; i++) silences.push(Math.max(0, (pieces[i + 1] as SpokenPiece).start - (pieces[i] as SpokenPiece).end));
  if (silences.length >= MIN_TIMED_UNITS) {
    const level = pauseLevels(silences);
    silences.forEach((s, i) => {
      const l = level(s);
      if (l) (found[i + 1] as Break[]).push({ offset: 0, level: l });
    });
  }
  return found.map(strongestAtEachOffset);
}

/**
 * How much longer each gap is than the talk's pace predicts for its unit's length: least squares
 * of `gap = a + b × length` on the gaps of speech, then refitted without the fifth that the
 * first fit explains worst (pauses pull a fit up).
 */
function paceResiduals(lengths: readonly number[], gaps: readonly number[]): number[] {
  const speech = gaps.map((_, j) => j).filter((j) => (gaps[j] as number) <= SPEECH_GAP_SECONDS);
  const first = fitLine(lengths, gaps, speech);
  const residual = (line: [number, number], j: number): number => (gaps[j] as number) - line[0] - line[1] * (lengths[j] as number);
  const cut = quantile(
    speech.map((j) => residual(first, j)),
    0.8,
  );
  const kept = speech.filter((j) => residual(first, j) <= cut);
  const line = kept.length >= MIN_TIMED_UNITS ? fitLine(lengths, gaps, kept) : first;
  return gaps.map((_, j) => residual(line, j));
}

/** What a gap among these is: a pause, a long pause, or nothing (0); see pauses. */
function pauseLevels(values: readonly number[]): (value: number) => BreakLevel | 0 {
  const centre = quantile(values, 0.5);
  const spread = quantile(
    values.map((v) => Math.abs(v - centre)),
    0.5,
  );
  const margin = Math.max(MIN_PAUSE_SECONDS, PAUSE_SPREADS * spread);
  return (value) => (value - centre >= LONG_PAUSE_TIMES * margin ? TURN : value - centre >= margin ? SENTENCE : 0);
}

/** A break placed in time: when the utterance after it began. */
export interface TimedBreak {
  second: number;
  level: BreakLevel;
}

/**
 * What was under way when piece `first` begins, in time order: the turn it belongs to, where
 * that began in the pieces before it at most MAX_LEAD_SECONDS earlier; and the utterance it
 * opens in: its own, where it starts one, else the last break before it within that reach.
 * Empty where both began longer ago.
 *
 * @example underWay(pieces, breaks, 4) // [{ second: 125.3, level: TURN }, { second: 131.2, level: SENTENCE }]
 */
export function underWay(pieces: readonly SpokenPiece[], breaks: readonly (readonly Break[])[], first: number): TimedBreak[] {
  const head = pieces[first] as SpokenPiece;
  const reach = head.start - MAX_LEAD_SECONDS;
  const own = (breaks[first] as readonly Break[])[0];
  let utterance: TimedBreak | undefined = own?.offset === 0 ? { second: secondInPiece(head, 0), level: own.level } : undefined;
  let turn: TimedBreak | undefined;
  for (let i = first - 1; i >= 0 && !turn && utterance?.level !== TURN; i--) {
    const piece = pieces[i] as SpokenPiece;
    if (piece.end < reach) break;
    const list = breaks[i] as readonly Break[];
    for (let j = list.length - 1; j >= 0 && !turn; j--) {
      const { offset, level } = list[j] as Break;
      const second = secondInPiece(piece, offset);
      if (second < reach) break;
      const found = { second, level };
      utterance ??= found;
      if (level === TURN) turn = found;
    }
  }
  return turn && turn !== utterance && utterance ? [turn, utterance] : utterance ? [utterance] : [];
}

/** The second at which the character at `offset` of a piece was said (its last anchor at or before it). */
export function secondInPiece(piece: SpokenPiece, offset: number): number {
  let second = piece.start;
  for (let k = 0; k < piece.anchors.length && (piece.anchors[k] as number) <= offset; k += 2) second = piece.anchors[k + 1] as number;
  return second;
}
