import { PanelnotesError } from '../server/errors.js';
import type { TranscriptRecord } from '../server/transcript/types.js';
import { watchUrl } from '../server/videoId.js';
import { isStopWord, stem, tokenize, type Glossary, type WordToken } from './analyze.js';
import { buildNoteChunk, type NoteChunkData, type VideoIndexData } from './build.js';
import { chunkDocs, planNoteChunks, type ChunkContent } from './noteChunks.js';
import { highlight, plainText, type MatchSpec } from './highlight.js';
import { holdsPhrase } from './phrases.js';
import { parseQuery, type Clause, type ParsedQuery, type Presence, type TermClause } from './query.js';
import type { SearchOptions, SearchResponse, SearchResult } from './searchTypes.js';
import { idf, Shard } from './shard.js';
import type { Chapter, Passage, TopicId, TopicVocabulary } from './types.js';
import { closeWords, prefixWords, type WordList } from './words.js';

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
   * The notes in chunks of about 256, each its own lunr shard over its own notes; a chunk
   * whose notes did not change keeps its shard, so an edit rebuilds one chunk, not them all.
   */
  noteChunks: Map<string, NoteChunk>;
}

/** Some of a video's notes, indexed together; `words` are theirs, for `*` and `~`. */
export interface NoteChunk {
  signature: string;
  shard: Shard;
  words: string;
  /** Its notes, numbered from 0 as the shard's documents. */
  docs: NotePassage[];
}

export type DocKind = 'transcript' | 'note';

/** A note in the shape search treats every document: a passage, with the note's id and tags. */
export interface NotePassage extends Passage {
  noteId: string;
  tags: string[];
}

/** A clause ready to run: groups of alternative stems, all groups needed for the clause. */
interface Compiled {
  presence: Presence;
  groups: string[][];
  /** For phrases: the stems in order, checked for adjacency on the passages found. */
  phrase?: string[];
}

interface Hit {
  video: IndexedVideo;
  kind: DocKind;
  /** The documents `passage` indexes: the video's passages, or one chunk's notes. */
  docs: Passage[];
  passage: number;
  score: number;
  mask: number;
}

const MAX_EXPANSIONS = 64;
/** A result's title and speaker are cut to this many characters (with `…`); the snippet to SNIPPET_CHARS. */
const RESULT_TITLE_CHARS = 200;
const RESULT_SPEAKER_CHARS = 100;
/** Clauses are tracked as bits of a 32-bit mask; a longer query keeps its first words. */
const MAX_CLAUSES = 30;

/**
 * The library's search index: one entry per video, each a few lunr shards (one per topic).
 * Videos are added and removed whole; nothing is rebuilt but the video that changed. Scores use
 * library-wide document frequencies, so a hit ranks the same whichever video it is in.
 */
export class SearchIndex {
  private readonly videos = new Map<string, IndexedVideo>();
  private documentCount = 0;
  private frequencies = new Map<string, number>();
  private wordList: WordList | undefined;
  private noteWordList: WordList | undefined;
  private expansions = new Map<string, string[]>();

  constructor(
    private readonly vocabulary: TopicVocabulary,
    private readonly glossary: Glossary,
  ) {}

  /** Adds or replaces a video from its built (or cached) index data. */
  add(record: Pick<TranscriptRecord, 'videoId' | 'title'>, data: VideoIndexData): IndexedVideo {
    const video: IndexedVideo = {
      videoId: record.videoId,
      title: record.title,
      passages: data.passages,
      topics: data.topics,
      chapters: data.chapters,
      shards: Object.entries(data.shards).map(([topic, json]) => new Shard(record.videoId, topic, json)),
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
   * Replaces a video's notes, in chunks of about NOTES_PER_CHUNK (lunr cannot update an index
   * in place). A chunk whose notes are unchanged (`reuse`, else the video's own) is kept as it
   * is; one found in `built` (by signature) is taken from there; any other is built here.
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
      video.noteChunks.set(key, kept?.signature === signature ? kept : this.noteChunk(videoId, members, signature, built?.get(signature)));
    }
    this.notesChanged();
  }

  private noteChunk(videoId: string, members: NotePassage[], signature: string, built?: NoteChunkData): NoteChunk {
    const docs = chunkDocs(members);
    return this.chunkOf(videoId, signature, docs, built ?? buildNoteChunk(docs, this.glossary));
  }

  private chunkOf(videoId: string, signature: string, docs: NotePassage[], data: NoteChunkData): NoteChunk {
    return { signature, shard: new Shard(videoId, '', data.shard, 'note', docs), words: data.words, docs };
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
    return this.chunkOf(videoId, signature, content.docs, content.data);
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

  get(videoId: string): IndexedVideo | undefined {
    return this.videos.get(videoId);
  }

  list(): IndexedVideo[] {
    return [...this.videos.values()];
  }

  get passageCount(): number {
    return this.documentCount;
  }

  /** Every topic a passage can have, in the vocabulary's order, the fallback last. */
  topicLabels(): { id: TopicId; label: string }[] {
    return [...this.vocabulary.topics, this.vocabulary.fallback].map(({ id, label }) => ({ id, label }));
  }

  /**
   * Searches the library. Never throws on what a user types: bad syntax falls back to plain
   * words (`fellBack` says why). Throws PanelnotesError only for an empty query or a filter
   * naming a video or topic that does not exist.
   */
  search(query: string, options: SearchOptions = {}): SearchResponse {
    const parsed = parseQuery(query);
    // What the caller fixed (a page's own video, a --topic flag) wins over filters typed in the query.
    const filters = { ...this.filtersOf(parsed), ...options };
    const all = this.joinMishearings(parsed.clauses)
      .map((c) => this.compile(c))
      .filter((c): c is Compiled => c !== undefined);
    // Over the limit, plain words give way first: a +must or -exclude is never dropped.
    const strong = all.filter((c) => c.presence !== 'optional');
    const compiled = [...strong, ...all.filter((c) => c.presence === 'optional')].slice(0, MAX_CLAUSES);
    const notice = all.length > MAX_CLAUSES ? `a query holds at most ${MAX_CLAUSES} words; the last plain words were left out` : undefined;
    if (!compiled.some((c) => c.presence !== 'prohibited')) {
      const why = parsed.fellBack ? ` (${parsed.fellBack.reason})` : parsed.clauses.length ? ' (only very common words)' : '';
      throw new PanelnotesError('USAGE', `nothing to search for in "${query}"${why}`, 'type a few words a speaker said, e.g. posted interrupts');
    }
    const shards = this.shardsFor(filters);
    let relaxed = false;
    let hits = this.evaluate(shards, compiled, true);
    if (!hits.length && compiled.filter((c) => c.presence === 'optional').length > 1) {
      hits = this.evaluate(shards, compiled, false);
      relaxed = hits.length > 0;
    }
    hits = hits.filter((h) => this.passesFilters(h, filters));
    hits.sort((a, b) => b.score - a.score || (a.video.videoId < b.video.videoId ? -1 : a.video.videoId > b.video.videoId ? 1 : a.passage - b.passage));

    const topics: Record<TopicId, number> = {};
    for (const h of hits) {
      const topic = h.kind === 'note' ? (topicAt(h.video, (h.docs[h.passage] as Passage).start) ?? this.vocabulary.fallback.id) : (h.video.topics[h.passage] as TopicId);
      topics[topic] = (topics[topic] ?? 0) + 1;
    }
    const offset = options.offset ?? 0;
    const limit = options.limit ?? 10;
    const match = this.matchSpec(compiled);
    return {
      query,
      total: hits.length,
      results: hits.slice(offset, offset + limit).map((h) => this.toResult(h, match, options.wholeText === true)),
      topics,
      ...(parsed.fellBack ? { fellBack: parsed.fellBack } : {}),
      ...(relaxed ? { relaxed } : {}),
      ...(notice ? { notice } : {}),
    };
  }

  private filtersOf(parsed: ParsedQuery): SearchOptions {
    const { topic, speaker, video, kind } = parsed.filters;
    const out: SearchOptions = {};
    if (topic) out.topic = topic;
    if (speaker) out.speaker = speaker;
    if (video) out.video = video;
    if (kind) {
      if (kind !== 'transcript' && kind !== 'note') throw new PanelnotesError('USAGE', `kind:${kind} is not a kind; use kind:transcript or kind:note`);
      out.kind = kind;
    }
    return out;
  }

  private shardsFor(filters: SearchOptions): Shard[] {
    let videos = [...this.videos.values()];
    if (filters.video) {
      const video = this.videos.get(filters.video);
      if (!video) throw new PanelnotesError('NOT_FOUND', `no video ${filters.video} in the library`);
      videos = [video];
    }
    let topic: TopicId | undefined;
    if (filters.topic) {
      const wanted = filters.topic.toLowerCase();
      const all = [...this.vocabulary.topics, this.vocabulary.fallback];
      topic = all.find((t) => t.id === wanted || t.label.toLowerCase().startsWith(wanted))?.id;
      if (!topic) throw new PanelnotesError('USAGE', `no topic "${filters.topic}"; topics are ${all.map((t) => t.id).join(', ')}`);
    }
    this.topicFilter = topic;
    return videos.flatMap((v) => [
      ...(filters.kind === 'note' ? [] : topic ? v.shards.filter((s) => s.topic === topic) : v.shards),
      ...(filters.kind === 'transcript' ? [] : [...v.noteChunks.values()].map((c) => c.shard)),
    ]);
  }

  /** The topic filter of the search under way, resolved to an id (notes are filtered by it after matching). */
  private topicFilter: TopicId | undefined;

  private passesFilters(hit: Hit, filters: SearchOptions): boolean {
    const doc = hit.docs[hit.passage] as Passage;
    if (filters.speaker && !doc.speaker?.toLowerCase().includes(filters.speaker.toLowerCase())) return false;
    if (filters.from !== undefined && doc.end <= filters.from) return false;
    if (filters.to !== undefined && doc.start >= filters.to) return false;
    if (hit.kind === 'note' && this.topicFilter && topicAt(hit.video, doc.start) !== this.topicFilter) return false;
    return true;
  }

  /**
   * The glossary spans words (`lib vert`), which the parser read as separate plain words: runs
   * of plain words are re-read together, so a mishearing typed as such finds the term.
   */
  private joinMishearings(clauses: Clause[]): Clause[] {
    const out: Clause[] = [];
    let run: TermClause[] = [];
    const flush = (): void => {
      if (run.length > 1) {
        const presence = run[0]?.presence ?? 'optional';
        for (const token of tokenize(run.map((c) => c.text).join(' '), this.glossary))
          out.push({ type: 'term', text: token.word, presence, prefix: false, fuzzy: 0 });
      } else out.push(...run);
      run = [];
    };
    for (const clause of clauses) {
      const plain = clause.type === 'term' && !clause.prefix && !clause.fuzzy;
      if (plain && (!run.length || run[0]?.presence === clause.presence)) run.push(clause);
      else {
        flush();
        if (plain) run.push(clause as TermClause);
        else out.push(clause);
      }
    }
    flush();
    return out;
  }

  /** Turns a clause into stems: the glossary applied, stop words dropped, `*` and `~` expanded. */
  private compile(clause: Clause): Compiled | undefined {
    const words = tokenize(clause.text, this.glossary).map((t) => t.word);
    if (clause.type === 'phrase') {
      const groups = words.filter((w) => !isStopWord(w)).map((w) => [stem(w)]);
      if (!groups.length) return undefined;
      return { presence: clause.presence, groups, ...(words.length > 1 ? { phrase: words.map(stem) } : {}) };
    }
    const word = words.join(' ');
    if (!word) return undefined;
    if (clause.prefix) return { presence: clause.presence, groups: [this.expand(`${word}*`, (list) => prefixWords(list, word, MAX_EXPANSIONS))] };
    if (clause.fuzzy)
      return { presence: clause.presence, groups: [unique([stem(word), ...this.expand(`${word}~${clause.fuzzy}`, (list) => closeWords(list, word, clause.fuzzy, MAX_EXPANSIONS))])] };
    if (words.length > 1) return this.compile({ type: 'phrase', text: clause.text, presence: clause.presence });
    if (isStopWord(word)) return undefined;
    return { presence: clause.presence, groups: [[stem(word)]] };
  }

  /**
   * Scores passages in the given shards. A clause matches a passage holding every one of its
   * groups, and scores the best alternative of each group; clause scores add up. `strict`
   * requires every plain word, as people expect; otherwise any will do. A phrase clause counts
   * only where its words stand together, checked last and only for passages still in the
   * running. The work happens in typed arrays indexed by passage, reused across shards and
   * queries: no allocation per posting.
   */
  private evaluate(shards: Shard[], clauses: Compiled[], strict: boolean): Hit[] {
    const bits = (test: (c: Compiled) => boolean): number => clauses.reduce((m, c, i) => (test(c) ? m | (1 << i) : m), 0);
    const requiredMask = bits((c) => c.presence === 'required' || (strict && c.presence === 'optional'));
    const prohibitedMask = bits((c) => c.presence === 'prohibited');
    const phraseMask = bits((c) => c.phrase !== undefined);
    const phrases = clauses.flatMap((c, i) => (c.phrase ? [i] : []));
    const idfs = new Map<string, number>();
    const idfOf = (term: string): number => {
      let value = idfs.get(term);
      if (value === undefined) idfs.set(term, (value = idf(this.frequency(term), this.documentCount)));
      return value;
    };
    const hits: Hit[] = [];
    const work = this.scratch;
    for (const shard of shards) {
      // A shard lacking a required term cannot match: skip it before touching any posting.
      if (clauses.some((c, i) => requiredMask & (1 << i) && c.groups.some((g) => g.every((t) => !shard.has(t))))) continue;
      const video = this.videos.get(shard.videoId) as IndexedVideo;
      const docs = shard.docs ?? video.passages;
      work.ensure(docs.length, clauses.length);
      const touched: number[] = [];
      const shardStamp = ++work.stamp;
      clauses.forEach((clause, i) => {
        const perClause = work.clauseScores[i] as Float64Array;
        for (const p of matchClause(shard, clause, idfOf, work)) {
          if (work.seen[p] !== shardStamp) {
            work.seen[p] = shardStamp;
            work.mask[p] = 0;
            touched.push(p);
          }
          work.mask[p] = (work.mask[p] as number) | (1 << i);
          perClause[p] = work.clauseScore[p] as number;
        }
      });
      for (const p of touched) {
        let mask = work.mask[p] as number;
        // Phrase bits are still unverified: decide on the others first, the cheap way.
        if (((mask | phraseMask) & requiredMask) !== requiredMask || mask & prohibitedMask & ~phraseMask) continue;
        if (mask & phraseMask) mask = this.phrasesThatHold(docs[p] as Passage, clauses, phrases, mask);
        if ((mask & requiredMask) !== requiredMask || mask & prohibitedMask || !(mask & ~prohibitedMask)) continue;
        let score = 0;
        clauses.forEach((c, i) => {
          if (mask & (1 << i) && c.presence !== 'prohibited') score += (work.clauseScores[i] as Float64Array)[p] as number;
        });
        hits.push({ video, kind: shard.kind, docs, passage: p, score, mask });
      }
    }
    return hits;
  }

  private readonly scratch = new Scratch();

  /** Clears the bit of each phrase whose words do not stand together in the passage. */
  private phrasesThatHold(doc: Passage, clauses: Compiled[], phrases: number[], mask: number): number {
    const { stems } = this.reading(doc);
    for (const i of phrases) {
      if (!(mask & (1 << i))) continue;
      if (!holdsPhrase(stems, (clauses[i] as Compiled).phrase as string[])) mask &= ~(1 << i);
    }
    return mask;
  }

  /** A document's words and stems, read once and kept while the document lives. */
  private reading(doc: Passage): { tokens: WordToken[]; stems: string[] } {
    let read = this.readings.get(doc);
    if (!read) {
      const tokens = tokenize(doc.text, this.glossary);
      this.readings.set(doc, (read = { tokens, stems: tokens.map((t) => stem(t.word)) }));
    }
    return read;
  }

  private readonly readings = new WeakMap<Passage, { tokens: WordToken[]; stems: string[] }>();

  private matchSpec(clauses: Compiled[]): MatchSpec {
    const positive = clauses.filter((c) => c.presence !== 'prohibited');
    return {
      stems: new Set(positive.filter((c) => !c.phrase).flatMap((c) => c.groups.flat())),
      phrases: positive.flatMap((c) => (c.phrase ? [c.phrase] : [])),
    };
  }

  private toResult(hit: Hit, match: MatchSpec, whole: boolean): SearchResult {
    const doc = hit.docs[hit.passage] as Passage;
    const { tokens, stems } = this.reading(doc);
    const { snippet, at } = highlight(doc, match, tokens, stems, whole);
    const passage = hit.kind === 'note' ? passageAt(hit.video, doc.start) : hit.passage;
    return {
      kind: hit.kind,
      videoId: hit.video.videoId,
      // Bounded like the snippet, so ten results are a few kilobytes whatever was imported.
      title: plainText(hit.video.title, RESULT_TITLE_CHARS),
      passage,
      ...(hit.kind === 'note' ? { noteId: (doc as NotePassage).noteId, tags: (doc as NotePassage).tags } : {}),
      start: doc.start,
      end: doc.end,
      at,
      topic: hit.video.topics[passage] ?? this.vocabulary.fallback.id,
      speaker: doc.speaker === null ? null : plainText(doc.speaker, RESULT_SPEAKER_CHARS),
      snippet,
      url: watchUrl(hit.video.videoId, at),
      score: Math.round(hit.score * 1000) / 1000,
    };
  }

  /** Library-wide number of passages holding `term`. */
  private frequency(term: string): number {
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
   * Prefix and typo expansions against the words spoken and the words of notes, remembered
   * until either changes (people repeat and page).
   */
  private expand(key: string, expansion: (list: WordList) => string[]): string[] {
    let stems = this.expansions.get(key);
    if (!stems) {
      if (this.expansions.size > 1000) this.expansions.clear();
      this.expansions.set(key, (stems = unique([...expansion(this.words()), ...expansion(this.noteWords())]).slice(0, MAX_EXPANSIONS)));
    }
    return stems;
  }

  private words(): WordList {
    this.wordList ??= mergeWords([...this.videos.values()].map((v) => v.words));
    return this.wordList;
  }

  /** Kept apart from the spoken words: notes change often, and the spoken list is the big one. */
  private noteWords(): WordList {
    this.noteWordList ??= mergeWords([...this.videos.values()].flatMap((v) => [...v.noteChunks.values()].map((c) => c.words)));
    return this.noteWordList;
  }

  /**
   * Notes change how many passages hold a word and the notes' own words, not the spoken words
   * (the 100-hour list takes 70 ms to merge: too much to pay again after every note).
   */
  private notesChanged(): void {
    this.frequencies = new Map();
    this.noteWordList = undefined;
    this.expansions = new Map();
  }

  private changed(): void {
    this.notesChanged();
    this.wordList = undefined;
  }
}

/** Index of the passage playing at `seconds` (the last one once the talk is over). */
export function passageAt(video: { passages: readonly Pick<Passage, 'end'>[] }, seconds: number): number {
  // Passages follow each other, so their ends rise: the first that ends after `seconds`, found
  // by halving (a page lays out thousands of notes).
  const { passages } = video;
  let lo = 0;
  let hi = passages.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (seconds < (passages[mid] as Pick<Passage, 'end'>).end) hi = mid;
    else lo = mid + 1;
  }
  return lo < passages.length ? lo : Math.max(0, passages.length - 1);
}

function topicAt(video: IndexedVideo, seconds: number): TopicId | undefined {
  return video.topics[passageAt(video, seconds)];
}

/** Reusable per-passage arrays; `stamp` marks which entries belong to the current pass. */
class Scratch {
  stamp = 0;
  seen = new Int32Array(0);
  score = new Float64Array(0);
  mask = new Int32Array(0);
  groupSeen = new Int32Array(0);
  groupBest = new Float64Array(0);
  groupCount = new Int32Array(0);
  clauseScore = new Float64Array(0);
  /** Per clause, each passage's score from that clause. */
  clauseScores: Float64Array[] = [];

  ensure(size: number, clauses: number): void {
    while (this.clauseScores.length < clauses) this.clauseScores.push(new Float64Array(this.seen.length));
    if (this.seen.length >= size) return;
    const n = Math.max(size, this.seen.length * 2, 256);
    this.clauseScores = this.clauseScores.map(() => new Float64Array(n));
    this.seen = new Int32Array(n);
    this.score = new Float64Array(n);
    this.mask = new Int32Array(n);
    this.groupSeen = new Int32Array(n);
    this.groupBest = new Float64Array(n);
    this.groupCount = new Int32Array(n);
    this.clauseScore = new Float64Array(n);
    this.stamp = 0;
  }
}

/** Passages holding every group of the clause; their clause score is left in `work.clauseScore`. */
function matchClause(shard: Shard, clause: Compiled, idfOf: (term: string) => number, work: Scratch): number[] {
  let inClause: number[] = [];
  let first: number[] = [];
  clause.groups.forEach((group, g) => {
    const stamp = ++work.stamp;
    const inGroup: number[] = [];
    for (const term of group) {
      const range = shard.range(term);
      if (!range) continue;
      const weight = idfOf(term);
      for (let k = range[0]; k < range[1]; k++) {
        const p = shard.passages[k] as number;
        const score = weight * (shard.weights[k] as number);
        if (work.groupSeen[p] !== stamp) {
          work.groupSeen[p] = stamp;
          work.groupBest[p] = score;
          inGroup.push(p);
        } else if (score > (work.groupBest[p] as number)) work.groupBest[p] = score;
      }
    }
    if (g === 0) {
      for (const p of inGroup) {
        work.groupCount[p] = 1;
        work.clauseScore[p] = work.groupBest[p] as number;
      }
      inClause = first = inGroup;
    } else {
      const kept: number[] = [];
      for (const p of inGroup) {
        if (work.groupCount[p] !== g) continue;
        work.groupCount[p] = g + 1;
        work.clauseScore[p] = (work.clauseScore[p] as number) + (work.groupBest[p] as number);
        kept.push(p);
      }
      // Passages of earlier groups missing from this one drop out.
      inClause = kept.filter((p) => work.groupCount[p] === g + 1);
    }
  });
  for (const p of first) work.groupCount[p] = 0;
  return inClause;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function mergeWords(lists: string[]): WordList {
  const merged = new Map<string, string>();
  for (const list of lists) {
    for (const line of list.split('\n')) {
      const space = line.indexOf(' ');
      if (space > 0) merged.set(line.slice(0, space), line.slice(space + 1));
    }
  }
  const words = [...merged.keys()].sort();
  return { words, stems: words.map((w) => merged.get(w) as string) };
}
