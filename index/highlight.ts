import type { WordToken } from './analyze.js';
import { secondAt } from './passages.js';
import type { Passage } from './types.js';

/** What a query matched, in the form highlighting needs. */
export interface MatchSpec {
  /** Stems of every term that matched (expanded prefixes and typos included). */
  stems: Set<string>;
  /** Phrases as stem sequences; their words are marked only where they stand together. */
  phrases: string[][];
}

export interface Highlight {
  /** Trimmed around the matches (unless the whole passage was asked for), escaped for HTML element content, matched words in `<mark>`. */
  snippet: string;
  /** The second the first matched word was said. */
  at: number;
  /** True where some words matched (false: a filter-only or excluded-only hit). */
  matched: boolean;
}

const CONTEXT_WORDS = 12;

/**
 * Marks the matched words of a passage and trims it around them. Positions are not stored in
 * the index (they would cost memory for every passage); the few passages shown are re-read,
 * from their words and stems as `tokenize` and `stem` give them.
 *
 * @example highlight(passage, { stems: new Set(['post', 'interrupt']), phrases: [] }, tokens, stems)
 *   // { snippet: '… on top of that there\'s <mark>posted</mark> <mark>interrupts</mark> which …', at: 1420, matched: true }
 */
export function highlight(passage: Passage, match: MatchSpec, tokens: WordToken[], stems: string[], whole = false): Highlight {
  const marked = new Set<number>();
  stems.forEach((s, i) => {
    if (match.stems.has(s)) marked.add(i);
    for (const phrase of match.phrases) {
      if (phrase.length && phrase.every((p, k) => stems[i + k] === p)) phrase.forEach((_, k) => marked.add(i + k));
    }
  });
  const hits = [...marked].sort((a, b) => a - b);
  const best = bestHit(hits, stems);
  if (best === undefined) return { snippet: escapeText(trimWords(passage.text, tokens, 0, CONTEXT_WORDS * 2)), at: passage.start, matched: false };
  const from = whole ? 0 : Math.max(0, best - CONTEXT_WORDS);
  const to = whole ? tokens.length : Math.min(tokens.length, Math.max(best + CONTEXT_WORDS, (hits[hits.length - 1] ?? best) + 4));
  return {
    snippet: render(passage.text, tokens, from, to, marked),
    at: secondAt(passage, (tokens[best] as WordToken).start),
    matched: true,
  };
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

function render(text: string, tokens: WordToken[], from: number, to: number, marked: Set<number>): string {
  // Most captions hold nothing to escape; checking the passage once spares a test per word.
  const escape = /[&<>]/.test(text) ? escapeText : (s: string): string => s;
  let out = from > 0 ? '… ' : '';
  let cursor = (tokens[from] as WordToken).start;
  for (let i = from; i < to; i++) {
    const token = tokens[i] as WordToken;
    if (!marked.has(i)) continue;
    out += `${escape(text.slice(cursor, token.start))}<mark>${escape(text.slice(token.start, token.end))}</mark>`;
    cursor = token.end;
  }
  const end = to < tokens.length ? (tokens[to - 1] as WordToken).end : text.length;
  return out + escape(text.slice(cursor, end)) + (to < tokens.length ? ' …' : '');
}

function trimWords(text: string, tokens: WordToken[], from: number, count: number): string {
  const last = tokens[Math.min(tokens.length, from + count) - 1];
  if (!last) return text;
  return text.slice(0, last.end) + (from + count < tokens.length ? ' …' : '');
}

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Escapes text for HTML element content (snippets never go into attributes, so quotes may stay). */
export function escapeText(text: string): string {
  return text.replace(/[&<>]/g, (c) => HTML[c] as string);
}
