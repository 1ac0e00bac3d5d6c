import { z } from 'zod';
import { TALK_ID } from '../videoId.js';
import type { TranscriptRecord } from './types.js';
import { TRANSCRIPT_FORMAT_VERSION } from './types.js';

const seconds = z.number().finite().nonnegative();

/** A talk's id in a file we read (a transcript, a notes backup): YouTube's, or a local one (see server/videoId.ts). */
export const videoIdField = z.string().regex(TALK_ID, 'not an 11-character YouTube id nor a local id (local- and 16 hex digits)');

const word = z.object({ start: seconds, text: z.string() });

const segment = z.object({
  start: seconds,
  duration: seconds,
  text: z.string().min(1, 'empty text'),
  words: z.array(word).optional(),
  speaker: z.string().min(1).optional(),
  turn: z.boolean().optional(),
});

const chapter = z.object({ start: seconds, end: seconds.optional(), title: z.string() });

const provenance = z.strictObject({
  via: z.enum(['youtube', 'yt-dlp', 'file', 'upload']),
  client: z.enum(['innertube-android', 'watch-page']).optional(),
  format: z.string().min(1).optional(),
  proxy: z.boolean().optional(),
  consent: z.boolean().optional(),
  file: z.string().min(1).optional(),
  retrievedAt: z.string().datetime().optional(),
  tool: z.string().min(1).optional(),
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
    videoId: videoIdField,
    title: z.string(),
    // A link the pages show: http(s) only, so a hand-edited `javascript:` or `data:` URL makes
    // the file a problem (reported, and the other videos load) rather than a link on a page.
    url: z.string().refine(isWebUrl, 'must be an http(s) URL, like https://www.youtube.com/watch?v=<id>').optional(),
    language: z.string().min(1),
    captionKind: z.enum(['manual', 'asr', 'unknown']),
    source: z.enum(['youtube', 'file', 'sample']),
    fetchedAt: z.string().datetime(),
    notice: z.string().optional(),
    provenance: provenance.optional(),
    metadata: z.object({
      description: z.string().optional(),
      published: z.string().optional(),
      channel: z.string().optional(),
      playlist: z.string().optional(),
      event: z.string().optional(),
      lengthSeconds: seconds.optional(),
      panelists: z.array(panelist).optional(),
      chapters: z.array(chapter).optional(),
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
