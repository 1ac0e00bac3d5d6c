import { isStopWord, stem, tokenize, type Glossary } from './analyze.js';
import type { Clause, PhraseClause, Presence, TermClause } from './query.js';
import { closeWords, exactWord, prefixWords, wordsWithStem, type WordList } from './words.js';

/**
 * The query compiler: the clauses a user typed (query.ts) turned into the stems the shards
 * hold, through the same steps as the index's words (glossary, stop words, stemmer: see
 * indexTerms in build.ts). `prefix*` and `typo~1` become groups of alternative stems, found
 * in the library's word lists; `a OR b` and the other ways of writing a word (see jargonForms)
 * become alternative forms of one clause. Pure: the word lists are handed in (a WordSource).
 */

/** One way of saying a clause: groups of alternative stems, all needed. */
export interface ClauseForm {
  groups: string[][];
  /** For phrases: the stems in order (stop words included), checked for adjacency on the documents found. */
  phrase?: string[];
}

/** Where and how a wanted clause was typed: what ranking by closeness compares passages with (closeness.ts). */
export interface TypedPlace {
  /** Its place among the query's wanted clauses, in the order typed (0, 1, …). */
  order: number;
  /**
   * The words as typed (lowercase, glossary applied), where the library says them in other
   * forms too; absent where there is no form to prefer (`virt*`, `typo~1`, `a OR b`, a word
   * the library says one way only).
   */
  said?: string[];
  /** Stop words typed between the wanted clause before it and this one (`of the` in `state of the art`). */
  before: string[];
}

/** A clause ready to score: it matches a document where any of its forms does, and scores as the best of those. */
export interface CompiledClause {
  presence: Presence;
  forms: ClauseForm[];
  /** For a clause that is wanted (not `-excluded`). */
  typed?: TypedPlace;
}

export interface CompiledQuery {
  clauses: CompiledClause[];
  /** Set when clauses were left out (more than MAX_CLAUSES). */
  notice?: string;
}

/**
 * Where `*` and `~` find their words: `expansion` run over the library's word lists, its
 * answer remembered under `key` as long as the lists stay the same (IndexRegistry is one).
 */
export interface WordSource {
  expand(key: string, expansion: (list: WordList) => string[]): string[];
}

/** A prefix or a typo expands to at most this many stems. */
export const MAX_EXPANSIONS = 64;
/** Clauses are tracked as bits of a 32-bit mask (scorer.ts); a longer query keeps its first words. */
export const MAX_CLAUSES = 30;
/** Ways of saying one clause, at most (each costs a look-up per shard); also the most words one OR joins. */
export const MAX_FORMS = 16;
/** A word of letters only is tried as two words said apart when it is at least this long, each part at least SPLIT_PART. */
const SPLIT_WORD = 6;
const SPLIT_PART = 3;
/** Abbreviations span at most this many typed words (`memory management unit`). */
const LONGEST_ABBREVIATION = 4;

/**
 * Compiles a query's clauses. Clauses left with nothing to look for (only stop words) are
 * dropped; over MAX_CLAUSES, plain words give way first: a +must or -exclude is never dropped.
 *
 * @example compileQuery(parseQuery('posted interrupt*').clauses, glossary, registry).clauses
 *   // [{ presence: 'optional', forms: [{ groups: [['post']] }], typed: { order: 0, said: ['posted'], before: [] } },
 *   //  { presence: 'optional', forms: [{ groups: [[…the stems of spoken words starting "interrupt"]] }], typed: { order: 1, before: [] } }]
 */
export function compileQuery(clauses: readonly Clause[], glossary: Glossary, words: WordSource): CompiledQuery {
  const joined = joinMishearings(clauses, glossary);
  const compiled = joined.map((c) => compileClause(c, glossary, words));
  addSpanningForms(joined, compiled, glossary, words);
  const all: CompiledClause[] = [];
  let order = 0;
  let before: string[] = [];
  joined.forEach((clause, k) => {
    const c = compiled[k];
    if (!c) {
      // A stop word typed between two wanted words: `state of the art` said so is closer than `state … art`.
      if (clause.type === 'term' && clause.presence !== 'prohibited') before.push(...tokenize(clause.text, glossary).map((t) => t.word));
      return;
    }
    const forms = dedupe(c.forms).slice(0, MAX_FORMS);
    if (c.presence === 'prohibited') all.push({ presence: c.presence, forms });
    else {
      all.push({ presence: c.presence, forms, typed: { order: order++, ...(c.said ? { said: c.said } : {}), before } });
      before = [];
    }
  });
  const strong = all.filter((c) => c.presence !== 'optional');
  const kept = [...strong, ...all.filter((c) => c.presence === 'optional')].slice(0, MAX_CLAUSES);
  // A form to prefer only where there is a choice: other forms of the clause, or the library saying its words otherwise.
  for (const { forms, typed } of kept) if (typed?.said && forms.length === 1 && !typed.said.some((w) => saidOtherwise(w, words))) delete typed.said;
  const notices = [
    ...(all.length > MAX_CLAUSES ? [`a query holds at most ${MAX_CLAUSES} words; the last plain words were left out`] : []),
    ...(clauses.some((c) => c.type === 'any' && c.options.length > MAX_FORMS) ? [`an OR joins at most ${MAX_FORMS} words; the last were left out`] : []),
  ];
  return { clauses: kept, ...(notices.length ? { notice: notices.join('; ') } : {}) };
}

/**
 * The glossary spans words (`lib vert`), which the parser read as separate plain words: runs
 * of plain words are re-read together, so a mishearing typed as such finds the term.
 */
function joinMishearings(clauses: readonly Clause[], glossary: Glossary): Clause[] {
  const out: Clause[] = [];
  let run: TermClause[] = [];
  const flush = (): void => {
    if (run.length > 1) {
      const presence = run[0]?.presence ?? 'optional';
      for (const token of tokenize(run.map((c) => c.text).join(' '), glossary)) out.push({ type: 'term', text: token.word, presence, prefix: false, fuzzy: 0 });
    } else out.push(...run);
    run = [];
  };
  for (const clause of clauses) {
    const plain = isPlain(clause);
    if (plain && (!run.length || run[0]?.presence === clause.presence)) run.push(clause);
    else {
      flush();
      if (plain) run.push(clause);
      else out.push(clause);
    }
  }
  flush();
  return out;
}

function isPlain(clause: Clause): clause is TermClause {
  return clause.type === 'term' && !clause.prefix && !clause.fuzzy;
}

/** A clause compiled, before its place is known. */
interface Draft {
  presence: Presence;
  forms: ClauseForm[];
  said?: string[];
}

/** Turns a clause into forms of stems: the glossary applied, stop words dropped, `*` and `~` expanded. */
function compileClause(clause: Clause, glossary: Glossary, words: WordSource): Draft | undefined {
  const { presence } = clause;
  if (clause.type === 'any') {
    // Each word's own form first, then their other forms, as many as MAX_FORMS allows.
    const options = clause.options.slice(0, MAX_FORMS).map((option) => compileClause(option, glossary, words)?.forms ?? []);
    const forms = [...options.flatMap((f) => f.slice(0, 1)), ...options.flatMap((f) => f.slice(1))];
    return forms.length ? { presence, forms } : undefined;
  }
  const tokens = tokenize(clause.text, glossary).map((t) => t.word);
  if (clause.type === 'phrase') {
    const form = formOf(tokens);
    if (!form) return undefined;
    // `virtio-blk` typed as one word (the parser made it a phrase of its parts) is jargon, and
    // found however it is written; a quoted phrase keeps to its words.
    const compound = !/\s/.test(clause.text) ? compoundForms(tokens, glossary) : [];
    return { presence, forms: [form, ...compound], said: tokens };
  }
  const word = tokens.join(' ');
  if (!word) return undefined;
  if (clause.prefix) return { presence, forms: [{ groups: [expand(words, `${word}*`, (list) => prefixWords(list, word, MAX_EXPANSIONS))] }] };
  if (clause.fuzzy) {
    const close = expand(words, `${word}~${clause.fuzzy}`, (list) => closeWords(list, word, clause.fuzzy, MAX_EXPANSIONS));
    return { presence, forms: [{ groups: [[...new Set([stem(word), ...close])]] }] };
  }
  // One word the tokenizer reads as several (`x—y`): the words as a phrase.
  if (tokens.length > 1) return compileClause({ type: 'phrase', text: clause.text, presence } satisfies PhraseClause, glossary, words);
  // `virtio_blk`: the word as written, and its parts however they are written.
  const parts = word.split('_').filter(Boolean);
  if (parts.length > 1) return { presence, forms: [{ groups: [[stem(word)]] }, ...compoundForms(parts, glossary)], said: [word] };
  if (isStopWord(word)) return undefined;
  return { presence, forms: [{ groups: [[stem(word)]] }, ...jargonForms(word, glossary, words)], said: [word] };
}

/**
 * The other ways captions and speakers write one word, as alternative forms:
 * - letters and digits apart: `avx512` is also `avx 512` and `avx-512` (which the index reads
 *   as two words), `x86` also `x 86`;
 * - a word of letters said as two words the library holds: `multiqueue` is also `multi queue`
 *   and `multi-queue`, `passthrough` also `pass through` (neither part a stop word, each of
 *   SPLIT_PART letters or more, so `another` stays whole);
 * - its abbreviations and long forms from the glossary, both ways (`blk`, `block`).
 * A form of several words counts only where they stand together, so `avx … 512` is not `avx512`.
 */
function jargonForms(word: string, glossary: Glossary, words: WordSource): ClauseForm[] {
  const forms: ClauseForm[] = [];
  const runs = word.match(/\p{L}+|\p{N}+/gu) ?? [];
  if (runs.length > 1 && runs.join('') === word) pushForm(forms, runs);
  else if (/^\p{L}+$/u.test(word) && word.length >= SPLIT_WORD) {
    for (const split of expand(words, `split:${word}`, (list) => splitsOf(list, word)).slice(0, 2)) pushForm(forms, split.split(' '));
  }
  for (const other of glossary.abbreviations(word)) pushForm(forms, other.split(' '));
  return forms;
}

/** The two-word splits of `word` whose parts are both spoken words of the list, as `left right`. */
function splitsOf(list: WordList, word: string): string[] {
  const splits: string[] = [];
  for (let k = SPLIT_PART; k <= word.length - SPLIT_PART; k++) {
    const [left, right] = [word.slice(0, k), word.slice(k)];
    if (isStopWord(left) || isStopWord(right)) continue;
    if (exactWord(list, left).length && exactWord(list, right).length) splits.push(`${left} ${right}`);
  }
  return splits;
}

/**
 * A word typed with hyphens or underscores (`virtio-blk`, `avx-512`, `virtio_blk`), given as its
 * parts: also written together (`virtioblk`, `avx512`), and with a part or the whole in its
 * other form from the glossary's abbreviations (`virtio block`, `sriov`).
 */
function compoundForms(parts: string[], glossary: Glossary): ClauseForm[] {
  const forms: ClauseForm[] = [];
  pushForm(forms, parts);
  pushForm(forms, [parts.join('')]);
  for (const other of glossary.abbreviations(parts.join(' '))) pushForm(forms, other.split(' '));
  parts.forEach((part, i) => {
    for (const other of glossary.abbreviations(part)) pushForm(forms, [...parts.slice(0, i), ...other.split(' '), ...parts.slice(i + 1)]);
  });
  return forms;
}

/**
 * Forms that span typed words: plain words typed apart that are one word said together
 * (`avx 512` is `avx512`; `multi queue` is `multiqueue` where the library says so), and runs of
 * words that are the long form of an abbreviation (`virtual machine` is `vm`). The form is
 * added to each of the words, so a passage saying `avx512` holds both `avx` and `512`.
 */
function addSpanningForms(joined: readonly Clause[], compiled: (Draft | undefined)[], glossary: Glossary, words: WordSource): void {
  for (let k = 0; k < joined.length; k++) {
    const first = joined[k] as Clause;
    if (!isPlain(first)) continue;
    const typed: string[] = [];
    for (let n = 1; n <= LONGEST_ABBREVIATION && k + n <= joined.length; n++) {
      const clause = joined[k + n - 1] as Clause;
      if (!isPlain(clause) || clause.presence !== first.presence) break;
      typed.push(clause.text);
      if (n === 1) continue;
      const members = compiled.slice(k, k + n).filter((c): c is Draft => c !== undefined);
      const spanning: string[][] = glossary.abbreviations(typed.join(' ')).map((other) => other.split(' '));
      if (n === 2) spanning.push(...joinedWords(typed[0] as string, typed[1] as string, words));
      for (const member of members) for (const other of spanning) pushForm(member.forms, other);
    }
  }
}

/** Whether the library says `word` in another form too (`migrate` beside `migration`). */
function saidOtherwise(word: string, words: WordSource): boolean {
  const s = stem(word);
  return expand(words, `forms:${s}`, (list) => wordsWithStem(list, s, 2)).some((w) => w !== word);
}

/** `a` and `b` written as one word: letters and digits always (`avx` `512`), other words where the library says it so. */
function joinedWords(a: string, b: string, words: WordSource): string[][] {
  if (isStopWord(a) || isStopWord(b)) return [];
  const letters = /^\p{L}+$/u;
  const digits = /^\p{N}+$/u;
  if ((letters.test(a) && digits.test(b)) || (digits.test(a) && letters.test(b))) return [[`${a}${b}`]];
  return [`${a}${b}`, `${a}_${b}`].filter((w) => expand(words, `=${w}`, (list) => exactWord(list, w)).length > 0).map((w) => [w]);
}

/** Adds the form of some words (lowercase, as the index's words are), if it has a word to look for. */
function pushForm(forms: ClauseForm[], said: string[]): void {
  const form = formOf(said.filter(Boolean));
  if (form) forms.push(form);
}

/** The form of some words: each word not a stop word is a group; several words are a phrase. */
function formOf(tokens: string[]): ClauseForm | undefined {
  const groups = tokens.filter((w) => !isStopWord(w)).map((w) => [stem(w)]);
  if (!groups.length) return undefined;
  // The phrase keeps its stop words: `"state of the art"` needs them in their places.
  return { groups, ...(tokens.length > 1 ? { phrase: tokens.map(stem) } : {}) };
}

function dedupe(forms: ClauseForm[]): ClauseForm[] {
  if (forms.length < 2) return forms;
  const seen = new Set<string>();
  return forms.filter((f) => {
    const key = JSON.stringify(f);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function expand(words: WordSource, key: string, expansion: (list: WordList) => string[]): string[] {
  return words.expand(key, expansion).slice(0, MAX_EXPANSIONS);
}
