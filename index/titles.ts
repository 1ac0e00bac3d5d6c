import { stem, type Glossary } from './analyze.js';
import { countInTalk, gramAt, gramStems, repeatedGrams, weightedLogOdds, type Talk } from './grams.js';
import { readTalkWords, type TalkWords } from './talkWords.js';
import { canEdge, COMMON, generalKinds, joinKinds } from './titleWords.js';
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
/** Past the fiftieth most distinctive, a word is no theme of its chapter: titles look no further for one that fits. */
const MAX_CONSIDERED = 50;
/** A second or third phrase joins the title only if it is nearly as distinctive as the first. */
const FOLLOWER_SHARE = 0.4;
/**
 * A phrase that holds most of a word's uses is what was meant by the word ("posted interrupts",
 * not "posted"): it takes the word's place when it covers more than this share of them.
 */
const FULL_PHRASE_SHARE = 0.5;

/** A word or phrase of one chapter, by its key (see `gramStems`), with how often it was said there and in the whole talk, and how distinctive of the chapter it is. */
interface Phrase {
  key: number;
  stems: number[];
  count: number;
  total: number;
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
export function titleChapters(
  passages: readonly Passage[],
  spans: readonly ChapterSpan[],
  vocabulary: TopicVocabulary,
  glossary: Glossary,
  words: TalkWords = readTalkWords(passages, glossary),
): Chapter[] {
  if (!spans.length) return [];
  const talk = asTalk(words, spans, glossary);
  const base = talk.stems.length + 1;
  // Three stem ids in one number while it stays exact; a talk of more distinct words than that (none is) counts two-word phrases only.
  const longest = base ** MAX_PHRASE_WORDS < Number.MAX_SAFE_INTEGER ? MAX_PHRASE_WORDS : 2;
  const scratch = new Int32Array(talk.stems.length);
  const perChapter = spans.map((_, c) => repeatedGrams(talk, c, base, longest, scratch));
  const totals = countInTalk(talk, perChapter, base, longest);
  const size = (c: number) => (talk.from[c + 1] as number) - (talk.from[c] as number);
  const labels = new Map<string, string>([
    [vocabulary.fallback.id, vocabulary.fallback.label],
    ...vocabulary.topics.map((t) => [t.id, t.label] as [string, string]),
  ]);

  const used = new Map<string, number[]>();
  const parts = new Map<string, number>();
  return spans.map((span, c) => {
    const general = span.topic === vocabulary.fallback.id;
    const kinds = general ? generalKinds(talk, c) : [];
    const label = kinds.length ? joinKinds(kinds) : (labels.get(span.topic) ?? span.topic);
    const quiet = new Set([...label.toLowerCase().split(/\s+/), ...kinds.flatMap((k) => k.words)].map(stem));
    // The chapter's words and phrases said at least twice and more often than in the rest of the talk, most distinctive first.
    const phrases: Phrase[] = [];
    for (const [key, count] of perChapter[c] as Map<number, number>) {
      const total = totals.get(key) as number;
      const z = weightedLogOdds(count, total, size(c), talk.tokens.length - size(c));
      if (z === undefined) continue;
      const stems = gramStems(key, base);
      // Phrases say more than single words: a share more weight.
      phrases.push({ key, stems, count, total, score: z * (1 + 0.25 * (stems.length - 1)) });
    }
    phrases.sort((x, y) => y.score - x.score || x.key - y.key);
    // A title does not stand on everyday words alone, nor repeat its label.
    const candidates = phrases.filter((p) => !p.stems.every((s) => talk.common[s] || quiet.has(talk.stems[s] as string)));
    // The chapter's phrases under each stem they hold: where a word's full phrase is looked for.
    const multiword = new Map<number, Phrase[]>();
    for (const phrase of phrases) {
      if (phrase.stems.length < 2) continue;
      phrase.stems.forEach((s, k) => {
        if (phrase.stems.indexOf(s) !== k) return;
        const list = multiword.get(s);
        if (list) list.push(phrase);
        else multiword.set(s, [phrase]);
      });
    }
    const excluded = new Set<number>();
    const shown = new Map<number, string>();
    const show = (phrase: Phrase): string => {
      let text = shown.get(phrase.key);
      if (text === undefined) shown.set(phrase.key, (text = display(phrase, talk, c)));
      return text;
    };
    const choose = () => choosePhrases(candidates, multiword, excluded, label, show, talk.stems);
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

/** What titles add to the talk's words: the chapters' token ranges, and each word's part in a phrase. */
function asTalk(words: TalkWords, spans: readonly ChapterSpan[], glossary: Glossary): Talk {
  const from = [0];
  for (let i = 0, c = 0; i < words.tokens.length; i++)
    while (c + 1 < spans.length && (words.seconds[i] as number) >= (spans[c + 1] as ChapterSpan).start) from[++c] = i;
  while (from.length <= spans.length) from.push(words.tokens.length);
  const edge = words.words.map(canEdge);
  const talk: Talk = {
    ...words,
    from,
    edge,
    inner: words.words.map((word, id) => (edge[id] as boolean) || word === 'of'),
    common: words.stems.map((root) => COMMON.has(root)),
    casing: () => '',
  };
  const cased = new Map<number, string>();
  talk.casing = (id) => {
    let form = cased.get(id);
    if (form === undefined) cased.set(id, (form = glossary.written?.(talk.words[id] as string) ?? writing(talk, id)));
    return form;
  };
  return talk;
}

/**
 * The writing of a word to show. A capital after the first letter (`APICv`, `QEMU`, `SR-IOV`)
 * is deliberate jargon and wins over plain lowercase however rarely it was written; otherwise
 * the most frequent writing, lowercase included.
 */
function writing(talk: Talk, id: number): string {
  const word = talk.words[id] as string;
  let best = word;
  let bestRank = (talk.said[id] as number) - [...(talk.writings.get(id)?.values() ?? [])].reduce((a, b) => a + b, 0);
  for (const [form, count] of talk.writings.get(id) ?? []) {
    const rank = (/\p{Lu}/u.test(form.slice(1)) ? 1e9 : 0) + count;
    if (rank > bestRank) [best, bestRank] = [form, rank];
  }
  return best;
}

/** The label and the best phrases that fit in a title, skipping the keys another chapter's same title holds. */
function choosePhrases(
  candidates: readonly Phrase[],
  phrases: ReadonlyMap<number, readonly Phrase[]>,
  excluded: ReadonlySet<number>,
  label: string,
  show: (phrase: Phrase) => string,
  stems: readonly string[],
) {
  const picked: Phrase[] = [];
  const shown: string[] = [];
  let title = fit(label);
  // No word is shorter than its stem: a phrase whose stems do not fit is not looked up in the chapter.
  const atLeast = (phrase: Phrase) => phrase.stems.reduce((sum, s) => sum + (stems[s] as string).length + 1, 1);
  let top = 0;
  for (const candidate of candidates.slice(0, MAX_CONSIDERED)) {
    if (picked.length >= MAX_PHRASES) break;
    if (top && candidate.score < top * FOLLOWER_SHARE) break;
    // Its full phrase is longer still.
    if (title.length + atLeast(candidate) > MAX_TITLE_LENGTH) continue;
    const full = fullPhrase(candidate, phrases);
    if (excluded.has(full.key) || excluded.has(candidate.key)) continue;
    if (picked.some((p) => within(p.stems, full.stems) || within(full.stems, p.stems))) continue;
    if (title.length + atLeast(full) > MAX_TITLE_LENGTH) continue;
    const phrase = show(full);
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
 * word said three times, twice as "posted interrupts", is shown as that. The most said such
 * phrase, then the longest (said in full), then the one said least elsewhere.
 */
function fullPhrase(candidate: Phrase, phrases: ReadonlyMap<number, readonly Phrase[]>): Phrase {
  let best = candidate;
  for (const phrase of phrases.get(candidate.stems[0] as number) ?? []) {
    if (phrase.stems.length <= candidate.stems.length || phrase.count <= candidate.count * FULL_PHRASE_SHARE) continue;
    if (!within(candidate.stems, phrase.stems)) continue;
    if (best === candidate || before(phrase, best)) best = phrase;
  }
  return best;
}

/** Whether a phrase is the better full form: said more, else longer, else said less elsewhere, else first by key. */
function before(a: Phrase, b: Phrase): boolean {
  if (a.count !== b.count) return a.count > b.count;
  if (a.stems.length !== b.stems.length) return a.stems.length > b.stems.length;
  if (a.total - a.count !== b.total - b.count) return a.total - a.count < b.total - b.count;
  return a.key < b.key;
}

/** Whether `short` stands in `long` as consecutive words: showing both says the same twice. */
function within(short: readonly number[], long: readonly number[]): boolean {
  for (let i = 0; i + short.length <= long.length; i++) if (short.every((s, k) => long[i + k] === s)) return true;
  return false;
}

/** The phrase as the chapter said it most often (`posted interrupts`), each word in its casing. */
function display(phrase: Phrase, talk: Talk, chapter: number): string {
  const forms = new Map<string, number>();
  const n = phrase.stems.length;
  const end = talk.from[chapter + 1] as number;
  for (let i = talk.from[chapter] as number; i < end; i++) {
    if (talk.stemOf[talk.tokens[i] as number] !== phrase.stems[0] || !gramAt(talk, i, n, end)) continue;
    if (!phrase.stems.every((s, k) => talk.stemOf[talk.tokens[i + k] as number] === s)) continue;
    let form = '';
    for (let k = 0; k < n; k++) form += (k === 0 ? '' : talk.links[i + k] === 2 ? '-' : ' ') + talk.casing(talk.tokens[i + k] as number);
    forms.set(form, (forms.get(form) ?? 0) + 1);
  }
  let best = '';
  let most = 0;
  for (const [form, count] of forms) if (count > most || (count === most && form < best)) [best, most] = [form, count];
  return best;
}

/** A label longer than a title may be (one added in topics.json), cut at a word. */
function fit(text: string): string {
  if (text.length <= MAX_TITLE_LENGTH) return text;
  const cut = text.slice(0, MAX_TITLE_LENGTH - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > MAX_TITLE_LENGTH / 2 ? cut.slice(0, space) : cut}…`;
}
