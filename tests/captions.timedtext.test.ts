import { readFileSync } from 'node:fs';
import { parseCaptions, type CaptionImport } from '../server/captions/index.js';
import type { Segment } from '../server/transcript/types.js';
import { fixture } from './support/sharedFixtures.js';

const load = (name: string): Buffer => readFileSync(fixture('captions', name));
const parse = (name: string): Promise<CaptionImport> => parseCaptions(load(name), name);
const fromText = (text: string, name = 'inline.xml'): Promise<CaptionImport> => parseCaptions(Buffer.from(text), name);
const texts = (segments: readonly Segment[]): string[] => segments.map((s) => s.text);

describe('YouTube classic timedtext (srv1) XML (timedtext.xml)', () => {
  it('is read as timedtext with times in seconds', async () => {
    const { format, segments } = await parse('timedtext.xml');
    expect(format).toBe('timedtext');
    expect(segments.map((s) => s.start)).toEqual([0.5, 2.6, 6.25]);
    expect(segments.map((s) => s.duration)).toEqual([2.1, 3, 2.5]);
  });

  it('decodes the double-escaped &amp;#39; and drops the escaped &lt;i&gt; tag', async () => {
    const { segments } = await parse('timedtext.xml');
    expect(texts(segments)).toEqual(['the committee met on tuesday', "it's the third hearing this year", 'and nobody objected']);
  });

  it('treats an empty <text> as a line break: no segment, and not reported as skipped', async () => {
    const { segments, skipped } = await parse('timedtext.xml');
    expect(segments).toHaveLength(3);
    expect(skipped).toEqual([]);
  });

  it('skips an element with an unusable time, with its line, and keeps the rest', async () => {
    const xml =
      '<?xml version="1.0" encoding="utf-8" ?>\n<transcript>\n<text start="soon" dur="1">lost</text>\n<text start="1" dur="2">kept</text>\n</transcript>\n';
    const { segments, skipped } = await fromText(xml);
    expect(segments).toEqual([{ start: 1, duration: 2, text: 'kept' }]);
    expect(skipped).toEqual([{ line: 3, reason: expect.stringMatching(/unusable time/) }]);
  });

  it('flags a leading &gt;&gt; as a turn and removes it', async () => {
    const xml = '<transcript><text start="0" dur="2">is this on</text><text start="2" dur="2">&gt;&gt; yes it is</text></transcript>';
    const { segments } = await fromText(xml);
    expect(segments).toEqual([
      { start: 0, duration: 2, text: 'is this on' },
      { start: 2, duration: 2, text: 'yes it is', turn: true },
    ]);
  });
});

describe('YouTube srv3 timedtext (srv3.xml)', () => {
  it('is read as srv3 with millisecond times turned into seconds', async () => {
    const { format, segments, skipped } = await parse('srv3.xml');
    expect(format).toBe('srv3');
    expect(skipped).toEqual([]);
    expect(segments.map((s) => [s.start, s.duration, s.text])).toEqual([
      [1, 2, 'hello world'],
      [3, 2.5, 'rivers carry silt'],
    ]);
  });

  it('keeps word times from <s t> offsets, relative to the paragraph start', async () => {
    const { segments } = await parse('srv3.xml');
    expect(segments.map((s) => s.words)).toEqual([
      [
        { start: 1, text: 'hello' },
        { start: 1.5, text: 'world' },
      ],
      [
        { start: 3, text: 'rivers' },
        { start: 3.4, text: 'carry' },
        { start: 3.9, text: 'silt' },
      ],
    ]);
  });

  it('is recognised by its <p t="…"> paragraphs even without format="3"', async () => {
    const { format, segments } = await fromText('<timedtext><body><p t="250" d="750">short</p></body></timedtext>');
    expect(format).toBe('srv3');
    expect(segments).toEqual([{ start: 0.25, duration: 0.75, text: 'short' }]);
  });
});
