import { isStopWord, stem, tokenize, type Glossary } from './analyze.js';
import type { Clause, Presence, TermClause } from './query.js';
import { closeWords, prefixWords, type WordList } from './words.js';

/**
 * The query compiler: the clauses a user typed (query.ts) turned into the stems the shards
 * hold, through the same steps as the index's words (glossary, stop words, stemmer: see
 * indexTerms in build.ts). `prefix*` and `typo~1` become groups of alternative stems, found
 * in the library's word lists. Pure: the word lists are handed in (a WordSource).
 */

/** A clause ready to score: groups of alternative stems, all groups needed for the clause. */
export interface CompiledClause {
  presence: Presence;
  groups: string[][];
  /** For phrases: the stems in order, checked for adjacency on the passages found. */
  phrase?: string[];
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

/**
 * Compiles a query's clauses. Clauses left with nothing to look for (only stop words) are
 * dropped; over MAX_CLAUSES, plain words give way first: a +must or -exclude is never dropped.
 *
 * @example compileQuery(parseQuery('posted interrupt*').clauses, glossary, registry).clauses
 *   // [{ presence: 'optional', groups: [['post']] }, { presence: 'optional', groups: [[…the stems of spoken words starting "interrupt"]] }]
 */
export function compileQuery(clauses: readonly Clause[], glossary: Glossary, words: WordSource): CompiledQuery {
  const all = joinMishearings(clauses, glossary)
    .map((c) => compileClause(c, glossary, words))
    .filter((c): c is CompiledClause => c !== undefined);
  const strong = all.filter((c) => c.presence !== 'optional');
  const compiled = [...strong, ...all.filter((c) => c.presence === 'optional')].slice(0, MAX_CLAUSES);
  const notice = all.length > MAX_CLAUSES ? `a query holds at most ${MAX_CLAUSES} words; the last plain words were left out` : undefined;
  return { clauses: compiled, ...(notice ? { notice } : {}) };
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
    const plain = clause.type === 'term' && !clause.prefix && !clause.fuzzy;
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

/** Turns a clause into stems: the glossary applied, stop words dropped, `*` and `~` expanded. */
function compileClause(clause: Clause, glossary: Glossary, words: WordSource): CompiledClause | undefined {
  const tokens = tokenize(clause.text, glossary).map((t) => t.word);
  const { presence } = clause;
  if (clause.type === 'phrase') {
    const groups = tokens.filter((w) => !isStopWord(w)).map((w) => [stem(w)]);
    if (!groups.length) return undefined;
    // The phrase keeps its stop words: `"state of the art"` needs them in their places.
    return { presence, groups, ...(tokens.length > 1 ? { phrase: tokens.map(stem) } : {}) };
  }
  const word = tokens.join(' ');
  if (!word) return undefined;
  if (clause.prefix) return { presence, groups: [expand(words, `${word}*`, (list) => prefixWords(list, word, MAX_EXPANSIONS))] };
  if (clause.fuzzy) {
    const close = expand(words, `${word}~${clause.fuzzy}`, (list) => closeWords(list, word, clause.fuzzy, MAX_EXPANSIONS));
    return { presence, groups: [[...new Set([stem(word), ...close])]] };
  }
  // One word the tokenizer reads as several (`x—y`): the words as a phrase.
  if (tokens.length > 1) return compileClause({ type: 'phrase', text: clause.text, presence }, glossary, words);
  if (isStopWord(word)) return undefined;
  return { presence, groups: [[stem(word)]] };
}

function expand(words: WordSource, key: string, expansion: (list: WordList) => string[]): string[] {
  return words.expand(key, expansion).slice(0, MAX_EXPANSIONS);
}
