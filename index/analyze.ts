import lunr from 'lunr';

/**
 * Analysis: how text becomes words and words become terms, the same for what is indexed and
 * what is searched. Our tokenizer (lunr's rules, plus positions and the glossary of
 * mishearings), then lunr's own stop word filter and English stemmer.
 */

/** A word of a passage as search sees it, with where it sits in the original text. */
export interface WordToken {
  /** Lowercased, punctuation trimmed, glossary applied (`lib vert` becomes `libvirt`), at most MAX_WORD_LENGTH characters. */
  word: string;
  /** Character range in the original text (a glossary phrase spans all its words; a long word all of itself). */
  start: number;
  end: number;
}

// Like lunr's own tokenizer: whitespace and hyphens separate words, so `virtio-blk` is the two
// words auto-captions write as `virtio blk`; dots stay inside, so `2.7` and `x86` survive.
const WORD = /[^\s\-–—]+/g;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * Splits text into normalised words with their positions, and replaces known mishearings
 * by the term people search for (index/glossary.json).
 *
 * @example tokenize('Lib vert and QEMU 2.7.', glossary) // words: ['libvirt', 'and', 'qemu', '2.7']
 */
export function tokenize(text: string, glossary: Glossary): WordToken[] {
  const raw: WordToken[] = [];
  for (const match of text.matchAll(WORD)) {
    const chunk = match[0];
    const [lead, end] = wordBounds(chunk);
    if (lead === end) continue;
    raw.push({ word: cut(chunk.slice(lead, Math.min(end, lead + 2 * MAX_WORD_LENGTH)).toLowerCase()), start: match.index + lead, end: match.index + end });
  }
  return glossary.apply(raw);
}

/**
 * Words longer than this keep only their beginning, in the index and in queries alike. No
 * spoken word comes near (a SHA-256 in hex is 64 characters); what does is a run of text
 * without spaces, and lunr stores a word a node per character: one "word" of 20 MB ran the
 * index out of memory.
 */
export const MAX_WORD_LENGTH = 64;

function cut(word: string): string {
  if (word.length <= MAX_WORD_LENGTH) return word;
  // Not between the two halves of a surrogate pair.
  return word.slice(0, isHighSurrogate(word.charCodeAt(MAX_WORD_LENGTH - 1)) ? MAX_WORD_LENGTH - 1 : MAX_WORD_LENGTH);
}

/**
 * Where a chunk's word starts and ends once punctuation is trimmed from both sides (`"kvm!"`:
 * 1 and 4); equal when the chunk has no letter or digit. Two scans, one from each end: the
 * regular expression `/[^\p{L}\p{N}]+$/u` this replaces retried from every character of a run
 * of punctuation, and `a!!!…!a` with 80,000 `!` took ten seconds.
 */
function wordBounds(chunk: string): [number, number] {
  let start = 0;
  while (start < chunk.length) {
    const code = chunk.codePointAt(start) as number;
    if (isLetterOrDigit(code)) break;
    start += code > 0xffff ? 2 : 1;
  }
  let end = chunk.length;
  while (end > start) {
    const low = chunk.charCodeAt(end - 1);
    const pair = low >= 0xdc00 && low <= 0xdfff && end - 2 >= start && isHighSurrogate(chunk.charCodeAt(end - 2));
    if (isLetterOrDigit(pair ? (chunk.codePointAt(end - 2) as number) : low)) break;
    end -= pair ? 2 : 1;
  }
  return [start, end];
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLetterOrDigit(code: number): boolean {
  if (code < 128) return (code >= 48 && code <= 57) || ((code | 32) >= 97 && (code | 32) <= 122);
  return LETTER_OR_DIGIT.test(String.fromCodePoint(code));
}

const MAX_REMEMBERED_WORDS = 500_000;

/**
 * `compute`, remembered word by word: what is asked of every word of every passage (a stem, is
 * it a stop word) is worked out once per distinct word. At most MAX_REMEMBERED_WORDS are kept;
 * past that the memory starts again, so a flood of distinct "words" cannot grow it for ever.
 *
 * @example const stemOf = rememberedPerWord((w) => lunr.stemmer(new lunr.Token(w, {})).toString())
 */
export function rememberedPerWord<T>(compute: (word: string) => T): (word: string) => T {
  const known = new Map<string, T>();
  return (word) => {
    let result = known.get(word);
    if (result === undefined) {
      if (known.size >= MAX_REMEMBERED_WORDS) known.clear();
      result = compute(word);
      known.set(word, result);
    }
    return result;
  };
}

/**
 * English stem of a normalised word, exactly as the lunr index stores it. Remembered: the
 * stemmer's regular expressions cost microseconds a word, and highlighting and phrase checks
 * stem the same few thousand words over and over.
 */
export const stem: (word: string) => string = rememberedPerWord((word) => lunr.stemmer(new lunr.Token(word, {})).toString());

/** Words lunr leaves out of the index (`the`, `and`, …). Remembered, as stems are: every word of every passage is asked. */
export const isStopWord: (word: string) => boolean = rememberedPerWord((word) => lunr.stopWordFilter(new lunr.Token(word, {})) === undefined);

export interface Glossary {
  apply(tokens: WordToken[]): WordToken[];
  /** Every spelling that stands for `term`, itself included. */
  variants(term: string): string[][];
  /** How a term is written where it is shown (`APICv` for `apicv`), when the glossary says. */
  written?(term: string): string | undefined;
  /**
   * The other ways of writing `words` (a word, or words separated by single spaces) that mean
   * the same, both ways: `blk` gives `block`, `virtual machine` gives `vm`. Unlike mishearings
   * they leave the index as it is (`block` is a word of its own); search tries them as
   * alternatives of what was typed (compile.ts).
   */
  abbreviations(words: string): string[];
}

/** What glossary.json holds besides its mishearings. */
export interface GlossaryExtras {
  /** `{ long form: ['abbreviation', ...] }`: alternatives both ways at search time. */
  abbreviations?: Record<string, string[]>;
  /** `{ apicv: 'APICv' }`: terms' casing for display (auto-captions write everything lowercase). */
  written?: Record<string, string>;
}

/**
 * Compiles `{ term: ['mis heard', ...] }` into a longest-match-first rewriter,
 * `{ long form: ['abbreviation', ...] }` into alternatives both ways, and `written` into terms'
 * casing for display.
 *
 * @example compileGlossary({ libvirt: ['lib vert'] }, { abbreviations: { block: ['blk'] } }).abbreviations('blk') // ['block']
 */
export function compileGlossary(terms: Record<string, string[]>, { abbreviations = {}, written = {} }: GlossaryExtras = {}): Glossary {
  const writtenForms = new Map(Object.entries(written));
  // Each way of writing it, mapped to all the others: a long form and its abbreviations are one family.
  const families = new Map<string, Set<string>>();
  for (const [long, shorts] of Object.entries(abbreviations)) {
    const family = [long, ...shorts].map((w) => w.toLowerCase());
    for (const member of family) {
      const others = families.get(member) ?? new Set<string>();
      for (const other of family) if (other !== member) others.add(other);
      families.set(member, others);
    }
  }
  const byFirstWord = new Map<string, { words: string[]; term: string }[]>();
  const variants = new Map<string, string[][]>();
  for (const [term, spellings] of Object.entries(terms)) {
    variants.set(term, [[term], ...spellings.map((s) => s.split(' '))]);
    for (const spelling of spellings) {
      const words = spelling.split(' ');
      const list = byFirstWord.get(words[0] as string) ?? [];
      list.push({ words, term });
      list.sort((a, b) => b.words.length - a.words.length);
      byFirstWord.set(words[0] as string, list);
    }
  }
  return {
    apply(tokens) {
      const out: WordToken[] = [];
      for (let i = 0; i < tokens.length; i++) {
        const token = tokens[i] as WordToken;
        const match = byFirstWord.get(token.word)?.find(({ words }) => words.every((w, k) => tokens[i + k]?.word === w));
        if (!match) {
          out.push(token);
          continue;
        }
        const last = tokens[i + match.words.length - 1] as WordToken;
        out.push({ word: match.term, start: token.start, end: last.end });
        i += match.words.length - 1;
      }
      return out;
    },
    variants: (term) => variants.get(term) ?? [[term]],
    written: (term) => writtenForms.get(term),
    abbreviations: (words) => [...(families.get(words) ?? [])],
  };
}

/** A document's words, and their stems, as `tokenize` and `stem` give them. */
export interface Reading {
  tokens: WordToken[];
  stems: string[];
}

/**
 * Documents' readings, made once and kept while the document lives: the index stores no word
 * positions, so phrase checks and highlighting re-read the few documents they need, and people
 * page through the same results.
 */
export class Readings {
  private readonly read = new WeakMap<object, Reading>();

  constructor(private readonly glossary: Glossary) {}

  of(doc: { readonly text: string }): Reading {
    let reading = this.read.get(doc);
    if (!reading) {
      const tokens = tokenize(doc.text, this.glossary);
      this.read.set(doc, (reading = { tokens, stems: tokens.map((t) => stem(t.word)) }));
    }
    return reading;
  }
}
