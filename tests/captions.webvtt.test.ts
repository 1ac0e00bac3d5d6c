import { readFileSync } from 'node:fs';
import { parseCaptions, parseCaptionText, type CaptionImport } from '../server/captions/index.js';
import type { Segment } from '../server/transcript/types.js';
import { fixture } from './support/sharedFixtures.js';

const load = (name: string): Buffer => readFileSync(fixture('captions', name));
const parse = (name: string): Promise<CaptionImport> => parseCaptions(load(name), name);
const texts = (segments: readonly Segment[]): string[] => segments.map((s) => s.text);

function at<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`no item #${index} (only ${items.length})`);
  return item;
}

/** Word pairs that occur more than once: a rolling repeat that survived leaves one. */
function repeatedPairs(text: string): string[] {
  const words = text.toLowerCase().split(/\s+/);
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (let i = 0; i + 1 < words.length; i++) {
    const pair = `${words[i]} ${words[i + 1]}`;
    if (seen.has(pair)) twice.add(pair);
    seen.add(pair);
  }
  return [...twice];
}

describe('WebVTT with header metadata, NOTE/STYLE blocks, ids, voices and markup (talk.vtt)', () => {
  it('is read as WebVTT, takes the language from the Language: header and skips nothing', async () => {
    const result = await parse('talk.vtt');
    expect(result.format).toBe('webvtt');
    expect(result.language).toBe('en');
    expect(result.skipped).toEqual([]);
  });

  it('keeps only the spoken text: no NOTE, STYLE, cue id or header line becomes a segment', async () => {
    const { segments } = await parse('talk.vtt');
    expect(segments).toHaveLength(5);
    const joined = texts(segments).join(' ');
    for (const noise of ['NOTE', 'STYLE', 'Kind', 'cue(', 'intro', 'panel on small rivers', 'remark']) expect(joined).not.toContain(noise);
  });

  it('gives times in seconds for timestamps with and without hours', async () => {
    const { segments } = await parse('talk.vtt');
    expect(segments.map((s) => s.start)).toEqual([1, 3.5, 6.25, 9, 3600]);
    expect(segments.map((s) => s.duration)).toEqual([2.5, 2.75, 2.75, 3, 2.5]);
  });

  it('keeps the voice of <v Ann Smith> and <v.moderator Ben Okafor> as the speaker, not as text', async () => {
    const { segments } = await parse('talk.vtt');
    expect(at(segments, 0)).toMatchObject({ speaker: 'Ann Smith', text: 'Welcome, everyone, to the panel.' });
    expect(at(segments, 1).speaker).toBe('Ben Okafor');
    expect(at(segments, 2).speaker).toBeUndefined();
  });

  it('removes <b>, <i>, <u>, <c.yellow> and <ruby>/<rt> tags', async () => {
    const { segments } = await parse('talk.vtt');
    for (const segment of segments) expect(segment.text).not.toMatch(/<\/?(?:b|i|u|c|v|ruby|rt)\b/);
    expect(at(segments, 1).text).toBe('Thanks for having me & my colleague.');
    expect(at(segments, 2).text).toMatch(/^We'll start with water .*and silt\.$/);
    expect(at(segments, 3).text).toMatch(/^The word weir/);
  });

  it('decodes &amp;, &nbsp; and the double-escaped &amp;#39;', async () => {
    const { segments } = await parse('talk.vtt');
    expect(at(segments, 1).text).toContain('me & my');
    expect(at(segments, 2).text).toMatch(/^We'll /);
    expect(at(segments, 3).text).toContain('comes up a lot.');
    for (const segment of segments) expect(segment.text).not.toMatch(/&(?:amp|lt|gt|nbsp|#\d+);/);
  });

  it('keeps text the file escaped as literal text: &lt;quality&gt; is the words "<quality>", not a tag', async () => {
    const { segments } = await parse('talk.vtt');
    expect(at(segments, 2).text).toBe("We'll start with water <quality> and silt.");
  });

  it('reads the same file from UTF-16 (LE with BOM, BE with BOM, BE without BOM)', async () => {
    const text = 'WEBVTT\n\n00:00.500 --> 00:02.000\n<v Zoë>Grüße aus Köln\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(text, 'utf16le').swap16();
    const beWithBom = Buffer.concat([Buffer.from([0xfe, 0xff]), be]);
    for (const bytes of [le, beWithBom, be]) {
      const result = await parseCaptions(bytes, 'koeln.vtt');
      expect(result.format).toBe('webvtt');
      expect(result.segments).toEqual([{ start: 0.5, duration: 1.5, text: 'Grüße aus Köln', speaker: 'Zoë' }]);
    }
  });
});

describe('YouTube rolling auto-captions as yt-dlp writes them (rolling-auto.en.vtt)', () => {
  it('states every repeat at the cue level: 7 cues, three of them 10 ms repeats', async () => {
    const { cues, language } = await parseCaptionText(load('rolling-auto.en.vtt').toString('utf8'));
    expect(language).toBe('en');
    expect(cues).toHaveLength(7);
    expect(cues.filter((c) => Math.abs(c.end - c.start - 0.01) < 1e-6)).toHaveLength(3);
  });

  it('de-duplicates the rolling lines: each phrase appears once in the joined text', async () => {
    const { segments } = await parse('rolling-auto.en.vtt');
    const joined = texts(segments).join(' ');
    expect(joined).toBe('so today we are looking at three small rivers and how they flood in spring');
    expect(repeatedPairs(joined)).toEqual([]);
  });

  it('drops the 10 ms repeat cues and gives each new line its own segment', async () => {
    const { segments } = await parse('rolling-auto.en.vtt');
    expect(texts(segments)).toEqual(['so today we are looking', 'at three small rivers', 'and how they flood', 'in spring']);
    expect(segments.map((s) => s.start)).toEqual([0, 2.41, 5.01, 7.61]);
  });

  it('keeps the word times of the inline <00:00:01.200><c> word</c> timestamps, in seconds', async () => {
    const { segments } = await parse('rolling-auto.en.vtt');
    expect(at(segments, 0).words).toEqual([
      { start: 0, text: 'so' },
      { start: 0.32, text: 'today' },
      { start: 0.8, text: 'we' },
      { start: 1.2, text: 'are' },
      { start: 1.7, text: 'looking' },
    ]);
    expect(at(segments, 1).words).toEqual([
      { start: 2.41, text: 'at' },
      { start: 2.9, text: 'three' },
      { start: 3.4, text: 'small' },
      { start: 4.1, text: 'rivers' },
    ]);
  });

  it('reports nothing skipped: the blank-looking " " line yt-dlp writes inside a cue is cue text, not a cue without timing', async () => {
    const { skipped } = await parse('rolling-auto.en.vtt');
    expect(skipped).toEqual([]);
  });
});

describe('rolling auto-captions with a >> speaker change (rolling-turns.en.vtt)', () => {
  it('removes the >> marker from the text of the line that starts with it', async () => {
    const { segments } = await parse('rolling-turns.en.vtt');
    expect(texts(segments)).toEqual(['welcome to the hearing', 'so what is', 'the plan']);
  });

  it('flags the turn on the segment where the new speaker starts, not on the one after it', async () => {
    const { segments } = await parse('rolling-turns.en.vtt');
    expect(segments.map((s) => s.turn === true)).toEqual([false, true, false]);
  });
});

describe('malformed WebVTT (malformed.vtt)', () => {
  it('keeps the good cues', async () => {
    const { segments } = await parse('malformed.vtt');
    expect(segments).toEqual([
      { start: 1, duration: 1, text: 'First good cue.' },
      { start: 5, duration: 1, text: 'Last good cue.' },
    ]);
  });

  it('reports the bad timing line and the text without a timing line, with their line numbers', async () => {
    const { skipped } = await parse('malformed.vtt');
    expect(skipped).toEqual(
      expect.arrayContaining([
        { line: 8, reason: expect.stringMatching(/bad cue timing/) },
        { line: 11, reason: 'text without a timing line' },
      ]),
    );
  });

  it('reports every skipped cue with its line number, the empty cue (line 14) included', async () => {
    const { skipped } = await parse('malformed.vtt');
    expect(skipped).toEqual([
      { line: 8, reason: expect.stringMatching(/bad cue timing/) },
      { line: 11, reason: 'text without a timing line' },
      { line: 14, reason: 'cue has no text' },
    ]);
  });

  it('blames the cue that was dropped, not a kept cue whose timing line has an unknown setting (align:middle)', async () => {
    const vtt = [
      'WEBVTT',
      '',
      '00:00:01.000 --> 00:00:02.000 align:middle',
      'kept despite an odd setting',
      '',
      '00:00:03,000 --> 00:00:04,000',
      'dropped for its commas',
      '',
      '00:00:05.000 --> 00:00:06.000',
      'kept too',
      '',
    ].join('\n');
    const { segments, skipped } = await parseCaptions(Buffer.from(vtt), 'settings.vtt');
    expect(texts(segments)).toEqual(['kept despite an odd setting', 'kept too']);
    expect(skipped).toEqual([{ line: 6, reason: expect.stringMatching(/bad cue timing/) }]);
  });

  it('reports an empty cue with its line when no timing line failed (empty-cue.vtt)', async () => {
    const { segments, skipped } = await parse('empty-cue.vtt');
    expect(texts(segments)).toEqual(['Before the gap.', 'After the gap.']);
    expect(skipped).toEqual([{ line: 6, reason: 'cue has no text' }]);
  });
});
