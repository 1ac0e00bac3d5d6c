import { decodeHTML } from 'entities';

const TAG = /<\/?[a-z][^<>]*>|<\d{1,2}:\d{2}(?::\d{2})?[.,]\d{1,3}>/gi;
const ASS_OVERRIDE = /\{\\[^{}]*\}/g;
const TURN_MARKER = /^\s*(?:>>|&gt;&gt;)\s*/;
const INVISIBLE = /[\u200B\u200C\u200D\u2060\uFEFF]/g;

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
 * Turns caption text into plain text: drops tags (`<i>`, `<font>`, `<c.x>`, inline timestamps),
 * ASS overrides like `{\an8}` and zero-width padding, decodes entities, folds whitespace.
 */
export function plainText(text: string): string {
  return decodeEntities(text.replace(TAG, '').replace(ASS_OVERRIDE, ''))
    .replace(TAG, '')
    .replace(INVISIBLE, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Splits off a leading `>>` speaker-change marker. */
export function takeTurnMarker(text: string): { text: string; turn: boolean } {
  const stripped = text.replace(TURN_MARKER, '');
  return { text: stripped, turn: stripped !== text };
}
