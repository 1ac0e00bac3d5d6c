import { Readings, type Glossary } from './analyze.js';
import { Closeness, weighBest } from './closeness.js';
import { LISTING_NOTICE, listHits } from './listing.js';
import { compileQuery, type CompiledQuery } from './compile.js';
import { searchError, type SearchErrorFactory } from './errors.js';
import type { MatchSpec } from './highlight.js';
import { parseQuery, type ParsedQuery } from './query.js';
import { IndexRegistry } from './registry.js';
import { matchSpec, rankHits, toResult, speakerCounts, topicAt, topicCounts, type SearchHit, type SearchTarget } from './results.js';
import { Scratch, scoreShards } from './scorer.js';
import type { SearchOptions, SearchResponse } from './searchTypes.js';
import type { NotePassage } from './notePassages.js';
import { idf } from './shard.js';
import type { Passage, TopicId, TopicVocabulary } from './types.js';

/**
 * The library's search index: the registry of what is indexed (registry.ts) and the search over
 * it, step by step: parse what was typed (query.ts), compile it to stems (compile.ts), choose
 * the shards the filters allow, score their documents (scorer.ts), keep the hits the filters
 * allow, rank them and shape the page asked for (results.ts). Everything a search works out
 * lives in that call; what the instance keeps between calls is the registry, its caches, and
 * scratch arrays that no call reads before writing (scorer.ts).
 */

export interface SearchIndexOptions {
  /** Makes the error a refused search throws (the server makes PanelnotesErrors); SearchError by default. */
  error?: SearchErrorFactory;
}

/** Where one search looks: the shards to score, and the topic a note's moment must be in. */
interface Scope {
  targets: SearchTarget[];
  topic: TopicId | undefined;
}

export class SearchIndex extends IndexRegistry {
  private readonly readings: Readings;
  private readonly scratch = new Scratch();
  private readonly fail: SearchErrorFactory;
  private readonly plans = new Map<string, Plan>();
  private plansVersion = -1;

  constructor(
    private readonly vocabulary: TopicVocabulary,
    glossary: Glossary,
    options: SearchIndexOptions = {},
  ) {
    super(glossary);
    this.readings = new Readings(glossary);
    this.fail = options.error ?? searchError;
  }

  /** Every topic a passage can have, in the vocabulary's order, the fallback last. */
  topicLabels(): { id: TopicId; label: string }[] {
    return [...this.vocabulary.topics, this.vocabulary.fallback].map(({ id, label }) => ({ id, label }));
  }

  /**
   * Searches the library. Never throws on what a user types: bad syntax falls back to plain
   * words (`fellBack` says why). A query of filters alone lists the passages they allow, in
   * time order (listing.ts). Throws (see SearchIndexOptions.error) only for a query with nothing
   * to look for and no filter, or a filter naming a video, topic or kind that does not exist.
   *
   * @example index.search('"posted interrupts" -arm', { limit: 5 }).results[0]?.excerpt.text // '… posted interrupts …'
   */
  search(query: string, options: SearchOptions = {}): SearchResponse {
    const { parsed, compiled, closeness, match } = this.plan(query);
    // What the caller fixed (a page's own video, a --topic flag) wins over filters typed in the query.
    const filters = { ...this.filtersOf(parsed), ...options };
    const { clauses } = compiled;
    const listing = !clauses.some((c) => c.presence !== 'prohibited');
    if (listing && !FILTERS.some((f) => filters[f] !== undefined)) {
      const why = parsed.fellBack ? ` (${parsed.fellBack.reason})` : parsed.clauses.length ? ' (only very common words)' : '';
      throw this.fail('USAGE', `nothing to search for in "${query}"${why}`, 'type a few words a speaker said, e.g. posted interrupts');
    }
    const scope = this.scope(filters);
    const idfs = new Map<string, number>();
    const idfOf = (term: string): number => {
      let value = idfs.get(term);
      if (value === undefined) idfs.set(term, (value = idf(this.frequency(term), this.passageCount)));
      return value;
    };
    const stemsOf = (doc: Passage): string[] => this.readings.of(doc).stems;
    // Every plain word is wanted, as people expect; when no passage the filters allow has them
    // all (and there were several), any will do, and the answer says it was relaxed.
    const run = (strict: boolean): SearchHit[] =>
      scoreShards(scope.targets, clauses, strict, idfOf, stemsOf, this.scratch).filter((h) => passes(h, filters, scope.topic));
    let relaxed = false;
    let hits: SearchHit[];
    if (listing) {
      // Filters alone: what they allow, in time order, less what a `-word` excludes (found as if wanted).
      const unwanted = clauses.map((c) => ({ ...c, presence: 'optional' as const }));
      const excluded = new Set(unwanted.length ? scoreShards(scope.targets, unwanted, false, idfOf, stemsOf, this.scratch).map(docOf) : []);
      hits = listHits(scope.targets, (h) => !excluded.has(docOf(h)) && passes(h, filters, scope.topic));
    } else {
      hits = run(true);
      if (!hits.length && clauses.filter((c) => c.presence === 'optional').length > 1) {
        hits = run(false);
        relaxed = hits.length > 0;
      }
      rankHits(hits);
      if (closeness) weighBest(hits, closeness, (h) => this.readings.of(docOf(h)), rankHits);
    }
    const notice = listing ? LISTING_NOTICE : compiled.notice;

    const offset = options.offset ?? 0;
    const limit = options.limit ?? 10;
    const fallback = this.vocabulary.fallback.id;
    return {
      query,
      total: hits.length,
      results: hits.slice(offset, offset + limit).map((h) => toResult(h, match, options.wholeText === true, this.readings, fallback)),
      topics: topicCounts(hits, fallback),
      speakers: speakerCounts(hits),
      ...(parsed.fellBack ? { fellBack: parsed.fellBack } : {}),
      ...(relaxed ? { relaxed } : {}),
      ...(notice ? { notice } : {}),
    };
  }

  /**
   * What a query is read as, made once and kept while the library's word lists stay the same
   * (compile.ts looks words up in them): people page through results and ask again.
   */
  private plan(query: string): Plan {
    if (this.plansVersion !== this.version || this.plans.size >= MAX_PLANS) {
      this.plans.clear();
      this.plansVersion = this.version;
    }
    let plan = this.plans.get(query);
    if (!plan) {
      const parsed = parseQuery(query);
      const compiled = compileQuery(parsed.clauses, this.glossary, this);
      plan = { parsed, compiled, closeness: Closeness.of(compiled.clauses), match: matchSpec(compiled.clauses) };
      if (query.length <= MAX_PLANNED_CHARS) this.plans.set(query, plan);
    }
    return plan;
  }

  /** The filters typed in the query (`topic:`, `speaker:`, `video:`, `kind:`, `author:`). */
  private filtersOf(parsed: ParsedQuery): SearchOptions {
    const { topic, speaker, video, kind, author } = parsed.filters;
    const out: SearchOptions = {};
    if (author) out.author = author;
    if (topic) out.topic = topic;
    if (speaker) out.speaker = speaker;
    if (video) out.video = video;
    if (kind) {
      if (kind !== 'transcript' && kind !== 'note') throw this.fail('USAGE', `kind:${kind} is not a kind; use kind:transcript or kind:note`);
      out.kind = kind;
    }
    return out;
  }

  /**
   * The shards a search scores: a video filter picks the video, a topic filter its shards of
   * that topic (a topic is given by id or by the start of its label), a kind filter transcripts
   * or notes. Notes are not split by topic: the topic of a note's moment is checked per hit.
   */
  private scope(filters: SearchOptions): Scope {
    let videos = this.list();
    if (filters.video) {
      const video = this.get(filters.video);
      if (!video) throw this.fail('NOT_FOUND', `no video ${filters.video} in the library`);
      videos = [video];
    }
    let topic: TopicId | undefined;
    if (filters.topic) {
      const wanted = filters.topic.toLowerCase();
      const all = [...this.vocabulary.topics, this.vocabulary.fallback];
      topic = all.find((t) => t.id === wanted || t.label.toLowerCase().startsWith(wanted))?.id;
      if (!topic) throw this.fail('USAGE', `no topic "${filters.topic}"; topics are ${all.map((t) => t.id).join(', ')}`);
    }
    // Only notes have authors: `author:` leaves the transcripts out, as `kind:note` does.
    const notesOnly = filters.kind === 'note' || filters.author !== undefined;
    const targets = videos.flatMap((video): SearchTarget[] => [
      ...(notesOnly
        ? []
        : video.shards.filter((s) => !topic || s.topic === topic).map((shard) => ({ shard, docs: video.passages, video, kind: 'transcript' as const }))),
      ...(filters.kind === 'transcript' ? [] : [...video.noteChunks.values()].map((c) => ({ shard: c.shard, docs: c.docs, video, kind: 'note' as const }))),
    ]);
    return { targets, topic };
  }
}

/** A query as read: parsed, compiled, and what ranking and highlighting look for. */
interface Plan {
  parsed: ParsedQuery;
  compiled: CompiledQuery;
  closeness: Closeness | undefined;
  match: MatchSpec;
}

/** Queries whose reading is kept; past this many the kept ones are dropped (as the registry's expansions are). */
const MAX_PLANS = 1000;
/** Longer queries (pasted text) are read each time rather than kept. */
const MAX_PLANNED_CHARS = 500;

/** What a search can be narrowed by; any of them alone lists what it allows (listing.ts). */
const FILTERS = ['video', 'topic', 'speaker', 'kind', 'author', 'from', 'to'] as const satisfies readonly (keyof SearchOptions)[];

function docOf(hit: SearchHit): Passage {
  return hit.target.docs[hit.passage] as Passage;
}

/** Whether a hit passes the filters that are answered per document: speaker, time window, a note's topic and author. */
function passes(hit: SearchHit, filters: SearchOptions, topic: TopicId | undefined): boolean {
  const { video, kind, docs } = hit.target;
  const doc = docs[hit.passage] as Passage;
  if (filters.author && (doc as Partial<NotePassage>).author?.toLowerCase() !== filters.author.toLowerCase()) return false;
  if (filters.speaker && !doc.speaker?.toLowerCase().includes(filters.speaker.toLowerCase())) return false;
  if (filters.from !== undefined && doc.end <= filters.from) return false;
  if (filters.to !== undefined && doc.start >= filters.to) return false;
  if (kind === 'note' && topic && topicAt(video, doc.start) !== topic) return false;
  return true;
}
