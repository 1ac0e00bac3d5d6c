import type { VideoIndexData } from '../../index/build.js';
import { withSpeakers, type Turn } from '../../index/speakers.js';
import { PanelnotesError } from '../errors.js';
import type { Note } from '../notes/types.js';
import { loadOrBuild, type IndexData } from '../search/cache.js';
import type { Vocabulary } from '../search/vocabulary.js';
import type { TranscriptRecord } from '../transcript/types.js';

/**
 * What a site is published from: the talks chosen, each with its built index, speaker turns and
 * the notes asked for. The library, the notes and the turns are read through a PublishReader,
 * which the CLI makes over the files and the app over its services: the one place publishing
 * reads them.
 */

/** What someone asked to publish. */
export interface PublishRequest {
  /** Talk ids; all the library's talks when empty. */
  videos: string[];
  /** Whether notes are published, and with `notesTag` only those with that tag. */
  notes: boolean;
  notesTag?: string;
  /** Where the site will be served: canonical links are made from it. */
  baseUrl?: URL;
}

/** Where a publisher reads the library, notes and speaker turns. */
export interface PublishReader {
  /** The library's talks. */
  records(): TranscriptRecord[] | Promise<TranscriptRecord[]>;
  /** A talk's notes, with `tag` only those with it. */
  notes(videoId: string, tag?: string): Note[] | Promise<Note[]>;
  turns(videoId: string): Turn[] | Promise<Turn[]>;
}

/** One talk as a site publishes it. */
export interface PublishTalk {
  record: TranscriptRecord;
  /** Its index, built with its speaker turns applied: the passages, topics and chapters the pages show. */
  data: VideoIndexData;
  /** The notes to publish (none without --notes). */
  notes: Note[];
}

/**
 * The talks to publish, sorted by title (as the library page lists them), their indexes from
 * the cache where current.
 *
 * @throws PanelnotesError NOT_FOUND for a talk id the library does not hold, USAGE for an empty library
 */
export async function gatherTalks(reader: PublishReader, request: PublishRequest, vocabulary: Vocabulary, indexData: IndexData): Promise<PublishTalk[]> {
  const records = await reader.records();
  const byId = new Map(records.map((r) => [r.videoId, r]));
  const missing = request.videos.filter((id) => !byId.has(id));
  if (missing.length) throw new PanelnotesError('NOT_FOUND', `no video ${missing.join(', ')} in the library`, 'panelnotes list shows the talks there are');
  const chosen = request.videos.length ? [...new Set(request.videos)].map((id) => byId.get(id) as TranscriptRecord) : records;
  if (!chosen.length) throw new PanelnotesError('USAGE', 'the library is empty: there is nothing to publish', 'add a talk first: panelnotes fetch VIDEO');
  const talks: PublishTalk[] = [];
  for (const record of [...chosen].sort((a, b) => a.title.localeCompare(b.title))) {
    const turns = await reader.turns(record.videoId);
    // As the app indexes a talk (server/search/load.ts): turns applied first, so passages carry the speakers.
    const spoken = turns.length ? { ...record, segments: withSpeakers(record.segments, turns) } : record;
    const { data } = await loadOrBuild(spoken, vocabulary, indexData);
    const notes = request.notes ? await reader.notes(record.videoId, request.notesTag) : [];
    talks.push({ record, data, notes });
  }
  return talks;
}
