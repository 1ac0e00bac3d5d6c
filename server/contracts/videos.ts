/**
 * Videos in the JSON API: the library list, one video with its passages, adding a video
 * (a YouTube fetch, answered by a job, or a caption file upload).
 */
import { z } from 'zod';
import { TRANSCRIPT_FORMATS } from '../captions/export.js';
import { transcriptSchema } from '../transcript/schema.js';
import { chapterSchema, errorCodeSchema, secondsSchema, timestampSchema, topicSchema, videoIdSchema } from './common.js';

/** A video as the library list shows it: GET /api/videos, and the answer to an upload. */
export const videoSummarySchema = z.object({
  videoId: videoIdSchema,
  title: z.string(),
  url: z.url().optional().describe('where the talk can be watched; a talk not on YouTube imported without a URL has none'),
  source: transcriptSchema.shape.source.describe('`sample` marks the synthetic stand-in shipped for offline use'),
  sample: z.boolean(),
  notice: z.string().optional().describe('shown wherever the transcript is shown (that it is a synthetic sample)'),
  language: z.string().describe('BCP 47 code of the captions, `und` when unknown'),
  captionKind: transcriptSchema.shape.captionKind.describe('`manual`: written by a person; `asr`: YouTube speech recognition'),
  provenance: transcriptSchema.shape.provenance.describe(
    'how the captions were obtained: `via` youtube (with the client, format, proxy and consent), yt-dlp, file or upload; absent for the sample and older records',
  ),
  duration: secondsSchema.describe(
    "seconds: YouTube's length of the video where known, else the end of its last caption; notes and speaker spans lie between 0 and 5 s past it",
  ),
  segments: z.int().min(0).describe('caption lines'),
  passages: z.int().min(0).describe('passages of 15-40 s, what search finds'),
  fetchedAt: timestampSchema,
});
export type VideoSummary = z.infer<typeof videoSummarySchema>;

export const videoListSchema = z.object({ videos: z.array(videoSummarySchema).describe('sorted by title') });
export type VideoList = z.infer<typeof videoListSchema>;

/** A passage: what search finds and the transcript page shows at once. */
export const passageSchema = z.object({
  index: z.int().min(0).describe("position in the video's passage list; a search result's `passage`"),
  start: secondsSchema,
  end: secondsSchema,
  text: z.string(),
  topic: topicSchema,
  speaker: z.string().nullable(),
});

/** GET /api/videos/{id}: the summary's fields, `passages` as the list itself, metadata and chapters. */
export const videoDetailSchema = videoSummarySchema
  .omit({ passages: true })
  .extend({ metadata: transcriptSchema.shape.metadata, passages: z.array(passageSchema), chapters: z.array(chapterSchema) })
  .describe("A video's summary fields, with `passages` as the list itself, plus metadata and chapters.");
export type VideoDetail = z.infer<typeof videoDetailSchema>;

/** POST /api/videos as JSON: fetch a video from YouTube. */
export const fetchVideoSchema = z.object({ url: z.string().min(1).describe('YouTube URL or 11-character id') });

/** POST /api/videos as multipart/form-data: import a caption file. */
export const captionUploadSchema = z.object({
  file: z.file().describe('WebVTT, SRT, or YouTube timedtext (srv1, srv3, json3); at most 20 MB'),
  video: z
    .string()
    .optional()
    .describe(
      'the YouTube id or URL the captions belong to, or a local id; leave out for a talk not on YouTube (a local id is made from `url`, else the file)',
    ),
  url: z.url().optional().describe('where a talk not on YouTube can be watched; timestamps link there (`#t=` for media files)'),
  title: z.string().optional(),
  language: z.string().optional().describe("the captions' BCP 47 language code (e.g. `en`, `pt-BR`) when the file does not say (SRT); else `und`"),
});

export const jobStateSchema = z.enum(['waiting', 'fetching', 'indexing', 'done', 'failed']).describe('`waiting`: a talk of a list, its turn not yet come');
export type JobState = z.infer<typeof jobStateSchema>;

/** A background fetch of a video, as the progress page and the API show it. */
export const jobSchema = z.object({
  id: z.uuid(),
  videoId: videoIdSchema,
  state: jobStateSchema,
  step: z.string().describe('what is happening, in words for the progress page'),
  error: z
    .object({
      code: errorCodeSchema,
      message: z.string(),
      hint: z.string().optional(),
      status: z.int().describe('the HTTP status the failure has (429, 502, 503: trouble with YouTube; 404: no such video or no captions)'),
    })
    .optional()
    .describe('why a failed job failed'),
  startedAt: timestampSchema,
  finishedAt: timestampSchema.optional(),
});
export type Job = z.infer<typeof jobSchema>;

/** GET /api/videos/{id}/transcript's parameters. */
export const transcriptQuerySchema = z.object({
  format: z.enum(TRANSCRIPT_FORMATS).default('json').describe('txt: plain text; md: Markdown; srt: SubRip; vtt: WebVTT; json: panelnotes-transcript'),
  from: z.string().max(20).optional().describe('start of a range: `90`, `1:30` or `1:01:30` (segments overlapping it are kept)'),
  to: z.string().max(20).optional().describe('end of a range'),
});

/** GET /api/videos/{id}/transcript?format=json: the transcript, its speakers and titled chapters. */
export const transcriptExportSchema = z.object({
  format: z.literal('panelnotes-transcript'),
  version: z.literal(1),
  exportedAt: timestampSchema,
  videoId: videoIdSchema,
  title: z.string(),
  url: z.url().optional(),
  language: z.string(),
  source: transcriptSchema.shape.source,
  notice: z.string().optional().describe('present on the synthetic sample; importing the export back keeps it a sample'),
  from: secondsSchema.optional(),
  to: secondsSchema.optional(),
  chapters: z.array(z.object({ start: secondsSchema, end: secondsSchema, title: z.string().describe("the chapter's own title, else its topic's label") })),
  segments: z.array(
    z.object({
      start: secondsSchema,
      duration: secondsSchema,
      text: z.string(),
      speaker: z.string().optional(),
      turn: z.literal(true).optional().describe('the captions marked a change of speaker here without a name'),
    }),
  ),
});

/** GET /api/videos/{id}/version and GET /api/library/version: what an open page compares to offer a reload. */
export const versionSchema = z.object({
  version: z.string().describe('changes whenever what the page shows changes (transcript, notes, speakers), whoever changed it; opaque'),
});
