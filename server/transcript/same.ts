import type { TranscriptRecord } from './types.js';

/**
 * Whether two records hold the same transcript, whatever order their keys were written in (a
 * record read back from its file and the one that was saved).
 *
 * @example sameRecord(saved, await loadTranscript(dir, saved.videoId)) // true
 */
export function sameRecord(a: TranscriptRecord, b: TranscriptRecord): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)))
      : v,
  );
}
