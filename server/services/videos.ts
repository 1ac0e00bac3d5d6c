import { chapterTranscript } from '../../index/build.js';
import { withSpeakers, type Turn } from '../../index/speakers.js';
import type { Chapter } from '../../index/types.js';
import type { Vocabulary } from '../search/vocabulary.js';
import { PanelnotesError } from '../errors.js';
import { videoLength } from '../transcript/length.js';
import type { TranscriptRecord } from '../transcript/types.js';
import type { Catalog } from './catalog.js';

/**
 * What notes and speaker turns need to know of the videos they are on: which there are, how
 * long each is (a note must lie inside its video), and, for an export, its title, link and
 * chapters. The server answers from its catalog; the CLI from the library's records alone, so
 * saving one note never loads or builds a search index.
 */
export interface NotesVideos {
  has(videoId: string): boolean;
  /** Seconds: YouTube's length of the video, else the end of its last segment (see videoLength). @throws PanelnotesError NOT_FOUND */
  duration(videoId: string): number;
  /** Every video's length, for checking an import's notes. */
  lengths(): Map<string, number>;
  /** The video's transcript record (its segments and metadata). @throws PanelnotesError NOT_FOUND */
  record(videoId: string): TranscriptRecord;
  /** What an export says of a video besides its notes. @throws PanelnotesError NOT_FOUND */
  exportSource(videoId: string): { title: string; url?: string; chapters: Chapter[]; topicLabel: (id: string) => string };
}

/** The videos as the server's catalog holds them, chapters and all. */
export function catalogVideos(catalog: Catalog): NotesVideos {
  return {
    has: (videoId) => catalog.has(videoId),
    duration: (videoId) => catalog.get(videoId).duration,
    record: (videoId) => catalog.get(videoId).record,
    lengths: () => new Map(catalog.list().map((v) => [v.record.videoId, v.duration])),
    exportSource: (videoId) => {
      const { record, chapters } = catalog.get(videoId);
      const labels = new Map(catalog.topics().map((t) => [t.id, t.label]));
      return { title: record.title, ...(record.url ? { url: record.url } : {}), chapters, topicLabel: (id) => labels.get(id) ?? id };
    },
  };
}

/**
 * The videos from the library's records, for the CLI. Chapters are worked out for the one
 * video exported, as the index would tag them (its speaker turns shape its passages), but
 * without building its search index.
 */
export function recordVideos(records: readonly TranscriptRecord[], vocabulary: Vocabulary, turns: (videoId: string) => Turn[]): NotesVideos {
  const byId = new Map(records.map((r) => [r.videoId, r]));
  const labels = new Map([...vocabulary.topics.topics, vocabulary.topics.fallback].map((t) => [t.id, t.label]));
  const record = (videoId: string): TranscriptRecord => {
    const found = byId.get(videoId);
    if (!found) throw new PanelnotesError('NOT_FOUND', `no video ${videoId} in the library`);
    return found;
  };
  return {
    has: (videoId) => byId.has(videoId),
    duration: (videoId) => videoLength(record(videoId)),
    record,
    lengths: () => new Map(records.map((r) => [r.videoId, videoLength(r)])),
    exportSource: (videoId) => {
      const { title, url } = record(videoId);
      return { title, ...(url ? { url } : {}), chapters: chaptersOf(record(videoId), turns(videoId), vocabulary), topicLabel: (id) => labels.get(id) ?? id };
    },
  };
}

/** A video's chapters by topic, as its index would have them (see buildVideoIndex). */
function chaptersOf(record: TranscriptRecord, turns: readonly Turn[], vocabulary: Vocabulary): Chapter[] {
  const segments = turns.length ? withSpeakers(record.segments, turns) : record.segments;
  return chapterTranscript({ ...record, segments }, vocabulary.topics, vocabulary.glossary).chapters;
}
