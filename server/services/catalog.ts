import type { VideoIndexData } from '../../index/build.js';
import { toNotePassages } from '../../index/notePassages.js';
import type { IndexedVideo } from '../../index/registry.js';
import type { SearchIndex } from '../../index/searchIndex.js';
import type { SearchOptions, SearchResponse } from '../../index/searchTypes.js';
import type { Chapter, Passage, TopicId } from '../../index/types.js';
import { spokenIndex } from '../search/cache.js';
import { indexVideo, loadSearch, type Annotations } from '../search/load.js';
import type { Vocabulary } from '../search/vocabulary.js';
import { PanelnotesError } from '../errors.js';
import { videoLength } from '../transcript/length.js';
import type { LibraryProblem, TranscriptRecord } from '../transcript/types.js';
import type { Note } from '../notes/types.js';
import { sameRecord } from '../transcript/same.js';
import { locate, StoredDataProblem } from '../store/storedProblem.js';
import type { TranscriptsRepository } from '../store/types.js';
import { Arrivals } from './arrivals.js';
import type { IndexWorkers } from './indexWorkers.js';
import { NoteIndexing } from './noteIndexing.js';
import { VideoQueues } from './videoQueues.js';

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
    /** Public: a site's publisher (server/publish) builds from the same vocabulary and index data. */
    readonly vocabulary: Vocabulary,
    /** Public: the publisher reads each talk's index data from the same repository. */
    readonly transcripts: TranscriptsRepository,
    private readonly annotations: Annotations | undefined,
    readonly problems: LibraryProblem[],
    private readonly workers: IndexWorkers | undefined,
    /** The talks' indexes at opening: loaded from prebuilt index data, or built (none on a team's second instance). */
    readonly opened: { built: number; cached: number } = { built: 0, cached: 0 },
  ) {
    this.notesIndexing = new NoteIndexing(index, workers);
  }

  /** One change at a time per video (see videoQueues.ts). */
  private readonly queues = new VideoQueues();
  /** Notes into the index between other requests (see noteIndexing.ts). */
  private readonly notesIndexing: NoteIndexing;

  /** Moves whenever a talk is added, replaced or removed, or its speakers re-shape its passages. */
  private revision = 0;
  /** Per talk: the library's revision when it last changed (see versionOf). */
  private readonly changedAt = new Map<string, number>();
  /** Per talk: the speaker turns its index was built with, to tell a change from news of one already applied. */
  private readonly appliedTurns = new Map<string, string>();
  private readonly arrivals = new Arrivals();

  /**
   * Loads the library from `transcripts` and the indexes from its prebuilt index data (built and
   * put there where missing or out of date), with speaker turns and notes from `annotations`.
   */
  static async open(transcripts: TranscriptsRepository, vocabulary: Vocabulary, annotations?: Annotations, workers?: IndexWorkers): Promise<Catalog> {
    const loaded = await loadSearch(transcripts, vocabulary, annotations ? { annotations } : {});
    const { index, records, problems, built, cached } = loaded;
    return new Catalog(index, new Map(records.map((r) => [r.videoId, r])), vocabulary, transcripts, annotations, problems, workers, { built, cached });
  }

  /** Videos sorted by title. */
  list(): VideoView[] {
    return [...this.records.values()].sort((a, b) => a.title.localeCompare(b.title)).map((r) => this.view(r.videoId));
  }

  /** Where a talk can be watched, as its record says (none for a local talk imported without a URL). */
  urlOf(videoId: string): string | undefined {
    return this.records.get(videoId)?.url;
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

  /**
   * The talks' own part of what an open page compares to offer a reload: it moves when a talk is
   * added, replaced or removed, or its speakers change its passages (notes are the notes
   * database's part: NotesService.stamp). With `videoId`, that talk's; else the library's.
   */
  versionOf(videoId?: string): number {
    return videoId === undefined ? this.revision : (this.changedAt.get(videoId) ?? 0);
  }

  /**
   * Adds or replaces a video: only its own index is built (or taken from the cache), or `built`
   * is used when the caller built it already (an import on a worker thread).
   */
  add(record: TranscriptRecord, built?: VideoIndexData): Promise<VideoView> {
    return this.queues.run(record.videoId, async () => {
      // Already applied, from the folder's news of the very file this import saved: nothing to redo.
      const current = this.records.get(record.videoId);
      if (current && sameRecord(current, record) && (await this.turnsApplied(record.videoId))) return this.view(record.videoId);
      return this.put(record, built);
    });
  }

  /**
   * Runs `work`, an import or fetch that saves a talk's file and then adds it: meanwhile the
   * folder's news of that file is left to it (indexing it twice at once is wasted), and looked
   * at once the work is done, in case another process wrote the file too.
   */
  arrival<T>(videoId: string, work: () => Promise<T>): Promise<T> {
    return this.arrivals.during(videoId, work);
  }

  /**
   * After a talk's transcript changed (in the library folder, by another process or the
   * server's own save; in team mode, on another instance): read again from the repository and
   * applied. A transcript the same as the talk the catalog has changes nothing; a new or
   * different one is indexed (the other talks are not touched); one gone takes the talk out, or
   * brings back the shipped sample of it beneath the default library. One that cannot be read or
   * is invalid is reported (see problems, under `locate`) and the talk as it was stays.
   */
  reloadTranscript(videoId: string): Promise<'added' | 'replaced' | 'removed' | 'unchanged' | 'problem'> {
    if (this.arrivals.hold(videoId, () => void this.reloadTranscript(videoId).catch(() => undefined))) return Promise.resolve('unchanged');
    return this.queues.run(videoId, async () => {
      const where = this.locate(videoId);
      let record: TranscriptRecord | undefined;
      try {
        record = await this.transcripts.getTranscript(videoId);
      } catch (error) {
        if (!(error instanceof StoredDataProblem)) throw error;
        this.noteProblem(error.where, error.problem);
        return 'problem';
      }
      if (!record) return this.drop(videoId);
      this.noteProblem(where, undefined);
      const current = this.records.get(videoId);
      if (current && sameRecord(current, record)) return 'unchanged';
      await this.put(record);
      return current ? 'replaced' : 'added';
    });
  }

  /** Where the talk's transcript is kept, as `problems` names it (its file, in the SQLite engine). */
  locate(videoId: string): string {
    return locate(this.transcripts, videoId, 'transcript');
  }

  /** Takes a talk out of the catalog and its index (its notes stay in the database). */
  private drop(videoId: string): 'removed' | 'unchanged' {
    if (!this.records.has(videoId)) return 'unchanged';
    this.index.remove(videoId);
    this.records.delete(videoId);
    this.appliedTurns.delete(videoId);
    this.changed(videoId);
    return 'removed';
  }

  /** A problem with a talk's file said once in `problems` (replacing what was said of it before), or cleared. */
  private noteProblem(path: string, problem: string | undefined): void {
    const at = this.problems.findIndex((p) => p.path === path);
    if (at >= 0) this.problems.splice(at, 1);
    if (problem) this.problems.push({ path, problem });
  }

  private changed(videoId: string): void {
    this.revision++;
    this.changedAt.set(videoId, this.revision);
  }

  private async put(record: TranscriptRecord, built?: VideoIndexData): Promise<VideoView> {
    const turns = (await this.annotations?.turns(record.videoId)) ?? [];
    if (!this.workers) {
      await indexVideo(this.index, record, this.vocabulary, this.transcripts, this.annotations ? { annotations: this.annotations } : {});
    } else {
      const data =
        built ??
        (this.workers.indexVideo ? await this.workers.indexVideo(record, turns) : (await spokenIndex(record, turns, this.vocabulary, this.transcripts)).data);
      this.index.add(record, data); // the video's notes come along, their chunks as they were
      await this.loadNotes(record.videoId);
    }
    this.records.set(record.videoId, record);
    this.appliedTurns.set(record.videoId, JSON.stringify(turns));
    this.changed(record.videoId);
    return this.view(record.videoId);
  }

  /** Whether the talk's index was built with the speaker turns the database holds now. */
  private async turnsApplied(videoId: string): Promise<boolean> {
    return this.appliedTurns.get(videoId) === JSON.stringify((await this.annotations?.turns(videoId)) ?? []);
  }

  /**
   * After a speaker turn changed: the video's passages and index are rebuilt at once, unless
   * its index was built with these very turns (news of a change already applied).
   */
  async refreshSpeakers(videoId: string): Promise<void> {
    await this.queues.run(videoId, async () => {
      const record = this.records.get(videoId);
      if (!record) return;
      if (!(await this.turnsApplied(videoId))) await this.put(record);
    });
  }

  /** After notes were imported: the video's notes are searchable as they now are. */
  refreshNotes(videoId: string): Promise<void> {
    return this.queues.run(videoId, async () => {
      if (this.records.has(videoId)) await this.loadNotes(videoId);
    });
  }

  /** A video's notes read afresh: on a worker where it reads them itself (the SQLite engine), else here. */
  private async loadNotes(videoId: string): Promise<void> {
    if (!this.annotations) return;
    const workers = this.workers;
    if (workers?.videoNotes)
      await this.notesIndexing.reload(videoId, (id, known) => (workers.videoNotes as NonNullable<IndexWorkers['videoNotes']>)(id, known));
    else await this.notesIndexing.set(videoId, toNotePassages(await this.annotations.notes(videoId)));
  }

  /** After one note was added or changed (`note`) or deleted (`removedId`): only its chunk is re-indexed. */
  noteChanged(videoId: string, note: Note | undefined, removedId?: string): Promise<void> {
    return this.queues.run(videoId, async () => {
      if (this.records.has(videoId))
        await this.notesIndexing.set(videoId, this.index.notesWith(videoId, note ? toNotePassages([note])[0] : undefined, removedId));
    });
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
