import { roundMs } from '../time.js';
import type { Segment, Word } from '../transcript/types.js';
import type { Cue } from './types.js';

const normalise = (word: string): string => word.toLowerCase().replace(/[^\p{L}\p{N}']/gu, '');
const TAIL = 40;

/**
 * Turns cues as a file states them into a transcript's segments: sorted, rolling
 * auto-caption repeats removed, simultaneous cues of one voice merged, overlaps trimmed.
 *
 * @example cuesToSegments(rollingCues) // 'the plan is', 'the plan is to ship' -> 'the plan is', 'to ship'
 */
export function cuesToSegments(input: readonly Cue[]): Segment[] {
  const cues = [...input].sort((a, b) => a.start - b.start);
  return trimOverlaps(mergeSimultaneous(dropRollingRepeats(cues)));
}

/**
 * YouTube's auto-captions roll: each cue repeats the line before it, and tiny cues repeat whole
 * lines. In such a file (most neighbours overlap, and its words are timed or overlap by two or
 * more), any repeated run at a cue's start is dropped; elsewhere only a run of three words or
 * more, so speech that really repeats itself ("No. No, no.") is kept.
 */
function dropRollingRepeats(cues: Cue[]): Cue[] {
  const words = cues.map((cue) => cue.text.split(' ').map(normalise));
  const overlaps = words.map((current, i) => (i > 0 ? overlap(words[i - 1] ?? [], current) : 0)).slice(1);
  const most = (test: (k: number) => boolean): boolean => overlaps.filter(test).length > overlaps.length / 2;
  // Auto-captions time their words; ordinary captions that happen to repeat a word do not.
  const rolling = cues.length > 2 && most((k) => k >= 1) && (cues.some((c) => c.words) || most((k) => k >= 2));
  const minimum = rolling ? 1 : 3;

  const out: Cue[] = [];
  let tail: string[] = [];
  cues.forEach((cue, i) => {
    const current = words[i] ?? [];
    const k = overlap(tail, current);
    // A cue of a few milliseconds that repeats what was just said is an artefact, unless it is one word ("No.").
    const tinyRepeat = k === current.length && cue.end - cue.start < 0.25 && (rolling || k >= 2);
    if (k >= minimum || tinyRepeat) {
      const trimmed = trimLeadingWords(cue, k);
      if (trimmed) out.push(trimmed);
    } else {
      out.push(cue);
    }
    tail = [...tail, ...current.slice(-TAIL)].slice(-TAIL);
  });
  return out;
}

/**
 * The largest k such that the last k words of `tail` are the first k of `next`: the longest
 * prefix of `next` that is also a suffix of `tail`, by Knuth-Morris-Pratt's failure function
 * over `next` and then `tail`. Linear: trying every k from the longest down compared up to k
 * words each time, and two cues of 120,000 words that almost overlap took 28 s.
 *
 * @example overlap(['so', 'the', 'plan'], ['the', 'plan', 'is']) // 2
 */
export function overlap(tail: readonly string[], next: readonly string[]): number {
  const n = Math.min(tail.length, next.length);
  if (n === 0) return 0;
  const pattern = next.slice(0, n);
  // fail[i]: length of the longest proper prefix of pattern[0..i] that is also its suffix.
  const fail = new Int32Array(n);
  for (let i = 1, k = 0; i < n; i++) {
    while (k > 0 && pattern[i] !== pattern[k]) k = fail[k - 1] as number;
    if (pattern[i] === pattern[k]) k++;
    fail[i] = k;
  }
  // Run the pattern along the last n words of tail; where the text ends, k is the overlap.
  let k = 0;
  for (let i = tail.length - n; i < tail.length; i++) {
    while (k > 0 && (k === n || tail[i] !== pattern[k])) k = fail[k - 1] as number;
    if (tail[i] === pattern[k]) k++;
  }
  return k;
}

function trimLeadingWords(cue: Cue, k: number): Cue | undefined {
  const rest = cue.text.split(' ').slice(k);
  if (!rest.length) return undefined;
  const words = cue.words && cue.words.length === rest.length + k ? cue.words.slice(k) : undefined;
  // The new words began when the first of them was said, not when the repeated line reappeared.
  const start = words?.[0] ? Math.max(cue.start, words[0].start) : cue.start;
  // A turn marked in the repeated words was announced by the cue before.
  const turnAt = cue.turnAt !== undefined && cue.turnAt >= k ? cue.turnAt - k : undefined;
  const { words: _repeated, turnAt: _turn, ...base } = cue;
  return { ...base, start, text: rest.join(' '), ...(words ? { words } : {}), ...(turnAt === undefined ? {} : { turnAt }) };
}

/**
 * Cues that start together (srv3 positions, karaoke layers) are one moment of speech when one
 * voice speaks them; two voices at once stay two segments, so neither is credited the other's words.
 * Each run of such cues is gathered, then joined once: joining as they come copied the text and
 * words so far at every cue, and 100,000 cues at one moment took minutes.
 */
function mergeSimultaneous(cues: Cue[]): Cue[] {
  const out: Cue[] = [];
  let group: Cue[] = [];
  const flush = (): void => {
    if (group.length) out.push(mergeGroup(group));
    group = [];
  };
  for (const cue of cues) {
    const first = group[0];
    if (first && (Math.abs(cue.start - first.start) >= 0.001 || first.speaker !== cue.speaker)) flush();
    group.push(cue);
  }
  flush();
  return out;
}

/** One cue for cues said at one moment by one voice; a cue repeating all that came before adds nothing but its end. */
function mergeGroup(group: readonly Cue[]): Cue {
  const first = group[0] as Cue;
  if (group.length === 1) return first;
  const texts: string[] = [];
  const words: Word[][] = [];
  let length = -1; // of the joined text: the texts and a space between each two
  let joined: string | undefined; // the texts joined, when a cue of the same length needs it
  let wordCount = 0;
  let turnAt: number | undefined;
  let hasWords = false;
  let end = first.end;
  for (const cue of group) {
    end = Math.max(end, cue.end);
    if (cue.text.length === length && cue.text === (joined ??= texts.join(' '))) continue;
    // A turn marked in an earlier cue stands; a later cue's counts from where its words start.
    turnAt ??= cue.turnAt === undefined ? undefined : wordCount + cue.turnAt;
    texts.push(cue.text);
    length += cue.text.length + 1;
    joined = undefined;
    wordCount += cue.text.split(' ').length;
    if (cue.words) {
      hasWords = true;
      words.push(cue.words);
    }
  }
  if (texts.length === 1) return { ...first, end };
  return {
    ...first,
    end,
    text: joined ?? texts.join(' '),
    ...(hasWords ? { words: words.flat() } : {}),
    ...(turnAt === undefined ? {} : { turnAt }),
  };
}

function trimOverlaps(cues: Cue[]): Segment[] {
  return cues.map((cue, i) => {
    const next = cues[i + 1];
    const end = next ? Math.min(cue.end, next.start) : cue.end;
    const start = roundMs(cue.start);
    const segment: Segment = { start, duration: Math.max(0, roundMs(end - start)), text: cue.text };
    if (cue.words?.length) segment.words = cue.words.map((w) => ({ start: roundMs(w.start), text: w.text }));
    if (cue.speaker) segment.speaker = cue.speaker;
    if (cue.turnAt !== undefined) segment.turn = true;
    return segment;
  });
}
