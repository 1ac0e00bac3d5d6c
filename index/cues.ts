import type { TopicVocabulary } from './types.js';

/**
 * Transition cues: the phrases with which a moderator or a questioner changes the subject
 * ("okay, next topic", "someone online asks", "let's move on to"), from topics.json's
 * `transitions`. Where one is said, a chapter may start, at the beginning of the sentence that
 * says it.
 */

/** A word as cues compare it: lowercase, apostrophes dropped, so "Let's" and "lets" agree. */
export function cueWord(word: string): string {
  const lower = word.toLowerCase();
  return lower.includes("'") || lower.includes('’') ? lower.replace(/['’]/g, '') : lower;
}

/**
 * Words that open a sentence without changing its subject ("okay so, next topic"): a cue's
 * sentence starts before them. Only these, and only a few: the start never runs back into what
 * the last speaker said.
 */
const LEAD_INS = new Set(['okay', 'ok', 'so', 'all', 'right', 'alright', 'and', 'now', 'well', 'um', 'uh', 'then', 'great', 'good', 'yeah', 'yes', 'cool']);
const MAX_LEAD_INS = 3;
/** Words a punctuated sentence may hold before its cue. */
const MAX_SENTENCE_LEAD = 12;
/** Cues this few words apart are one announcement. */
const JOIN_WORDS = 3;

export interface CompiledCues {
  /** Phrases by their first word, longest first. */
  byFirst: Map<string, { words: string[]; strength: number }[]>;
}

const compiled = new WeakMap<TopicVocabulary, CompiledCues>();

/** The vocabulary's transitions, ready to match; "let's x" also matches "let us x". */
export function compileCues(vocabulary: TopicVocabulary): CompiledCues {
  const cached = compiled.get(vocabulary);
  if (cached) return cached;
  const byFirst = new Map<string, { words: string[]; strength: number }[]>();
  for (const [phrase, strength] of Object.entries(vocabulary.transitions ?? {})) {
    const words = phrase.split(' ').map(cueWord);
    const forms = words[0] === 'lets' ? [words, ['let', 'us', ...words.slice(1)]] : [words];
    for (const form of forms) {
      const list = byFirst.get(form[0] as string) ?? [];
      list.push({ words: form, strength });
      list.sort((a, b) => b.words.length - a.words.length);
      byFirst.set(form[0] as string, list);
    }
  }
  const result = { byFirst };
  compiled.set(vocabulary, result);
  return result;
}

/**
 * Where the subject is announced to change: for each word of `words` (cueWord'd, in talk
 * order), how surely a new subject starts at it, 0 when it does not. A cue counts at the start
 * of its sentence: where the captions are punctuated, just after the last sentence end before
 * it ("All right, I think that is all we have time for" starts at "All"); where they are not,
 * back over a few lead-in words only ("okay so next question" starts at "okay"), never into
 * what the last speaker said.
 *
 * @example transitionStarts(['thanks', 'okay', 'next', 'topic', 'memory'], cues, () => false, false) // [0, 1, 0, 0, 0]
 */
export function transitionStarts(words: readonly string[], cues: CompiledCues, endsSentence: (i: number) => boolean, punctuated: boolean): number[] {
  const starts = words.map(() => 0);
  let previous: { start: number; end: number } | undefined;
  words.forEach((word, i) => {
    const match = cues.byFirst.get(word)?.find((cue) => cue.words.every((w, k) => words[i + k] === w));
    if (!match) return;
    let start = i;
    const mayGoBack = (j: number): boolean =>
      !endsSentence(j) && (punctuated ? i - j <= MAX_SENTENCE_LEAD : i - j <= MAX_LEAD_INS && LEAD_INS.has(words[j] as string));
    while (start > 0 && mayGoBack(start - 1)) start--;
    // A punctuated sentence that began too long ago to find: the cue's own words start it.
    if (punctuated && start > 0 && !endsSentence(start - 1)) start = i;
    // "Let us start with the first topic": one announcement, said with two cues.
    if (previous && start - previous.end <= JOIN_WORDS) start = previous.start;
    starts[start] = Math.max(starts[start] as number, match.strength);
    previous = { start, end: i + match.words.length };
  });
  return starts;
}
