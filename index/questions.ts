import { askingAt, chairingAt, questionOpeningAt } from './speakerCues.js';
import { wordsText, type SpokenWord } from './spokenWords.js';
import type { TopicId } from './types.js';

/**
 * Who answered what: the questions asked in a talk (by the moderator, the audience, someone
 * online, a panelist), each with the answers that follow it. A question is found in the words:
 * a sentence ending in `?` where the captions punctuate, else a question's opening words
 * ("what do you", "how does", "is there", "any thoughts"); and it must be asked, not mused: it
 * ends its speaker's turn (someone else speaks next), or the chair asks it, or it is announced
 * ("someone online asks", "my question is").
 */

/** A turn as the questions view reads it: its words, its time, and who speaks (null: unknown). */
export interface AttributedSpan {
  from: number;
  to: number;
  start: number;
  end: number;
  speaker: string | null;
  /** The name is a suggestion nobody has confirmed. */
  suggested: boolean;
  /** Its words include the chair's (welcomes, next question, someone online asks). */
  chair?: boolean;
}

export interface Answer {
  speaker: string | null;
  suggested: boolean;
  start: number;
  end: number;
  /** Its first words. */
  words: string;
}

export type Asker = 'moderator' | 'audience' | 'online' | 'panelist' | 'unknown';

export interface Question {
  start: number;
  end: number;
  text: string;
  asker: Asker;
  /** Who asked, where known (the moderator reading an online question is the moderator). */
  speaker: string | null;
  topic?: TopicId;
  answers: Answer[];
}

export interface QuestionOptions {
  moderator?: string;
  punctuated: boolean;
  /** The topic of the chapter at a second. */
  topicAt?: (second: number) => TopicId | undefined;
}

/** A question is looked for in the last this many words of a turn. */
const TAIL_WORDS = 40;
/** Fewer words than this is a nod ("right.", "yeah"), not an answer. */
const LEAST_ANSWER_WORDS = 4;
/** A question of fewer words than this comes with the sentence before it. */
const SHORT_QUESTION = 7;
const ANSWER_WORDS = 14;
/** How a question from someone not in the room is announced. */
const ONLINE = [
  'someone online',
  'online asks',
  'from online',
  'question online',
  'from the chat',
  'in the chat',
  'chat asks',
  'on the stream',
  'by email',
  'over email',
  'from the stream',
  'remote question',
].map((p) => p.split(' '));

/**
 * The questions of a talk, in order, with their answers: the turns after each (until the next
 * question) by someone other than the asker and the moderator, nods left out.
 *
 * @example findQuestions(words, spans, { moderator: 'Cy Moss', punctuated: true })[0]
 *   // { start: 61.2, end: 64, text: 'Ana, what do you think?', asker: 'moderator', speaker: 'Cy Moss', answers: [{ speaker: 'Ana Ruiz', … }] }
 */
export function findQuestions(words: readonly SpokenWord[], spans: readonly AttributedSpan[], options: QuestionOptions): Question[] {
  const found: { span: number; from: number; to: number }[] = [];
  spans.forEach((span, k) => {
    const asked = askedIn(words, span, options.punctuated);
    if (!asked) return;
    const next = spans[k + 1];
    const handsOver = next !== undefined && (next.speaker === null || next.speaker !== span.speaker);
    const announced = span.chair === true || (options.moderator !== undefined && span.speaker === options.moderator) || announcedIn(words, span);
    if (handsOver || announced) found.push({ span: k, ...asked });
  });
  // The chair passing a question on ("Good question. Ana, what should they do?") asks nothing
  // new: the question before it, still unanswered, goes on to whoever answers.
  const asked = found.filter((q, n) => {
    const before = found[n - 1];
    if (!before || askerOf(words, spans[q.span] as AttributedSpan, options.moderator) !== 'moderator') return true;
    for (let k = before.span + 1; k < q.span; k++)
      if (isAnswer(spans[k] as AttributedSpan, spans[before.span] as AttributedSpan, options.moderator)) return true;
    return false;
  });
  return asked.map((q, n) => {
    const span = spans[q.span] as AttributedSpan;
    const until = asked[n + 1]?.span ?? spans.length;
    const answers: Answer[] = [];
    for (let k = q.span + 1; k < until; k++) {
      const turn = spans[k] as AttributedSpan;
      if (!isAnswer(turn, span, options.moderator)) continue;
      answers.push({
        speaker: turn.speaker,
        suggested: turn.suggested,
        start: turn.start,
        end: turn.end,
        words: wordsText(words, turn.from, turn.to, ANSWER_WORDS),
      });
    }
    const start = (words[q.from] as SpokenWord).at;
    const end = q.to < words.length ? (words[q.to] as SpokenWord).at : span.end;
    const asker = askerOf(words, span, options.moderator);
    const topic = options.topicAt?.((start + Math.max(start, end)) / 2);
    return {
      start,
      end: Math.max(start, end),
      text: wordsText(words, q.from, q.to, TAIL_WORDS),
      asker,
      speaker: span.speaker,
      ...(topic === undefined ? {} : { topic }),
      answers,
    };
  });
}

/** Whether a turn after a question answers it: someone other than the asker and the moderator says more than a nod. */
function isAnswer(turn: AttributedSpan, asker: AttributedSpan, moderator: string | undefined): boolean {
  if (turn.to - turn.from < LEAST_ANSWER_WORDS || turn.chair === true) return false;
  return turn.speaker === null || (turn.speaker !== asker.speaker && turn.speaker !== moderator);
}

/** The question a turn asks at its end, as word positions: from its first question (in the turn's last words) to its end. */
function askedIn(words: readonly SpokenWord[], span: AttributedSpan, punctuated: boolean): { from: number; to: number } | undefined {
  const tail = Math.max(span.from, span.to - TAIL_WORDS);
  if (punctuated) {
    let last = -1;
    for (let i = span.to - 1; i >= tail; i--) if ((words[i] as SpokenWord).mark === '?') last = last < 0 ? i : last;
    if (last < 0) return reportedIn(words, span, tail);
    // The question's sentence, and the sentences of the same question before it ("Two things. First, …? And …?").
    const sentenceStart = (end: number): number => {
      let from = end;
      while (from > tail && (words[from - 1] as SpokenWord).mark === '') from--;
      return from;
    };
    let from = sentenceStart(last);
    // A short question says more with the sentence before it ("Ana, you fuzzed the devices. What did you find?").
    if (last - from < SHORT_QUESTION && from > tail) from = sentenceStart(from - 1);
    return last - from >= 2 ? { from, to: last + 1 } : undefined;
  }
  for (let i = tail; i < span.to; i++) {
    const opening = questionOpeningAt(words, i);
    if (opening && i + opening <= span.to) return { from: i, to: span.to };
  }
  return reportedIn(words, span, tail);
}

/** Words that report a question someone else asks ("someone online asks whether …", "the question is …"). */
const REPORTING = new Set(['asks', 'asked', 'asking', 'wondering', 'wonders']);

/** A question told, not asked ("Someone online asks whether snapshots work."): its sentence, or in unpunctuated captions the rest of the turn. */
function reportedIn(words: readonly SpokenWord[], span: AttributedSpan, tail: number): { from: number; to: number } | undefined {
  for (let i = span.to - 1; i >= tail; i--) {
    const w = words[i] as SpokenWord;
    if (!REPORTING.has(w.word) && !(w.word === 'is' && words[i - 1]?.word === 'question')) continue;
    let from = i;
    while (from > tail && (words[from - 1] as SpokenWord).mark === '') from--;
    let to = i + 1;
    while (to < span.to && (words[to - 1] as SpokenWord).mark === '') to++;
    return { from, to };
  }
  return undefined;
}

/** Whether a turn announces a question: someone online asks, my question is, next question. */
function announcedIn(words: readonly SpokenWord[], span: AttributedSpan): boolean {
  for (let i = span.from; i < span.to; i++) if (askingAt(words, i) || chairingAt(words, i)) return true;
  return false;
}

function askerOf(words: readonly SpokenWord[], span: AttributedSpan, moderator: string | undefined): Asker {
  let asking = false;
  let online = false;
  for (let i = span.from; i < span.to; i++) {
    if (askingAt(words, i)) asking = true;
    if (ONLINE.some((p) => p.every((w, k) => words[i + k]?.word === w))) online = true;
  }
  const chair = span.chair === true || (moderator !== undefined && span.speaker === moderator);
  if (online && (chair || span.speaker === null)) return 'online';
  if (chair) return 'moderator';
  if (asking) return 'audience';
  return span.speaker === null ? 'unknown' : 'panelist';
}
