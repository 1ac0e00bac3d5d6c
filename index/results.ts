import type { Readings } from './analyze.js';
import type { CompiledClause } from './compile.js';
import { highlight, plainText, type MatchSpec } from './highlight.js';
import type { NotePassage } from './notePassages.js';
import { passageAt } from './passages.js';
import type { IndexedVideo } from './registry.js';
import type { Hit, Target } from './scorer.js';
import type { SearchResult } from './searchTypes.js';
import type { Passage, TopicId } from './types.js';
import { utteranceStartAt } from './utterance.js';

/**
 * Results: the scorer's hits ranked, counted by topic, and shaped into what a search answers,
 * each with an excerpt whose matched words are marked by position (highlight.ts). Text that
 * came from an import (title, speaker) is bounded here, so ten results are a few kilobytes
 * whatever was imported.
 */

export type DocKind = 'transcript' | 'note';

/** A shard as search scores it: with its video and the kind of its documents. */
export interface SearchTarget extends Target {
  video: IndexedVideo;
  kind: DocKind;
}

export type SearchHit = Hit<SearchTarget>;

/** A result's title and speaker are cut to this many characters (with `…`); the excerpt to SNIPPET_CHARS. */
const RESULT_TITLE_CHARS = 200;
const RESULT_SPEAKER_CHARS = 100;

/** Best first; equal scores in library order (video id, then passage), so paging is stable. */
export function rankHits(hits: SearchHit[]): SearchHit[] {
  return hits.sort((a, b) => {
    const x = a.target.video.videoId;
    const y = b.target.video.videoId;
    return b.score - a.score || (x < y ? -1 : x > y ? 1 : a.passage - b.passage);
  });
}

/** The topic of a hit: its passage's, or for a note, that of the passage at the note's moment. */
export function topicOf(hit: SearchHit, fallback: TopicId): TopicId {
  const { video, kind, docs } = hit.target;
  if (kind === 'note') return topicAt(video, (docs[hit.passage] as Passage).start) ?? fallback;
  return video.topics[hit.passage] as TopicId;
}

/** The topic of the passage playing at `seconds`. */
export function topicAt(video: IndexedVideo, seconds: number): TopicId | undefined {
  return video.topics[passageAt(video, seconds)];
}

/**
 * Hits per speaker, where the captions or speaker turns name one: a passage's speaker, or for a
 * note, that of the passage playing at its moment. Hits with no known speaker are not counted.
 */
export function speakerCounts(hits: readonly SearchHit[]): Record<string, number> {
  const speakers: Record<string, number> = {};
  for (const h of hits) {
    const { video, kind, docs } = h.target;
    const passage = kind === 'note' ? video.passages[passageAt(video, (docs[h.passage] as Passage).start)] : (docs[h.passage] as Passage);
    const speaker = passage?.speaker;
    if (speaker) speakers[speaker] = (speakers[speaker] ?? 0) + 1;
  }
  return speakers;
}

/** Hits per topic. */
export function topicCounts(hits: readonly SearchHit[], fallback: TopicId): Record<TopicId, number> {
  const topics: Record<TopicId, number> = {};
  for (const h of hits) {
    const topic = topicOf(h, fallback);
    topics[topic] = (topics[topic] ?? 0) + 1;
  }
  return topics;
}

/** What an excerpt marks: the stems of the clauses wanted, and their phrases (marked only where they stand), in every form. */
export function matchSpec(clauses: readonly CompiledClause[]): MatchSpec {
  const forms = clauses.filter((c) => c.presence !== 'prohibited').flatMap((c) => c.forms);
  return {
    stems: new Set(forms.filter((f) => !f.phrase).flatMap((f) => f.groups.flat())),
    phrases: forms.flatMap((f) => (f.phrase ? [f.phrase] : [])),
  };
}

/**
 * A hit as a search answers it.
 *
 * @example toResult(hit, matchSpec(clauses), false, readings, 'general')
 *   // { kind: 'transcript', videoId, title, passage: 12, start: 338.2, end: 367.9, at: 341.5, topic: 'hardware',
 *   //   speaker: null, excerpt: { text: '… posted interrupts …', marks: [[2, 8], [9, 19]] }, score: 9.07 }
 */
export function toResult(hit: SearchHit, match: MatchSpec, whole: boolean, readings: Readings, fallback: TopicId): SearchResult {
  const { video, kind, docs } = hit.target;
  const doc = docs[hit.passage] as Passage;
  const { tokens, stems } = readings.of(doc);
  const highlighted = highlight(doc, match, tokens, stems, whole);
  const passage = kind === 'note' ? passageAt(video, doc.start) : hit.passage;
  // A note's words were not said: its link opens where the utterance at its moment began.
  const spoken = video.passages[passage];
  const at = kind === 'note' && spoken ? utteranceStartAt(spoken, doc.start) : highlighted.at;
  const { excerpt } = highlighted;
  return {
    kind,
    videoId: video.videoId,
    title: plainText(video.title, RESULT_TITLE_CHARS),
    passage,
    ...(kind === 'note' ? { noteId: (doc as NotePassage).noteId, tags: (doc as NotePassage).tags } : {}),
    ...(kind === 'note' && (doc as NotePassage).author !== undefined ? { author: (doc as NotePassage).author } : {}),
    start: doc.start,
    end: doc.end,
    at,
    topic: video.topics[passage] ?? fallback,
    speaker: doc.speaker === null ? null : plainText(doc.speaker, RESULT_SPEAKER_CHARS),
    excerpt,
    score: Math.round(hit.score * 1000) / 1000,
  };
}
