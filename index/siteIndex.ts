import { compileGlossary } from './analyze.js';
import { INDEX_FORMAT_VERSION, type NoteChunkData, type VideoIndexData } from './build.js';
import type { NotePassage } from './notePassages.js';
import { parseQuery } from './query.js';
import { SearchIndex, type SearchIndexOptions } from './searchIndex.js';
import type { SearchOptions } from './searchTypes.js';
import type { ShardData } from './shard.js';
import { mergeWords, type WordList } from './words.js';
import type { Passage, TopicId } from './types.js';

/**
 * A published site's search (`panelnotes publish`): the app's own SearchIndex, run in the
 * reader's browser over the files the site ships, loaded talk by talk and topic by topic as
 * queries need them. What the server works out over its whole library (how many documents hold
 * a term, the word lists `*` and `~` expand against) is worked out once at publish time and
 * shipped whole, so a search over one talk scores exactly as the app scores it, without loading
 * the other talks. Pure: the files are handed in; web/search.ts fetches them.
 */

/** Bumped whenever the shape or meaning of a site's search files changes; a page refuses others. */
export const SITE_FORMAT = 1;

/** What glossary.json holds: compileGlossary's arguments. */
export interface GlossaryFile {
  terms: Record<string, string[]>;
  abbreviations?: Record<string, string[]>;
  written?: Record<string, string>;
}

/** `search/site.json`: what every search needs before it loads a talk. */
export interface SiteManifest {
  format: typeof SITE_FORMAT;
  /** Documents (passages and notes) of the whole site: the N of every idf. */
  documents: number;
  topics: { id: TopicId; label: string }[];
  fallback: { id: TopicId; label: string };
  glossary: GlossaryFile;
  talks: SiteTalk[];
}

export interface SiteTalk {
  videoId: string;
  title: string;
  /** The topics it has a shard of (`search/talks/<id>/<topic>.json`). */
  shards: TopicId[];
  /** Whether it ships notes (`search/talks/<id>/notes.json`). */
  notes: boolean;
  /** A synthetic sample transcript: its results carry the sample badge. */
  sample: boolean;
  /** Where it is watched at a second, when not on YouTube (a media file's URL). */
  url?: string;
}

/** `search/words.json`: the word lists of the whole site, `word stem` lines, as IndexRegistry merges them. */
export interface SiteWords {
  spoken: string;
  notes: string;
}

/** `search/talks/<id>/passages.json`. */
export interface TalkPassages {
  passages: Passage[];
  topics: TopicId[];
}

/** `search/talks/<id>/notes.json`: the notes as documents, and their chunks built (by signature). */
export interface TalkNotes {
  notes: NotePassage[];
  built: [string, NoteChunkData][];
}

/** The files of one talk a search reads: its passages, some of its shards, maybe its notes. */
export interface TalkNeeds {
  videoId: string;
  topics: TopicId[];
  notes: boolean;
}

/**
 * `search/terms.txt`: one `stem count` line per term of the site, the count being how many of
 * its documents hold it.
 *
 * @example termLines(new Map([['migrat', 12], ['kvm', 40]])) // 'kvm 40\nmigrat 12'
 */
export function termLines(frequencies: ReadonlyMap<string, number>): string {
  return [...frequencies]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([term, count]) => `${term} ${count}`)
    .join('\n');
}

function readTermLines(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const space = line.lastIndexOf(' ');
    if (space > 0) out.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return out;
}

/** A `word stem` line list as IndexRegistry keeps it, back to its lines. */
export function wordLinesOf(list: WordList): string {
  return list.words.map((word, i) => `${word} ${list.stems[i] as string}`).join('\n');
}

export class SiteIndex extends SearchIndex {
  private readonly siteFrequencies: Map<string, number>;
  private readonly spoken: WordList;
  private readonly noteWords: WordList;
  private readonly remembered = new Map<string, string[]>();
  private readonly loaded = new Map<string, { passages: TalkPassages; shards: Map<TopicId, ShardData>; notes: boolean }>();

  constructor(
    readonly manifest: SiteManifest,
    words: SiteWords,
    terms: string,
    options: SearchIndexOptions = {},
  ) {
    const { glossary } = manifest;
    super(
      {
        topics: manifest.topics.map((t) => ({ ...t, description: '', terms: {}, phrases: {} })),
        fallback: { ...manifest.fallback, description: '' },
      },
      compileGlossary(glossary.terms, { abbreviations: glossary.abbreviations ?? {}, written: glossary.written ?? {} }),
      options,
    );
    // A site published by another version of panelnotes than its search script: refused, not half-read.
    const format: unknown = manifest.format;
    if (format !== SITE_FORMAT) throw new Error(`search data of format ${String(format)}, not ${String(SITE_FORMAT)}: publish the site again`);
    this.siteFrequencies = readTermLines(terms);
    this.spoken = mergeWords([words.spoken]);
    this.noteWords = mergeWords([words.notes]);
  }

  // The site-wide figures, as shipped: the same whatever part of the site is loaded.
  override frequency(term: string): number {
    return this.siteFrequencies.get(term) ?? 0;
  }

  override get passageCount(): number {
    return this.manifest.documents;
  }

  override expand(key: string, expansion: (list: WordList) => string[]): string[] {
    let stems = this.remembered.get(key);
    if (!stems) {
      if (this.remembered.size > 1000) this.remembered.clear();
      this.remembered.set(key, (stems = [...new Set([...expansion(this.spoken), ...expansion(this.noteWords)])]));
    }
    return stems;
  }

  /**
   * The files a search of `query` reads that are not loaded yet, talk by talk: the talks its
   * `video:` filter (or the page's own talk) allows, the shards of the topic it names (all
   * of them without one), the notes unless `kind:transcript`. A filter naming nothing the site
   * has loads nothing: search then says what is wrong, as the app does.
   *
   * @example index.needs('migration topic:security', {}) // [{ videoId: 'S6Sjj6OtyvY', topics: ['security'], notes: true }]
   */
  needs(query: string, options: SearchOptions = {}): TalkNeeds[] {
    const { filters } = parseQuery(query);
    const video = options.video ?? filters.video;
    const kind = options.kind ?? filters.kind;
    const named = options.topic ?? filters.topic;
    const topic = this.topicOf(named);
    const talks = this.manifest.talks.filter((t) => video === undefined || t.videoId === video);
    return talks.flatMap((talk): TalkNeeds[] => {
      const have = this.loaded.get(talk.videoId);
      // A topic the site does not know: search says so, having read the talk's passages only.
      const topics =
        kind === 'note' || (named !== undefined && topic === undefined)
          ? []
          : talk.shards.filter((s) => (topic === undefined || s === topic) && !have?.shards.has(s));
      const notes = kind !== 'transcript' && talk.notes && !have?.notes;
      // A talk's passages are needed whatever else: its notes' topics and its listing read them.
      return topics.length || notes || !have ? [{ videoId: talk.videoId, topics, notes }] : [];
    });
  }

  /**
   * Loads what a search of `query` needs and is not loaded yet (see needs), with `read`: the
   * browser's fetch of a file of the site's `search/` folder, parsed.
   *
   * @example await index.prepare('seccomp topic:security', {}, (path) => fetch(path).then((r) => r.json()))
   */
  async prepare(query: string, options: SearchOptions, read: (path: string) => Promise<unknown>): Promise<void> {
    await Promise.all(
      this.needs(query, options).map(async ({ videoId, topics, notes }) => {
        const dir = `talks/${encodeURIComponent(videoId)}`;
        const [passages, shards, noteFile] = await Promise.all([
          this.get(videoId) ? undefined : (read(`${dir}/passages.json`) as Promise<TalkPassages>),
          Promise.all(topics.map(async (topic) => [topic, (await read(`${dir}/${encodeURIComponent(topic)}.json`)) as ShardData] as const)),
          notes ? (read(`${dir}/notes.json`) as Promise<TalkNotes>) : undefined,
        ]);
        this.addTalk(videoId, { ...(passages ? { passages } : {}), shards: new Map(shards), ...(noteFile ? { notes: noteFile } : {}) });
      }),
    );
  }

  /** Adds what was loaded for a talk: its passages (the first time), shards and notes. */
  addTalk(videoId: string, files: { passages?: TalkPassages; shards: Map<TopicId, ShardData>; notes?: TalkNotes }): void {
    const talk = this.manifest.talks.find((t) => t.videoId === videoId);
    if (!talk) return;
    const have = this.loaded.get(videoId) ?? { passages: files.passages as TalkPassages, shards: new Map<TopicId, ShardData>(), notes: false };
    if (!have.passages) throw new Error(`the passages of ${videoId} come first`);
    for (const [topic, shard] of files.shards) have.shards.set(topic, shard);
    this.loaded.set(videoId, have);
    if (files.shards.size || !this.get(videoId)) {
      const data: VideoIndexData = {
        format: INDEX_FORMAT_VERSION,
        key: '',
        videoId,
        passages: have.passages.passages,
        topics: have.passages.topics,
        chapters: [],
        shards: Object.fromEntries(have.shards),
        // Expansions read the site's word lists, not the talks'.
        words: '',
      };
      this.add({ videoId, title: talk.title }, data);
    }
    if (files.notes) {
      this.setNotes(videoId, files.notes.notes, undefined, new Map(files.notes.built));
      have.notes = true;
    }
  }

  /** A topic as a filter names it (its id, or the start of its label), as SearchIndex reads it. */
  private topicOf(name: string | undefined): TopicId | undefined {
    if (name === undefined) return undefined;
    const wanted = name.toLowerCase();
    return [...this.manifest.topics, this.manifest.fallback].find((t) => t.id === wanted || t.label.toLowerCase().startsWith(wanted))?.id;
  }
}
