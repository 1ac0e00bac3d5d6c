import { nameAt, type NameMatch, type Roster } from './roster.js';
import type { SpokenWord } from './spokenWords.js';

/**
 * Speaker cues: what a transcript's own words say about who speaks. A person introducing
 * themselves ("hi, I'm Ana, I work on storage"), a moderator handing over ("Bo, what do you
 * think?", "over to Cy", "Dee, that's probably you"), a thank-you naming who just spoke
 * ("thanks, Ana"). Each reader looks at one word position and says what it found there, with
 * the words that say it; index/suggestSpeakers.ts decides what they mean for the turns.
 */

/** A name a cue gives, where its words start and end (word indices, the end not included). */
export interface NameCue {
  match: NameMatch;
  start: number;
  end: number;
}

/** Words that open what someone says without saying anything yet: an introduction may follow them. */
const LEAD_INS = new Set([
  'hi',
  'hello',
  'hey',
  'so',
  'okay',
  'ok',
  'yeah',
  'um',
  'uh',
  'and',
  'well',
  'yes',
  'sure',
  'good',
  'morning',
  'afternoon',
  'evening',
]);
const GREETINGS = new Set(['hi', 'hello', 'hey', 'morning', 'afternoon', 'evening']);
const GREETED = new Set(['everyone', 'everybody', 'all', 'folks', 'there', 'yall']);
const MAX_LEAD_INS = 4;

/** Introducing oneself: the words before the name. */
const INTRODUCTIONS = [['im'], ['i', 'am'], ['my', 'name', 'is'], ['my', 'names'], ['this', 'is']];

/**
 * An introduction starting at word `i` (lead-ins such as "hi everyone" allowed before it): "I'm
 * Ana", "my name is Ana Ruiz", "this is Bo" (only where a turn starts: `atTurnStart`), "Ana here".
 * The name must be on the roster.
 *
 * @example introductionAt(words('hi everyone I'm Ana Ruiz and I work on storage'), 0, roster, true, true)
 *   // { match: { entry: { name: 'Ana Ruiz' }, length: 2, whole: true }, start: 0, end: 5 }
 */
export function introductionAt(words: readonly SpokenWord[], i: number, roster: Roster, capitals: boolean, atTurnStart: boolean): NameCue | undefined {
  let j = i;
  while (j - i < MAX_LEAD_INS && (LEAD_INS.has(words[j]?.word ?? '') || GREETED.has(words[j]?.word ?? ''))) {
    if (words[j]?.mark === '.' || words[j]?.mark === '?') return undefined;
    j++;
  }
  const here = nameAt(roster, words, j, capitals);
  if (here && atTurnStart && j === i && words[j + here.length]?.word === 'here') return { match: here, start: i, end: j + here.length + 1 };
  // "Hi everyone, Ana Ruiz. I work on …": a greeting, then one's whole name and a pause.
  const named = words[j + (here?.length ?? 0) - 1];
  if (here?.whole && here.length > 1 && atTurnStart && j > i && GREETINGS.has(words[i]?.word ?? '') && (named?.mark || named?.comma || !capitals))
    return { match: here, start: i, end: j + here.length };
  for (const phrase of INTRODUCTIONS) {
    if (phrase[0] === 'this' && !atTurnStart) continue;
    if (!phrase.every((w, k) => words[j + k]?.word === w && (k === phrase.length - 1 || words[j + k]?.mark === ''))) continue;
    const match = nameAt(roster, words, j + phrase.length, capitals);
    if (match) return { match, start: i, end: j + phrase.length + match.length };
  }
  return undefined;
}

/** Words after a name that make it talked about, not talked to ("Ana said", "Ana and I"). */
const ABOUT_AFTER = new Set([
  'said', 'says', 'mentioned', 'mentions', 'was', 'is', 'has', 'had', 'and', 'or', 'did', 'does', 'just', 'already', 'talked', 'pointed', 'brought',
  'described', 'explained', 'showed', 'wrote', 'knows', 'thinks', 'thought', 'works', 'worked', 'will', 'would', 'can', 'could', 'might', 'also',
]); // prettier-ignore
/** Words before a name that make it talked about ("as Ana said", "with Ana"), unless a hand-over verb comes before them. */
const ABOUT_BEFORE = new Set(['as', 'like', 'with', 'and', 'or', 'to', 'about', 'from', 'of', 'by', 'for', 'than', 'thanks', 'thank', 'at', 'on', 'that']);
/** Words that address the person named: the question or the invitation that follows the name. */
const ADDRESS = new Set(['you', 'your', 'youre', 'youve', 'youd', 'youll', 'yours', 'yourself']);
/** Phrases that hand the floor to the name that follows them. */
const HAND_OVERS = [
  ['over', 'to'],
  ['back', 'to'],
  ['it', 'to'],
  ['this', 'to'],
  ['that', 'to'],
  ['go', 'to'],
  ['start', 'with'],
  ['begin', 'with'],
  ['hear', 'from'],
  ['what', 'about'],
  ['how', 'about'],
  ['ask'],
];
/** Words a hand-over looks through for its question: a sentence or so. */
const ADDRESS_WINDOW = 8;

/**
 * A hand-over naming the next speaker at word `i`: the name called ("Bo, what do you think?",
 * "Bo, that's probably you", "what do you think, Bo?") or handed to ("over to Bo", "let's start
 * with Bo", "what about Bo?"). A name talked about ("as Bo said", "Bo and I") is none; neither
 * is a group ("Ana and Bo, what do you think?": who answers is anyone's guess).
 *
 * @example handOffAt(words('Bo, what do you think?'), 0, roster, true) // { match: { entry: { name: 'Bo Lind' } }, start: 0, end: 5 }
 */
export function handOffAt(words: readonly SpokenWord[], i: number, roster: Roster, capitals: boolean): NameCue | undefined {
  const match = nameAt(roster, words, i, capitals);
  if (!match) return undefined;
  const after = i + match.length;
  const name = words[after - 1] as SpokenWord;
  const before = words[i - 1];
  // "Ana and Bo, …": a question to a group.
  if (before && (before.word === 'and' || before.word === 'or') && words[i - 2] && nameBefore(words, i - 1, roster, capitals)) return undefined;
  // "bo what is coming next …", "ilya does any of that change things": the name, then a question's opening words.
  if (!capitals && questionOpeningAt(words, after) && (!before || !ABOUT_BEFORE.has(before.word)))
    return { match, start: i, end: after + questionOpeningAt(words, after) };
  // "Ana said" is about Ana; "Ana, does that change anything?" is to her.
  if (!name.comma && ABOUT_AFTER.has(words[after]?.word ?? '') && (words[after]?.word !== 'and' || nameAt(roster, words, after + 1, capitals)))
    return undefined;

  const handedTo = HAND_OVERS.find((phrase) => phrase.every((w, k) => words[i - phrase.length + k]?.word === w));
  if (handedTo) return { match, start: i - handedTo.length, end: name.mark || name.comma ? after : questionEnd(words, after) };
  if (before && before.mark === '' && !before.comma && ABOUT_BEFORE.has(before.word)) return undefined;

  // "what do you think, Bo?": the question, then the name.
  if (name.mark === '?') {
    for (let k = i - 1; k >= Math.max(0, i - ADDRESS_WINDOW); k--) {
      const w = words[k] as SpokenWord;
      if (k < i - 1 && w.mark !== '') break;
      if (ADDRESS.has(w.word)) return { match, start: k, end: after };
    }
    return before?.mark === '' && before.comma ? undefined : { match, start: i, end: after };
  }
  // "Bo, what do you think?", "Bo that's probably you": the name, then the words to them.
  for (let k = after; k < Math.min(words.length, after + ADDRESS_WINDOW); k++) {
    const w = words[k] as SpokenWord;
    if (w.turn) break;
    if (ADDRESS.has(w.word)) return { match, start: i, end: questionEnd(words, k + 1) };
    if (w.mark === '.' || w.mark === '!') break;
    if (w.mark === '?') return name.comma || !capitals ? { match, start: i, end: k + 1 } : undefined;
  }
  // "Bo, what is coming next in hardware that people should care about?": a name called at the
  // start of a sentence, and the sentence is a question.
  if (name.comma && (!before || before.mark !== '' || words[i]?.turn)) {
    for (let k = after; k < Math.min(words.length, after + QUESTION_WORDS); k++) {
      const w = words[k] as SpokenWord;
      if (w.turn || w.mark === '.' || w.mark === '!') break;
      if (w.mark === '?') return { match, start: i, end: k + 1 };
    }
  }
  return undefined;
}

/** Words a question after a called name may run to. */
const QUESTION_WORDS = 30;

/** Whether a roster name ends just before word `end` (not included). */
function nameBefore(words: readonly SpokenWord[], end: number, roster: Roster, capitals: boolean): boolean {
  for (let start = end - 1; start >= Math.max(0, end - 3); start--) {
    const match = nameAt(roster, words, start, capitals);
    if (match && start + match.length === end) return true;
  }
  return false;
}

/** Where a question that runs on from `from` ends: after its `?`, else its sentence, else a few words on. */
function questionEnd(words: readonly SpokenWord[], from: number): number {
  if (words[from - 1]?.mark) return from;
  for (let k = from; k < Math.min(words.length, from + ADDRESS_WINDOW); k++) {
    const w = words[k] as SpokenWord;
    if (w.turn) return k;
    if (w.mark !== '') return k + 1;
  }
  return from;
}

/**
 * A thank-you naming who just spoke, at word `i`: "thanks, Ana", "thank you very much Bo".
 *
 * @example thanksAt(words('thanks Ana so next question'), 0, roster, false) // { match: { entry: { name: 'Ana Ruiz' } }, start: 0, end: 2 }
 */
export function thanksAt(words: readonly SpokenWord[], i: number, roster: Roster, capitals: boolean): NameCue | undefined {
  const first = words[i]?.word;
  let j: number;
  if (first === 'thanks' || first === 'cheers') j = i + 1;
  else if (first === 'thank' && words[i + 1]?.word === 'you') j = i + 2;
  else return undefined;
  if (words[j]?.word === 'so' && words[j + 1]?.word === 'much') j += 2;
  else if (words[j]?.word === 'very' && words[j + 1]?.word === 'much') j += 2;
  else if (words[j]?.word === 'a' && words[j + 1]?.word === 'lot') j += 2;
  const match = nameAt(roster, words, j, capitals);
  return match ? { match, start: i, end: j + match.length } : undefined;
}

/** Phrases only someone chairing says: welcomes, housekeeping, taking questions. */
const CHAIRING = [
  'welcome',
  'our panel',
  'our panelists',
  'introduce yourselves',
  'down the line',
  'next question',
  'another question',
  'next topic',
  'lets move on',
  'move on to',
  'someone online',
  'online asks',
  'from the chat',
  'question from',
  'out of time',
  'thank you all',
  'thanks everyone',
  'round of applause',
  'any questions',
  'microphone',
].map((p) => p.split(' '));

/**
 * A phrase of the chair's at word `i` (see CHAIRING), with its length; 0 when none.
 *
 * @example chairingAt(words('okay next question'), 1) // 2
 */
export function chairingAt(words: readonly SpokenWord[], i: number): number {
  const phrase = CHAIRING.find((p) => p.every((w, k) => words[i + k]?.word === w));
  return phrase ? phrase.length : 0;
}

/** Phrases with which someone from the audience starts their question. */
const ASKING = ['my question is', 'i have a question', 'quick question', 'i was wondering', 'i wanted to ask', 'question for'].map((p) => p.split(' '));

/** Whether an audience member's question starts at word `i` ("my question is", "I have a question"). */
export function askingAt(words: readonly SpokenWord[], i: number): boolean {
  return ASKING.some((p) => p.every((w, k) => words[i + k]?.word === w));
}

/** Opening words of a question: where the captions have no question marks, what says one is asked. */
const OPENINGS = [
  'what do', 'what does', 'what is', 'whats', 'what are', 'what about', 'what happens', 'what would', 'what should', 'what did', 'how do', 'how does',
  'how is', 'how long', 'how many', 'how much', 'how would', 'how should', 'how about', 'why do', 'why does', 'why is', 'why are', 'is there',
  'are there', 'is it', 'do you', 'does anyone', 'does that', 'does any', 'did you', 'can you', 'could you', 'would you', 'should we',
  'should people', 'have you', 'has anyone', 'any thoughts', 'anyone', 'anything to', 'anything else', 'when will', 'when do', 'where do', 'who is', 'which',
].map((p) => p.split(' ')); // prettier-ignore

/**
 * How many words a question's opening takes at word `i` ("what do", "is there", "any thoughts"), 0 when none.
 *
 * @example questionOpeningAt(words('so is there a plan'), 1) // 2
 */
export function questionOpeningAt(words: readonly SpokenWord[], i: number): number {
  return OPENINGS.find((p) => p.every((w, k) => words[i + k]?.word === w))?.length ?? 0;
}

/**
 * Someone introducing themselves at word `i` who is not on the roster ("hi, I'm Dana from a
 * hosting company"): a greeting, then "I'm" or "my name is", then a word that names nobody
 * known. Where the captions mark no turns, a new speaker starts there. Returns where the words
 * end, 0 when there is none.
 */
export function strangerAt(words: readonly SpokenWord[], i: number, roster: Roster, capitals: boolean): number {
  if (!GREETINGS.has(words[i]?.word ?? '')) return 0;
  let j = i + 1;
  if (GREETED.has(words[j]?.word ?? '') || words[j]?.word === 'thanks') j++;
  const phrase = INTRODUCTIONS.slice(0, 4).find((p) => p.every((w, k) => words[j + k]?.word === w));
  if (!phrase || nameAt(roster, words, j + phrase.length, capitals)) return 0;
  return words[j + phrase.length] ? j + phrase.length + 1 : 0;
}

/** Words that open an answer: where the next speaker starts, in captions that do not mark it. */
export const ANSWER_OPENERS = new Set(['yeah', 'yes', 'so', 'well', 'sure', 'um', 'uh', 'okay', 'right', 'great', 'good', 'absolutely', 'i', 'thats', 'no']);
