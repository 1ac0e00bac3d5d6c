import { decodeHTML } from 'entities';

/** HTML-like tags as SRT and timedtext use them (`<i>`, `</font>`, `<br/>`), nothing looser. */
const MARKUP_TAG = /<\/?[a-z][^<>]*>/gi;
/** WebVTT: a `<` opens a tag that runs to the next `>` or the end of the cue (the spec's tokenizer). */
const WEBVTT_TAG = /<[^>]*(?:>|$)/g;
const ASS_OVERRIDE = /\{\\[^{}]*\}/g;
const INVISIBLE = /[\u200B\u200C\u200D\u2060\uFEFF]/g;
/** What every pattern above, and an entity, starts with. */
const MAY_NEED_CLEANING = /[<{&\u200B\u200C\u200D\u2060\uFEFF]/;

export type TagStyle = 'webvtt' | 'markup';

/**
 * Decodes HTML entities, twice when needed: YouTube has served `&amp;#39;`, which one pass
 * turns into the literal text `&#39;` instead of an apostrophe.
 *
 * @example decodeEntities('it&amp;#39;s') // "it's"
 */
export function decodeEntities(text: string): string {
  const once = decodeHTML(text);
  return /&(?:#\d+|#x[\da-f]+|[a-z]+\d*);/i.test(once) ? decodeHTML(once) : once;
}

/**
 * Turns caption text into plain text: drops tags, ASS overrides like `{\an8}` and zero-width
 * padding, then decodes entities, so text the file escaped (`&lt;quality&gt;`) stays text.
 */
export function plainText(text: string, tags: TagStyle = 'markup'): string {
  // Most cues have nothing to remove or decode: one test spares them four passes.
  if (!MAY_NEED_CLEANING.test(text)) return text.replace(/\s+/g, ' ').trim();
  return decodeEntities(text.replace(tags === 'webvtt' ? WEBVTT_TAG : MARKUP_TAG, '').replace(ASS_OVERRIDE, ''))
    .replace(INVISIBLE, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Takes out `>>` speaker-change markers, wherever a line has one (rolling auto-captions put it
 * at the start of their second line), and says at which word the new speaker starts.
 *
 * @example takeTurnMarker('so what >> the plan is') // { text: 'so what the plan is', turnAt: 2 }
 */
export function takeTurnMarker(text: string): { text: string; turnAt?: number } {
  if (!text.includes('>>') && !text.includes('&gt;&gt;') && !text.includes('  ') && text[0] !== ' ' && !text.endsWith(' ')) return { text };
  let turnAt: number | undefined;
  const words: string[] = [];
  for (const word of text.split(' ')) {
    if (word === '>>' || word === '&gt;&gt;') turnAt ??= words.length;
    else if (word) words.push(word);
  }
  return { text: words.join(' '), ...(turnAt === undefined ? {} : { turnAt }) };
}
