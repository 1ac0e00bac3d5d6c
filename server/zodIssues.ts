import type { z } from 'zod';
import type { ErrorCode } from './errors.js';

/*
 * Zod's refusals told to people, one way everywhere a schema checks what we are given (a
 * transcript file, a notes backup, a note from a form or the API): the first problem, where it
 * is, and how many more there are. The error code comes from the issue itself, never from its
 * words.
 */

/**
 * The first problem, phrased for a person, with its place in the input.
 *
 * @example describeIssue(error) // => 'segments[3].start: starts at 12s, before the previous segment ends (14s) (and 2 more problems)'
 */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const path = issue.path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i > 0 ? '.' : ''}${String(part)}`)).join('');
  const others = error.issues.length - 1;
  const more = others > 0 ? ` (and ${others} more problem${others === 1 ? '' : 's'})` : '';
  return `${path ? `${path}: ` : ''}${issue.code === 'unrecognized_keys' ? unknownFields(issue.keys) : issue.message}${more}`;
}

/**
 * A custom issue that carries the error code it stands for, for the rare refusal that is not a
 * plain USAGE one (a note's text over its limit is FILE_TOO_LARGE: 413, exit 4).
 *
 * @example ctx.addIssue(codedIssue('FILE_TOO_LARGE', 'a note holds at most 10,000 characters; this one has 12,000'))
 */
export function codedIssue(code: ErrorCode, message: string): { code: 'custom'; message: string; params: { errorCode: ErrorCode } } {
  return { code: 'custom', message, params: { errorCode: code } };
}

/** The error code the first issue carries (see codedIssue), else `fallback`. */
export function errorCodeOf(error: z.ZodError, fallback: ErrorCode): ErrorCode {
  const issue = error.issues[0];
  const code = issue?.code === 'custom' ? (issue.params as { errorCode?: ErrorCode } | undefined)?.errorCode : undefined;
  return code ?? fallback;
}

/**
 * Names a typo'd field (`titel`) so it can be fixed, but only one that looks like a field
 * name: the message is shown on the library page, and a file that is not a transcript at
 * all must not have its contents quoted there.
 */
function unknownFields(keys: string[]): string {
  const named = keys.filter((k) => /^[A-Za-z_][A-Za-z0-9_]{0,39}$/.test(k));
  if (!named.length) return keys.length > 1 ? 'unknown fields' : 'an unknown field';
  return `unknown field${keys.length > 1 ? 's' : ''} ${named.map((k) => `"${k}"`).join(', ')}${named.length < keys.length ? ' and others' : ''}`;
}
