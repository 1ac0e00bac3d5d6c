import { transitionStarts, type CompiledCues } from './cues.js';
import { compileRoster, nameAt, type Roster } from './roster.js';
import { ANSWER_OPENERS, askingAt, chairingAt, handOffAt, introductionAt, strangerAt, thanksAt, type NameCue } from './speakerCues.js';
import { hasCapitals, isPunctuated, spokenWords, wordsText, type SpokenWord } from './spokenWords.js';
import type { Segment } from './types.js';

/**
 * Turns as spans of words: where each speaker's turn starts, and the names the cues give each
 * span with how strongly. Where the captions mark changes of speaker (`>>`, voices), those
 * marks are the turns and the cues only name them: an introduction in a turn's first words
 * names that turn, a hand-over at a turn's end names the next, a thank-you at a turn's start
 * names the one before. Where they mark nothing (auto-captions), the cues also say where turns
 * start: at an introduction, after a hand-over's question, at a thank-you, at the chair's words.
 */

export type CueKind = 'turn-mark' | 'voice' | 'introduction' | 'hand-off' | 'thanks' | 'chair' | 'answer';

/** Why a turn starts where it does, or why it is given a name: the kind of cue, its words, and when they were said. */
export interface SpeakerCue {
  kind: CueKind;
  text: string;
  at: number;
}

/** A name a cue gives a span, and how strongly (0 to 1). */
export interface Naming {
  name: string;
  strength: number;
  cue: SpeakerCue;
}

export interface Span {
  /** First word, and one past the last. */
  from: number;
  to: number;
  /** Why it starts here (none for the talk's start). */
  starts: SpeakerCue[];
  namings: Naming[];
  /** The voice the captions name for it (`<v Name>`), where they do. */
  voice?: string;
}

export interface SpanOptions {
  roster?: readonly string[];
  moderator?: string;
  /** Transition phrases (topics.json): in captions without turn marks, where the chair takes the floor. */
  transitions?: CompiledCues;
}

/** How strongly each kind of cue names someone. */
export const STRENGTH = { voice: 0.95, wholeIntroduction: 0.9, introduction: 0.85, handOff: 0.8, thanks: 0.7, chair: 0.6 };
/** In marked captions, an introduction counts in a turn's first words, a hand-over in its last, a thank-you in its first few. */
const INTRODUCTION_WORDS = 25;
const HAND_OFF_WORDS = 30;
const THANKS_WORDS = 6;
/** In unmarked captions, cues this few words after a turn's start are part of its start. */
const NEAR_WORDS = 4;
/** In unmarked captions, how far after a hand-over's question its answer may start. */
const ANSWER_WINDOW = 20;

/** The cue a turn starts with, by what was found there. */
const START_KIND: Record<Found['kind'], CueKind> = {
  introduction: 'introduction',
  stranger: 'introduction',
  'hand-off': 'answer',
  thanks: 'thanks',
  chair: 'chair',
};

/** What the cue readers and the span assembly share for one transcript. */
export interface Reading {
  words: SpokenWord[];
  roster: Roster;
  capitals: boolean;
  punctuated: boolean;
  /** The captions mark changes of speaker (`>>` or voices). */
  marked: boolean;
}

/**
 * Reads a transcript's turns: spans of words, with the names cues give them.
 *
 * @example turnSpans(segments, { roster: ['Ana Ruiz', 'Bo Lind'] }).spans[1] // { from: 12, to: 40, starts: [turn-mark], namings: [{ name: 'Bo Lind', … }] }
 */
export function turnSpans(segments: readonly Segment[], options: SpanOptions = {}): Reading & { spans: Span[] } {
  const words = spokenWords(segments);
  const roster = compileRoster(options.roster ?? [], options.moderator);
  const reading: Reading = { words, roster, capitals: hasCapitals(words), punctuated: isPunctuated(words), marked: words.some((w) => w.turn) };
  if (!words.length) return { ...reading, spans: [] };
  const starts = new Map<number, SpeakerCue[]>([[0, []]]);
  const startAt = (i: number, cue: SpeakerCue, near = 0): void => {
    if (i >= words.length) return;
    // Two cues a few words apart ("thanks Hal. Hi, I'm Marta") start one turn, at the first.
    let at = i;
    for (let k = i - 1; k >= Math.max(0, i - near); k--) if (starts.has(k)) at = k;
    starts.set(at, [...(starts.get(at) ?? []), cue]);
  };
  const cue = (kind: CueKind, from: number, to: number): SpeakerCue => ({
    kind,
    text: wordsText(words, from, shownEnd(words, from, to)),
    at: (words[from] as SpokenWord).at,
  });

  // 1. Where turns start.
  words.forEach((w, i) => {
    if (!w.turn) return;
    const voice = segments[w.segment]?.speaker;
    startAt(i, voice ? { kind: 'voice', text: `<v ${voice}>`, at: w.at } : { kind: 'turn-mark', text: '>>', at: w.at });
  });
  const found = readCues(reading, options.transitions);
  if (!reading.marked) {
    for (const f of found) {
      // The chair has the floor where they call on someone; the one called, where the answer starts.
      if (f.kind === 'hand-off') startAt(f.cue.start, cue('hand-off', f.cue.start, f.cue.end), NEAR_WORDS);
      if (f.startsTurn !== undefined) startAt(f.startsTurn, cue(START_KIND[f.kind], f.startsTurn, f.startsTurn + 6), f.kind === 'hand-off' ? 0 : NEAR_WORDS);
    }
  }

  // 2. The spans, and the names the cues give them.
  const bounds = [...starts.keys()].sort((a, b) => a - b);
  const spans: Span[] = bounds.map((from, k) => {
    const to = bounds[k + 1] ?? words.length;
    const voice = segments[(words[from] as SpokenWord).segment]?.speaker;
    return { from, to, starts: starts.get(from) ?? [], namings: [], ...(voice ? { voice } : {}) };
  });
  const spanOf = (i: number): number => {
    let lo = 0;
    let hi = spans.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((spans[mid] as Span).from <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  for (const f of found) {
    const k = spanOf(f.cue.start);
    const span = spans[k] as Span;
    const naming = (target: Span | undefined, name: string, strength: number, kind: CueKind): void => {
      target?.namings.push({ name, strength, cue: cue(kind, f.cue.start, f.cue.end) });
    };
    if (f.kind === 'introduction' && (!reading.marked || f.cue.start - span.from < INTRODUCTION_WORDS))
      naming(span, f.cue.match.entry.name, f.cue.match.whole ? STRENGTH.wholeIntroduction : STRENGTH.introduction, 'introduction');
    if (f.kind === 'thanks' && (!reading.marked || f.cue.start - span.from < THANKS_WORDS)) {
      naming(spans[reading.marked ? k - 1 : spanOf(f.cue.start - 1)], f.cue.match.entry.name, STRENGTH.thanks, 'thanks');
      if (roster.moderator && f.cue.match.entry !== roster.moderator) naming(span, roster.moderator.name, STRENGTH.chair, 'chair');
    }
    if (f.kind === 'hand-off' && (!reading.marked || span.to - f.cue.end < HAND_OFF_WORDS)) {
      const next = reading.marked ? spans[k + 1] : spans[spanOf(f.startsTurn ?? f.cue.end)];
      if (next && next !== span && !mentions(next, f.cue.match.entry.name, reading)) naming(next, f.cue.match.entry.name, STRENGTH.handOff, 'hand-off');
      if (roster.moderator && f.cue.match.entry !== roster.moderator) naming(span, roster.moderator.name, STRENGTH.chair, 'chair');
    }
    if (f.kind === 'chair' && roster.moderator) naming(span, roster.moderator.name, STRENGTH.chair, 'chair');
  }
  return { ...reading, spans };
}

interface Found {
  /** A stranger: someone not on the roster introducing themselves (a new turn, no name). */
  kind: 'introduction' | 'hand-off' | 'thanks' | 'chair' | 'stranger';
  cue: NameCue;
  /** In unmarked captions: where this cue says a new turn starts. */
  startsTurn?: number;
}

/** Every cue of the transcript, in order. */
function readCues(reading: Reading, transitions: CompiledCues | undefined): Found[] {
  const { words, roster, capitals, marked } = reading;
  const found: Found[] = [];
  const anyone = { entry: { name: '', moderator: false }, length: 0, whole: false };
  const transitionAt = transitions
    ? transitionStarts(
        words.map((w) => w.word),
        transitions,
        (i) => (words[i] as SpokenWord).mark !== '',
        reading.punctuated,
      )
    : [];
  let guest = -Infinity; // where someone not on the roster started asking, in this turn: the chair's phrases there are theirs
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as SpokenWord;
    const atStart = i === 0 || w.turn || (words[i - 1] as SpokenWord).mark !== '';
    if (w.turn) guest = -Infinity;
    if (askingAt(words, i)) guest = i;
    const intro =
      roster.entries.length && (atStart || !marked || LEAD_START.has(w.word))
        ? introductionAt(words, i, roster, capitals, !marked || w.turn || i === 0)
        : undefined;
    if (intro) {
      found.push({ kind: 'introduction', cue: intro, startsTurn: i });
      i = intro.end - 1;
      continue;
    }
    const thanks = roster.entries.length ? thanksAt(words, i, roster, capitals) : undefined;
    if (thanks) {
      found.push({ kind: 'thanks', cue: thanks, startsTurn: i });
      i = thanks.end - 1;
      continue;
    }
    const handOff = roster.entries.length ? handOffAt(words, i, roster, capitals) : undefined;
    if (handOff) {
      found.push({ kind: 'hand-off', cue: handOff, startsTurn: answerStart(reading, handOff.end) });
      i = handOff.end - 1;
      continue;
    }
    const stranger = marked ? 0 : strangerAt(words, i, roster, capitals);
    if (stranger) {
      found.push({ kind: 'stranger', cue: { match: anyone, start: i, end: stranger }, startsTurn: i });
      guest = i;
      i = stranger - 1;
      continue;
    }
    const chair = chairingAt(words, i);
    const transition = (transitionAt[i] ?? 0) >= 0.8;
    if ((chair || transition) && i - guest > 40) {
      found.push({ kind: 'chair', cue: { match: anyone, start: i, end: i + Math.max(chair, 1) }, ...(transition ? { startsTurn: i } : {}) });
      if (chair) i += chair - 1;
    }
  }
  return found;
}

/** Words before which an introduction may start in the middle of a marked turn ("… thanks. so I'm Bo"). */
const LEAD_START = new Set(['hi', 'hello', 'hey', 'and', 'so']);

/**
 * Where the answer to a hand-over whose words end at `end` starts, in captions that do not mark
 * it: after the question's `?`; else at the longest pause in the next words, if one is long
 * enough to be a change of speaker; else at the first word that opens an answer ("yeah", "so",
 * "well"); else where the hand-over ends.
 */
function answerStart({ words, punctuated }: Reading, end: number): number {
  const last = Math.min(words.length, end + ANSWER_WINDOW);
  if (punctuated) {
    for (let k = end - 1; k < last; k++) if (words[k]?.mark === '?') return k + 1;
    return end;
  }
  let longest = -1;
  let longestPause = 0;
  let opener = -1;
  for (let k = Math.max(1, end); k < last; k++) {
    const pause = pauseBefore(words, k);
    if (pause > longestPause) {
      longest = k;
      longestPause = pause;
    }
    if (opener < 0 && ANSWER_OPENERS.has((words[k] as SpokenWord).word)) opener = k;
  }
  if (longestPause >= TURN_PAUSE) return longest;
  return opener >= 0 ? opener : end;
}

/** A silence this long after a question is someone else starting to answer. */
const TURN_PAUSE = 0.6;

/** The silence before word `k`: from when the word before it likely ended (its time, plus a tenth of a second and a twentieth a letter). */
function pauseBefore(words: readonly SpokenWord[], k: number): number {
  const before = words[k - 1] as SpokenWord;
  return (words[k] as SpokenWord).at - before.at - (0.1 + 0.05 * before.word.length);
}

/** Where a cue's words as shown end: its own end, or for a cue of a word or two, the rest of its sentence (up to a few words). */
function shownEnd(words: readonly SpokenWord[], from: number, to: number): number {
  let end = to;
  while (end - from < CUE_WORDS && end < words.length && !words[end - 1]?.mark && !words[end]?.turn) end++;
  return end;
}

/** A cue shorter than this is shown with the words after it. */
const CUE_WORDS = 5;

/** Whether a span speaks of `name` in its first words (other than to introduce itself as that person): then someone else has the floor. */
function mentions(span: Span, name: string, { words, roster, capitals }: Reading): boolean {
  for (let i = span.from; i < Math.min(span.to, span.from + 10); i++) {
    const intro = introductionAt(words, i, roster, capitals, i === span.from);
    if (intro) {
      if (intro.match.entry.name === name) return false;
      i = intro.end - 1;
    } else if (nameAt(roster, words, i, capitals)?.entry.name === name) return true;
  }
  return false;
}
