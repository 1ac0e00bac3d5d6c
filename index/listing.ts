import type { SearchHit, SearchTarget } from './results.js';
import type { Passage } from './types.js';

/**
 * Listing: a query of filters alone (`speaker:rinaldi`, `topic:security video:…`) has no words
 * to rank by, so it answers every document the filters allow, in the order they were said:
 * video by video (by id, as ties are ranked), then by time. It is paged like any other answer.
 */

/** Phrased for the page, the API's `notice` and the CLI's `note:` alike. */
export const LISTING_NOTICE = 'no words to search for, so these are the passages the filters allow, in time order';

/**
 * The documents of `targets` that `keep` allows, in time order, with no score. A shard of a
 * video's passages lists the passages of its own topic (its documents are all the video's).
 *
 * @example listHits(scope.targets, (hit) => passes(hit, filters, topic)).map((h) => h.passage) // [0, 1, 2, …]
 */
export function listHits(targets: readonly SearchTarget[], keep: (hit: SearchHit) => boolean): SearchHit[] {
  const hits: SearchHit[] = [];
  for (const target of targets) {
    const { docs, kind, video, shard } = target;
    for (let p = 0; p < docs.length; p++) {
      if (kind === 'transcript' && video.topics[p] !== shard.topic) continue;
      const hit = { target, passage: p, score: 0 };
      if (keep(hit)) hits.push(hit);
    }
  }
  return hits.sort(byTime);
}

function byTime(a: SearchHit, b: SearchHit): number {
  const x = a.target.video.videoId;
  const y = b.target.video.videoId;
  if (x !== y) return x < y ? -1 : 1;
  const da = a.target.docs[a.passage] as Passage;
  const db = b.target.docs[b.passage] as Passage;
  // A passage before the notes made at its start; passages and notes each in their own order.
  return da.start - db.start || (a.target.kind === b.target.kind ? a.passage - b.passage : a.target.kind === 'transcript' ? -1 : 1);
}
