import { loadOrBuild } from '../../index/cache.js';
import { loadSearch } from '../../index/load.js';
import type { IndexedVideo, SearchIndex } from '../../index/searchIndex.js';
import type { SearchOptions, SearchResponse } from '../../index/searchTypes.js';
import type { Chapter, Passage, TopicId } from '../../index/types.js';
import type { Vocabulary } from '../../index/vocabulary.js';
import { PanelnotesError } from '../errors.js';
import type { LibraryProblem, TranscriptRecord } from '../transcript/types.js';

/** A video as the pages and the API show it. */
export interface VideoView {
  record: TranscriptRecord;
  passages: Passage[];
  topics: TopicId[];
  chapters: Chapter[];
  /** Seconds, from the end of the last segment. */
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
    readonly problems: LibraryProblem[],
  ) {}

  static async open(libraryDir: string, cacheDir: string, vocabulary: Vocabulary): Promise<Catalog> {
    const loaded = await loadSearch(libraryDir, cacheDir, vocabulary);
    return new Catalog(loaded.index, new Map(loaded.records.map((r) => [r.videoId, r])), vocabulary, cacheDir, loaded.problems);
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
    const { data } = await loadOrBuild(record, this.vocabulary, this.cacheDir);
    this.index.add(record, data);
    this.records.set(record.videoId, record);
    return this.view(record.videoId);
  }

  private view(videoId: string): VideoView {
    const record = this.records.get(videoId) as TranscriptRecord;
    const video = this.index.get(videoId) as IndexedVideo;
    const last = record.segments[record.segments.length - 1];
    return {
      record,
      passages: video.passages,
      topics: video.topics,
      chapters: video.chapters,
      duration: last ? last.start + last.duration : 0,
    };
  }
}
