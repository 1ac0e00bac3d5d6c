import { normalWord, type SpokenWord } from './spokenWords.js';

/**
 * The roster: the people a talk may name (its panelists, a moderator, names a person gives),
 * and every way a transcript says each name: whole ("Ana Ruiz"), the first name, the last name,
 * a name given in brackets ("Den (Denis) Lunev" is also "Denis"). A part two people share says
 * nobody; a part that is also a common word ("Will", "Mark") counts only where the captions
 * wrote it with a capital.
 */
export interface RosterEntry {
  /** The name as given: what a suggestion names. */
  name: string;
  moderator: boolean;
}

interface Form {
  words: string[];
  entry: RosterEntry;
  /** The whole name (first and last), not a part of it. */
  whole: boolean;
}

export interface Roster {
  entries: RosterEntry[];
  moderator?: RosterEntry;
  /** Forms by their first word, longest first. */
  byFirst: Map<string, Form[]>;
}

/** A name found in the words: who, and how many words it takes. */
export interface NameMatch {
  entry: RosterEntry;
  length: number;
  whole: boolean;
}

/** Names and words that are also everyday words: alone and in lowercase, they name nobody. */
const COMMON = new Set(
  'will mark may bill grace hope joy faith rose frank art pat sue don ray rob jack dawn drew gene june summer chance sky max ted matt ben den sage page case lane hunter mason miles chase cole dean reed wade cliff glen earl guy'.split(
    ' ',
  ),
);
/** Most names a roster takes; longer ones are refused where people give them (server/speakers). */
export const MAX_ROSTER = 40;

/**
 * The roster of `names` (duplicates dropped), `moderator` marked (and added when not among them).
 *
 * @example compileRoster(['Ana Ruiz', 'Bo Lind'], 'Cy Moss').entries.map((e) => e.name) // ['Ana Ruiz', 'Bo Lind', 'Cy Moss']
 */
export function compileRoster(names: readonly string[], moderator?: string): Roster {
  const entries: RosterEntry[] = [];
  const seen = new Set<string>();
  const add = (name: string, isModerator: boolean): void => {
    const key = nameKey(name);
    if (!key) return;
    const known = entries.find((e) => nameKey(e.name) === key);
    if (known) known.moderator ||= isModerator;
    else if (!seen.has(key)) entries.push({ name: name.trim(), moderator: isModerator });
    seen.add(key);
  };
  for (const name of names) add(name, moderator !== undefined && nameKey(name) === nameKey(moderator));
  if (moderator !== undefined) add(moderator, true);

  const forms: Form[] = entries.flatMap((entry) => formsOf(entry));
  // A part of a name two people share names neither of them.
  const owners = new Map<string, Set<RosterEntry>>();
  for (const form of forms) {
    const key = form.words.join(' ');
    owners.set(key, (owners.get(key) ?? new Set()).add(form.entry));
  }
  const byFirst = new Map<string, Form[]>();
  for (const form of forms) {
    if ((owners.get(form.words.join(' ')) as Set<RosterEntry>).size > 1) continue;
    const list = byFirst.get(form.words[0] as string) ?? [];
    if (!list.some((f) => f.words.join(' ') === form.words.join(' '))) list.push(form);
    list.sort((a, b) => b.words.length - a.words.length);
    byFirst.set(form.words[0] as string, list);
  }
  const chair = entries.find((e) => e.moderator);
  return { entries, byFirst, ...(chair ? { moderator: chair } : {}) };
}

/**
 * The roster name said at word `i`, if any: the longest form that matches. A part of a name that
 * is also a common word, or a single letter, needs a capital; so does any name where the
 * captions write capitals (`capitals`), since there names have them.
 *
 * @example nameAt(roster, words, 0, true) // { entry: { name: 'Ana Ruiz', … }, length: 1, whole: false } for "Ana, what do you think?"
 */
export function nameAt(roster: Roster, words: readonly SpokenWord[], i: number, capitals: boolean): NameMatch | undefined {
  const first = words[i];
  if (!first) return undefined;
  for (const form of roster.byFirst.get(first.word) ?? []) {
    if (!form.words.every((w, k) => words[i + k]?.word === w)) continue;
    const risky = !form.whole && (COMMON.has(form.words[0] as string) || (form.words[0] as string).length < 2);
    if ((risky || capitals) && !first.capital) continue;
    return { entry: form.entry, length: form.words.length, whole: form.whole };
  }
  return undefined;
}

/**
 * The names of a roster as a person types them: separated by commas, semicolons or new lines.
 *
 * @example parseRoster('Ana Ruiz, Bo Lind;Cy Moss') // ['Ana Ruiz', 'Bo Lind', 'Cy Moss']
 */
export function parseRoster(text: string): string[] {
  return text
    .split(/[,;\n]/)
    .map((name) => name.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

/** A name compared with another: its words as cues compare them. */
export function nameKey(name: string): string {
  return words(name).join(' ');
}

function words(text: string): string[] {
  return text
    .split(/[\s()[\]]+/)
    .map(normalWord)
    .filter(Boolean);
}

/** Every way a name is said: whole, first and last, each name given in brackets, the first and last words alone. */
function formsOf(entry: RosterEntry): Form[] {
  const outside = words(entry.name.replace(/\([^)]*\)/g, ' '));
  const inside = [...entry.name.matchAll(/\(([^)]*)\)/g)].flatMap((m) => words(m[1] as string));
  const all = words(entry.name);
  const forms: Form[] = [{ words: all, entry, whole: true }];
  if (outside.length) forms.push({ words: outside, entry, whole: true });
  const firsts = [outside[0], ...inside].filter((w): w is string => w !== undefined);
  const last = outside.length > 1 ? outside[outside.length - 1] : undefined;
  for (const first of firsts) {
    if (last) forms.push({ words: [first, last], entry, whole: true });
    forms.push({ words: [first], entry, whole: outside.length === 1 && !inside.length });
  }
  if (last) forms.push({ words: [last], entry, whole: false });
  return forms.filter((f) => f.words.length > 0);
}
