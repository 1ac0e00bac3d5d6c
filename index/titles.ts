import { isStopWord, stem, tokenize, type Glossary } from './analyze.js';
import { COMMON_WORDS } from './commonWords.js';
import type { Chapter, ChapterSpan, Passage, TopicVocabulary } from './types.js';

/**
 * Chapter titles: what a chapter is about, in its own words. The topic says which of a few
 * subjects a stretch is on ("Development process"); a panel returns to a subject several times,
 * so the title adds the phrases that set this chapter apart from the rest of the talk
 * ("Development process: code review, patchew"). Every word after the topic's label was said in
 * the chapter; only its casing may come from elsewhere (the glossary's written form, or how the
 * captions wrote the word anywhere in the talk).
 */

/** Longest title: a chapter list's line, and well inside YouTube's 100 characters. */
export const MAX_TITLE_LENGTH = 60;
const MAX_PHRASES = 3;
const MAX_PHRASE_WORDS = 3;
/** A word or phrase said once is a mention, not a theme. */
const MIN_COUNT = 2;
/** A second or third phrase joins the title only if it is nearly as distinctive as the first. */
const FOLLOWER_SHARE = 0.4;
/**
 * A phrase that holds most of a word's uses is what was meant by the word ("posted interrupts",
 * not "posted"): it takes the word's place when it covers this share of them.
 */
const FULL_PHRASE_SHARE = 0.5;
/** Smoothing of the log-odds: a word the rest of the talk never says still has finite odds. */
const ALPHA = 0.5;

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
const COMMON = new Set(COMMON_WORDS.map(stem));
/**
 * The three hundred most frequent (`call`, `minute`, `during`) do not begin or end a phrase either:
 * "minute of BIOS" is a word of the BIOS, not a subject.
 */
const VERY_COMMON = new Set(COMMON_WORDS.slice(0, 300));

/**
 * What a `general` chapter (no topic's words) usually is, named only when one of its words was
 * said: "welcome" makes it a welcome, "thank you" thanks. Order is the order in a title.
 */
const GENERAL_KINDS: { title: string; words: string[]; needs?: string[] }[] = [
  { title: 'Welcome', words: ['welcome', 'welcoming'] },
  { title: 'Introductions', words: ['introduce', 'introduction', 'introductions', 'introducing', 'myself'] },
  { title: 'Housekeeping', words: ['housekeeping', 'announcement', 'announcements', 'reminder', 'schedule', 'lunch', 'coffee', 'break'] },
  { title: 'Audience questions', words: ['audience', 'microphone', 'mic', 'online', 'floor'], needs: ['question', 'questions'] },
  { title: 'Thanks', words: ['thank', 'thanks', 'applause'] },
];

/** A word of the talk as titles read it. */
interface TalkWord {
  word: string;
  stem: string;
  /** Index of the chapter it was said in. */
  chapter: number;
  /** Whether a phrase may run on from the word before (same passage, no punctuation between). */
  joined: boolean;
  /** Written joined to the word before by a hyphen (`virtio-blk`). */
  hyphen: boolean;
  /** Can start or end a phrase (not a stop word, not filler, has a letter). */
  edge: boolean;
  /** Can sit inside a phrase: a word that can end one, or `of` ("denial of service"). */
  inner: boolean;
}

/** A word or phrase of the talk, by its stems, with where it was said. */
interface Gram {
  stems: string[];
  /** Index of its first word, each time it was said. */
  at: number[];
  /** Times said in each chapter. */
  counts: number[];
}

/** A word or phrase of one chapter: how many times it was said there. */
interface Phrase {
  gram: Gram;
  key: string;
  count: number;
}

/** A word or phrase that may title a chapter, with how distinctive of it it is. */
interface Candidate extends Phrase {
  score: number;
}

/**
 * Gives each chapter a title: its topic's label, then the one to three words or phrases most
 * distinctive of it against the rest of the talk.
 *
 * How distinctive is measured: for every word and every phrase of two or three words (not
 * beginning or ending with a stop word or filler, not across punctuation), the log-odds of
 * saying it in this chapter against the rest of the talk, divided by its standard error (the
 * "weighted log-odds" of Monroe, Colaresi and Quinn, 2008). That weighs how much more often a
 * chapter says something by how often it says it at all: a phrase said four times here and
 * never elsewhere beats a word said ten times here and twenty elsewhere, and one said once
 * (a mention, not a theme) does not count. A phrase that holds most uses of its words is
 * shown whole ("posted interrupts", not "interrupts"), and phrases get a share more weight
 * than single words, since they say more.
 *
 * A `general` chapter is named for what it is where its words say so ("Welcome and
 * introductions", "Audience questions", "Thanks"), else "General". Titles of one talk are all
 * different: a chapter whose best phrases another chapter already took uses its next ones, and
 * one with nothing of its own is "Development process, part 2".
 *
 * @example titleChapters(passages, [{ topic: 'hardware', start: 0, end: 90 }, …], vocabulary, glossary)
 *   // [{ topic: 'hardware', start: 0, end: 90, title: 'Hardware features: posted interrupts, APICv' }, …]
 */
export function titleChapters(passages: readonly Passage[], spans: readonly ChapterSpan[], vocabulary: TopicVocabulary, glossary: Glossary): Chapter[] {
  const talk = readTalk(passages, spans, glossary);
  const grams = countGrams(talk.words, spans.length);
  // Each chapter's phrases, said once or more: what a word of it may have been said as in full.
  const phrasesIn: Phrase[][] = spans.map(() => []);
  for (const [key, gram] of grams) {
    if (gram.stems.length < 2) continue;
    gram.counts.forEach((count, c) => {
      if (count) phrasesIn[c]?.push({ gram, key, count });
    });
  }
  const sizes = spans.map(() => 0);
  for (const w of talk.words) sizes[w.chapter] = (sizes[w.chapter] as number) + 1;
  const labels = new Map<string, string>([
    [vocabulary.fallback.id, vocabulary.fallback.label],
    ...vocabulary.topics.map((t) => [t.id, t.label] as [string, string]),
  ]);

  const used = new Map<string, string[]>();
  const parts = new Map<string, number>();
  return spans.map((span, c) => {
    const words = talk.words.filter((w) => w.chapter === c);
    const general = span.topic === vocabulary.fallback.id;
    const kinds = general ? generalKinds(words) : [];
    const label = kinds.length ? joinKinds(kinds) : (labels.get(span.topic) ?? span.topic);
    const quiet = new Set([...label.toLowerCase().split(/\s+/), ...kinds.flatMap((k) => k.words)].map(stem));
    const candidates = distinctive(grams, c, sizes, talk.words.length, quiet);
    const phrases = phrasesIn[c] as Phrase[];
    const excluded = new Set<string>();
    const choose = () => choosePhrases(candidates, phrases, excluded, label, talk, c);
    let pick = choose();
    // Another chapter has this very title: leave it that chapter's phrases and take the next ones.
    for (let taken = used.get(pick.title); taken && pick.keys.length; taken = used.get(pick.title)) {
      const before = excluded.size;
      for (const key of [...taken, ...pick.keys]) excluded.add(key);
      if (excluded.size === before) break;
      pick = choose();
    }
    let title = pick.title;
    const part = (parts.get(label) ?? 0) + 1;
    parts.set(label, part);
    for (let n = part; used.has(title); n++) title = fit(`${label}, part ${n}`);
    used.set(title, pick.keys);
    return { ...span, title };
  });
}

/** The talk's words in order, each with its chapter (by the second it was said) and what it may do in a phrase. */
function readTalk(passages: readonly Passage[], spans: readonly ChapterSpan[], glossary: Glossary) {
  const words: TalkWord[] = [];
  // How each word was written across the talk, for its casing: `APICv`, `QEMU`, `Intel`.
  const writings = new Map<string, Map<string, number>>();
  let chapter = 0;
  for (const passage of passages) {
    const { text, anchors } = passage;
    let anchor = 0;
    let second = passage.start;
    let previousEnd = -1;
    for (const token of tokenize(text, glossary)) {
      while (anchor < anchors.length && (anchors[anchor] as number) <= token.start) {
        second = anchors[anchor + 1] as number;
        anchor += 2;
      }
      while (chapter + 1 < spans.length && second >= (spans[chapter + 1] as ChapterSpan).start) chapter++;
      const gap = previousEnd < 0 ? '' : text.slice(previousEnd, token.start);
      const written = text.slice(token.start, token.end);
      if (written.toLowerCase() === token.word) vote(writings, token.word, sentenceStart(text, token.start) ? written.toLowerCase() : written);
      const edge =
        !isStopWord(token.word) &&
        !FILLER.has(token.word) &&
        !VERY_COMMON.has(token.word) &&
        /\p{L}/u.test(token.word) &&
        !token.word.includes("'") &&
        token.word.length > 1;
      words.push({
        word: token.word,
        stem: stem(token.word),
        chapter,
        joined: previousEnd >= 0 && !BREAK.test(gap),
        hyphen: gap.trim() === '-',
        edge,
        inner: edge || token.word === 'of',
      });
      previousEnd = token.end;
    }
  }
  const casing = (word: string): string => glossary.written?.(word) ?? mostUsed(writings.get(word)) ?? word;
  return { words, casing };
}

type Talk = ReturnType<typeof readTalk>;

// Punctuation that ends a clause, a speaker change (`>>`), brackets: a phrase does not run across them.
const BREAK = /[.,;:!?…()[\]{}"“”—–]|>>/;

/** Whether a word starts a sentence, where a capital says nothing about the word itself. */
function sentenceStart(text: string, offset: number): boolean {
  const before = text.slice(Math.max(0, offset - 4), offset).trimEnd();
  return before === '' || /[.?!…>:]["')\]]*$/.test(before);
}

function vote(writings: Map<string, Map<string, number>>, word: string, written: string): void {
  let forms = writings.get(word);
  if (!forms) writings.set(word, (forms = new Map()));
  forms.set(written, (forms.get(written) ?? 0) + 1);
}

/**
 * The writing of a word to show. A capital after the first letter (`APICv`, `QEMU`, `SR-IOV`)
 * is deliberate jargon and wins over plain lowercase however rarely it was written; otherwise
 * the most frequent writing.
 */
function mostUsed(forms: Map<string, number> | undefined): string | undefined {
  let best: string | undefined;
  let bestRank = -1;
  for (const [form, count] of forms ?? []) {
    const rank = (/\p{Lu}/u.test(form.slice(1)) ? 1e9 : 0) + count;
    if (rank > bestRank) [best, bestRank] = [form, rank];
  }
  return best;
}

/** Every word and two- or three-word phrase that can stand in a title, by stems, with where it was said. */
function countGrams(words: readonly TalkWord[], chapters: number): Map<string, Gram> {
  const grams = new Map<string, Gram>();
  for (let i = 0; i < words.length; i++) {
    const first = words[i] as TalkWord;
    if (!first.edge) continue;
    let key = '';
    for (let n = 1; n <= MAX_PHRASE_WORDS && i + n <= words.length; n++) {
      const last = words[i + n - 1] as TalkWord;
      if (n > 1 && (!last.joined || last.chapter !== first.chapter)) break;
      if (!last.inner) break;
      key = n === 1 ? last.stem : `${key} ${last.stem}`;
      if (!last.edge) continue;
      let gram = grams.get(key);
      if (!gram) grams.set(key, (gram = { stems: key.split(' '), at: [], counts: new Array<number>(chapters).fill(0) }));
      gram.at.push(i);
      gram.counts[first.chapter] = (gram.counts[first.chapter] as number) + 1;
    }
  }
  return grams;
}

/**
 * The chapter's words and phrases said at least twice and more often than in the rest of the
 * talk, most distinctive first (see titleChapters). `quiet` stems are the label's own words.
 */
function distinctive(grams: Map<string, Gram>, chapter: number, sizes: readonly number[], total: number, quiet: Set<string>): Candidate[] {
  const inside = sizes[chapter] as number;
  const outside = total - inside;
  const out: Candidate[] = [];
  for (const [key, gram] of grams) {
    const count = gram.counts[chapter] as number;
    if (count < MIN_COUNT) continue;
    if (gram.stems.every((s) => quiet.has(s) || COMMON.has(s))) continue;
    const elsewhere = gram.at.length - count;
    const a = count + ALPHA;
    const b = inside - count + ALPHA;
    const c = elsewhere + ALPHA;
    const d = Math.max(outside - elsewhere, 0) + ALPHA;
    const logOdds = Math.log(a / b) - (outside > 0 ? Math.log(c / d) : 0);
    if (outside > 0 && logOdds <= 0) continue;
    const z = logOdds / Math.sqrt(1 / a + 1 / b + (outside > 0 ? 1 / c + 1 / d : 0));
    out.push({ gram, key, count, score: z * (1 + 0.25 * (gram.stems.length - 1)) });
  }
  return out.sort((x, y) => y.score - x.score || x.key.localeCompare(y.key));
}

/** The label and the best phrases that fit in a title, skipping the keys another chapter's same title holds. */
function choosePhrases(
  candidates: readonly Candidate[],
  phrases: readonly Phrase[],
  excluded: ReadonlySet<string>,
  label: string,
  talk: Talk,
  chapter: number,
) {
  const picked: Phrase[] = [];
  const shown: string[] = [];
  let title = fit(label);
  let top = 0;
  for (const candidate of candidates) {
    if (picked.length >= MAX_PHRASES) break;
    if (top && candidate.score < top * FOLLOWER_SHARE) break;
    const full = fullPhrase(candidate, phrases);
    if (excluded.has(full.key) || excluded.has(candidate.key)) continue;
    if (picked.some((p) => overlaps(p.key, full.key))) continue;
    const phrase = display(full.gram, talk, chapter);
    const longer = `${label}: ${[...shown, phrase].join(', ')}`;
    if (longer.length > MAX_TITLE_LENGTH) continue;
    picked.push(full);
    shown.push(phrase);
    title = longer;
    top ||= candidate.score;
  }
  return { title, keys: picked.map((p) => p.key) };
}

/**
 * The phrase that holds most of the candidate's uses in the chapter, itself if none does: a
 * word said twice, once as "posted interrupts", is shown as that. The most said such phrase,
 * then the longest (said in full), then the one said least elsewhere.
 */
function fullPhrase(candidate: Candidate, phrases: readonly Phrase[]): Phrase {
  let best: Phrase = candidate;
  const within = ` ${candidate.key} `;
  for (const phrase of phrases) {
    if (phrase.gram.stems.length <= candidate.gram.stems.length || phrase.count < candidate.count * FULL_PHRASE_SHARE) continue;
    if (!` ${phrase.key} `.includes(within)) continue;
    if (best === candidate || before(phrase, best)) best = phrase;
  }
  return best;
}

/** Whether a phrase is the better full form: said more, else longer, else said less elsewhere, else first by key. */
function before(a: Phrase, b: Phrase): boolean {
  const elsewhere = (p: Phrase) => p.gram.at.length - p.count;
  if (a.count !== b.count) return a.count > b.count;
  if (a.gram.stems.length !== b.gram.stems.length) return a.gram.stems.length > b.gram.stems.length;
  if (elsewhere(a) !== elsewhere(b)) return elsewhere(a) < elsewhere(b);
  return a.key < b.key;
}

/** One phrase inside the other, as whole words: showing both says the same twice. */
function overlaps(a: string, b: string): boolean {
  return ` ${a} `.includes(` ${b} `) || ` ${b} `.includes(` ${a} `);
}

/** The phrase as the chapter said it most often (`posted interrupts`), each word in its casing. */
function display(gram: Gram, talk: Talk, chapter: number): string {
  const forms = new Map<string, number>();
  const n = gram.stems.length;
  for (const i of gram.at) {
    if ((talk.words[i] as TalkWord).chapter !== chapter) continue;
    let form = '';
    for (let k = 0; k < n; k++) {
      const w = talk.words[i + k] as TalkWord;
      form += (k === 0 ? '' : w.hyphen ? '-' : ' ') + talk.casing(w.word);
    }
    forms.set(form, (forms.get(form) ?? 0) + 1);
  }
  return [...forms].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))[0]?.[0] ?? gram.stems.join(' ');
}

/** The kinds of general chapter whose words were said here, most said first (at most two). */
function generalKinds(words: readonly TalkWord[]): typeof GENERAL_KINDS {
  const said = new Map<string, number>();
  for (const w of words) said.set(w.stem, (said.get(w.stem) ?? 0) + 1);
  const count = (words: string[]) => words.reduce((sum, word) => sum + (said.get(stem(word)) ?? 0), 0);
  return GENERAL_KINDS.map((kind, order) => ({ kind, order, count: count(kind.words) }))
    .filter((k) => k.count > 0 && (!k.kind.needs || count(k.kind.needs) > 0))
    .sort((a, b) => b.count - a.count || a.order - b.order)
    .slice(0, 2)
    .sort((a, b) => a.order - b.order)
    .map((k) => k.kind);
}

/** "Welcome and introductions". */
function joinKinds(kinds: typeof GENERAL_KINDS): string {
  return kinds.map((k, i) => (i === 0 ? k.title : k.title.toLowerCase())).join(' and ');
}

/** A label longer than a title may be (one added in topics.json), cut at a word. */
function fit(text: string): string {
  if (text.length <= MAX_TITLE_LENGTH) return text;
  const cut = text.slice(0, MAX_TITLE_LENGTH - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > MAX_TITLE_LENGTH / 2 ? cut.slice(0, space) : cut}…`;
}
