import { isStopWord, stem, tokenize, type Glossary } from './analyze.js';
import { compileCues, cueWord, transitionStarts } from './cues.js';
import { offsetSecond, segmentText } from './passages.js';
import type { Segment, TopicVocabulary } from './types.js';

/**
 * Units: the small stretches topic tagging weighs one at a time, and where a chapter may start.
 * A unit is a caption segment, or the part of one from where a transition cue's sentence starts
 * (auto-captions roll "public okay next topic new" into one cue), or a share of a segment too
 * long to be weighed whole.
 */
export interface Unit {
  /** The segment it is in, and the offset of its first word in that segment's text (segmentText). */
  segment: number;
  offset: number;
  /** Second its first word was said, as passages would give it (offsetSecond). */
  start: number;
  /** The stems of its words as search reads them (tokenize, stem), and of those that are not stop words (what cohesion compares). */
  stems: string[];
  content: string[];
  /** How surely the subject is announced to change at its start, 0 to 1: a transition, a `>>`, a question just asked, a pause. */
  change: number;
}

/** Words a unit holds at most: a hand-made file with a whole talk in one cue is still weighed a sentence or two at a time. */
const MAX_UNIT_WORDS = 40;
/** A change of speaker marked in the captions (`>>`, a new voice): a question may be answered, the subject may change. */
const TURN_CHANGE = 0.35;
/** A question just asked: the answer may be on something new. */
const QUESTION_CHANGE = 0.3;
/** A silence of this many seconds or more before a unit says a little too (scaled from nothing at 1 s). */
const LONG_PAUSE = 3;
const PAUSE_CHANGE = 0.25;

interface Word {
  segment: number;
  offset: number;
  word: string;
  /** The word ends a sentence (the captions have punctuation there), and a question. */
  sentenceEnd: boolean;
  question: boolean;
}

/**
 * Cuts segments into units and marks how surely the subject changes at each.
 *
 * @example toUnits(segments, vocabulary, glossary)[0] // { segment: 0, offset: 0, start: 0, stems: ['okay', …], content: ['okay', …], change: 0 }
 */
export function toUnits(segments: readonly Segment[], vocabulary: TopicVocabulary, glossary: Glossary): Unit[] {
  const texts = segments.map(segmentText);
  const words: Word[] = [];
  texts.forEach(({ text }, segment) => {
    for (const token of tokenize(text, glossary)) {
      // The word as written ends with its punctuation: "public." ends a sentence, "why?" a question.
      const mark = endMark(text, token.end);
      words.push({ segment, offset: token.start, word: token.word, sentenceEnd: mark !== '', question: mark === '?' });
    }
  });
  const cues = transitionStarts(
    words.map((w) => cueWord(w.word)),
    compileCues(vocabulary),
    (i) => (words[i] as Word).sentenceEnd,
    isPunctuated(words),
  );

  const units: Unit[] = [];
  let open: Unit | undefined;
  words.forEach((w, i) => {
    const previous = words[i - 1];
    const newSegment = !previous || previous.segment !== w.segment;
    const cue = cues[i] as number;
    if (!open || newSegment || cue > 0 || open.stems.length >= MAX_UNIT_WORDS) {
      const segment = segments[w.segment] as Segment;
      const offset = newSegment ? 0 : w.offset;
      let change = cue;
      if (newSegment && previous) {
        const before = segments[previous.segment] as Segment;
        const pause = segment.start - (before.start + before.duration);
        change = combine(change, segment.turn || (segment.speaker ?? null) !== (before.speaker ?? null) ? TURN_CHANGE : 0);
        change = combine(change, PAUSE_CHANGE * Math.min(1, Math.max(0, (pause - 1) / (LONG_PAUSE - 1))));
      }
      if (previous?.question) change = combine(change, QUESTION_CHANGE);
      open = {
        segment: w.segment,
        offset,
        start: offsetSecond(segment, texts[w.segment] as { text: string; anchors: number[] }, offset),
        stems: [],
        content: [],
        change,
      };
      units.push(open);
    }
    const wordStem = stem(w.word);
    open.stems.push(wordStem);
    if (!isStopWord(w.word)) open.content.push(wordStem);
  });
  return units;
}

/** Captions with sentence punctuation (a sentence end every 40 words or more often), not auto-captions' bare words. */
function isPunctuated(words: readonly Word[]): boolean {
  return words.filter((w) => w.sentenceEnd).length * 40 >= words.length;
}

/** Two independent signs that the subject changes, as one. */
function combine(a: number, b: number): number {
  return 1 - (1 - a) * (1 - b);
}

const CLOSING = new Set(['"', "'", ')', ']', '”', '’']);
const SENTENCE_ENDS = new Set(['.', '?', '!', '…']);

/** The sentence-ending mark (`.`, `?`, `!`, `…`) that the written word ending at `end` carries, past closing quotes and brackets, else ''. */
function endMark(text: string, end: number): string {
  let i = end;
  while (i < text.length && !SPACE.test(text[i] as string)) i++;
  let last = i - 1;
  while (last >= end && CLOSING.has(text[last] as string)) last--;
  const mark = text[last] ?? '';
  return last >= end - 1 && SENTENCE_ENDS.has(mark) ? mark : '';
}

const SPACE = /\s/;
