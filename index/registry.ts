import type { Glossary } from './analyze.js';
import type { WordSource } from './compile.js';
import { buildNoteChunk, type NoteChunkData, type VideoIndexData } from './build.js';
import { chunkDocs, planNoteChunks, type ChunkContent, type NoteChunk } from './noteChunks.js';
import type { NotePassage } from './notePassages.js';
import { Shard } from './shard.js';
import type { Chapter, Passage, TopicId, Transcript } from './types.js';
import { mergeWords, type WordList } from './words.js';

/**
 * The registry: what the index holds, video by video (passages, topics, chapters, shards, and
 * the notes in their chunks), and the library-wide figures made from all of it: how many
 * documents hold a term (for the idf), the merged word lists, and the expansions of `*` and `~`
 * made from them. Each figure is made when first asked for and dropped when what it was made
 * from changes. Videos are added and removed whole; nothing is rebuilt but the video that
 * changed.
 */

/** One video as search holds it. */
export interface IndexedVideo {
  videoId: string;
  title: string;
  passages: Passage[];
  topics: TopicId[];
  chapters: Chapter[];
  shards: Shard[];
  /** `word stem` lines (see VideoIndexData.words). */
  words: string;
  /** Notes on the video, as passages of their own (one anchor: the note's moment). */
  notes: NotePassage[];
  /**
   * The notes in chunks of about 256, each its own shard over its own notes; a chunk whose
   * notes did not change keeps its shard, so an edit rebuilds one chunk, not them all.
   */
  noteChunks: Map<string, NoteChunk>;
}

export class IndexRegistry implements WordSource {
  private readonly videos = new Map<string, IndexedVideo>();
  private documentCount = 0;
  private frequencies = new Map<string, number>();
  private wordList: WordList | undefined;
  private noteWordList: WordList | undefined;
  private expansions = new Map<string, string[]>();
  private generation = 0;

  constructor(protected readonly glossary: Glossary) {}

  /** Adds or replaces a video from its built (or cached) index data; its notes, if any, stay. */
  add(record: Pick<Transcript, 'videoId' | 'title'>, data: VideoIndexData): IndexedVideo {
    const video: IndexedVideo = {
      videoId: record.videoId,
      title: record.title,
      passages: data.passages,
      topics: data.topics,
      chapters: data.chapters,
      shards: Object.entries(data.shards).map(([topic, json]) => new Shard(topic, json)),
      words: data.words,
      notes: [],
      noteChunks: new Map(),
    };
    const previous = this.videos.get(record.videoId);
    this.remove(record.videoId);
    this.videos.set(record.videoId, video);
    this.documentCount += video.passages.length;
    if (previous) this.setNotes(record.videoId, previous.notes, previous.noteChunks);
    this.changed();
    return video;
  }

  remove(videoId: string): void {
    const video = this.videos.get(videoId);
    if (!video) return;
    this.videos.delete(videoId);
    this.documentCount -= video.passages.length + video.notes.length;
    this.changed();
  }

  get(videoId: string): IndexedVideo | undefined {
    return this.videos.get(videoId);
  }

  list(): IndexedVideo[] {
    return [...this.videos.values()];
  }

  /** Documents in the library: passages and notes. */
  get passageCount(): number {
    return this.documentCount;
  }

  /** A video's notes once `note` is added or changed, or `removedId` deleted (the index itself is unchanged). */
  notesWith(videoId: string, note: NotePassage | undefined, removedId?: string): NotePassage[] {
    const id = note?.noteId ?? removedId;
    const notes = (this.videos.get(videoId)?.notes ?? []).filter((n) => n.noteId !== id);
    if (note) notes.push(note);
    return notes;
  }

  /**
   * The chunks `setNotes(videoId, notes)` would have to build, each with its signature: the
   * server builds them on a worker thread and hands them to `setNotes` as `built`. A changed
   * note costs one chunk, unless the number of chunks changes with it (as the notes double).
   */
  chunksToBuild(videoId: string, notes: NotePassage[]): { signature: string; docs: NotePassage[] }[] {
    const video = this.videos.get(videoId);
    if (!video) return [];
    return planNoteChunks(notes)
      .filter(({ key, signature }) => video.noteChunks.get(key)?.signature !== signature)
      .map(({ signature, members }) => ({ signature, docs: chunkDocs(members) }));
  }

  /**
   * Replaces a video's notes, chunk by chunk (see noteChunks.ts). A chunk whose notes are
   * unchanged (`reuse`, else the video's own) is kept as it is; one found in `built` (by
   * signature) is taken from there; any other is built here.
   */
  setNotes(videoId: string, notes: NotePassage[], reuse?: IndexedVideo['noteChunks'], built?: ReadonlyMap<string, NoteChunkData>): void {
    const video = this.videos.get(videoId);
    if (!video) return;
    const previous = reuse ?? video.noteChunks;
    this.documentCount += notes.length - video.notes.length;
    video.notes = notes;
    video.noteChunks = new Map();
    for (const { key, signature, members } of planNoteChunks(notes)) {
      const kept = previous.get(key);
      if (kept?.signature === signature) video.noteChunks.set(key, kept);
      else {
        const docs = chunkDocs(members);
        video.noteChunks.set(key, chunkOf(signature, docs, built?.get(signature) ?? buildNoteChunk(docs, this.glossary)));
      }
    }
    this.notesChanged();
  }

  /** Each chunk's signature, for a worker to tell which chunks it need not build again. */
  noteChunkSignatures(videoId: string): Map<string, string> {
    return new Map([...(this.videos.get(videoId)?.noteChunks ?? [])].map(([key, chunk]) => [key, chunk.signature]));
  }

  /**
   * One chunk of a video's notes, ready to swap in with `swapNoteChunks`: the one the index
   * holds under `key` (`content` absent), or one built elsewhere. Cheap enough to call between
   * other requests, one chunk at a time.
   */
  noteChunkFor(videoId: string, key: string, signature: string, content?: ChunkContent): NoteChunk | undefined {
    if (!content) return this.videos.get(videoId)?.noteChunks.get(key);
    return chunkOf(signature, content.docs, content.data);
  }

  /** Makes `chunks` the video's notes at once (see noteChunkFor). */
  swapNoteChunks(videoId: string, chunks: Map<string, NoteChunk>): void {
    const video = this.videos.get(videoId);
    if (!video) return;
    const notes = [...chunks.values()].flatMap((c) => c.docs);
    this.documentCount += notes.length - video.notes.length;
    video.notes = notes;
    video.noteChunks = chunks;
    this.notesChanged();
  }

  /** A count that moves whenever the library-wide figures are dropped: what was made from them before is stale. */
  protected get version(): number {
    return this.generation;
  }

  /** Library-wide number of documents (passages and notes) holding `term`: the df of the idf. */
  frequency(term: string): number {
    let df = this.frequencies.get(term);
    if (df === undefined) {
      df = 0;
      for (const video of this.videos.values()) {
        for (const shard of video.shards) df += shard.documentFrequency(term);
        for (const chunk of video.noteChunks.values()) df += chunk.shard.documentFrequency(term);
      }
      this.frequencies.set(term, df);
    }
    return df;
  }

  /**
   * What `expansion` finds among the words spoken and the words of notes, the two merged,
   * remembered under `key` until either changes (people repeat and page).
   */
  expand(key: string, expansion: (list: WordList) => string[]): string[] {
    let stems = this.expansions.get(key);
    if (!stems) {
      if (this.expansions.size > 1000) this.expansions.clear();
      this.wordList ??= mergeWords([...this.videos.values()].map((v) => v.words));
      // Kept apart from the spoken words: notes change often, and the spoken list is the big one.
      this.noteWordList ??= mergeWords([...this.videos.values()].flatMap((v) => [...v.noteChunks.values()].map((c) => c.words)));
      this.expansions.set(key, (stems = [...new Set([...expansion(this.wordList), ...expansion(this.noteWordList)])]));
    }
    return stems;
  }

  /**
   * Notes change how many documents hold a word and the notes' own words, not the spoken words
   * (the 100-hour list takes 70 ms to merge: too much to pay again after every note).
   */
  private notesChanged(): void {
    this.generation++;
    this.frequencies = new Map();
    this.noteWordList = undefined;
    this.expansions = new Map();
  }

  private changed(): void {
    this.notesChanged();
    this.wordList = undefined;
  }
}

function chunkOf(signature: string, docs: NotePassage[], data: NoteChunkData): NoteChunk {
  return { signature, shard: new Shard('', data.shard), words: data.words, docs };
}
