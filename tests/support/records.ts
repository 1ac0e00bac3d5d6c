import type { Segment, TranscriptRecord } from '../../server/transcript/types.js';

/** A valid library record for tests: an imported file unless `overrides` say otherwise. */
export function transcript(videoId: string, segments: Segment[], overrides: Partial<TranscriptRecord> = {}): TranscriptRecord {
  return {
    formatVersion: 1,
    videoId,
    title: `Talk ${videoId}`,
    url: `https://www.youtube.com/watch?v=${videoId}`,
    language: 'en',
    captionKind: 'manual',
    source: 'file',
    fetchedAt: '2026-11-25T10:00:00.000Z',
    metadata: {},
    segments,
    ...overrides,
  };
}
