import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { parseCaptions, parseCaptionText } from '../server/captions/index.js';
import { decodeCaptionBytes } from '../server/captions/decode.js';
import { plainText } from '../server/captions/text.js';
import type { Cue, ParsedCaptions } from '../server/captions/types.js';
import { PanelnotesError } from '../server/errors.js';
import { describeConformance, shared, SHARED_FIXTURES } from './support/sharedFixtures.js';
import { rejection, segmentProblems } from './support/expectations.js';

/*
 * Third-party caption files, read in place from the shared fixtures (never copied). Expected values
 * come from /work/shared/fixtures/webvtt/EXPECTATIONS.md (WPT, restated as data) and SOURCES.md.
 * Cue texts are compared as this project states them: plain, with whitespace folded and trimmed.
 */

/** The WebVTT files among them that their sources describe as ordinary captions (the others are broken on purpose). */
const WEBVTT_SOUND = new RegExp(
  '^webvtt/(?:mantas-done/(?!vtt_with_multiple_new_lines)|vtt-test-file/|webvtt-py/(?:sample|sample_hls|youtube_dl|captions_with_bom|comments|cue_tags|' +
    'styles2?|using_identifiers|metadata_headers(?:_multiline)?|one_caption|missing_caption_text|missing_timeframe|invalid_timeframe(?:_in_cue_text)?)\\.vtt$|' +
    'go-astisub/example-in-(?:html-entities|carriage-return)\\.vtt$)',
);

function filesUnder(dir: string, keep: (path: string) => boolean): string[] {
  return readdirSync(dir, { encoding: 'utf8', recursive: true })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile() && keep(path))
    .map((path) => relative(SHARED_FIXTURES, path))
    .sort();
}

const read = (rel: string): Buffer => readFileSync(shared(rel));
const cuesOf = (rel: string): Promise<ParsedCaptions> => parseCaptionText(decodeCaptionBytes(read(rel)), rel);
const importOf = (rel: string): ReturnType<typeof parseCaptions> => parseCaptions(read(rel), rel);
const brief = (cues: readonly Cue[]): Array<[number, number, string]> => cues.map((c) => [c.start, c.end, c.text]);
const texts = (items: ReadonlyArray<{ text: string }>): string[] => items.map((c) => c.text);

describeConformance('every shared caption file parses cleanly or fails with a PanelnotesError', () => {
  const files = [
    ...filesUnder(shared('webvtt'), (p) => p.endsWith('.vtt')),
    ...filesUnder(shared('srt'), (p) => p.endsWith('.srt')),
    ...filesUnder(shared('youtube'), (p) => p.endsWith('.ytt') || /^transcript\.xml/.test(basename(p))),
  ];

  it('finds the shared files', () => {
    expect(files.filter((f) => f.endsWith('.vtt')).length).toBeGreaterThan(150);
    expect(files.filter((f) => f.endsWith('.srt')).length).toBeGreaterThan(20);
    expect(files.filter((f) => f.endsWith('.ytt')).length).toBeGreaterThan(20);
    expect(files.filter((f) => basename(f).startsWith('transcript.xml'))).toHaveLength(3);
  });

  // Refused on purpose by a content limit (server/captions/limits.ts): cues spanning 60 hours.
  const tooComplex = new Set(['webvtt/wpt/file-parsing-via-fasrt/timings-60.vtt']);

  it.each(files)('%s', async (rel) => {
    let result: Awaited<ReturnType<typeof parseCaptions>>;
    try {
      result = await importOf(rel);
    } catch (error) {
      expect(error).toBeInstanceOf(PanelnotesError);
      expect(tooComplex.has(rel) ? ['CAPTIONS_TOO_COMPLEX'] : ['CAPTIONS_EMPTY', 'CAPTIONS_UNRECOGNISED']).toContain((error as PanelnotesError).code);
      return;
    }
    expect(segmentProblems(result.segments, { plainText: false })).toEqual([]);
    for (const skip of result.skipped) {
      expect(skip.reason).toMatch(/\S/);
      if (skip.line !== undefined) expect(skip.line).toBeGreaterThanOrEqual(1);
    }
  });

  // Files the sources describe as ordinary captions: they must import, not merely fail cleanly.
  const mustImport = files.filter((f) => (f.startsWith('srt/') ? !/invalid_format\d\.srt$/.test(f) : f.startsWith('youtube/') ? true : WEBVTT_SOUND.test(f)));

  it.each(mustImport)('%s imports with segments', async (rel) => {
    const { segments } = await importOf(rel);
    expect(segments.length).toBeGreaterThan(0);
  });

  it.each([
    ['webvtt/go-astisub/broken-1-in.vtt', 'CAPTIONS_UNRECOGNISED'],
    ['webvtt/webvtt-py/empty.vtt', 'CAPTIONS_EMPTY'],
    ['webvtt/webvtt-py/no_captions.vtt', 'CAPTIONS_EMPTY'],
    ['srt/webvtt-py/invalid_format1.srt', 'CAPTIONS_UNRECOGNISED'],
    ['srt/webvtt-py/invalid_format2.srt', 'CAPTIONS_UNRECOGNISED'],
    ['srt/webvtt-py/invalid_format3.srt', 'CAPTIONS_UNRECOGNISED'],
  ])('%s is refused with %s', async (rel, code) => {
    const error = await rejection(importOf(rel));
    expect(error.code).toBe(code);
    expect(error.message).toContain(rel);
  });
});

describeConformance('WebVTT file parsing as WPT expects it (EXPECTATIONS.md §A)', () => {
  const WPT = 'webvtt/wpt/file-parsing';
  const FASRT = 'webvtt/wpt/file-parsing-via-fasrt';

  it.each([
    // §1 signature and header
    [`${WPT}/signature-no-newline.vtt`, 0],
    [`${FASRT}/signature-bom.vtt`, 0],
    [`${FASRT}/signature-space.vtt`, 0],
    [`${FASRT}/signature-space-no-newline.vtt`, 0],
    [`${FASRT}/signature-tab.vtt`, 0],
    [`${FASRT}/signature-tab-no-newline.vtt`, 0],
    [`${FASRT}/signature-timings.vtt`, 0],
    [`${FASRT}/header-garbage.vtt`, 1],
    [`${FASRT}/header-space.vtt`, 1],
    [`${FASRT}/header-tab.vtt`, 1],
    [`${FASRT}/header-timings.vtt`, 1],
    // §2–§5
    [`${WPT}/newlines.vtt`, 4],
    [`${WPT}/nulls.vtt`, 7],
    [`${WPT}/ids.vtt`, 5],
    [`${WPT}/arrows.vtt`, 6],
    // §6 timestamps
    [`${WPT}/timings-omitted-hours.vtt`, 3],
    [`${WPT}/timings-too-long.vtt`, 2],
    [`${WPT}/timings-too-short.vtt`, 2],
    [`${WPT}/timings-negative.vtt`, 4],
    [`${FASRT}/timings-60.vtt`, 2],
    [`${FASRT}/timings-eof.vtt`, 0],
    [`${FASRT}/timings-garbage.vtt`, 0],
    // §7–§9
    [`${WPT}/whitespace-chars.vtt`, 3],
    [`${WPT}/settings-align.vtt`, 13],
    [`${WPT}/settings-vertical.vtt`, 8],
    [`${WPT}/settings-size.vtt`, 16],
    [`${WPT}/settings-position.vtt`, 22],
    [`${WPT}/settings-multiple.vtt`, 2],
    [`${WPT}/settings-line.vtt`, 45],
    [`${FASRT}/stylesheets.vtt`, 2],
    [`${WPT}/regions-old.vtt`, 2],
    [`${WPT}/settings-region.vtt`, 9],
    [`${WPT}/regions-id.vtt`, 4],
    [`${WPT}/regions-scroll.vtt`, 6],
  ])('%s has %i cues', async (rel, count) => {
    const parsed = await cuesOf(rel);
    expect(parsed.format).toBe('webvtt');
    expect(parsed.cues).toHaveLength(count);
  });

  it('header-garbage, header-space, header-tab and header-timings each give the cue 0→1 "text"', async () => {
    for (const name of ['header-garbage', 'header-space', 'header-tab', 'header-timings']) {
      expect(brief((await cuesOf(`${FASRT}/${name}.vtt`)).cues)).toEqual([[0, 1, 'text']]);
    }
  });

  it('newlines.vtt: CR, LF, CRLF each end a line and LF CR makes a blank line: text1…text4', async () => {
    expect(texts((await cuesOf(`${WPT}/newlines.vtt`)).cues)).toEqual(['text1', 'text2', 'text3', 'text4']);
  });

  it('nulls.vtt: NUL becomes U+FFFD in cue text', async () => {
    const { cues } = await cuesOf(`${WPT}/nulls.vtt`);
    expect(texts(cues).slice(0, 3)).toEqual(['text1', 'text2', '\uFFFDtext\uFFFD3']);
  });

  it('arrows.vtt: lines with --> are never ids: text1…text6, all 0→1', async () => {
    const { cues } = await cuesOf(`${WPT}/arrows.vtt`);
    expect(brief(cues)).toEqual([1, 2, 3, 4, 5, 6].map((n) => [0, 1, `text${n}`]));
  });

  it('timings-omitted-hours, -too-long and -too-short keep only their valid cues, all 0→1', async () => {
    expect(brief((await cuesOf(`${WPT}/timings-omitted-hours.vtt`)).cues)).toEqual([
      [0, 1, 'text1'],
      [0, 1, 'text2'],
      [0, 1, 'text3'],
    ]);
    expect(brief((await cuesOf(`${WPT}/timings-too-long.vtt`)).cues)).toEqual([
      [0, 1, 'text1'],
      [0, 1, 'text2'],
    ]);
    expect(brief((await cuesOf(`${WPT}/timings-too-short.vtt`)).cues)).toEqual([
      [0, 1, 'text1'],
      [0, 1, 'text2'],
    ]);
  });

  it('timings-negative.vtt: an end before the start is kept at the cue level', async () => {
    expect(brief((await cuesOf(`${WPT}/timings-negative.vtt`)).cues)).toEqual([
      [0, 0, 'text1'],
      [1, 0.999, 'text2'],
      [60, 59.999, 'text3'],
      [3600, 3599.999, 'text4'],
    ]);
  });

  it('timings-negative.vtt: but a segment never has a negative duration', async () => {
    const { segments } = await importOf(`${WPT}/timings-negative.vtt`);
    for (const s of segments) expect(s.duration).toBeGreaterThanOrEqual(0);
  });

  it('timings-60.vtt: 60 is invalid for minutes and seconds but fine for hours', async () => {
    expect(brief((await cuesOf(`${FASRT}/timings-60.vtt`)).cues)).toEqual([
      [0, 216001, 'text1'],
      [216000, 216001, 'text2'],
    ]);
  });

  it('whitespace-chars.vtt: spaces, tabs and form feeds around timings are fine (text folded: text1…text3)', async () => {
    expect(texts((await cuesOf(`${WPT}/whitespace-chars.vtt`)).cues)).toEqual(['text1', 'text2', 'text3']);
  });

  it('settings-multiple.vtt: text1 and text2', async () => {
    expect(texts((await cuesOf(`${WPT}/settings-multiple.vtt`)).cues)).toEqual(['text1', 'text2']);
  });

  it('stylesheets.vtt: two cues with text "text"; STYLE blocks are not cues', async () => {
    expect(texts((await cuesOf(`${FASRT}/stylesheets.vtt`)).cues)).toEqual(['text', 'text']);
  });

  it('the files with a valid signature and no cues are refused as CAPTIONS_EMPTY, not as unrecognised', async () => {
    for (const rel of [`${WPT}/signature-no-newline.vtt`, `${FASRT}/signature-bom.vtt`, `${FASRT}/timings-eof.vtt`]) {
      expect((await rejection(importOf(rel))).code).toBe('CAPTIONS_EMPTY');
    }
  });
});

describeConformance('WebVTT cue text as WPT expects it (EXPECTATIONS.md §B, wpt/cue-text-parsing)', () => {
  interface TreeCase {
    text: string;
    expectedTree: string;
  }
  /** The text nodes of an html5lib-style tree, joined and folded the way this project states cue text. */
  const treeText = (tree: string): string =>
    [...tree.matchAll(/^\| *"([\s\S]*?)"$/gm)]
      .map((m) => m[1] ?? '')
      .join('')
      .replace(/\s+/g, ' ')
      .trim();
  const cueTextOf = async (input: string): Promise<string> => {
    const { cues } = await parseCaptionText(`WEBVTT\n\n00:00:00.000 --> 00:00:01.000\n${input}\n`);
    return texts(cues).join('|');
  };

  it.each(['entities', 'tags', 'text', 'timestamps', 'tree-building'])('%s.json: every case gives the expected text', async (name) => {
    const cases = JSON.parse(readFileSync(shared('webvtt', 'wpt', 'cue-text-parsing', `${name}.json`), 'utf8')) as TreeCase[];
    expect(cases.length).toBeGreaterThan(0);
    const mismatches: string[] = [];
    for (const { text, expectedTree } of cases) {
      const input = text.replace(/\n$/, '');
      const expected = treeText(expectedTree);
      const got = await cueTextOf(input);
      if (got !== expected) mismatches.push(`${JSON.stringify(input)} gave ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('inline timestamps become word times, hours above 99 included', async () => {
    const { cues } = await parseCaptionText('WEBVTT\n\n99:59:59.000 --> 101:00:00.000\ntest<100:00:00.000> test\n');
    expect(cues[0]?.words).toEqual([
      { start: 359999, text: 'test' },
      { start: 360000, text: 'test' },
    ]);
  });
});

describeConformance('vtt.js fixtures (EXPECTATIONS.md §C: timings and text strictly)', () => {
  /** Where vtt.js's older draft or this project's deliberate leniency differs from the current spec. */
  const DIFFERENT: Record<string, string> = {
    'cue-times/min-top-digits.vtt': 'vtt.js accepts 000:00.000; the current spec takes 3 digits as hours and then needs 3 fields (WPT timings-too-long)',
    'cue-times/minimum-spots-over-sixty.vtt': 'vtt.js accepts 120:00.000; the current spec takes it as hours and then needs 3 fields',
    'file-layout/header-no-new-line.vtt': 'WPT header-timings.vtt: a timing line right under WEBVTT starts a cue',
    'integration/id.vtt': 'WPT arrows.vtt: a line holding --> is never an id, so the next timing line starts a cue',
    'file-layout/blank-file.vtt': 'refused with a PanelnotesError instead of giving 0 cues',
    'file-layout/blank-file-with-bom.vtt': 'refused with a PanelnotesError instead of giving 0 cues',
    'file-layout/garbage-signature.vtt': 'refused with a PanelnotesError instead of giving 0 cues',
    'file-layout/bad-double-webvtt.vtt': 'refused with a PanelnotesError instead of giving 0 cues',
    'file-layout/bom-garbage-data.vtt': 'lenient: unsigned cues are read as SRT (detect.ts)',
    'file-layout/bom-tab-webvtt.vtt': 'lenient: whitespace before WEBVTT is accepted',
    'file-layout/tab-after-bom-before-header.vtt': 'lenient: whitespace before WEBVTT is accepted',
    'file-layout/newline-before-webvtt.vtt': 'lenient: a blank line before WEBVTT is accepted',
  };
  interface VttJsCue {
    startTime: number;
    endTime: number;
    text: string;
  }
  const mapping = (): string[][] =>
    readFileSync(shared('webvtt', 'vttjs', 'MAPPING.tsv'), 'utf8')
      .split('\n')
      .filter((line) => line.trim() && !line.startsWith('#'))
      .map((line) => line.split('\t'));
  const rows = mapping().filter(([vtt]) => vtt !== undefined && !(vtt in DIFFERENT));

  it('maps most vtt.js files', () => {
    expect(rows.length).toBeGreaterThan(90);
  });

  it.each(rows.map(([vtt, json]) => [vtt ?? '', json ?? '']))('%s matches %s', async (vtt, json) => {
    const expected = (JSON.parse(readFileSync(shared('webvtt', 'vttjs', json), 'utf8')) as { cues: VttJsCue[] }).cues
      .map((c): [number, number, string] => [c.startTime, c.endTime, plainText(c.text, 'webvtt')])
      .filter(([, , text]) => text !== '');
    expect(brief((await cuesOf(`webvtt/vttjs/${vtt}`)).cues)).toEqual(expected);
  });
});

describeConformance('real-world WebVTT (SOURCES.md)', () => {
  it('webvtt-py/youtube_dl.vtt: a timing line right after cue text starts a new cue', async () => {
    const { cues, language } = await cuesOf('webvtt/webvtt-py/youtube_dl.vtt');
    expect(language).toBe('en');
    expect(cues.map((c) => c.start)).toEqual([286.07, 286.47, 304.08, 305.069]);
    expect(cues[1]?.text).toBe('yeah what');
  });

  it('webvtt-py/youtube_dl.vtt: the rolling text is de-duplicated and the inline word times kept', async () => {
    const { segments, language } = await importOf('webvtt/webvtt-py/youtube_dl.vtt');
    expect(language).toBe('en');
    expect(texts(segments).join(' ')).toBe("yeah what this will happen is I'm telling");
    expect(segments[2]?.words?.map((w) => [w.start, w.text])).toEqual([
      [304.08, 'this'],
      [304.199, 'will'],
      [304.379, 'happen'],
      [304.62, 'is'],
      [304.86, "I'm"],
      [305.069, 'telling'],
    ]);
  });

  it('webvtt-py/sample_hls.vtt: hours above 99 (1088:42:00.500)', async () => {
    const { cues } = await cuesOf('webvtt/webvtt-py/sample_hls.vtt');
    expect(cues).toHaveLength(16);
    expect(cues[0]?.start).toBe(1088 * 3600 + 42 * 60 + 0.5);
    expect(cues[0]?.text).toBe('Caption text #1');
  });

  it('mantas-done/vtt_with_name.vtt: an unclosed <v Roger Bingham> names the speaker', async () => {
    const { cues } = await cuesOf('webvtt/mantas-done/vtt_with_name.vtt');
    expect(cues).toEqual([expect.objectContaining({ start: 9, end: 11, text: 'We are in New York City', speaker: 'Roger Bingham' })]);
  });

  it('mantas-done/vtt_with_html.vtt: nested <i.foreignphrase><lang> markup is removed', async () => {
    const { cues } = await cuesOf('webvtt/mantas-done/vtt_with_html.vtt');
    expect(cues).toHaveLength(1);
    expect(cues[0]?.text).not.toMatch(/[<>]/);
  });

  it('go-astisub/example-in-html-entities.vtt: &nbsp; &amp; &lt; are decoded', async () => {
    expect(texts((await cuesOf('webvtt/go-astisub/example-in-html-entities.vtt')).cues)).toEqual([
      'The man in black fled across the desert, & the gunslinger followed.',
      'Go, then,',
      'there are other < worlds than these.',
    ]);
  });

  it('webvtt-py/metadata_headers.vtt: Language: en is the language', async () => {
    expect((await cuesOf('webvtt/webvtt-py/metadata_headers.vtt')).language).toBe('en');
  });

  it('webvtt-py/captions_with_bom.vtt: the BOM before WEBVTT is skipped', async () => {
    const { format, segments } = await importOf('webvtt/webvtt-py/captions_with_bom.vtt');
    expect(format).toBe('webvtt');
    expect(segments.length).toBeGreaterThan(0);
  });

  it('webvtt-py/missing_timeframe.vtt: the block without a timing line is skipped with its line', async () => {
    const { skipped } = await importOf('webvtt/webvtt-py/missing_timeframe.vtt');
    expect(skipped).toEqual([{ line: expect.any(Number), reason: 'text without a timing line' }]);
  });

  it('go-astisub/example-in-carriage-return.vtt: CR-only line endings', async () => {
    expect((await importOf('webvtt/go-astisub/example-in-carriage-return.vtt')).segments).toHaveLength(3);
  });
});

describeConformance('real-world SRT (SOURCES.md)', () => {
  it('srt-parser-2/1.normal.srt: UTF-8 BOM, comma milliseconds', async () => {
    const { format, segments } = await importOf('srt/srt-parser-2/1.normal.srt');
    expect(format).toBe('srt');
    expect(segments[0]).toMatchObject({ start: 3.12, text: 'Hi, I’m Carrie Anne, and welcome to Crash Course Computer Science!' });
  });

  it('srt-parser-2/2.dot.srt: CRLF and a dot before the milliseconds', async () => {
    const { segments } = await importOf('srt/srt-parser-2/2.dot.srt');
    expect(segments.map((s) => s.start)).toEqual([0, 2.005, 5.002]);
    for (const s of segments) expect(s.text).not.toMatch(/\r/);
  });

  it('srt-parser-2/3.dot-and-millisecond-two-digit.srt: 00:00:00.05 is 0.05 s', async () => {
    expect((await importOf('srt/srt-parser-2/3.dot-and-millisecond-two-digit.srt')).segments[0]?.start).toBe(0.05);
  });

  it('srt-parser-2/single-digit-timecodes.srt: 0:0:7,560 is 7.56 s', async () => {
    const { segments } = await importOf('srt/srt-parser-2/single-digit-timecodes.srt');
    expect(segments).toHaveLength(10);
    expect(segments[0]).toMatchObject({ start: 7.56, duration: 2.14 });
  });

  it('srt-parser-2/single-digit-hour.srt: 0:00:03,120 is 3.12 s', async () => {
    expect((await importOf('srt/srt-parser-2/single-digit-hour.srt')).segments[0]?.start).toBe(3.12);
  });

  it('go-astisub/example-in-carriage-return.srt: CR-only line endings', async () => {
    const { segments } = await importOf('srt/go-astisub/example-in-carriage-return.srt');
    expect(segments).toHaveLength(3);
    expect(segments[1]?.text).toMatch(/^That's true\./);
  });

  it('go-astisub/example-in-non-utf8.srt: UTF-16LE with a BOM', async () => {
    const { segments } = await importOf('srt/go-astisub/example-in-non-utf8.srt');
    expect(segments).toHaveLength(6);
    expect(segments[0]).toMatchObject({ start: 99, text: '(deep rumbling)' });
  });

  it('mantas-done/utf16.srt: UTF-16LE with a BOM and CRLF, Arabic text', async () => {
    const { segments } = await importOf('srt/mantas-done/utf16.srt');
    expect(segments).toEqual([{ start: 0, duration: 1, text: 'ترجمه و تنظيم زيرنويس' }]);
  });

  it('go-astisub/example-in.srt: a timestamp without milliseconds, and the X1/Y1 coordinates are not text', async () => {
    const { segments } = await importOf('srt/go-astisub/example-in.srt');
    expect(segments[0]).toMatchObject({ start: 99, text: '(deep rumbling)' });
    for (const s of segments) expect(s.text).not.toMatch(/X1:|Y2:/);
  });

  it('go-astisub/missing-sequence-in.srt: no sequence numbers', async () => {
    expect((await importOf('srt/go-astisub/missing-sequence-in.srt')).segments).toHaveLength(6);
  });

  it('go-astisub/example-in-html-entities.srt: &nbsp; &amp; &lt; are decoded', async () => {
    expect(texts((await importOf('srt/go-astisub/example-in-html-entities.srt')).segments)).toEqual([
      'The man in black fled across the desert, & the gunslinger followed.',
      'Go, then,',
      'there are other < worlds than these.',
    ]);
  });

  it('go-astisub/example-in-styled.srt: <font>, <b>, <i>, <u> removed; an unterminated <i> ends with its cue', async () => {
    const { segments } = await importOf('srt/go-astisub/example-in-styled.srt');
    expect(segments).toHaveLength(10);
    for (const s of segments) expect(s.text).not.toMatch(/<\/?(?:font|b|i|u)\b/);
    expect(texts(segments).slice(5)).toEqual([
      "[automated] 'The time is 7:35.'",
      'Test with multi line italics Terminated on the next line',
      'Unterminated styles',
      'Do no fall to the next item',
      'x^3 * x = 100',
    ]);
  });

  it('webvtt-py/missing_timeframe.srt: the cue without a timing line is skipped with its line number', async () => {
    const { segments, skipped } = await importOf('srt/webvtt-py/missing_timeframe.srt');
    expect(texts(segments)).toEqual(['Caption text #1', 'Caption text #3', 'Caption text #4', 'Caption text #5']);
    expect(skipped).toEqual([{ line: 5, reason: 'text without a timing line' }]);
  });

  it('webvtt-py/missing_caption_text.srt: the cue with empty text is skipped with its line number', async () => {
    const { segments, skipped } = await importOf('srt/webvtt-py/missing_caption_text.srt');
    expect(segments).toHaveLength(4);
    expect(skipped).toEqual([{ line: 6, reason: 'cue has no text' }]);
  });
});

describeConformance('YouTube timedtext and srv3 (SOURCES.md)', () => {
  it('youtube-transcript-dart/transcript.xml: double-escaped apostrophes become apostrophes', async () => {
    const { format, segments } = await importOf('youtube/youtube-transcript-dart/transcript.xml');
    expect(format).toBe('timedtext');
    const joined = texts(segments).join(' ');
    expect(joined).toContain("what's new");
    expect(joined).toContain("they've now added");
    expect(joined).not.toMatch(/&#39;|&amp;|&#/);
  });

  it('youtube-transcript-dart/transcript.xml: overlapping ASR cues are trimmed, and no word is lost', async () => {
    const rel = 'youtube/youtube-transcript-dart/transcript.xml';
    const { cues } = await cuesOf(rel);
    const { segments } = await importOf(rel);
    expect(cues.some((c, i) => (cues[i + 1]?.start ?? Infinity) < c.end)).toBe(true);
    expect(segments).toHaveLength(cues.length);
    expect(texts(segments).join(' ')).toBe(texts(cues).join(' '));
  });

  it('youtube-transcript-api/transcript.xml.static: the escaped <i> tag is removed, the empty <text> is not a segment', async () => {
    const { segments, skipped } = await importOf('youtube/youtube-transcript-api/transcript.xml.static');
    expect(texts(segments)).toEqual(['Hey, this is just a test', 'this is not the original transcript', 'just something shorter, I made up for testing']);
    expect(segments.map((s) => s.start)).toEqual([0, 1.54, 5.7]);
    expect(skipped).toEqual([]);
  });

  it('youtube-transcript-api-java/transcript.xml: numeric character references are decoded', async () => {
    const { segments } = await importOf('youtube/youtube-transcript-api-java/transcript.xml');
    expect(texts(segments)).toEqual(['Hey, this is just a test', 'this is not the original transcript', 'test & test, like this "test" he\'s testing']);
  });

  it('srv3-ytsubconverter/ass-HighTimestamp.ytt: times beyond 24 h, zero-width padding removed', async () => {
    const { format, segments } = await importOf('youtube/srv3-ytsubconverter/ass-HighTimestamp.ytt');
    expect(format).toBe('srv3');
    expect(segments.map((s) => [s.start, s.text])).toEqual([
      [43200.007, '12h'],
      [46800.003, '13h'],
      [86399.997, '24h'],
      [89999.994, '25h'],
    ]);
  });

  it('srv3-ytsubconverter/ass-Simultaneous.ytt: paragraphs at the same t become one segment', async () => {
    const rel = 'youtube/srv3-ytsubconverter/ass-Simultaneous.ytt';
    const { cues } = await cuesOf(rel);
    const { segments } = await importOf(rel);
    expect(new Set(cues.map((c) => c.start)).size).toBeLessThan(cues.length);
    expect(new Set(segments.map((s) => s.start)).size).toBe(segments.length);
  });
});
