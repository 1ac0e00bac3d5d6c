import { indexVideo, loadSearch, type Annotations } from '../../index/load.js';
import { toNotePassages } from '../../index/notePassages.js';
import type { IndexedVideo, SearchIndex } from '../../index/searchIndex.js';
import type { SearchOptions, SearchResponse } from '../../index/searchTypes.js';
import type { Chapter, Passage, TopicId } from '../../index/types.js';
import type { Vocabulary } from '../../index/vocabulary.js';
import { PanelnotesError } from '../errors.js';
import { videoLength } from '../transcript/length.js';
import type { LibraryProblem, TranscriptRecord } from '../transcript/types.js';
import type { Note } from '../notes/types.js';

/** A video as the pages and the API show it. */
export interface VideoView {
  record: TranscriptRecord;
  passages: Passage[];
  topics: TopicId[];
  chapters: Chapter[];
  /** Seconds: YouTube's length of the video, else the end of its last segment (see videoLength). */
  duration: number;
}

/**
 * The library as the web app sees it: transcripts plus their search index. Routes get one of
 * these and never touch files, lunr or YouTube themselves.
 */
export class Catalog {
  private constructor(
    private readonly index: SearchIndex,
    private readonly records: Map<string, TranscriptRecord>,
    private readonly vocabulary: Vocabulary,
    private readonly cacheDir: string,
    private readonly annotations: Annotations | undefined,
    readonly problems: LibraryProblem[],
  ) {}

  /** Loads the library and its indexes, with speaker turns and notes from `annotations`. */
  static async open(libraryDir: string, cacheDir: string, vocabulary: Vocabulary, annotations?: Annotations): Promise<Catalog> {
    const loaded = await loadSearch(libraryDir, cacheDir, vocabulary, annotations ? { annotations } : {});
    return new Catalog(loaded.index, new Map(loaded.records.map((r) => [r.videoId, r])), vocabulary, cacheDir, annotations, loaded.problems);
  }

  /** Videos sorted by title. */
  list(): VideoView[] {
    return [...this.records.values()].sort((a, b) => a.title.localeCompare(b.title)).map((r) => this.view(r.videoId));
  }

  has(videoId: string): boolean {
    return this.records.has(videoId);
  }

  /** @throws PanelnotesError NOT_FOUND */
  get(videoId: string): VideoView {
    if (!this.records.has(videoId)) throw new PanelnotesError('NOT_FOUND', `no video ${videoId} in the library`);
    return this.view(videoId);
  }

  search(query: string, options: SearchOptions = {}): SearchResponse {
    return this.index.search(query, options);
  }

  topics(): { id: TopicId; label: string }[] {
    return this.index.topicLabels();
  }

  get passageCount(): number {
    return this.index.passageCount;
  }

  /** Adds or replaces a video: only its own index is built (or taken from the cache). */
  async add(record: TranscriptRecord): Promise<VideoView> {
    await indexVideo(this.index, record, this.vocabulary, this.cacheDir, this.annotations ? { annotations: this.annotations } : {});
    this.records.set(record.videoId, record);
    return this.view(record.videoId);
  }

  /** After a speaker turn changed: the video's passages and index are rebuilt at once. */
  async refreshSpeakers(videoId: string): Promise<void> {
    const record = this.records.get(videoId);
    if (record) await this.add(record);
  }

  /** After a note changed: the video's notes are searchable as they now are. */
  refreshNotes(videoId: string): void {
    if (this.annotations && this.records.has(videoId)) this.index.setNotes(videoId, toNotePassages(this.annotations.notes(videoId)));
  }

  /** After one note was added or changed (`note`) or deleted (`removedId`): only its chunk is re-indexed. */
  noteChanged(videoId: string, note: Note | undefined, removedId?: string): void {
    if (!this.records.has(videoId)) return;
    this.index.updateNote(videoId, note ? toNotePassages([note])[0] : undefined, removedId);
  }

  private view(videoId: string): VideoView {
    const record = this.records.get(videoId) as TranscriptRecord;
    const video = this.index.get(videoId) as IndexedVideo;
    return {
      record,
      passages: video.passages,
      topics: video.topics,
      chapters: video.chapters,
      duration: videoLength(record),
    };
  }
}
