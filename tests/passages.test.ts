import { PASSAGE_MAX_CHARS, secondAt, toPassages } from '../index/passages.js';
import { SAMPLE_DIR } from '../server/config.js';
import { loadTranscript } from '../server/library.js';
import type { Segment } from '../server/transcript/types.js';

/** Segments of `seconds` each, back to back, with the given texts. */
function timeline(texts: string[], seconds = 3, gapAfter: Record<number, number> = {}): Segment[] {
  let t = 0;
  return texts.map((text, i) => {
    const segment = { start: t, duration: seconds, text };
    t += seconds + (gapAfter[i] ?? 0);
    return segment;
  });
}

describe('toPassages', () => {
  it('keeps passages between 15 and 40 seconds on the sample, in order, covering every segment once', async () => {
    const sample = await loadTranscript(SAMPLE_DIR, 'S6Sjj6OtyvY');
    const passages = toPassages(sample.videoId, sample.segments);
    passages.slice(0, -1).forEach((p) => {
      expect(p.end - p.start).toBeGreaterThanOrEqual(15);
      expect(p.end - p.start).toBeLessThanOrEqual(40);
    });
    expect(passages.map((p) => p.segments)).toEqual(passages.map((p, i) => [i === 0 ? 0 : passages[i - 1]?.segments[1], p.segments[1]]));
    expect(passages[passages.length - 1]?.segments[1]).toBe(sample.segments.length);
    expect(passages.map((p) => p.text).join(' ')).toBe(sample.segments.map((s) => s.text).join(' '));
  });

  it('ends a passage at a sentence end between 15 and 40 seconds', () => {
    const texts = ['one two three.', 'four five six', 'seven eight nine', 'ten eleven.', ...Array.from({ length: 12 }, (_, i) => `more words ${i}`)];
    const [first] = toPassages('v', timeline(texts, 4));
    expect(first?.text.endsWith('eleven.')).toBe(true);
  });

  it('without punctuation, ends at the longest pause', () => {
    const texts = Array.from({ length: 20 }, (_, i) => `words of segment ${i}`);
    const [first] = toPassages('v', timeline(texts, 3, { 5: 0.4, 7: 1.8, 8: 0.6 }));
    expect(first?.segments).toEqual([0, 8]);
  });

  it('never runs past 40 seconds, even with no punctuation and no pause', () => {
    const passages = toPassages(
      'v',
      timeline(
        Array.from({ length: 40 }, (_, i) => `w${i}`),
        3,
      ),
    );
    for (const p of passages) expect(p.end - p.start).toBeLessThanOrEqual(40);
  });

  it('starts a new passage when the speaker changes, or a >> marker says so', () => {
    const segments = timeline(['a b', 'c d', 'e f', 'g h'], 2);
    segments[2] = { ...(segments[2] as Segment), speaker: 'Ann' };
    segments[3] = { ...(segments[3] as Segment), speaker: 'Ann' };
    expect(toPassages('v', segments).map((p) => [p.text, p.speaker])).toEqual([
      ['a b c d', null],
      ['e f g h', 'Ann'],
    ]);
    const turns = timeline(['a b', 'c d', 'e f'], 2);
    turns[1] = { ...(turns[1] as Segment), turn: true };
    expect(toPassages('v', turns).map((p) => p.text)).toEqual(['a b', 'c d e f']);
  });

  it('points a word at the second it was said: the segment start, or the word time when captions carry one', () => {
    const segments: Segment[] = [
      { start: 10, duration: 3, text: 'first segment' },
      {
        start: 13,
        duration: 3,
        text: 'posted interrupts',
        words: [
          { start: 13.2, text: 'posted' },
          { start: 14.6, text: 'interrupts' },
        ],
      },
    ];
    const [passage] = toPassages('v', segments);
    if (!passage) throw new Error('no passage');
    expect(secondAt(passage, passage.text.indexOf('first'))).toBe(10);
    expect(secondAt(passage, passage.text.indexOf('segment'))).toBe(10);
    expect(secondAt(passage, passage.text.indexOf('posted'))).toBe(13.2);
    expect(secondAt(passage, passage.text.indexOf('interrupts'))).toBe(14.6);
  });

  describe('long cues', () => {
    const words = (n: number, from = 0): string => Array.from({ length: n }, (_, i) => `word${from + i}`).join(' ');
    /** Passages are in order, inside [from, to], each at most PASSAGE_MAX_CHARS, covering the text. */
    function expectBounded(passages: ReturnType<typeof toPassages>, from: number, to: number): void {
      passages.forEach((p, i) => {
        expect(p.text.length).toBeLessThanOrEqual(PASSAGE_MAX_CHARS);
        expect(p.text.length).toBeGreaterThan(0);
        expect(p.start).toBeGreaterThanOrEqual(from);
        expect(p.end).toBeLessThanOrEqual(to);
        expect(p.end).toBeGreaterThanOrEqual(p.start);
        if (i > 0) expect(p.start).toBeGreaterThanOrEqual((passages[i - 1] as { end: number }).end);
      });
    }

    it('cuts a cue longer than a passage at spaces, each piece timed by where its characters fall in the cue', () => {
      const text = words(400); // about 3,100 characters
      const passages = toPassages('v', [{ start: 50, duration: 100, text }]);
      expect(passages.length).toBe(Math.ceil(text.length / PASSAGE_MAX_CHARS));
      expectBounded(passages, 50, 150);
      expect(passages.map((p) => p.text).join(' ')).toBe(text);
      expect(passages[0]?.start).toBe(50);
      expect(passages[passages.length - 1]?.end).toBe(150);
      for (const p of passages) {
        expect(p.text).toMatch(/^word\d+( word\d+)*$/);
        expect(p.segments).toEqual([0, 1]);
        // A piece starting at 40% of the cue's text starts 40% into its time.
        expect(p.start).toBeCloseTo(50 + (100 * text.indexOf(` ${p.text.split(' ')[0]} `) + 100) / text.length, 1);
        expect(secondAt(p, 0)).toBe(p.start);
      }
    });

    it('cuts a two-megabyte cue into passages of at most 1,000 characters inside the cue', () => {
      const text = words(250_000);
      const passages = toPassages('v', [{ start: 10, duration: 3000, text }]);
      expect(passages.length).toBeGreaterThanOrEqual(Math.ceil(text.length / (PASSAGE_MAX_CHARS + 1)));
      expectBounded(passages, 10, 3010);
      expect(passages.map((p) => p.text).join(' ')).toBe(text);
    });

    it('cuts a "word" longer than a passage where it must, never between the halves of an emoji', () => {
      const passages = toPassages('v', [{ start: 0, duration: 10, text: `a ${'🦓'.repeat(1200)} b` }]);
      expectBounded(passages, 0, 10);
      expect(
        passages
          .map((p) => p.text)
          .join('')
          .replace(/ /g, ''),
      ).toBe(`a${'🦓'.repeat(1200)}b`);
      for (const p of passages) expect(p.text).not.toMatch(/[\ud800-\udbff]$|^[\udc00-\udfff]/);
    });

    it('keeps timed words at their own seconds in the pieces of a long cue', () => {
      const timed = Array.from({ length: 300 }, (_, i) => ({ start: 20 + i * 0.2, text: `word${i}` }));
      const passages = toPassages('v', [{ start: 20, duration: 60, text: timed.map((w) => w.text).join(' '), words: timed }]);
      expect(passages.length).toBeGreaterThan(1);
      expectBounded(passages, 20, 80);
      for (const p of passages) {
        for (const word of p.text.split(' ')) {
          const n = Number(word.slice(4));
          expect(secondAt(p, p.text.indexOf(`${word}`))).toBe(timed[n]?.start);
        }
      }
    });

    it('ends a passage before 1,000 characters however many cues a few seconds hold', () => {
      const segments: Segment[] = Array.from({ length: 5000 }, (_, i) => ({ start: i * 0.002, duration: 0.001, text: `cue number ${i}` }));
      const passages = toPassages('v', segments);
      expectBounded(passages, 0, 10);
      expect(passages.map((p) => p.text).join(' ')).toBe(segments.map((s) => s.text).join(' '));
    });

    it('starts a new passage for a change of speaker within cut cues too', () => {
      const passages = toPassages('v', [
        { start: 0, duration: 30, text: words(200), speaker: 'Ann' },
        { start: 30, duration: 30, text: words(200, 200), speaker: 'Bo' },
      ]);
      for (const p of passages) {
        const said = new Set(p.text.split(' ').map((w) => (Number(w.slice(4)) < 200 ? 'Ann' : 'Bo')));
        expect([...said]).toEqual([p.speaker]);
      }
      expect(passages.some((p) => p.text.includes('word199 word200'))).toBe(false);
    });
  });
});
