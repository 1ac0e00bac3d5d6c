import { readFileSync } from 'node:fs';
import { parseCaptions } from '../server/captions/index.js';
import { segmentProblems } from './support/expectations.js';
import { fixture } from './support/sharedFixtures.js';

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
