import type { Excerpt } from '../../index/highlight.js';
import type { SearchResponse, SearchResult } from '../../index/searchTypes.js';
import { momentUrl } from '../videoId.js';

/**
 * Search results as people see them. The search core answers plain text and the places of the
 * matched words; this is the one place they become HTML (the pages, and the API's `snippet`)
 * or terminal text (the CLI), and where a result gets its link to the video.
 */

/** A result as the API, the pages and `panelnotes search --json` show it. */
export interface ShownResult extends Omit<SearchResult, 'excerpt'> {
  /** The excerpt as HTML: escaped for element content, matched words in `<mark>`. */
  snippet: string;
  /** The video at the second the best matched word was said (see momentUrl: YouTube, a talk's own URL, or its page here). */
  url: string;
  /** From a synthetic sample transcript: its words are nobody's, whatever the snippet reads like. */
  sample: boolean;
  /** The speaker is a suggestion nobody has confirmed (server/speakers/suggestedSpeakers.ts). */
  speakerSuggested?: true;
}

export interface ShownResponse extends Omit<SearchResponse, 'results'> {
  results: ShownResult[];
}

/**
 * A search response with its results shown: `snippet` and `url` in place of the excerpt, and
 * each result from a sample video (as `talkOf` tells) marked as one.
 *
 * @example showSearch(index.search('posted interrupts')).results[0]?.snippet // '… <mark>posted</mark> <mark>interrupts</mark> …'
 */
export function showSearch(response: SearchResponse, talkOf: TalkLookup = () => undefined): ShownResponse {
  return { ...response, results: response.results.map((r) => showResult(r, talkOf(r.videoId))) };
}

/** What a result shows of its talk: whether it is a synthetic sample, and its own URL (a talk not on YouTube). */
export interface TalkFacts {
  sample: boolean;
  url?: string;
}

export type TalkLookup = (videoId: string) => TalkFacts | undefined;

export function showResult(result: SearchResult, talk?: TalkFacts): ShownResult {
  const { excerpt, score, ...rest } = result;
  return { ...rest, snippet: snippetHtml(excerpt), url: momentUrl(result.videoId, result.at, talk?.url), sample: talk?.sample === true, score };
}

/**
 * An excerpt as HTML element content, its marks in `<mark>`.
 *
 * @example snippetHtml({ text: 'a <b> c', marks: [[0, 1]] }) // '<mark>a</mark> &lt;b&gt; c'
 */
export function snippetHtml(excerpt: Excerpt): string {
  return markUp(excerpt, '<mark>', '</mark>', NEEDS_ESCAPE.test(excerpt.text) ? escapeText : same);
}

/**
 * An excerpt for a terminal: marks in bold yellow where it is one, else in brackets. The text is
 * printed as it is (the core replaced control characters already: no escape sequence from a
 * transcript reaches the terminal).
 *
 * @example snippetTerminal({ text: 'posted interrupts', marks: [[0, 6]] }, false) // '[posted] interrupts'
 */
export function snippetTerminal(excerpt: Excerpt, tty: boolean): string {
  return tty ? markUp(excerpt, '\u001b[1;33m', '\u001b[0m', same) : markUp(excerpt, '[', ']', same);
}

function markUp({ text, marks }: Excerpt, open: string, close: string, escape: (text: string) => string): string {
  let out = '';
  let cursor = 0;
  for (const [start, end] of marks) {
    out += `${escape(text.slice(cursor, start))}${open}${escape(text.slice(start, end))}${close}`;
    cursor = end;
  }
  return out + escape(text.slice(cursor));
}

const same = (text: string): string => text;

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
// C0 and C1 controls other than tab and line breaks, and DEL: not text in HTML.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const NEEDS_ESCAPE = /[&<>\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uD800-\uDFFF]/;

/**
 * Escapes text for HTML element content (snippets never go into attributes, so quotes may
 * stay); control characters and unpaired surrogates become U+FFFD, as an HTML parser would.
 *
 * @example escapeText('<b> & \u0007') // '&lt;b&gt; &amp; \uFFFD'
 */
export function escapeText(text: string): string {
  return text
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(CONTROL, '\uFFFD')
    .replace(/[&<>]/g, (c) => HTML[c] as string);
}
