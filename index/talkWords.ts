import { isStopWord, stem, tokenize, type Glossary } from './analyze.js';
import type { Passage } from './types.js';

/**
 * A talk's words read once, as numbers: each word said (a token) by the id of its word, each
 * word by the id of its stem, with the second it was said and whether a phrase may run on to
 * it. Chapter titles count phrases in it, the index's shards take their terms from it and its
 * words are the list of spoken words: reading a talk costs a map lookup a word, so it is done
 * once for all three.
 */
export interface TalkWords {
  /** Per token: the id of its word. Passage p's tokens are `passageStarts[p]` to `passageStarts[p + 1]`. */
  tokens: Int32Array;
  passageStarts: Int32Array;
  /** Per token: the second it was said (its passage's anchor at or before it). */
  seconds: Float64Array;
  /**
   * Per token: 0 if no phrase runs on to it from the token before (the first of a passage, or
   * clause punctuation, a `>>` or a bracket between), 1 if one may, 2 if the two are hyphenated.
   */
  links: Uint8Array;
  /** Per word id: the word as `tokenize` gives it (lowercased, glossary applied), and its stem's id; and each word's id. */
  words: string[];
  ids: Map<string, number>;
  stemOf: Int32Array;
  /** Per word id: whether lunr leaves it out of the index (`the`, `and`). */
  stop: Uint8Array;
  /** Per stem id: the stem. */
  stems: string[];
  /** Per word id: how often it was said, and how it was written where not in lowercase (not counting a capital that starts a sentence). */
  said: Int32Array;
  writings: Map<number, Map<string, number>>;
}

/**
 * Reads the talk's passages into numbers (see TalkWords).
 *
 * @example readTalkWords([{ text: 'Posted interrupts, posted-interrupt', … }], glossary).links // [0, 1, 0, 2]
 */
export function readTalkWords(passages: readonly Passage[], glossary: Glossary): TalkWords {
  const tokens: number[] = [];
  const passageStarts: number[] = [];
  const stop: number[] = [];
  const seconds: number[] = [];
  const links: number[] = [];
  const words: string[] = [];
  const stemOf: number[] = [];
  const stems: string[] = [];
  const said: number[] = [];
  const writings = new Map<number, Map<string, number>>();
  const ids = new Map<string, number>();
  const stemIds = new Map<string, number>();
  for (const passage of passages) {
    passageStarts.push(tokens.length);
    const { text, anchors } = passage;
    // Auto-captions have no capitals at all: then no word has a writing of its own.
    const capitals = CAPITAL.test(text);
    let anchor = 0;
    let second = passage.start;
    let previousEnd = -1;
    for (const token of tokenize(text, glossary)) {
      while (anchor < anchors.length && (anchors[anchor] as number) <= token.start) {
        second = anchors[anchor + 1] as number;
        anchor += 2;
      }
      let id = ids.get(token.word);
      if (id === undefined) {
        ids.set(token.word, (id = words.length));
        const root = stem(token.word);
        let stemId = stemIds.get(root);
        if (stemId === undefined) {
          stemIds.set(root, (stemId = stems.length));
          stems.push(root);
        }
        words.push(token.word);
        stemOf.push(stemId);
        stop.push(isStopWord(token.word) ? 1 : 0);
        said.push(0);
      }
      tokens.push(id);
      seconds.push(second);
      links.push(previousEnd < 0 ? 0 : link(text, previousEnd, token.start));
      said[id] = (said[id] as number) + 1;
      if (capitals && hasCapital(text, token.start, token.end)) {
        const written = text.slice(token.start, token.end);
        // A glossary term replaced a mishearing (its writing is not the word's); a capital that starts a sentence says nothing of the word.
        if (written.toLowerCase() === token.word && !(sentenceStart(text, token.start) && written.slice(1) === token.word.slice(1)))
          vote(writings, id, written);
      }
      previousEnd = token.end;
    }
  }
  passageStarts.push(tokens.length);
  return {
    tokens: Int32Array.from(tokens),
    passageStarts: Int32Array.from(passageStarts),
    seconds: Float64Array.from(seconds),
    links: Uint8Array.from(links),
    words,
    ids,
    stemOf: Int32Array.from(stemOf),
    stop: Uint8Array.from(stop),
    stems,
    said: Int32Array.from(said),
    writings,
  };
}

const CAPITAL = /\p{Lu}/u;
const BREAKS = '.,;:!?…()[]{}"“”—–>';

/** What lies between two words: 0 across a clause's punctuation, a `>>` or a bracket, 2 for a hyphen, else 1. */
function link(text: string, from: number, to: number): number {
  // Most words are one space apart.
  if (to - from === 1) {
    const c = text.charCodeAt(from);
    return c === 32 ? 1 : c === 45 ? 2 : BREAKS.includes(text[from] as string) ? 0 : 1;
  }
  let hyphen = false;
  for (let i = from; i < to; i++) {
    const c = text[i] as string;
    if (BREAKS.includes(c)) return 0;
    if (c === '-') hyphen = true;
  }
  return hyphen && text.slice(from, to).trim() === '-' ? 2 : 1;
}

/** Whether the text from `start` to `end` has a capital letter. */
function hasCapital(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 65 && c <= 90) || (c > 127 && text[i] !== text[i]?.toLowerCase())) return true;
  }
  return false;
}

/** Whether a word starts a sentence, where a capital says nothing about the word itself. */
function sentenceStart(text: string, offset: number): boolean {
  const before = text.slice(Math.max(0, offset - 4), offset).trimEnd();
  return before === '' || /[.?!…>:]["')\]]*$/.test(before);
}

function vote(writings: Map<number, Map<string, number>>, id: number, written: string): void {
  let forms = writings.get(id);
  if (!forms) writings.set(id, (forms = new Map<string, number>()));
  forms.set(written, (forms.get(written) ?? 0) + 1);
}

/**
 * The talk's distinct words and their stems as `word stem` lines sorted by word (VideoIndexData.words).
 *
 * @example wordLines(readTalkWords([{ text: 'Live migration' }], glossary)) // 'live live\nmigration migrat'
 */
export function wordLines(talk: TalkWords): string {
  return [...talk.words]
    .sort()
    .map((word) => `${word} ${talk.stems[talk.stemOf[talk.ids.get(word) as number] as number] as string}`)
    .join('\n');
}

/**
 * Passage p's terms as the index takes them (build.ts's `indexTerms`: stop words out, stems),
 * from the words already read rather than the text read again.
 *
 * @example passageTerms(readTalkWords([{ text: 'The posted interrupts', … }], glossary), 0) // ['post', 'interrupt']
 */
export function passageTerms(talk: TalkWords, p: number): string[] {
  const terms: string[] = [];
  const end = talk.passageStarts[p + 1] as number;
  for (let i = talk.passageStarts[p] as number; i < end; i++) {
    const id = talk.tokens[i] as number;
    if (!talk.stop[id]) terms.push(talk.stems[talk.stemOf[id] as number] as string);
  }
  return terms;
}
