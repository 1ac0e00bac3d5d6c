import { readFileSync } from 'node:fs';
import { parseCaptions } from '../server/captions/index.js';
import { detectFormat, type DetectedFormat } from '../server/captions/detect.js';
import { fixture } from './support/sharedFixtures.js';
import { rejection } from './support/expectations.js';

const load = (name: string): Buffer => readFileSync(fixture('captions', name));

describe('detectFormat: recognises caption files by their content', () => {
  it.each<[string, DetectedFormat | undefined]>([
    ['talk.vtt', 'webvtt'],
    ['rolling-auto.en.vtt', 'webvtt'],
    ['malformed.vtt', 'webvtt'],
    ['bom-crlf.srt', 'srt'],
    ['loose-timing.srt', 'srt'],
    ['no-numbers.srt', 'srt'],
    ['malformed.srt', 'srt'],
    ['timedtext.xml', 'timedtext'],
    ['srv3.xml', 'srv3'],
    ['json3.json', 'json-any'],
    ['transcript-seconds.json', 'json-any'],
    ['transcript-start.json', 'json-any'],
    ['notes.txt', undefined],
  ])('%s → %s', (name, format) => {
    expect(detectFormat(load(name).toString('utf8'))).toBe(format);
  });

  it('does not take an HTML page for timedtext', () => {
    expect(detectFormat('<!DOCTYPE html><html><head><title>Watch</title></head><body><p>hello</p></body></html>')).toBeUndefined();
  });
});

describe('parseCaptions: the file name does not decide the format', () => {
  it.each([
    ['talk.vtt', 'talk.srt', 'webvtt'],
    ['bom-crlf.srt', 'captions.vtt', 'srt'],
    ['timedtext.xml', 'download.txt', 'timedtext'],
    ['srv3.xml', 'video.json', 'srv3'],
    ['json3.json', 'subs.srt', 'json3'],
    ['transcript-ms.json', 'transcript.xml', 'json'],
  ])('%s saved as %s is read as %s', async (name, misleadingName, format) => {
    expect((await parseCaptions(load(name), misleadingName)).format).toBe(format);
  });

  it('reads WebVTT-style cues without the WEBVTT signature leniently, as SRT', async () => {
    const { format, segments } = await parseCaptions(Buffer.from('00:00:01.000 --> 00:00:02.500\nno header here\n'), 'unsigned.vtt');
    expect(format).toBe('srt');
    expect(segments).toEqual([{ start: 1, duration: 1.5, text: 'no header here' }]);
  });
});

describe('parseCaptions: files that are not captions', () => {
  it('refuses a text file with CAPTIONS_UNRECOGNISED, naming it and listing the supported formats in the hint (notes.txt)', async () => {
    const error = await rejection(parseCaptions(load('notes.txt'), 'notes.txt'));
    expect(error.code).toBe('CAPTIONS_UNRECOGNISED');
    expect(error.message).toContain('notes.txt');
    for (const format of ['WebVTT', 'SRT', 'timedtext', 'srv3', 'json3', 'JSON array']) expect(error.hint).toContain(format);
    expect(error.exitCode).toBe(4);
    expect(error.httpStatus).toBe(400);
  });

  it('refuses an HTML page', async () => {
    const html = '<!DOCTYPE html><html><body><div id="player"></div></body></html>';
    const error = await rejection(parseCaptions(Buffer.from(html), 'watch.html'));
    expect(error.code).toBe('CAPTIONS_UNRECOGNISED');
  });

  it('refuses an empty file with a PanelnotesError', async () => {
    const error = await rejection(parseCaptions(new Uint8Array(0), 'empty.vtt'));
    expect(['CAPTIONS_UNRECOGNISED', 'CAPTIONS_EMPTY']).toContain(error.code);
    expect(error.message).toContain('empty.vtt');
  });
});

describe('parseCaptions: caption files with nothing usable', () => {
  it('says CAPTIONS_EMPTY, naming the file and the first problem with its line (nothing-usable.vtt)', async () => {
    const error = await rejection(parseCaptions(load('nothing-usable.vtt'), 'nothing-usable.vtt'));
    expect(error.code).toBe('CAPTIONS_EMPTY');
    expect(error.message).toContain('nothing-usable.vtt');
    expect(error.message).toMatch(/2 cue\(s\) skipped, first: line 3: bad cue timing/);
    expect(error.exitCode).toBe(4);
  });

  it('says CAPTIONS_EMPTY for a WebVTT file with a header and no cues', async () => {
    const error = await rejection(parseCaptions(Buffer.from('WEBVTT\n\nNOTE nothing was said\n'), 'silent.vtt'));
    expect(error.code).toBe('CAPTIONS_EMPTY');
    expect(error.message).toContain('silent.vtt');
  });

  it('says CAPTIONS_EMPTY for an SRT file whose only cue has no text', async () => {
    const error = await rejection(parseCaptions(Buffer.from('1\n00:00:01,000 --> 00:00:02,000\n\n'), 'blank.srt'));
    expect(error.code).toBe('CAPTIONS_EMPTY');
    expect(error.message).toMatch(/blank\.srt: .*first: line 2: cue has no text/);
  });

  it('uses "captions" as the name when none is given', async () => {
    const error = await rejection(parseCaptions(Buffer.from('WEBVTT\n')));
    expect(error.message).toMatch(/^captions: /);
  });
});
