import { readFileSync } from 'node:fs';
import { parseCaptions, type CaptionImport } from '../server/captions/index.js';
import type { Segment } from '../server/transcript/types.js';
import { fixture } from './support/sharedFixtures.js';

const load = (name: string): Buffer => readFileSync(fixture('captions', name));
const parse = (name: string): Promise<CaptionImport> => parseCaptions(load(name), name);
const texts = (segments: readonly Segment[]): string[] => segments.map((s) => s.text);
const ends = (segments: readonly Segment[]): number[] => segments.map((s) => Math.round((s.start + s.duration) * 1000) / 1000);

describe('SRT with a UTF-8 BOM, CRLF line endings and <i>/<font> tags (bom-crlf.srt)', () => {
  it('is read as SRT: the BOM and CRLF do not get in the way', async () => {
    const bytes = load('bom-crlf.srt');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.includes('\r\n')).toBe(true);
    const result = await parseCaptions(bytes, 'bom-crlf.srt');
    expect(result.format).toBe('srt');
    expect(result.skipped).toEqual([]);
    for (const text of texts(result.segments)) expect(text).not.toMatch(/[\r\uFEFF]/);
  });

  it('reads comma milliseconds and hours as seconds', async () => {
    const { segments } = await parse('bom-crlf.srt');
    expect(segments.map((s) => s.start)).toEqual([1.25, 4, 3723.004, 3725.5]);
    expect(ends(segments)).toEqual([3.9, 6.5, 3725, 3727]);
  });

  it('removes <i> and <font color> tags; an unterminated <i> does not swallow the next cue', async () => {
    const { segments } = await parse('bom-crlf.srt');
    expect(texts(segments)).toEqual([
      'Good evening and welcome.',
      'Tonight: the city budget.',
      'This line never closes its tag and runs onto a second line.',
      'The next cue is plain.',
    ]);
  });
});

describe('SRT with loose timings (loose-timing.srt)', () => {
  it('accepts dot separators, 2-digit and 1-digit fractions and single-digit fields like 0:0:7,56', async () => {
    const { format, segments, skipped } = await parse('loose-timing.srt');
    expect(format).toBe('srt');
    expect(skipped).toEqual([]);
    expect(segments.map((s) => s.start)).toEqual([1.5, 7.56, 62.5]);
    expect(ends(segments)).toEqual([3.25, 9.05, 64.75]);
  });
});

describe('SRT without sequence numbers (no-numbers.srt)', () => {
  it('reads every cue', async () => {
    const { format, segments, skipped } = await parse('no-numbers.srt');
    expect(format).toBe('srt');
    expect(skipped).toEqual([]);
    expect(segments).toEqual([
      { start: 0.5, duration: 1.5, text: 'Nobody numbered these cues.' },
      { start: 2, duration: 2, text: 'They still have times' },
      { start: 4, duration: 2, text: 'and text.' },
    ]);
  });
});

describe('malformed SRT (malformed.srt)', () => {
  it('keeps the good cues; the bad ones are not fatal', async () => {
    const { segments } = await parse('malformed.srt');
    expect(segments).toEqual([
      { start: 1, duration: 1, text: 'First good cue.' },
      { start: 5, duration: 1, text: 'Last good cue.' },
    ]);
  });

  it('reports each skipped cue with its line number and reason, in file order', async () => {
    const { skipped } = await parse('malformed.srt');
    expect(skipped).toEqual([
      { line: 6, reason: expect.stringMatching(/bad cue timing/) },
      { line: 9, reason: 'text without a timing line' },
      { line: 13, reason: 'cue has no text' },
    ]);
  });
});

describe('SRT with >> speaker-change markers (turns.srt)', () => {
  it('flags the segments that start with >> as turns and removes the marker', async () => {
    const { segments } = await parse('turns.srt');
    expect(texts(segments)).toEqual(['Who wants to start?', 'I will, briefly.', 'The budget is late again.']);
    expect(segments.map((s) => s.turn === true)).toEqual([true, true, false]);
  });
});

describe('SRT in other encodings', () => {
  const srt = '1\r\n00:00:01,000 --> 00:00:02,500\r\nCafé opens at nine\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\nthe river’s edge\r\n';
  const expected = [
    { start: 1, duration: 1.5, text: 'Café opens at nine' },
    { start: 3, duration: 1, text: 'the river’s edge' },
  ];

  it('reads UTF-16LE with a BOM', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(srt, 'utf16le')]);
    expect((await parseCaptions(bytes, 'le.srt')).segments).toEqual(expected);
  });

  it('reads UTF-16BE with a BOM', async () => {
    const bytes = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(srt, 'utf16le').swap16()]);
    expect((await parseCaptions(bytes, 'be.srt')).segments).toEqual(expected);
  });

  it('reads UTF-16BE without a BOM', async () => {
    const bytes = Buffer.from(srt, 'utf16le').swap16();
    expect((await parseCaptions(bytes, 'be.srt')).segments).toEqual(expected);
  });

  it('reads Windows-1252 accented letters (0xE9 is é)', async () => {
    const bytes = Buffer.from(srt.replace('’', "'"), 'latin1');
    expect(bytes.includes(0xe9)).toBe(true);
    const { segments } = await parseCaptions(bytes, 'legacy.srt');
    expect(texts(segments)).toEqual(['Café opens at nine', "the river's edge"]);
  });

  it('reads Windows-1252 curly quotes (0x92 is ’, not the control character U+0092)', async () => {
    const bytes = Buffer.from(srt.replace('’', '\x92'), 'latin1');
    expect(bytes.includes(0x92)).toBe(true);
    const { segments } = await parseCaptions(bytes, 'legacy.srt');
    expect(texts(segments)).toEqual(['Café opens at nine', 'the river’s edge']);
  });
});
