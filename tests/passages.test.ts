import { secondAt, toPassages } from '../index/passages.js';
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
    const passages = toPassages('v', timeline(Array.from({ length: 40 }, (_, i) => `w${i}`), 3));
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
      { start: 13, duration: 3, text: 'posted interrupts', words: [{ start: 13.2, text: 'posted' }, { start: 14.6, text: 'interrupts' }] },
    ];
    const [passage] = toPassages('v', segments);
    if (!passage) throw new Error('no passage');
    expect(secondAt(passage, passage.text.indexOf('first'))).toBe(10);
    expect(secondAt(passage, passage.text.indexOf('segment'))).toBe(10);
    expect(secondAt(passage, passage.text.indexOf('posted'))).toBe(13.2);
    expect(secondAt(passage, passage.text.indexOf('interrupts'))).toBe(14.6);
  });
});
