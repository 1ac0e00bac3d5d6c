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

/**
 * A link opens at most this many seconds before the words it was found by. Ten seconds holds a
 * long spoken sentence (25 to 30 words); a sentence longer than that is heard from its last ten
 * seconds rather than have the listener wait for the words they searched.
 */
export const MAX_LEAD_SECONDS = 10;

/** A silence this much longer than the talk's usual gap is a pause (the silent-pause threshold of speech research). */
const MIN_PAUSE_SECONDS = 0.25;
/**
 * …and at least this many median absolute deviations of the talk's gaps above their median, so
 * that captions timed loosely (display times, approximate word times) need a clearer silence.
 */
const PAUSE_SPREADS = 4;
/**
 * Captions count as punctuated with at least one sentence end per this many words. Spoken
 * sentences run 10 to 30 words; an unpunctuated file's stray dots (a URL, "e.g.") come far rarer.
 */
const WORDS_PER_SENTENCE_END = 50;
/** A gap longer than this is a silence, not speech: it is left out when the talk's rhythm is learnt. */
const SPEECH_GAP_SECONDS = 5;
/** Fewer timed words or cues than this say nothing reliable about a talk's rhythm. */
const MIN_TIMED_UNITS = 8;

const SENTENCE_END = /[.?!…]["'”’)\]]*$/;
// Not sentence ends: initialisms (e.g., i.e., U.S.), a capital initial, and titles before names.
const NOT_AN_END = /^(?:(?:\p{L}\.){2,}|\p{Lu}\.|(?:mr|mrs|ms|dr|prof|vs)\.)$/iu;
const WORD = /\S+/g;

/**
 * For each piece, the offsets into its text where an utterance begins, ascending: after each
 * sentence end where the captions are punctuated, else after each pause; and at every turn.
 *
 * @example utteranceBreaks([{ text: 'so that is it. next question', anchors: [0, 10], start: 10, end: 14, speaker: null, turn: false }])
 *   // [[0, 15]]: the talk's first words, and "next" after the full stop
 */
export function utteranceBreaks(pieces: readonly SpokenPiece[]): number[][] {
  const breaks = pieces.map((piece, i) => {
    const previous = pieces[i - 1];
    return !previous || piece.turn || piece.speaker !== previous.speaker ? [0] : [];
  });
  if (!sentenceBreaks(pieces, breaks)) pauseBreaks(pieces, breaks);
  return breaks.map((list) => (list.length > 1 ? [...new Set(list)].sort((a, b) => a - b) : list));
}

/**
 * Adds a break after every sentence end, if the captions are punctuated (see
 * WORDS_PER_SENTENCE_END); says whether they are.
 */
function sentenceBreaks(pieces: readonly SpokenPiece[], breaks: number[][]): boolean {
  const found: [number, number][] = [];
  let words = 0;
  let open = false; // the word before ended a sentence: the next word starts one
  pieces.forEach((piece, i) => {
    for (const match of piece.text.matchAll(WORD)) {
      words++;
      if (open) found.push([i, match.index]);
      open = SENTENCE_END.test(match[0]) && !NOT_AN_END.test(match[0]);
    }
  });
  if (!found.length || found.length * WORDS_PER_SENTENCE_END < words) return false;
  for (const [piece, offset] of found) (breaks[piece] as number[]).push(offset);
  return true;
}

/**
 * Adds a break after every pause. A pause shows two ways, and either is enough:
 * - between timed units (words, or cues where words are not timed): the next unit starts later
 *   than the talk's pace predicts for this one's length. The pace is a line `seconds = a + b ×
 *   characters` fitted to the talk by least squares, then again without its slowest fifth
 *   (pauses and slips), so it is the talk's own speaking rate;
 * - between caption cues: the next cue starts longer after this one ends than the talk's usual gap.
 * Each is a pause where it exceeds the median by MIN_PAUSE_SECONDS and by PAUSE_SPREADS median
 * absolute deviations: constant timing (every word 0.385 s apart) yields none.
 */
function pauseBreaks(pieces: readonly SpokenPiece[], breaks: number[][]): void {
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
      unitLength[u] = text.slice(from, to).trim().length;
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
    const limit = pauseLimit(slack);
    slack.forEach((s, j) => {
      if (s >= limit) {
        const v = next[j] as number;
        (breaks[unitPiece[v] as number] as number[]).push(unitOffset[v] as number);
      }
    });
  }

  // Silence between cues: from one piece's end to the next one's start.
  const silences: number[] = [];
  for (let i = 0; i + 1 < pieces.length; i++) silences.push(Math.max(0, (pieces[i + 1] as SpokenPiece).start - (pieces[i] as SpokenPiece).end));
  if (silences.length >= MIN_TIMED_UNITS) {
    const limit = pauseLimit(silences);
    silences.forEach((s, i) => {
      if (s >= limit) (breaks[i + 1] as number[]).push(0);
    });
  }
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

/** `[a, b]` of the least-squares line `y = a + b x` through the chosen points; flat where x does not vary. */
function fitLine(xs: readonly number[], ys: readonly number[], chosen: readonly number[]): [number, number] {
  let sx = 0;
  let sy = 0;
  for (const j of chosen) {
    sx += xs[j] as number;
    sy += ys[j] as number;
  }
  const n = chosen.length || 1;
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let sxy = 0;
  for (const j of chosen) {
    const dx = (xs[j] as number) - mx;
    sxx += dx * dx;
    sxy += dx * ((ys[j] as number) - my);
  }
  // A longer unit never takes less time to say: a negative slope is noise.
  const b = sxx > 0 ? Math.max(0, sxy / sxx) : 0;
  return [my - b * mx, b];
}

/** The least value that counts as a pause among these gaps (see pauseBreaks). */
function pauseLimit(values: readonly number[]): number {
  const centre = quantile(values, 0.5);
  const spread = quantile(
    values.map((v) => Math.abs(v - centre)),
    0.5,
  );
  return centre + Math.max(MIN_PAUSE_SECONDS, PAUSE_SPREADS * spread);
}

function quantile(values: readonly number[], q: number): number {
  if (!values.length) return 0;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

/**
 * The second at which the utterance under way when piece `first` begins had begun: the piece's
 * own start where it starts one, else the last break in the pieces before it if that lies at
 * most MAX_LEAD_SECONDS before; undefined where it began longer ago.
 *
 * @example utteranceUnderWay(pieces, breaks, 4) // 131.2: the sentence piece 4 opens in began in piece 3
 */
export function utteranceUnderWay(pieces: readonly SpokenPiece[], breaks: readonly (readonly number[])[], first: number): number | undefined {
  const head = pieces[first] as SpokenPiece;
  if ((breaks[first] as readonly number[])[0] === 0) return secondInPiece(head, 0);
  for (let i = first - 1; i >= 0; i--) {
    const piece = pieces[i] as SpokenPiece;
    const own = breaks[i] as readonly number[];
    if (own.length) {
      const second = secondInPiece(piece, own[own.length - 1] as number);
      return second >= head.start - MAX_LEAD_SECONDS ? second : undefined;
    }
    if (piece.start < head.start - MAX_LEAD_SECONDS) return undefined;
  }
  return undefined;
}

/** The second at which the character at `offset` of a piece was said (its last anchor at or before it). */
export function secondInPiece(piece: SpokenPiece, offset: number): number {
  let second = piece.start;
  for (let k = 0; k < piece.anchors.length && (piece.anchors[k] as number) <= offset; k += 2) second = piece.anchors[k + 1] as number;
  return second;
}
