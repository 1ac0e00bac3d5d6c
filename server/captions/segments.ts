import { roundMs } from '../time.js';
import type { Segment } from '../transcript/types.js';
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
    tail = [...tail, ...current].slice(-TAIL);
  });
  return out;
}

/** The largest k such that the last k words of `tail` are the first k of `next`. */
function overlap(tail: string[], next: string[]): number {
  for (let k = Math.min(tail.length, next.length); k > 0; k--) {
    let same = true;
    for (let j = 0; j < k && same; j++) same = tail[tail.length - k + j] === next[j];
    if (same) return k;
  }
  return 0;
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
 */
function mergeSimultaneous(cues: Cue[]): Cue[] {
  const out: Cue[] = [];
  for (const cue of cues) {
    const last = out[out.length - 1];
    if (!last || Math.abs(cue.start - last.start) >= 0.001 || last.speaker !== cue.speaker) {
      out.push(cue);
      continue;
    }
    if (last.text === cue.text) {
      out[out.length - 1] = { ...last, end: Math.max(last.end, cue.end) };
      continue;
    }
    const offset = last.text.split(' ').length;
    const turnAt = last.turnAt ?? (cue.turnAt === undefined ? undefined : offset + cue.turnAt);
    const words = last.words || cue.words ? [...(last.words ?? []), ...(cue.words ?? [])] : undefined;
    out[out.length - 1] = {
      ...last,
      end: Math.max(last.end, cue.end),
      text: `${last.text} ${cue.text}`,
      ...(words ? { words } : {}),
      ...(turnAt === undefined ? {} : { turnAt }),
    };
  }
  return out;
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
