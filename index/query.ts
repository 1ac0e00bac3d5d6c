/**
 * The query language: plain words (all of them matter: passages with every word come first,
 * else those with most of them), `"exact phrase"`, `+must`, `-exclude`, `either OR other`,
 * `prefix*`, `fuzzy~1`, and the filters `topic:`, `speaker:`, `video:`, `kind:`, `author:`. Parsing never
 * throws: invalid syntax falls back to the plain words and says why, with the position.
 */

/** `optional` is a plain word: search wants all of them, and relaxes to any when none has all. */
export type Presence = 'required' | 'optional' | 'prohibited';

export interface TermClause {
  type: 'term';
  text: string;
  presence: Presence;
  prefix: boolean;
  /** Edit distance allowed (`~1`, `~2`); 0 for an exact word. */
  fuzzy: number;
}

export interface PhraseClause {
  type: 'phrase';
  text: string;
  presence: Presence;
}

/**
 * Words or phrases joined by `OR` (`seccomp OR apparmor`): one clause that any of them
 * satisfies. `OR` binds closer than the spaces between clauses, which all count (as lunr's
 * `+`): `guest seccomp OR apparmor` wants "guest" and either of the others.
 */
export interface AnyClause {
  type: 'any';
  options: (TermClause | PhraseClause)[];
  presence: 'optional';
}

export type Clause = TermClause | PhraseClause | AnyClause;

export const FILTER_FIELDS = ['topic', 'speaker', 'video', 'kind', 'author'] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];
export type QueryFilters = Partial<Record<FilterField, string>>;

export interface ParsedQuery {
  clauses: Clause[];
  filters: QueryFilters;
  /** Set when the syntax was invalid and the query was read as plain words instead. */
  fellBack?: { reason: string; position: number };
}

export class QuerySyntaxError extends Error {
  override readonly name = 'QuerySyntaxError';
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} (at character ${position + 1})`);
  }
}

/**
 * Parses what a user typed. Never throws.
 *
 * @example parseQuery('"posted interrupts" -arm topic:hardware')
 *   // { clauses: [{type: 'phrase', text: 'posted interrupts', presence: 'required'},
 *   //             {type: 'term', text: 'arm', presence: 'prohibited', ...}], filters: {topic: 'hardware'} }
 * @example parseQuery('foo:').fellBack // { reason: 'unknown field "foo:" (…)', position: 0 }
 */
export function parseQuery(input: string): ParsedQuery {
  try {
    return parseStrict(input);
  } catch (error) {
    const { message, position } = error as QuerySyntaxError;
    return { ...plainWords(input), fellBack: { reason: message, position } };
  }
}

/** The words of the input, operators and words without a letter or digit (`!!!`, emoji) left out. */
function plainWords(input: string): ParsedQuery {
  const words = input
    .replace(/[+"*~^:()\\]|(?<![\p{L}\p{N}])-/gu, ' ')
    .split(/\s+/)
    .filter((w) => /[\p{L}\p{N}]/u.test(w));
  return { clauses: words.map((word) => termClause(word, 'optional', 0)), filters: {} };
}

/** Parses strictly; throws QuerySyntaxError with the position of the first problem. */
export function parseStrict(input: string): ParsedQuery {
  const clauses: Clause[] = [];
  const filters: QueryFilters = {};
  // `OR` seen, waiting for the clause it joins to the one before (at its position); and whether
  // the last thing read was a clause `OR` may follow.
  let or: number | undefined;
  let afterClause = false;
  const push = (clause: TermClause | PhraseClause, at: number): void => {
    if (or !== undefined) {
      if (clause.presence !== 'optional') throw new QuerySyntaxError('"OR" joins words or phrases without + or -', at);
      const previous = clauses.pop() as Clause;
      clauses.push({
        type: 'any',
        options: [...(previous.type === 'any' ? previous.options : [previous]), clause],
        presence: 'optional',
      });
      or = undefined;
    } else clauses.push(clause);
    afterClause = true;
  };
  let i = 0;
  while (i < input.length) {
    if (/\s/.test(input[i] as string)) {
      i++;
      continue;
    }
    const at = i;
    if (input.startsWith('OR', i) && (i + 2 === input.length || /[\s"]/.test(input[i + 2] as string))) {
      const before = clauses[clauses.length - 1];
      if (!afterClause || or !== undefined) throw new QuerySyntaxError('"OR" needs a word or a quoted phrase before it', at);
      if (before && before.type !== 'any' && before.presence !== 'optional') throw new QuerySyntaxError('"OR" joins words or phrases without + or -', at);
      or = at;
      afterClause = false;
      i += 2;
      continue;
    }
    let presence: Presence = 'optional';
    if (input[i] === '+' || input[i] === '-') {
      presence = input[i] === '+' ? 'required' : 'prohibited';
      i++;
      if (i >= input.length || /[\s+\-*~^]/.test(input[i] as string))
        throw new QuerySyntaxError(`"${input[at]}" must be followed by a word or a quoted phrase`, at);
    }
    if (input[i] === '"') {
      const close = input.indexOf('"', i + 1);
      if (close < 0) throw new QuerySyntaxError('a quote is not closed', i);
      const text = input.slice(i + 1, close).trim();
      if (!text) throw new QuerySyntaxError('an empty phrase ""', i);
      push({ type: 'phrase', text, presence }, at);
      i = close + 1;
      continue;
    }
    let end = i;
    while (end < input.length && !/[\s"]/.test(input[end] as string)) end++;
    const word = input.slice(i, end);
    i = end;
    const field = /^([A-Za-z]+):(.*)$/.exec(word);
    if (field) {
      const name = (field[1] as string).toLowerCase() as FilterField;
      if (!FILTER_FIELDS.includes(name))
        throw new QuerySyntaxError(`unknown field "${field[1]}:" (fields are ${FILTER_FIELDS.map((f) => `${f}:`).join(' ')})`, at);
      if (!field[2]) throw new QuerySyntaxError(`"${name}:" needs a value, e.g. ${name}:${EXAMPLES[name]}`, at);
      if (presence === 'prohibited') throw new QuerySyntaxError(`a filter cannot be excluded with "-"`, at);
      if (or !== undefined) throw new QuerySyntaxError('"OR" joins words or phrases, not a filter', at);
      filters[name] = field[2];
      afterClause = false;
      continue;
    }
    push(termClause(word, presence, at), at);
  }
  if (or !== undefined) throw new QuerySyntaxError('"OR" needs a word or a quoted phrase after it', or);
  return { clauses, filters };
}

const EXAMPLES: Record<FilterField, string> = { topic: 'security', speaker: 'bonzini', video: 'S6Sjj6OtyvY', kind: 'note', author: 'ada' };

function termClause(word: string, presence: Presence, at: number): TermClause | PhraseClause {
  const fuzzy = /^(.+?)~(\d*)$/.exec(word);
  if (fuzzy) {
    const distance = fuzzy[2] ? Number(fuzzy[2]) : 1;
    if (distance < 1 || distance > 2) throw new QuerySyntaxError('a typo allowance is ~1 or ~2', at);
    checkWord(fuzzy[1] as string, at);
    return { type: 'term', text: fuzzy[1] as string, presence, prefix: false, fuzzy: distance };
  }
  const prefix = word.endsWith('*');
  const text = prefix ? word.slice(0, -1) : word;
  checkWord(text, at);
  if (prefix && text.length < 2) throw new QuerySyntaxError('a prefix needs at least two letters before "*"', at);
  // `virtio-blk`, `CVE-2015-3456`: the parts in order, as captions write them.
  if (/[\p{L}\p{N}][-–][\p{L}\p{N}]/u.test(text) && !prefix) return { type: 'phrase', text, presence };
  return { type: 'term', text, presence, prefix, fuzzy: 0 };
}

function checkWord(text: string, at: number): void {
  if (!text || /[*~^+:\\]/.test(text) || !/[\p{L}\p{N}]/u.test(text)) throw new QuerySyntaxError(`"${text || '(nothing)'}" is not a word to search for`, at);
}
