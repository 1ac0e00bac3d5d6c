import { readFileSync } from 'node:fs';
import { parseCaptions } from '../server/captions/index.js';
import type { Segment } from '../server/transcript/types.js';
import { fixture } from './support/sharedFixtures.js';

/** What every import must hand the library, whatever the format (see TranscriptRecord.segments). */
function segmentProblems(segments: readonly Segment[]): string[] {
  const problems: string[] = [];
  if (!segments.length) problems.push('no segments');
  segments.forEach((s, i) => {
    const next = segments[i + 1];
    if (!Number.isFinite(s.start) || s.start < 0) problems.push(`#${i} start ${s.start}`);
    if (!Number.isFinite(s.duration) || s.duration < 0) problems.push(`#${i} duration ${s.duration}`);
    if (!s.text.trim()) problems.push(`#${i} empty text`);
    if (s.text !== s.text.trim() || /\s{2,}|[\r\n\t]/.test(s.text)) problems.push(`#${i} unfolded whitespace ${JSON.stringify(s.text)}`);
    // Caption tags (text a file escaped, like "&lt;quality&gt;", is rightly left as text).
    if (/<\/?(?:[a-z]{1,4}|font|ruby|lang)(?:[.\s][^>]*)?>|<\d+:\d\d/i.test(s.text)) problems.push(`#${i} markup left ${JSON.stringify(s.text)}`);
    if (/&(?:#\d+|#x[\da-f]+|[a-z]+);/i.test(s.text)) problems.push(`#${i} entity left ${JSON.stringify(s.text)}`);
    if (/^>>/.test(s.text)) problems.push(`#${i} turn marker left ${JSON.stringify(s.text)}`);
    if (next && next.start < s.start) problems.push(`#${i} starts after #${i + 1}`);
    if (next && s.start + s.duration > next.start + 0.0005) problems.push(`#${i} overlaps #${i + 1}`);
    s.words?.forEach((w, j) => {
      if (!Number.isFinite(w.start) || w.start < 0) problems.push(`#${i} word ${j} start ${w.start}`);
      if (!w.text || /\s/.test(w.text)) problems.push(`#${i} word ${j} text ${JSON.stringify(w.text)}`);
    });
  });
  return problems;
}

const CAPTION_FIXTURES = [
  'talk.vtt',
  'rolling-auto.en.vtt',
  'rolling-turns.en.vtt',
  'malformed.vtt',
  'empty-cue.vtt',
  'bom-crlf.srt',
  'loose-timing.srt',
  'no-numbers.srt',
  'malformed.srt',
  'turns.srt',
  'ordinary-repeats.srt',
  'simultaneous-overlap.srt',
  'timedtext.xml',
  'srv3.xml',
  'json3.json',
  'transcript-seconds.json',
  'transcript-ms.json',
  'transcript-start.json',
];

describe('every caption fixture becomes a clean transcript', () => {
  it.each(CAPTION_FIXTURES)('%s: sorted, non-overlapping, finite, non-negative segments of plain text', async (name) => {
    const { segments } = await parseCaptions(readFileSync(fixture('captions', name)), name);
    expect(segmentProblems(segments)).toEqual([]);
  });

  it.each(CAPTION_FIXTURES)('%s: every skipped cue has a reason, and a line number within the file when it has one', async (name) => {
    const bytes = readFileSync(fixture('captions', name));
    const lineCount = bytes.toString('utf8').split(/\r\n|\r|\n/).length;
    const { skipped } = await parseCaptions(bytes, name);
    for (const skip of skipped) {
      expect(skip.reason).toMatch(/\S/);
      if (skip.line !== undefined) {
        expect(Number.isInteger(skip.line)).toBe(true);
        expect(skip.line).toBeGreaterThanOrEqual(1);
        expect(skip.line).toBeLessThanOrEqual(lineCount);
      }
    }
  });
});
