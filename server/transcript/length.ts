import type { TranscriptRecord } from './types.js';

/**
 * How long a video runs, in seconds: its length as YouTube reports it where the record has
 * one, else the end of its last caption. Never less than the end of the last caption: a
 * length of 0 (a live stream's) or a rounded-down one must not hide words the page shows.
 *
 * @example videoLength({ metadata: { lengthSeconds: 3190 }, segments }) // 3190 (the captions end at 3186.3)
 * @example videoLength({ metadata: {}, segments }) // 3186.279
 */
export function videoLength(record: Pick<TranscriptRecord, 'metadata' | 'segments'>): number {
  const last = record.segments[record.segments.length - 1];
  const captions = last ? last.start + last.duration : 0;
  const reported = record.metadata.lengthSeconds;
  return reported !== undefined && Number.isFinite(reported) && reported > captions ? reported : captions;
}
