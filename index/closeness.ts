import { stem, type Reading, type WordToken } from './analyze.js';
import type { CompiledClause } from './compile.js';
import { phraseStarts } from './phrases.js';

/**
 * Closeness: how near a passage comes to saying the query as it was typed. The words' scores
 * (BM25, scorer.ts) see each word alone; people mean the words together. So a passage's score
 * is weighed by
 *
 *     1 + PAIR_WEIGHT * pairs + FORM_WEIGHT * forms
 *
 * where `pairs` is the mean, over each two wanted clauses typed one after the other, of how
 * close the passage says them: 1 in the order typed, side by side and as typed ("code review"),
 * ADJACENT for side by side in other forms of the words ("live migrate" for "live migration"),
 * or as one word ("avx512" for "avx 512"), NEAR for within NEAR_WORDS words of each other in any
 * order, 0 further apart; and `forms` is the share of wanted clauses said somewhere as typed
 * ("migration", not only "migrated"). A passage saying "code review" verbatim is weighed 4.5,
 * one with "review" and "code" apart 1.5: more than BM25's term frequencies can make up (a word
 * said ever so often weighs at most 2.2 times a word said once).
 *
 * The weight depends on the passage and the query alone, so scores still compare across videos.
 * Word positions are not stored in the index (memory), so the passages are re-read: only the
 * CANDIDATES best by their words' scores, which bounds the cost; since the weight is never
 * below 1, the passages weighed all stay ahead of those that were not.
 */

/** Hits weighed by closeness: this many, the best by their words' scores. */
export const CANDIDATES = 100;
const PAIR_WEIGHT = 3;
const FORM_WEIGHT = 0.5;
const ADJACENT = 0.6;
const NEAR = 0.3;
/** Two words this many words apart or fewer are near. */
const NEAR_WORDS = 4;
/** Up to this many pairs of places, two units are compared place by place; past it, in one pass over the passage. */
const FEW_PAIRS = 64;

/** A wanted clause as closeness looks for it in a passage. */
interface Unit {
  /** The words as typed, or undefined where any form of them is as good (`virt*`, `a OR b`). */
  said?: string[];
  /** Stop words typed between the unit before and this one, and their stems. */
  before: string[];
  beforeStems: string[];
  /** Stems of the forms said as one word (`single` when there is only one), and the stems of those said as several. */
  singles: Set<string>;
  single: string | undefined;
  phrases: string[][];
}

/** One place a unit is said: tokens `start` to `end`, and whether as typed. */
interface Place {
  start: number;
  end: number;
  verbatim: boolean;
}

export class Closeness {
  private constructor(private readonly units: Unit[]) {}

  /**
   * What closeness looks for in the wanted clauses of a query, or undefined when there is
   * nothing to tell passages apart by: no wanted clause, or one with no form to prefer (`virt*`,
   * or a word the library says one way only: compile.ts leaves out its `said`).
   *
   * @example Closeness.of(compileQuery(parseQuery('live migration').clauses, glossary, registry).clauses)?.weigh(tokens, stems) // 4.5
   */
  static of(clauses: readonly CompiledClause[]): Closeness | undefined {
    const wanted = clauses.filter((c) => c.typed).sort((a, b) => (a.typed?.order ?? 0) - (b.typed?.order ?? 0));
    if (!wanted.length || (wanted.length === 1 && !wanted[0]?.typed?.said)) return undefined;
    return new Closeness(
      wanted.map(({ forms, typed }) => {
        const before = typed?.before ?? [];
        const singles = new Set(forms.filter((f) => !f.phrase).flatMap((f) => f.groups.flat()));
        return {
          ...(typed?.said ? { said: typed.said } : {}),
          before,
          beforeStems: before.map(stem),
          singles,
          single: singles.size === 1 ? [...singles][0] : undefined,
          phrases: forms.flatMap((f) => (f.phrase ? [f.phrase] : [])),
        };
      }),
    );
  }

  /** The weight of a passage, from its words and their stems (tokenize and stem); at least 1. */
  weigh(tokens: readonly WordToken[], stems: readonly string[]): number {
    const { units } = this;
    let typed = 0;
    let pairs = 0;
    let before: Place[] = [];
    for (let k = 0; k < units.length; k++) {
      const unit = units[k] as Unit;
      const places = placesOf(unit, tokens, stems);
      if (places.some((p) => p.verbatim)) typed++;
      if (k > 0) pairs += pairCloseness(before, places, unit, tokens, stems);
      before = places;
    }
    return 1 + (units.length > 1 ? (PAIR_WEIGHT * pairs) / (units.length - 1) : 0) + (FORM_WEIGHT * typed) / units.length;
  }
}

/**
 * Weighs the CANDIDATES first hits of `ranked` (best first by their words' scores) by
 * closeness, and ranks them again among themselves with `rank`; the rest stay behind them, as
 * they were.
 *
 * @example weighBest(hits, closeness, (h) => readings.of(h.target.docs[h.passage]), rankHits)
 */
export function weighBest<H extends { score: number }>(ranked: H[], closeness: Closeness, readingOf: (hit: H) => Reading, rank: (hits: H[]) => H[]): void {
  const head = ranked.slice(0, CANDIDATES);
  for (const hit of head) {
    const { tokens, stems } = readingOf(hit);
    hit.score *= closeness.weigh(tokens, stems);
  }
  ranked.splice(0, head.length, ...rank(head));
}

/** Where a unit is said in the passage, in any of its forms. Linear in the passage for each form. */
function placesOf(unit: Unit, tokens: readonly WordToken[], stems: readonly string[]): Place[] {
  const places: Place[] = [];
  const { singles, single } = unit;
  // Most words have one stem to look for: compared directly, a string test is cheaper than a Set's.
  if (single !== undefined) {
    for (let i = 0; i < stems.length; i++) if (stems[i] === single) places.push({ start: i, end: i, verbatim: asTyped(unit, tokens, i, i) });
  } else if (singles.size) {
    for (let i = 0; i < stems.length; i++) if (singles.has(stems[i] as string)) places.push({ start: i, end: i, verbatim: asTyped(unit, tokens, i, i) });
  }
  for (const phrase of unit.phrases) {
    for (const start of phraseStarts(stems, phrase)) {
      const end = start + phrase.length - 1;
      places.push({ start, end, verbatim: asTyped(unit, tokens, start, end) });
    }
  }
  return places;
}

/** Whether words `start` to `end` are the unit as typed (any form is, where none was preferred). */
function asTyped({ said }: Unit, tokens: readonly WordToken[], start: number, end: number): boolean {
  if (!said) return true;
  if (said.length !== end - start + 1) return false;
  for (let k = 0; k < said.length; k++) if ((tokens[start + k] as WordToken).word !== said[k]) return false;
  return true;
}

/**
 * How close the passage says unit `b` after the unit before it (`as`): 1, ADJACENT, NEAR or 0
 * (see the module comment). A word is seldom said more than a few times in a passage, so every
 * two places are compared; past FEW_PAIRS pairs (a word said over and over), in one pass: the
 * places of the first unit are laid on the passage (where each ends, and a running count of
 * the words they cover), then each place of `b` asks the few positions it needs.
 */
function pairCloseness(as: Place[], bs: Place[], b: Unit, tokens: readonly WordToken[], stems: readonly string[]): number {
  if (!as.length || !bs.length) return 0;
  let best = 0;
  if (as.length * bs.length <= FEW_PAIRS) {
    for (const place of bs) {
      for (const a of as) {
        const level = placeCloseness(a, place, b, tokens, stems);
        if (level === 1) return 1;
        if (level > best) best = level;
      }
    }
    return best;
  }
  const n = stems.length;
  // endsAt[i]: 0, or 1 where a place of `a` ends at word i, 2 where one said as typed does.
  const endsAt = new Uint8Array(n);
  const cover = new Int32Array(n + 1);
  for (const a of as) {
    endsAt[a.end] = Math.max(endsAt[a.end] as number, a.verbatim ? 2 : 1);
    (cover[a.start] as number)++;
    (cover[a.end + 1] as number)--;
  }
  // covered[i]: how many of words 0 … i-1 a place of `a` covers.
  const covered = new Int32Array(n + 1);
  for (let i = 0, depth = 0; i < n; i++) {
    depth += cover[i] as number;
    covered[i + 1] = (covered[i] as number) + (depth > 0 ? 1 : 0);
  }
  const coveredIn = (from: number, to: number): boolean => (covered[Math.min(n, to + 1)] as number) - (covered[Math.max(0, from)] as number) > 0;
  for (const place of bs) {
    const end = place.start - 1 - b.before.length;
    if (end >= 0 && endsAt[end] && stopWordsSaid(b, stems, end)) {
      if (endsAt[end] === 2 && place.verbatim && stopWordsAsTyped(b, tokens, end)) return 1;
      best = Math.max(best, ADJACENT);
    } else if (coveredIn(place.start, place.end)) best = Math.max(best, ADJACENT);
    else if (coveredIn(place.start - NEAR_WORDS - 1, place.end + NEAR_WORDS + 1)) best = Math.max(best, NEAR);
  }
  return best;
}

/** How close place `p` of unit `b` comes after place `a` of the unit before it: the levels of pairCloseness. */
function placeCloseness(a: Place, p: Place, b: Unit, tokens: readonly WordToken[], stems: readonly string[]): number {
  if (p.start === a.end + 1 + b.before.length && stopWordsSaid(b, stems, a.end)) {
    return a.verbatim && p.verbatim && stopWordsAsTyped(b, tokens, a.end) ? 1 : ADJACENT;
  }
  if (p.start <= a.end && p.end >= a.start) return ADJACENT;
  if (p.start - a.end - 1 <= NEAR_WORDS && a.start - p.end - 1 <= NEAR_WORDS) return NEAR;
  return 0;
}

/** Whether the words after word `end` are the stop words typed before `b`, in some form. */
function stopWordsSaid(b: Unit, stems: readonly string[], end: number): boolean {
  for (let k = 0; k < b.beforeStems.length; k++) if (stems[end + 1 + k] !== b.beforeStems[k]) return false;
  return true;
}

/** The same, as typed. */
function stopWordsAsTyped(b: Unit, tokens: readonly WordToken[], end: number): boolean {
  for (let k = 0; k < b.before.length; k++) if (tokens[end + 1 + k]?.word !== b.before[k]) return false;
  return true;
}
