import type { Chapter } from '../index/types.js';
import { parseCaptions } from '../server/captions/index.js';
import { chaptersAsVtt, chaptersAsYouTube } from '../server/search/chapters.js';

const chapters: Chapter[] = [
  { topic: 'general', start: 0, end: 237.5, confidence: 1, title: 'Welcome and introductions' },
  { topic: 'security', start: 237.5, end: 1194.7, confidence: 1, title: 'Security: seccomp filter, sandbox' },
  { topic: 'hardware', start: 1194.7, end: 1200, confidence: 1, title: 'Hardware features: APICv' },
  { topic: 'process', start: 1200, end: 3725, confidence: 1, title: 'Development process: code review' },
];

describe('chaptersAsVtt', () => {
  it('writes a WebVTT chapters track, each title its cue, that the caption parser reads back', async () => {
    const vtt = chaptersAsVtt(chapters);
    expect(vtt.startsWith('WEBVTT\n\n1\n00:00:00.000 --> 00:03:57.500\nWelcome and introductions\n')).toBe(true);
    const { segments } = await parseCaptions(Buffer.from(vtt), 'chapters.vtt');
    expect(segments.map((s) => [s.start, s.text])).toEqual(chapters.map((c) => [c.start, c.title]));
  });
});

describe('chaptersAsYouTube', () => {
  /** The seconds of a `M:SS` / `H:MM:SS` line's time. */
  const seconds = (line: string): number =>
    (line.split(' ')[0] as string)
      .split(':')
      .map(Number)
      .reduce((sum, part) => sum * 60 + part, 0);

  it('writes description lines: the first at 0:00, a chapter shorter than 10 s joined to the one before, hours past the hour', () => {
    const { text, notices } = chaptersAsYouTube(chapters);
    expect(text.split('\n')).toEqual(['0:00 Welcome and introductions', '3:57 Security: seccomp filter, sandbox', '20:00 Development process: code review']);
    expect(notices).toEqual(['joined 19:54 "Hardware features: APICv" (5.3 s) to 3:57 "Security: seccomp filter, sandbox": YouTube needs 10 s per chapter']);
  });

  it('writes H:MM:SS past an hour, and starts at 0:00 even when the first chapter starts later', () => {
    const { text } = chaptersAsYouTube([
      { topic: 'general', start: 2.5, end: 600, confidence: 1, title: 'Welcome' },
      { topic: 'security', start: 600, end: 3725, confidence: 1, title: 'Security: fuzzing' },
      { topic: 'process', start: 3725, end: 7384, confidence: 1, title: 'Development process: release' },
    ]);
    expect(text.split('\n')).toEqual(['0:00 Welcome', '10:00 Security: fuzzing', '1:02:05 Development process: release']);
  });

  it('joins a short first chapter to the next, which then starts at 0:00', () => {
    const { text } = chaptersAsYouTube([
      { topic: 'general', start: 0, end: 4, confidence: 1, title: 'Welcome' },
      { topic: 'security', start: 4, end: 60, confidence: 1, title: 'Security: fuzzing' },
      { topic: 'hardware', start: 60, end: 120, confidence: 1, title: 'Hardware features: APICv' },
      { topic: 'process', start: 120, end: 180, confidence: 1, title: 'Development process: release' },
    ]);
    expect(text.split('\n')).toEqual(['0:00 Security: fuzzing', '1:00 Hardware features: APICv', '2:00 Development process: release']);
  });

  it('says when a talk cannot make the three chapters YouTube needs', () => {
    const { text, notices } = chaptersAsYouTube([
      { topic: 'general', start: 0, end: 30, confidence: 1, title: 'Welcome' },
      { topic: 'security', start: 30, end: 36, confidence: 1, title: 'Security: fuzzing' },
      { topic: 'process', start: 36, end: 300, confidence: 1, title: 'Development process: release' },
    ]);
    expect(text.split('\n')).toEqual(['0:00 Welcome', '0:36 Development process: release']);
    expect(notices.at(-1)).toBe('YouTube shows chapters only when there are at least 3 of 10 s or more; this talk has 2, so it shows none');
  });

  it('keeps every chapter it writes at least 10 s long, whatever the chapters', () => {
    const many: Chapter[] = Array.from({ length: 40 }, (_, i) => ({
      topic: 'security',
      start: i * 7,
      end: (i + 1) * 7,
      confidence: 1,
      title: `Security: part ${i}`,
    }));
    const lines = chaptersAsYouTube(many).text.split('\n');
    expect(lines[0]?.startsWith('0:00 ')).toBe(true);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    const starts = lines.map(seconds);
    starts.forEach((start, i) => expect((starts[i + 1] ?? 280) - start).toBeGreaterThanOrEqual(10));
  });

  it('leaves out the angle brackets a description refuses', () => {
    const { text } = chaptersAsYouTube([
      { topic: 'general', start: 0, end: 30, confidence: 1, title: 'General: <script> tags' },
      { topic: 'security', start: 30, end: 60, confidence: 1, title: 'Security: a>b' },
      { topic: 'process', start: 60, end: 90, confidence: 1, title: 'Development process' },
    ]);
    expect(text).not.toMatch(/[<>]/);
    expect(text.split('\n')[0]).toBe('0:00 General: script tags');
  });
});
