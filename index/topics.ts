import { stem, tokenize, type Glossary } from './analyze.js';
import type { ChapterSpan, Passage, TopicId, TopicVocabulary } from './types.js';

/**
 * Topics: each passage tagged with the topic whose words it is densest in (index/topics.json),
 * runs of one topic merged into chapters. A topic filter then picks shards, not documents.
 */

/** Neighbours' weight when smoothing: panel topics run for minutes, single passages drift. */
const WINDOW = [1, 0.8, 0.55, 0.3];
/**
 * Weighted topic words per 100 words a stretch needs to be that topic rather than general.
 * Stretches on a topic run at 10 to 60; introductions and small talk mostly at 0 to 5.
 */
const MIN_DENSITY = 8;

export interface Tagging {
  /** One topic per passage, in order. */
  topics: TopicId[];
  chapters: ChapterSpan[];
}

/**
 * Tags each passage with a topic and merges the result into chapters.
 *
 * Each passage is scored per topic by its weighted words and phrases per 100 words; scores are
 * smoothed over a few neighbours on each side, since a panel stays on a topic for minutes; the
 * best topic wins where it is dense enough, else the fallback (general). A run of one passage
 * between others is a blip, and joins a neighbour.
 *
 * @example tagPassages(passages, vocabulary.topics, vocabulary.glossary).chapters
 *   // [{ topic: 'general', start: 0, end: 238 }, { topic: 'security', start: 238, end: 1195 }, …]
 */
export function tagPassages(passages: readonly Passage[], vocabulary: TopicVocabulary, glossary: Glossary): Tagging {
  const densities = passages.map((p) => topicDensities(p.text, vocabulary, glossary));
  const smoothed = densities.map((_, i) =>
    vocabulary.topics.map((_t, k) => {
      let sum = 0;
      let weight = 0;
      WINDOW.forEach((w, d) => {
        for (const j of d === 0 ? [i] : [i - d, i + d]) {
          const row = densities[j];
          if (!row) continue;
          sum += w * (row[k] as number);
          weight += w;
        }
      });
      return sum / weight;
    }),
  );
  const labels = smoothed.map((scores) => {
    const best = scores.reduce((b, s, k) => (s > (scores[b] as number) ? k : b), 0);
    return (scores[best] ?? 0) >= MIN_DENSITY ? (vocabulary.topics[best]?.id ?? vocabulary.fallback.id) : vocabulary.fallback.id;
  });
  const topics = removeBlips(labels, smoothed, vocabulary);
  return { topics, chapters: toChapters(passages, topics) };
}

const compiled = new WeakMap<TopicVocabulary, CompiledTopics>();

interface CompiledTopics {
  terms: Map<string, [number, number][]>;
  phrases: { stems: string[]; topic: number; weight: number }[];
}

function compile(vocabulary: TopicVocabulary): CompiledTopics {
  const cached = compiled.get(vocabulary);
  if (cached) return cached;
  const terms = new Map<string, [number, number][]>();
  const phrases: CompiledTopics['phrases'] = [];
  vocabulary.topics.forEach((topic, k) => {
    for (const [term, weight] of Object.entries(topic.terms)) {
      const key = stem(term);
      terms.set(key, [...(terms.get(key) ?? []), [k, weight]]);
    }
    for (const [phrase, weight] of Object.entries(topic.phrases)) phrases.push({ stems: phrase.split(' ').map(stem), topic: k, weight });
  });
  const result = { terms, phrases };
  compiled.set(vocabulary, result);
  return result;
}

/** Weighted topic words per 100 words, one number per topic. */
export function topicDensities(text: string, vocabulary: TopicVocabulary, glossary: Glossary): number[] {
  const { terms, phrases } = compile(vocabulary);
  const stems = tokenize(text, glossary).map((t) => stem(t.word));
  const scores = vocabulary.topics.map(() => 0);
  stems.forEach((s, i) => {
    for (const [k, weight] of terms.get(s) ?? []) scores[k] = (scores[k] as number) + weight;
    for (const phrase of phrases) {
      if (phrase.stems[0] === s && phrase.stems.every((p, j) => stems[i + j] === p)) scores[phrase.topic] = (scores[phrase.topic] as number) + phrase.weight;
    }
  });
  const per100 = 100 / Math.max(stems.length, 30);
  return scores.map((s) => s * per100);
}

/** A lone passage between two others takes the topic of the neighbour it scores closer to. */
function removeBlips(labels: TopicId[], smoothed: number[][], vocabulary: TopicVocabulary): TopicId[] {
  const out = [...labels];
  const score = (i: number, topic: TopicId): number => {
    const k = vocabulary.topics.findIndex((t) => t.id === topic);
    return k < 0 ? MIN_DENSITY : (smoothed[i]?.[k] ?? 0);
  };
  for (let i = 0; i < out.length; i++) {
    const before = out[i - 1];
    const after = out[i + 1];
    if (out[i] === before || out[i] === after) continue;
    if (before === undefined && after === undefined) continue;
    if (before === undefined) out[i] = after as TopicId;
    else if (after === undefined) out[i] = before;
    else out[i] = score(i, before) >= score(i, after) ? before : after;
  }
  return out;
}

function toChapters(passages: readonly Passage[], topics: TopicId[]): ChapterSpan[] {
  const chapters: ChapterSpan[] = [];
  passages.forEach((passage, i) => {
    const topic = topics[i] as TopicId;
    const last = chapters[chapters.length - 1];
    if (last && last.topic === topic) last.end = passage.end;
    else chapters.push({ topic, start: last ? last.end : passage.start, end: passage.end });
  });
  if (chapters[0]) chapters[0].start = 0;
  return chapters;
}
