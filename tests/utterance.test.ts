import { MAX_LEAD_SECONDS, SENTENCE, TURN, utteranceBreaks } from '../index/breaks.js';
import { secondAt, toPassages } from '../index/passages.js';
import type { Passage, Segment } from '../index/types.js';
import { utteranceStart, utteranceStartAt } from '../index/utterance.js';

/**
 * Where a search hit's link opens (index/utterance.ts, from the breaks of index/breaks.ts): at
 * the start of the sentence or turn that holds the matched words, never more than ten seconds
 * before them. Small talks of each caption style, written for these tests.
 */

/** Caption cues, one per line, each `seconds` long and `gap` apart; `gaps[i]` is the silence after line i instead. */
function cues(lines: string[], { seconds = 3, gap = 0.1, gaps = {} }: { seconds?: number; gap?: number; gaps?: Record<number, number> } = {}): Segment[] {
  let start = 0;
  return lines.map((text, i) => {
    const segment: Segment = { start, duration: seconds, text };
    start += seconds + (gaps[i] ?? gap);
    return segment;
  });
}

/**
 * Auto-captions: words timed one by one, each taking 0.15 s plus 0.05 s a character (as speech
 * does: longer words take longer), `pauses[i]` seconds of silence before word i, eight words a cue.
 */
function timedWords(text: string, pauses: Record<number, number> = {}): Segment[] {
  const words = text.split(' ');
  const timed: { start: number; text: string }[] = [];
  let t = 0;
  words.forEach((word, i) => {
    t += pauses[i] ?? 0;
    timed.push({ start: Math.round(t * 1000) / 1000, text: word });
    t += 0.15 + 0.05 * word.length;
  });
  const segments: Segment[] = [];
  for (let i = 0; i < timed.length; i += 8) {
    const own = timed.slice(i, i + 8);
    const end = timed[i + 8]?.start ?? t;
    const first = own[0] as { start: number };
    segments.push({ start: first.start, duration: end - first.start, text: own.map((w) => w.text).join(' '), words: own });
  }
  return segments;
}

/** Where a link to the `nth` occurrence of `word` opens, and when the word itself was said. */
function linkTo(segments: Segment[], word: string, nth = 0): { at: number; said: number; passage: Passage } {
  const passages = toPassages('v', segments);
  let seen = 0;
  for (const passage of passages) {
    for (const m of passage.text.matchAll(new RegExp(`\\b${word}\\b`, 'g'))) {
      if (seen++ === nth) return { at: utteranceStart(passage, m.index), said: secondAt(passage, m.index), passage };
    }
  }
  throw new Error(`no ${word} in the talk`);
}

/** When the first word of `lines[i]` was said, for cues made by `cues`. */
const cueStart = (segments: Segment[], i: number): number => (segments[i] as Segment).start;
/** When word `i` of a talk made by `timedWords` was said. */
const wordStart = (segments: Segment[], i: number): number => segments.flatMap((s) => s.words ?? [])[i]?.start as number;

const filler = (n: number, from = 0): string => Array.from({ length: n }, (_, i) => `word${from + i}`).join(' ');
/**
 * Four short sentences, 12.4 s of cues: the talk's first words are a turn (a new voice), so
 * these keep them out of reach of what a test looks at.
 */
const LEAD = ['thanks for coming.', 'we have a full room.', 'please use the microphone.', 'right, let us begin.'];

describe('links to a hit: punctuated captions', () => {
  const lines = [
    'thanks for coming everyone.',
    'the first question is about devices.',
    'every emulated device is attack surface, so we',
    'keep the old ones out of the default build and',
    'fuzz the ones we keep with coverage guided fuzzers.',
    'that is most of it. the rest is review.',
  ];
  const talk = cues(lines);

  it('opens at the start of the sentence that holds the words, two lines before them', () => {
    expect(linkTo(talk, 'fuzzers').at).toBe(cueStart(talk, 2));
  });

  it('opens at the start of the cue where a sentence begins inside it', () => {
    // "the rest is review." begins mid-cue: the cue's start is the nearest time the captions give.
    expect(linkTo(talk, 'review').at).toBe(cueStart(talk, 5));
  });

  it('does not take an abbreviation for a sentence end', () => {
    const abbreviated = cues([...LEAD, 'old devices, the floppy and e.g.', 'the serial port, are the risk.', 'that was all.']);
    expect(linkTo(abbreviated, 'serial').at).toBe(cueStart(abbreviated, 4));
  });

  it('prefers the start of the answer after a question, when it began within ten seconds', () => {
    const qa = cues(['so what changed in hardware?', 'a lot, honestly.', 'posted interrupts are the big one.', 'they help latency.']);
    // "posted interrupts" is in the second sentence of the answer; the answer began at line 1.
    expect(linkTo(qa, 'posted').at).toBe(cueStart(qa, 1));
  });

  it('opens at a new voice (>>) that began within ten seconds', () => {
    const turns = cues(['i think so.', 'okay thanks.', 'we measured it.', 'the exits went down a lot.']);
    (turns[2] as Segment).turn = true;
    expect(linkTo(turns, 'exits').at).toBe(cueStart(turns, 2));
  });
});

describe('links to a hit: auto-captions with word times and no punctuation', () => {
  const words = `so ${filler(28)} memory encryption ${filler(40, 28)}`.split(' ');
  const text = words.join(' ');
  const at = (pauses: Record<number, number>, word = 'memory'): number => linkTo(timedWords(text, pauses), word).at;

  it('opens after the last pause of at least 0.25 s beyond the talk’s pace before the words', () => {
    // Pauses of 0.4 s before words 20 and 25; "memory" is word 29.
    const talk = timedWords(text, { 20: 0.4, 25: 0.4 });
    expect(linkTo(talk, 'memory').at).toBe(wordStart(talk, 25));
  });

  it('ignores gaps the talk’s pace explains: long words take longer, a 0.1 s hesitation is no pause', () => {
    const talk = timedWords(text, { 20: 0.4, 26: 0.1 });
    expect(linkTo(talk, 'memory').at).toBe(wordStart(talk, 20));
  });

  it('prefers a long silence (a turn) within reach to a later short pause', () => {
    const talk = timedWords(text, { 22: 1.5, 26: 0.35 });
    expect(linkTo(talk, 'memory').at).toBe(wordStart(talk, 22));
  });

  it('without any pause, opens at a word a few seconds before, never more than ten', () => {
    const talk = timedWords(text);
    const { at: link, said } = linkTo(talk, 'memory');
    expect(said - link).toBeGreaterThan(3);
    expect(said - link).toBeLessThanOrEqual(MAX_LEAD_SECONDS);
    expect(talk.flatMap((s) => s.words ?? []).map((w) => w.start)).toContain(link);
    expect(at({})).toBe(link);
  });

  it('never opens more than ten seconds before the words, however long ago the last pause was', () => {
    // The only pause is before word 2, about 15 s before "memory" at word 60.
    const long = `so ${filler(58)} memory encryption ${filler(10, 58)}`;
    const talk = timedWords(long, { 2: 0.8 });
    const { at: link, said } = linkTo(talk, 'memory');
    expect(said - wordStart(talk, 2)).toBeGreaterThan(MAX_LEAD_SECONDS);
    expect(said - link).toBeLessThanOrEqual(MAX_LEAD_SECONDS);
    expect(link).toBeLessThan(said);
  });
});

describe('links to a hit: plain cues, no punctuation', () => {
  const lines = Array.from({ length: 20 }, (_, i) => `line ${i} ${filler(6, i * 6)}`);

  it('opens at a cue start, at most ten seconds before the cue that holds the words', () => {
    const talk = cues(lines);
    const { at, said } = linkTo(talk, '12');
    const holder = cueStart(talk, 12);
    expect(talk.map((s) => s.start)).toContain(at);
    expect(at).toBeLessThanOrEqual(holder);
    expect(said - at).toBeLessThanOrEqual(MAX_LEAD_SECONDS);
  });

  it('opens after a silence between cues longer than the talk’s usual gap', () => {
    const talk = cues(lines, { gaps: { 10: 1.2 } });
    expect(linkTo(talk, 'word70').at).toBe(cueStart(talk, 11));
  });
});

describe('links to a hit: at a passage’s start', () => {
  it('may open in the passage before, where the sentence began there, within ten seconds', () => {
    // Twelve 3-second cues of one sentence after a full stop: passages are cut within it (15–40 s).
    const talk = cues(['that was the intro.', ...Array.from({ length: 14 }, (_, i) => `then ${filler(5, i * 5)}`), 'done.']);
    const passages = toPassages('v', talk);
    const second = passages[1] as Passage;
    // The first words of the second passage: the sentence began in the first one.
    const link = utteranceStart(second, 0);
    expect(link).toBeLessThanOrEqual(second.start);
    expect(second.start - link).toBeLessThanOrEqual(MAX_LEAD_SECONDS);
    expect(link).toBeGreaterThanOrEqual(second.start - MAX_LEAD_SECONDS);
  });

  it('does not open before the passage where that sentence began longer ago', () => {
    const talk = cues(['that was the intro.', ...Array.from({ length: 30 }, (_, i) => `then ${filler(5, i * 5)}`), 'done.']);
    const passages = toPassages('v', talk);
    const later = passages.find((p) => p.start - (talk[1] as Segment).start > 20) as Passage;
    expect(utteranceStart(later, 0)).toBeGreaterThanOrEqual(later.start);
  });
});

describe('links to a note’s moment', () => {
  // The sentence "the answer is that posted interrupts help." begins at 12.4 s.
  const talk = cues([...LEAD, 'the answer is that', 'posted interrupts help.', 'next.']);
  const [passage] = toPassages('v', talk);

  it.each<[string, number, number]>([
    ['inside a sentence: where it began', 16, 12.4],
    ['within a second after a sentence start: as written', 13, 13],
    ['just before a sentence start: as written', 11.8, 11.8],
  ])('%s', (_what, moment, expected) => {
    expect(utteranceStartAt(passage as Passage, moment)).toBe(expected);
  });

  it('kept as written where nothing is known of its sentences', () => {
    expect(utteranceStartAt({ utterances: [] }, 42)).toBe(42);
  });
});

describe('utteranceBreaks', () => {
  const piece = (text: string, start: number, extra: Partial<{ turn: boolean; speaker: string | null }> = {}) => ({
    text,
    start,
    end: start + 3,
    anchors: [0, start],
    speaker: null,
    turn: false,
    ...extra,
  });

  it('finds sentences after full stops and turns after questions, voices and the talk’s start', () => {
    const breaks = utteranceBreaks([piece('what about it? well. fine.', 0), piece('and more', 3), piece('from me', 6, { speaker: 'Ann' })]);
    expect(breaks).toEqual([
      [
        { offset: 0, level: TURN },
        { offset: 15, level: TURN },
        { offset: 21, level: SENTENCE },
      ],
      [{ offset: 0, level: SENTENCE }],
      [{ offset: 0, level: TURN }],
    ]);
  });

  it('reads a few stray dots in unpunctuated captions as no punctuation', () => {
    const text = `${filler(120)} see example.com. ${filler(120, 200)}`;
    expect(utteranceBreaks([piece(text, 0)])).toEqual([[{ offset: 0, level: TURN }]]);
  });
});
