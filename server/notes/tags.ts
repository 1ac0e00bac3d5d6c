import { z } from 'zod';
import { TAG_MAX_CHARS } from './types.js';

/*
 * The one rule for tags, wherever a tag comes from (a page form, the API, the CLI, a JSON
 * backup) and wherever it goes (the database, every export): what was given is normalised,
 * then checked. The normal form is lowercase Unicode NFC without a leading `#` (`#HW`, ` hw`
 * and `hw` are one tag; a decomposed "é" is the composed one); a tag is 1 to TAG_MAX_CHARS
 * characters of letters of any script with their marks, digits, `-` and `_`. So a tag one way
 * in takes is taken by every other, and comes back from an export as it was stored.
 */

const TAG = /^[\p{L}\p{M}\p{N}_-]+$/u;

/**
 * A tag as stored.
 *
 * @example normalTag(' #Café') // => 'café' (NFC)
 */
export function normalTag(text: string): string {
  return text.trim().replace(/^#/, '').toLowerCase().normalize('NFC');
}

/** Why a tag in normal form is not one, or undefined when it is. */
export function tagProblem(tag: string): 'empty' | 'too long' | 'not a tag' | undefined {
  if (!tag) return 'empty';
  if (tag.length > TAG_MAX_CHARS) return 'too long';
  // Normal form is checked too: lowercasing can undo NFC for a few letters (`İ`), and such a tag would not come back as it was.
  return TAG.test(tag) && normalTag(tag) === tag ? undefined : 'not a tag';
}

/**
 * One tag as given (form, API, CLI, backup), to its normal form; the message quotes what was
 * given. Checked, then normalised in place (`overwrite`, not a transform), so it stays a string
 * schema that the OpenAPI document can show.
 */
export const tagField = z
  .string()
  .superRefine((given, ctx) => {
    const problem = tagProblem(normalTag(given));
    if (!problem) return;
    const message =
      problem === 'empty'
        ? 'empty tag'
        : problem === 'too long'
          ? `tag "${given.slice(0, 40)}…" is over ${TAG_MAX_CHARS} characters`
          : `"${given.slice(0, 80)}" is not a tag (a word of letters, digits, "-" and "_")`;
    ctx.addIssue({ code: 'custom', message });
  })
  .overwrite(normalTag);
