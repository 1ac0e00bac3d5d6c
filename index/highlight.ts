import type { WordToken } from './analyze.js';
import { phraseStarts } from './phrases.js';
import type { Passage } from './types.js';
import { utteranceStart } from './utterance.js';

/**
 * Highlighting: which words of a shown passage a query matched, and the excerpt around the
 * best of them, as plain text and mark positions (no markup: see Excerpt).
 */

/** What a query matched, in the form highlighting needs. */
export interface MatchSpec {
  /** Stems of every term that matched (expanded prefixes and typos included). */
  stems: Set<string>;
  /** Phrases as stem sequences; their words are marked only where they stand together. */
  phrases: string[][];
}

/**
 * A snippet as plain text and the places of its marks: the core says where the matched words
 * are, and whoever shows it renders them (server/search/snippets.ts: HTML for the pages and
 * the API, brackets or colour for the CLI).
 */
export interface Excerpt {
  /**
   * At most SNIPPET_CHARS characters of the passage around the best hit (unless the whole
   * passage was asked for), `… ` before and ` …` after where text was left out; control
   * characters and unpaired surrogates as U+FFFD, so it is safe to print as it is.
   */
  text: string;
  /** The matched words, as [start, end) ranges of `text`, in order, not overlapping. */
  marks: [number, number][];
}

export interface Highlight {
  excerpt: Excerpt;
  /** Where a link to the hit opens: the start of the sentence or utterance holding the best matched word (index/utterance.ts). */
  at: number;
  /** True where some words matched (false: a filter-only or excluded-only hit). */
  matched: boolean;
}

/** How much of a passage a snippet shows, in characters of its text (`…` and marks aside). */
export const SNIPPET_CHARS = 300;
/** Words of context a snippet gives on each side of its hits, room permitting. */
const CONTEXT_WORDS = 12;

/**
 * Marks the matched words of a passage and cuts a snippet around them. Positions are not
 * stored in the index (they would cost memory for every passage); the few passages shown are
 * re-read, from their words and stems as `tokenize` and `stem` give them.
 *
 * The snippet is the passage's best moment, not its first hit to its last: it holds the best
 * hit (see `bestHit`), as many other hits as fit beside it in SNIPPET_CHARS, then up to
 * CONTEXT_WORDS words either side, cut at words. Everything here is linear in the passage.
 *
 * @example highlight(passage, { stems: new Set(['post', 'interrupt']), phrases: [] }, tokens, stems)
 *   // { excerpt: { text: '… on top of that there\'s posted interrupts which …', marks: [[25, 31], [32, 42]] }, at: 1417.701, matched: true }
 */
export function highlight(passage: Passage, match: MatchSpec, tokens: WordToken[], stems: string[], whole = false): Highlight {
  const { text } = passage;
  const marked = markedWords(stems, match);
  const hits: number[] = [];
  marked.forEach((m, i) => {
    if (m) hits.push(i);
  });
  const best = bestHit(hits, stems);
  const at = best === undefined ? passage.start : utteranceStart(passage, (tokens[best] as WordToken).start);
  if (whole) return { excerpt: excerpt(text, tokens, marked, 0, tokens.length - 1, 0, text.length), at, matched: best !== undefined };
  if (!tokens.length) return { excerpt: excerpt(text, tokens, marked, 0, -1, 0, Math.min(text.length, SNIPPET_CHARS)), at, matched: false };

  // Without a hit, the passage's opening words stand for it.
  let [from, to] = best === undefined ? [0, 0] : hitsBeside(tokens, hits, best);
  let [before, after] = best === undefined ? [0, 2 * CONTEXT_WORDS] : [CONTEXT_WORDS, CONTEXT_WORDS];
  // Context, a word at a time on each side in turn, while it fits.
  const fits = (i: number, j: number): boolean => (tokens[j] as WordToken).end - (tokens[i] as WordToken).start <= SNIPPET_CHARS;
  for (let grew = true; grew;) {
    grew = false;
    if (before > 0 && from > 0 && fits(from - 1, to)) {
      from--;
      before--;
      grew = true;
    }
    if (after > 0 && to < tokens.length - 1 && fits(from, to + 1)) {
      to++;
      after--;
      grew = true;
    }
  }
  let a = (tokens[from] as WordToken).start;
  let b = (tokens[to] as WordToken).end;
  if (b - a > SNIPPET_CHARS) b = a + SNIPPET_CHARS; // one "word" longer than a snippet
  // The passage's own first and last characters (an opening quote, a full stop), where they fit.
  if (from === 0 && b - 0 <= SNIPPET_CHARS) a = 0;
  if (to === tokens.length - 1 && b === (tokens[to] as WordToken).end && text.length - a <= SNIPPET_CHARS) b = text.length;
  return { excerpt: excerpt(text, tokens, marked, from, to, a, wholeCharacters(text, b)), at, matched: best !== undefined };
}

/**
 * Which words are marked: those whose stem matched, and the words of every place a phrase
 * stands. Phrase places are added as +1/-1 at their ends and summed once, so overlapping
 * places (`"a a"` in `a a a a`) cost no more than the passage.
 */
function markedWords(stems: string[], match: MatchSpec): Uint8Array {
  const marked = new Uint8Array(stems.length);
  stems.forEach((s, i) => {
    if (match.stems.has(s)) marked[i] = 1;
  });
  if (match.phrases.length) {
    const open = new Int32Array(stems.length + 1);
    for (const phrase of match.phrases) {
      for (const start of phraseStarts(stems, phrase)) {
        (open[start] as number)++;
        (open[start + phrase.length] as number)--;
      }
    }
    let depth = 0;
    for (let i = 0; i < stems.length; i++) {
      depth += open[i] as number;
      if (depth > 0) marked[i] = 1;
    }
  }
  return marked;
}

/**
 * The hit a link should start at: where the most different query words stand close together
 * ("posted interrupts", not an earlier lone "interrupt"), the earliest such place on a tie.
 */
function bestHit(hits: number[], stems: string[]): number | undefined {
  let best: number | undefined;
  let bestCount = 0;
  for (const [k, start] of hits.entries()) {
    const near = new Set<string>();
    for (let j = k; j < hits.length && (hits[j] as number) < start + 6; j++) near.add(stems[hits[j] as number] as string);
    if (near.size > bestCount) {
      best = start;
      bestCount = near.size;
    }
  }
  return best;
}

/**
 * The first and last word of the run of hits, around the best one, that holds the most hits
 * within SNIPPET_CHARS; on a tie the run that starts latest, so at the best hit where it can.
 * Two pointers over the hits within reach of the best: linear.
 */
function hitsBeside(tokens: WordToken[], hits: number[], best: number): [number, number] {
  const span = (l: number, r: number): number => (tokens[hits[r] as number] as WordToken).end - (tokens[hits[l] as number] as WordToken).start;
  const k = hits.indexOf(best);
  let r = k;
  while (r + 1 < hits.length && span(k, r + 1) <= SNIPPET_CHARS) r++;
  let bestL = k;
  let bestR = r;
  for (let l = k - 1; l >= 0 && span(l, k) <= SNIPPET_CHARS; l--) {
    while (span(l, r) > SNIPPET_CHARS) r--;
    if (r - l > bestR - bestL) {
      bestL = l;
      bestR = r;
    }
  }
  return [hits[bestL] as number, hits[bestR] as number];
}

/**
 * The characters `a` to `b` of the text, with `… ` and ` …` where text before or after is left
 * out, and the marked words among tokens `from`..`to` as ranges of it.
 */
function excerpt(text: string, tokens: WordToken[], marked: Uint8Array, from: number, to: number, a: number, b: number): Excerpt {
  const lead = a > 0 ? '… ' : '';
  // Positions in the passage's text, moved to the excerpt's.
  const shift = lead.length - a;
  const marks: [number, number][] = [];
  for (let i = from; i <= to; i++) {
    const token = tokens[i] as WordToken;
    if (!marked[i] || token.start >= b) continue;
    marks.push([token.start + shift, Math.min(token.end, b) + shift]);
  }
  return { text: lead + printable(text.slice(a, b)) + (b < text.length ? ' …' : ''), marks };
}

/** `b`, or one less where it would split a surrogate pair (half an emoji). */
function wholeCharacters(text: string, b: number): number {
  const code = text.charCodeAt(b - 1);
  return b < text.length && code >= 0xd800 && code <= 0xdbff ? b - 1 : b;
}

// C0 and C1 controls other than tab and line breaks, and DEL: not text in HTML, and six bytes
// each (`\u0001`) in JSON; a terminal may act on them.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const UNPRINTABLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF]/;

/**
 * Text with control characters and unpaired surrogates as U+FFFD, as an HTML parser would
 * show them; one character for one, so positions in it are positions in the original.
 *
 * @example printable('bell\u0007') // 'bell\uFFFD'
 */
export function printable(text: string): string {
  // Most captions hold none; one test of the text spares two replacements.
  return UNPRINTABLE.test(text) ? text.replace(LONE_SURROGATE, '\uFFFD').replace(CONTROL, '\uFFFD') : text;
}

/**
 * Text shown as it is but bounded: at most `max` characters, cut at a space where there is one
 * in its last fifth, `…` where cut; control characters and unpaired surrogates as U+FFFD.
 *
 * @example plainText('A very long title …', 10) // 'A very …'
 */
export function plainText(text: string, max: number): string {
  const clean = printable(text);
  if (clean.length <= max) return clean;
  const cut = wholeCharacters(clean, max - 1);
  const space = clean.lastIndexOf(' ', cut);
  return `${clean.slice(0, space > max * 0.8 ? space : cut).trimEnd()}…`;
}
