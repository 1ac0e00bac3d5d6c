import { z } from 'zod';
import type { TranscriptRecord } from './types.js';
import { TRANSCRIPT_FORMAT_VERSION } from './types.js';

const seconds = z.number().finite().nonnegative();

const word = z.object({ start: seconds, text: z.string() });

const segment = z.object({
  start: seconds,
  duration: seconds,
  text: z.string().min(1, 'empty text'),
  words: z.array(word).optional(),
  speaker: z.string().min(1).optional(),
  turn: z.boolean().optional(),
});

const panelist = z.object({
  name: z.string().min(1),
  affiliation: z.string().optional(),
  role: z.string().optional(),
});

/** Validates a stored transcript; unknown keys are refused so hand-edit typos surface. */
export const transcriptSchema = z
  .strictObject({
    formatVersion: z.literal(TRANSCRIPT_FORMAT_VERSION),
    videoId: z.string().regex(/^[A-Za-z0-9_-]{11}$/, 'not an 11-character YouTube id'),
    title: z.string(),
    // A link the pages show: http(s) only, so a hand-edited `javascript:` or `data:` URL makes
    // the file a problem (reported, and the other videos load) rather than a link on a page.
    url: z.string().refine(isWebUrl, 'must be an http(s) URL, like https://www.youtube.com/watch?v=<id>'),
    language: z.string().min(1),
    captionKind: z.enum(['manual', 'asr', 'unknown']),
    source: z.enum(['youtube', 'file', 'sample']),
    fetchedAt: z.string().datetime(),
    notice: z.string().optional(),
    metadata: z.object({
      description: z.string().optional(),
      published: z.string().optional(),
      channel: z.string().optional(),
      playlist: z.string().optional(),
      event: z.string().optional(),
      lengthSeconds: seconds.optional(),
      panelists: z.array(panelist).optional(),
    }),
    segments: z.array(segment).min(1, 'no segments'),
  })
  .superRefine((record, ctx) => {
    // Order matters to every consumer (passages, seeking), so it is part of validity.
    record.segments.forEach((seg, i) => {
      const prev = record.segments[i - 1];
      if (prev && seg.start < prev.start + prev.duration - 0.0015) {
        ctx.addIssue({
          code: 'custom',
          path: ['segments', i, 'start'],
          message: `starts at ${seg.start}s, before the previous segment ends (${prev.start + prev.duration}s)`,
        });
      }
    });
  }) satisfies z.ZodType<TranscriptRecord>;

/** An absolute http: or https: URL with a host and no credentials in it. */
function isWebUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '' && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

/** The first problem, phrased for a person: `segments[3].start: starts at ...`. */
export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid';
  const path = issue.path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i > 0 ? '.' : ''}${String(part)}`))
    .join('');
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problems)` : '';
  return `${path ? `${path}: ` : ''}${issue.code === 'unrecognized_keys' ? unknownFields(issue.keys) : issue.message}${more}`;
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
