import { isStopWord, rememberedPerWord, stem } from './analyze.js';
import { COMMON_WORDS } from './commonWords.js';
import type { Talk } from './grams.js';

/**
 * Which words chapter titles may use and how: words that carry no subject (fillers, everyday
 * words), what may begin or end a phrase, and the kinds of general chapter their words name.
 */

/**
 * Words of talk that carry no subject, beyond lunr's stop words: fillers, hedges, and the verbs
 * and nouns every conversation is made of. They may sit inside a three-word phrase, never at
 * either end of one ("kind of", "i think" and "you know" fall out with them).
 */
const FILLER = new Set(
  (
    'um umm uh uhm uhh erm er ah ahh oh hmm mm mhm huh yeah yea yep yup yes okay ok alright right well actually basically literally ' +
    'obviously probably maybe perhaps sure kind kinds sort sorts think thinking thought know knows knew mean means guess gonna wanna gotta ' +
    'going thing things stuff lot lots bit little way ways much many something anything everything nothing someone somebody everyone ' +
    'everybody anyone anybody people person guy guys folks one ones two three also even still already quite pretty very really now ' +
    'today here time times good great nice cool interesting question questions answer talk talking talked saying see seeing look ' +
    'looking want wanted need needs needed make makes making made go goes went come comes coming came take takes took put try trying ' +
    'tried different same new first next last another able course fact point part whatever though although because yeah maybe ' +
    'stuff bunch yours mine ours theirs gets getting doing done thank thanks honestly mostly usually generally certainly definitely ' +
    'absolutely exactly totally simply clearly especially typically eventually finally currently recently hopefully unfortunately ' +
    'fortunately essentially particularly completely entirely fairly nearly roughly mainly largely during itself himself herself ' +
    'themselves ourselves yourself yourselves within without upon onto toward towards via per etc anyway instead otherwise therefore ' +
    'thus unless until till whether throughout above below under beyond besides despite except inside outside along across ' +
    // The talk about the talk: said in every chapter a moderator opens.
    'topic topics panel panelist panelists session conference slide slides moderator audience microphone mic comment comments follow'
  ).split(' '),
);

/**
 * Everyday words (the thousand most frequent in spoken English) are no subject on their own: a
 * title needs at least one word beyond them ("mailing list" yes, "long time" no).
 */
export const COMMON = new Set(COMMON_WORDS.map(stem));
/**
 * The three hundred most frequent (`call`, `minute`, `during`) do not begin or end a phrase either:
 * "minute of BIOS" is a word of the BIOS, not a subject.
 */
const VERY_COMMON = new Set(COMMON_WORDS.slice(0, 300));

/**
 * What a `general` chapter (no topic's words) usually is, named only when one of its words was
 * said: "welcome" makes it a welcome, "thank you" thanks. Order is the order in a title.
 */
export const GENERAL_KINDS: { title: string; words: string[]; needs?: string[] }[] = [
  { title: 'Welcome', words: ['welcome', 'welcoming'] },
  { title: 'Introductions', words: ['introduce', 'introduction', 'introductions', 'introducing', 'myself'] },
  { title: 'Housekeeping', words: ['housekeeping', 'announcement', 'announcements', 'reminder', 'schedule', 'lunch', 'coffee', 'break'] },
  { title: 'Audience questions', words: ['audience', 'microphone', 'mic', 'online', 'floor'], needs: ['question', 'questions'] },
  { title: 'Thanks', words: ['thank', 'thanks', 'applause'] },
];

/** Whether a word can begin or end a phrase (not a stop word, filler or one of the most everyday words); remembered, as `stem` remembers stems. */
export const canEdge: (word: string) => boolean = rememberedPerWord(
  (word) => !isStopWord(word) && !FILLER.has(word) && !VERY_COMMON.has(word) && /\p{L}/u.test(word) && !word.includes("'") && word.length > 1,
);

/** The kinds of general chapter whose words were said in chapter `c`, most said first (at most two). */
export function generalKinds(talk: Talk, c: number): typeof GENERAL_KINDS {
  const said = new Map<string, number>();
  for (let i = talk.from[c] as number; i < (talk.from[c + 1] as number); i++) {
    const root = talk.stems[talk.stemOf[talk.tokens[i] as number] as number] as string;
    said.set(root, (said.get(root) ?? 0) + 1);
  }
  const count = (words: string[]) => words.reduce((sum, word) => sum + (said.get(stem(word)) ?? 0), 0);
  return GENERAL_KINDS.map((kind, order) => ({ kind, order, count: count(kind.words) }))
    .filter((k) => k.count > 0 && (!k.kind.needs || count(k.kind.needs) > 0))
    .sort((a, b) => b.count - a.count || a.order - b.order)
    .slice(0, 2)
    .sort((a, b) => a.order - b.order)
    .map((k) => k.kind);
}

/** "Welcome and introductions". */
export function joinKinds(kinds: typeof GENERAL_KINDS): string {
  return kinds.map((k, i) => (i === 0 ? k.title : k.title.toLowerCase())).join(' and ');
}
