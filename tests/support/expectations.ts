import { PanelnotesError } from '../../server/errors.js';
import type { Segment } from '../../server/transcript/types.js';

/** The PanelnotesError a promise rejects with; fails the test if it resolves or throws another error. */
export async function rejection(promise: Promise<unknown>): Promise<PanelnotesError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PanelnotesError) return error;
    throw error;
  }
  throw new Error('expected a PanelnotesError, but the call succeeded');
}

/**
 * What every import must hand the library, whatever the format (see TranscriptRecord.segments).
 * `plainText: false` skips the checks on the words themselves, for third-party files whose text
 * may rightly hold what looks like markup.
 */
export function segmentProblems(segments: readonly Segment[], { plainText = true } = {}): string[] {
  const problems: string[] = [];
  if (!segments.length) problems.push('no segments');
  segments.forEach((s, i) => {
    const next = segments[i + 1];
    if (!Number.isFinite(s.start) || s.start < 0) problems.push(`#${i} start ${s.start}`);
    if (!Number.isFinite(s.duration) || s.duration < 0) problems.push(`#${i} duration ${s.duration}`);
    if (!s.text.trim()) problems.push(`#${i} empty text`);
    if (plainText && (s.text !== s.text.trim() || /\s{2,}|[\r\n\t]/.test(s.text))) problems.push(`#${i} unfolded whitespace ${JSON.stringify(s.text)}`);
    // Caption tags (text a file escaped, like "&lt;quality&gt;", is rightly left as text).
    if (plainText && /<\/?(?:[a-z]{1,4}|font|ruby|lang)(?:[.\s][^>]*)?>|<\d+:\d\d/i.test(s.text)) problems.push(`#${i} markup left ${JSON.stringify(s.text)}`);
    if (plainText && /&(?:#\d+|#x[\da-f]+|[a-z]+);/i.test(s.text)) problems.push(`#${i} entity left ${JSON.stringify(s.text)}`);
    if (plainText && /^>>/.test(s.text)) problems.push(`#${i} turn marker left ${JSON.stringify(s.text)}`);
    if (next && next.start < s.start) problems.push(`#${i} starts after #${i + 1}`);
    if (next && s.start + s.duration > next.start + 0.0005) problems.push(`#${i} overlaps #${i + 1}`);
    s.words?.forEach((w, j) => {
      if (!Number.isFinite(w.start) || w.start < 0) problems.push(`#${i} word ${j} start ${w.start}`);
      if (plainText && (!w.text || /\s/.test(w.text))) problems.push(`#${i} word ${j} text ${JSON.stringify(w.text)}`);
    });
  });
  return problems;
}
