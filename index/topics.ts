import { stem, type Glossary } from './analyze.js';
import { cohesionBreaks } from './cohesion.js';
import type { ChapterSpan, Cut, Passage, Segment, TopicId, TopicVocabulary } from './types.js';
import { toUnits, type Unit } from './units.js';

/**
 * Topics: the talk cut into chapters, each under one topic, from the evidence in its words;
 * passages then take their chapter's topic (they are cut where chapters start, so none
 * straddles two), and a topic filter picks shards, not documents.
 *
 * The cut is the best path through the talk's units (Viterbi): each unit scores for each topic
 * by its topic words (index/topics.json) less what any stretch of talk scores by chance, and for
 * the fallback (general) by its own words (welcomes, housekeeping, thanks); changing topic
 * costs, less where the subject is announced to change (a transition cue, a change of speaker
 * after a question, a long pause) and where the words used change (lexical cohesion). So a
 * chapter starts at the sentence that announces it, a lone topic word does not make one, and a
 * stretch whose words are about nothing in particular is general.
 */

/**
 * What a word scores for a topic by chance: stretches on a topic run at 10 to 60 weighted topic
 * words per 100 words, introductions and small talk at 0 to 5.
 */
const CHANCE_PER_WORD = 0.08;
/**
 * The fallback pays half of chance: talk with no topic's words drifts towards general only
 * slowly, so a topic's quiet stretch (an anecdote, a question being asked) stays in its chapter,
 * while a long stretch about nothing in particular still becomes general.
 */
const GENERAL_CHANCE_SHARE = 0.5;
/** What changing topic costs where nothing marks a change: about two or three strong topic words' worth. */
const CHANGE_COST = 8;
/** What it costs at least, however surely a change is announced. */
const MIN_CHANGE_COST = 0.5;
/** How much a dip in cohesion can take off the cost (a share). */
const COHESION_WEIGHT = 0.6;
/** Chapters shorter than this join a neighbour: YouTube's own chapters are at least 10 s, a panel answer takes longer. */
const MIN_CHAPTER_SECONDS = 10;
/** The first minute leans towards the fallback (general) by as much again as chance. */
const OPENING_SECONDS = 60;
const OPENING_BONUS = CHANCE_PER_WORD;
/**
 * A chapter shorter than this between two of the same topic, with neither of its ends
 * announced, is a digression within that topic ("the fix goes through review like any patch"),
 * not a chapter of its own.
 */
const DIGRESSION_SECONDS = 40;
const ANNOUNCED = 0.5;
/** Margin (in topic-word weight) at which a chapter's topic is about 73% sure. */
const CONFIDENCE_SCALE = 8;

export interface Tagging {
  chapters: ChapterSpan[];
  /** Where each chapter but the first starts, for toPassages. */
  cuts: Cut[];
}

/**
 * Cuts a transcript into topic chapters.
 *
 * @example tagTranscript(record.segments, vocabulary.topics, vocabulary.glossary).chapters
 *   // [{ topic: 'general', start: 0, end: 46.2, confidence: 0.81 }, { topic: 'security', start: 46.2, … }, …]
 */
export function tagTranscript(segments: readonly Segment[], vocabulary: TopicVocabulary, glossary: Glossary): Tagging {
  const units = toUnits(segments, vocabulary, glossary);
  const last = segments[segments.length - 1];
  const end = last ? last.start + last.duration : 0;
  if (!units.length) return { chapters: [{ topic: vocabulary.fallback.id, start: 0, end, confidence: 0 }], cuts: [] };

  const ids = [...vocabulary.topics.map((t) => t.id), vocabulary.fallback.id];
  const scores = unitScores(units, vocabulary);
  // Talks open with welcomes and introductions, whatever words those use ("I review patches").
  units.forEach((u, i) => {
    if (u.start < OPENING_SECONDS)
      (scores[i] as number[])[ids.length - 1] = ((scores[i] as number[])[ids.length - 1] as number) + OPENING_BONUS * u.stems.length;
  });
  const breaks = cohesionBreaks(units.map((u) => u.content));
  const costs = units.map((u, i) => (i === 0 ? 0 : MIN_CHANGE_COST + CHANGE_COST * (1 - u.change) * (1 - COHESION_WEIGHT * (breaks[i] as number))));
  const path = mergeShort(bestPath(scores, costs), units, scores, end);

  const chapters: ChapterSpan[] = [];
  const cuts: Cut[] = [];
  let first = 0;
  for (let i = 1; i <= units.length; i++) {
    if (i < units.length && path[i] === path[first]) continue;
    const unit = units[first] as Unit;
    if (first > 0) cuts.push({ segment: unit.segment, offset: unit.offset });
    const topic = path[first] as number;
    chapters.push({
      topic: ids[topic] as TopicId,
      start: first === 0 ? 0 : unit.start,
      end: i < units.length ? (units[i] as Unit).start : end,
      confidence: confidence(scores, first, i, topic, first === 0 ? 1 : Math.max(unit.change, breaks[first] as number)),
    });
    first = i;
  }
  return { chapters, cuts };
}

/**
 * Each passage's topic: that of the chapter it is in (passages cut at `tagTranscript`'s cuts
 * start no earlier than their chapter).
 */
export function passageTopics(passages: readonly Passage[], chapters: readonly Pick<ChapterSpan, 'topic' | 'start'>[]): TopicId[] {
  let c = 0;
  return passages.map((p) => {
    while (c + 1 < chapters.length && (chapters[c + 1] as ChapterSpan).start <= p.start + 1e-6) c++;
    return (chapters[c] as ChapterSpan).topic;
  });
}

const compiled = new WeakMap<TopicVocabulary, CompiledTopics>();

interface CompiledTopics {
  /** stem -> [topic, weight] pairs; the fallback is topic `topics.length`. */
  terms: Map<string, [number, number][]>;
  /** Phrases by their first stem. */
  phrases: Map<string, TopicPhrase[]>;
}

interface TopicPhrase {
  stems: string[];
  topic: number;
  weight: number;
}

function compile(vocabulary: TopicVocabulary): CompiledTopics {
  const cached = compiled.get(vocabulary);
  if (cached) return cached;
  const terms = new Map<string, [number, number][]>();
  const phrases = new Map<string, TopicPhrase[]>();
  const sources = [...vocabulary.topics, { terms: vocabulary.fallback.terms ?? {}, phrases: vocabulary.fallback.phrases ?? {} }];
  // Forms of one word ("review", "reviews", "reviewed") share a stem: it counts once per topic, at its highest weight.
  sources.forEach((topic, k) => {
    for (const [term, weight] of Object.entries(topic.terms)) {
      const key = stem(term);
      const list = terms.get(key) ?? [];
      const same = list.find(([t]) => t === k);
      if (same) same[1] = Math.max(same[1], weight);
      else terms.set(key, [...list, [k, weight]]);
    }
    for (const [phrase, weight] of Object.entries(topic.phrases)) {
      const stems = phrase.split(' ').map(stem);
      const list = phrases.get(stems[0] as string) ?? [];
      const same = list.find((p) => p.topic === k && p.stems.join(' ') === stems.join(' '));
      if (same) same.weight = Math.max(same.weight, weight);
      else phrases.set(stems[0] as string, [...list, { stems, topic: k, weight }]);
    }
  });
  const result = { terms, phrases };
  compiled.set(vocabulary, result);
  return result;
}

/**
 * Each unit's score per topic (the fallback last): its weighted topic words and phrases (a
 * phrase counts in the unit it starts in, though it may run on into the next), less chance for
 * each word; the fallback scores its own words only.
 */
function unitScores(units: readonly Unit[], vocabulary: TopicVocabulary): number[][] {
  const { terms, phrases } = compile(vocabulary);
  const fallback = vocabulary.topics.length;
  const stems = units.flatMap((u) => u.stems);
  const scores: number[][] = [];
  let at = 0;
  for (const unit of units) {
    const chance = CHANCE_PER_WORD * unit.stems.length;
    const row = new Array<number>(fallback + 1).fill(-chance);
    row[fallback] = -GENERAL_CHANCE_SHARE * chance;
    const end = at + unit.stems.length;
    for (let i = at; i < end; i++) {
      const s = stems[i] as string;
      // Most words are in no list: look them up without allocating.
      const weights = terms.get(s);
      if (weights)
        for (let w = 0; w < weights.length; w++) {
          const [k, weight] = weights[w] as [number, number];
          row[k] = (row[k] as number) + weight;
        }
      const starting = phrases.get(s);
      if (starting)
        for (let p = 0; p < starting.length; p++) {
          const phrase = starting[p] as TopicPhrase;
          if (startsWith(stems, i, phrase.stems)) row[phrase.topic] = (row[phrase.topic] as number) + phrase.weight;
        }
    }
    scores.push(row);
    at = end;
  }
  return scores;
}

function startsWith(stems: readonly string[], at: number, phrase: readonly string[]): boolean {
  if (at + phrase.length > stems.length) return false;
  for (let j = 0; j < phrase.length; j++) if (stems[at + j] !== phrase[j]) return false;
  return true;
}

/** The topic of each unit on the path of highest total score less change costs (Viterbi). */
function bestPath(scores: readonly number[][], costs: readonly number[]): number[] {
  const k = (scores[0] as number[]).length;
  let total = [...(scores[0] as number[])];
  const from: Int8Array[] = [new Int8Array(k)];
  for (let i = 1; i < scores.length; i++) {
    const cost = costs[i] as number;
    let best = 0;
    for (let t = 1; t < k; t++) if ((total[t] as number) > (total[best] as number)) best = t;
    const row = scores[i] as number[];
    const back = new Int8Array(k);
    const next = new Array<number>(k);
    for (let t = 0; t < k; t++) {
      const stay = total[t] as number;
      const change = (total[best] as number) - cost;
      back[t] = stay >= change ? t : best;
      next[t] = Math.max(stay, change) + (row[t] as number);
    }
    total = next;
    from.push(back);
  }
  const path = new Array<number>(scores.length);
  let t = 0;
  for (let j = 1; j < k; j++) if ((total[j] as number) > (total[t] as number)) t = j;
  for (let i = scores.length - 1; i >= 0; i--) {
    path[i] = t;
    t = (from[i] as Int8Array)[t] as number;
  }
  return path;
}

/**
 * Chapters shorter than MIN_CHAPTER_SECONDS join the neighbour whose topic their own words score
 * higher, shortest first, until none is left (or one chapter is).
 */
function mergeShort(path: number[], units: readonly Unit[], scores: readonly number[][], end: number): number[] {
  for (;;) {
    const runs = runsOf(path);
    if (runs.length < 2) return path;
    const startOf = (i: number): number => (i >= units.length ? end : i === 0 ? 0 : (units[i] as Unit).start);
    const isDigression = (n: number, seconds: number): boolean => {
      const [before, run, after] = [runs[n - 1], runs[n] as Run, runs[n + 1]];
      return (
        seconds < DIGRESSION_SECONDS &&
        before !== undefined &&
        after !== undefined &&
        before.topic === after.topic &&
        (units[run.from] as Unit).change < ANNOUNCED &&
        (units[after.from] as Unit).change < ANNOUNCED
      );
    };
    const short = runs
      .map((r, n) => ({ ...r, n, seconds: startOf(r.to) - startOf(r.from) }))
      .filter((r) => r.seconds < MIN_CHAPTER_SECONDS || isDigression(r.n, r.seconds))
      .sort((a, b) => a.seconds - b.seconds)[0];
    if (!short) return path;
    const sum = (topic: number): number => {
      let s = 0;
      for (let i = short.from; i < short.to; i++) s += (scores[i] as number[])[topic] as number;
      return s;
    };
    const before = runs[short.n - 1];
    const after = runs[short.n + 1];
    const into = !before ? after! : !after ? before : sum(before.topic) >= sum(after.topic) ? before : after;
    path.fill(into.topic, short.from, short.to);
  }
}

interface Run {
  from: number;
  to: number;
  topic: number;
}

function runsOf(path: readonly number[]): Run[] {
  const runs: Run[] = [];
  path.forEach((topic, i) => {
    const last = runs[runs.length - 1];
    if (last && last.topic === topic) last.to = i + 1;
    else runs.push({ from: i, to: i + 1, topic });
  });
  return runs;
}

/**
 * How sure a chapter is, 0 to 1: three parts in four how far its units' scores favour its topic
 * over the next best (a logistic of the margin), one part in four how clearly its start is marked.
 */
function confidence(scores: readonly number[][], from: number, to: number, topic: number, startEvidence: number): number {
  const k = (scores[0] as number[]).length;
  const totals = new Array<number>(k).fill(0);
  for (let i = from; i < to; i++) for (let t = 0; t < k; t++) totals[t] = (totals[t] as number) + ((scores[i] as number[])[t] as number);
  const own = totals[topic] as number;
  const rival = Math.max(...totals.filter((_, t) => t !== topic));
  const margin = 1 / (1 + Math.exp(-(own - rival) / CONFIDENCE_SCALE));
  return Math.round((0.75 * margin + 0.25 * startEvidence) * 100) / 100;
}
