import { readFileSync } from 'node:fs';
import { parseCaptions, type CaptionImport } from '../server/captions/index.js';
import type { Segment } from '../server/transcript/types.js';
import { fixture } from './support/sharedFixtures.js';
import { rejection } from './support/expectations.js';

const load = (name: string): Buffer => readFileSync(fixture('captions', name));
const parse = (name: string): Promise<CaptionImport> => parseCaptions(load(name), name);
const fromJson = (data: unknown, name = 'inline.json'): Promise<CaptionImport> => parseCaptions(Buffer.from(JSON.stringify(data)), name);
const texts = (segments: readonly Segment[]): string[] => segments.map((s) => s.text);

describe('YouTube json3 (json3.json)', () => {
  it('is read as json3 with times in seconds; window and aAppend newline events add nothing', async () => {
    const { format, segments, skipped } = await parse('json3.json');
    expect(format).toBe('json3');
    expect(skipped).toEqual([]);
    expect(texts(segments)).toEqual(['the bridge opened', 'in late march']);
    expect(segments.map((s) => s.start)).toEqual([0.2, 2.11]);
  });

  it('keeps word times from tOffsetMs', async () => {
    const { segments } = await parse('json3.json');
    expect(segments.map((s) => s.words)).toEqual([
      [
        { start: 0.2, text: 'the' },
        { start: 0.6, text: 'bridge' },
        { start: 1.1, text: 'opened' },
      ],
      [
        { start: 2.11, text: 'in' },
        { start: 2.41, text: 'late' },
        { start: 2.81, text: 'march' },
      ],
    ]);
  });

  it('trims an event that runs into the next one', async () => {
    const { segments } = await parse('json3.json');
    expect(segments.map((s) => s.duration)).toEqual([1.91, 3]);
  });

  it('reports an event with an unusable time and keeps the others', async () => {
    const { segments, skipped } = await fromJson({
      events: [
        { tStartMs: 'later', dDurationMs: 1000, segs: [{ utf8: 'lost' }] },
        { tStartMs: 1000, dDurationMs: 1000, segs: [{ utf8: '>> kept' }] },
      ],
    });
    expect(segments).toEqual([{ start: 1, duration: 1, text: 'kept', turn: true }]);
    expect(skipped).toEqual([{ reason: expect.stringMatching(/^event 0: unusable time/) }]);
  });
});

describe('JSON arrays of captions, as youtube-transcript and similar tools print them', () => {
  const expected = [
    { start: 0.5, duration: 2.5, text: 'the first speaker' },
    { start: 3, duration: 3, text: "it's a long agenda" },
    { start: 6.25, duration: 1.75, text: 'so let us begin' },
  ];

  it('reads {text, offset, duration} in seconds (transcript-seconds.json)', async () => {
    const result = await parse('transcript-seconds.json');
    expect(result.format).toBe('json');
    expect(result.segments).toEqual(expected);
  });

  it('reads {text, offset, duration} in milliseconds, as printed for srv3 tracks (transcript-ms.json)', async () => {
    const result = await parse('transcript-ms.json');
    expect(result.format).toBe('json');
    expect(result.segments).toEqual(expected);
  });

  it('reads {text, start, duration} (transcript-start.json)', async () => {
    const result = await parse('transcript-start.json');
    expect(result.format).toBe('json');
    expect(result.segments).toEqual(expected);
  });

  it('also reads an object holding a segments array', async () => {
    const { segments } = await fromJson({ segments: [{ text: 'wrapped', start: 1, duration: 2 }] });
    expect(segments).toEqual([{ start: 1, duration: 2, text: 'wrapped' }]);
  });

  it('reports items without text or with an unusable time, and keeps the rest', async () => {
    const { segments, skipped } = await fromJson([
      { text: 'fine', start: 0, duration: 1 },
      { start: 1, duration: 1 },
      { text: 'negative', start: -4, duration: 1 },
      { text: '   ', start: 3, duration: 1 },
      { text: 'also fine', start: 4, duration: 1 },
    ]);
    expect(texts(segments)).toEqual(['fine', 'also fine']);
    expect(skipped.map((s) => s.reason)).toEqual([
      expect.stringMatching(/^item 1: no text/),
      expect.stringMatching(/^item 2: unusable time/),
      expect.stringMatching(/^item 3: empty text/),
    ]);
  });
});

describe('JSON that is not captions', () => {
  it('refuses JSON that does not parse, naming the file (broken.json)', async () => {
    const error = await rejection(parse('broken.json'));
    expect(error.code).toBe('CAPTIONS_UNRECOGNISED');
    expect(error.message).toContain('broken.json');
    expect(error.message).toMatch(/does not parse/);
  });

  it('refuses JSON of another shape, with a hint listing the supported formats', async () => {
    const error = await rejection(fromJson({ videoDetails: { title: 'not captions' } }, 'player.json'));
    expect(error.code).toBe('CAPTIONS_UNRECOGNISED');
    expect(error.message).toContain('player.json');
    expect(error.hint).toMatch(/json3/);
    expect(error.hint).toMatch(/JSON array/);
  });

  it('says CAPTIONS_EMPTY for a caption array with nothing usable', async () => {
    const error = await rejection(fromJson([{ text: '', start: 0, duration: 1 }], 'blank.json'));
    expect(error.code).toBe('CAPTIONS_EMPTY');
    expect(error.message).toContain('blank.json');
    expect(error.message).toContain('item 0: empty text');
  });
});
