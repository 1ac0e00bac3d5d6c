import type { NoteChunkData } from './build.js';
import type { NotePassage } from './notePassages.js';
import type { Shard } from './shard.js';

/**
 * Note chunks: a video's notes are indexed in chunks of about NOTES_PER_CHUNK, each its own
 * shard (lunr cannot update an index in place), so a changed note rebuilds its chunk, not them
 * all. A note's chunk is a hash of its id over a power of two chunks, so the chunks change only
 * as the notes double. This rule is used on the request thread and on the workers alike; it is
 * plain JavaScript (no node:crypto), so it runs in a browser too.
 */
export const NOTES_PER_CHUNK = 256;

/** Some of a video's notes, indexed together; `words` are theirs, for `*` and `~`. */
export interface NoteChunk {
  signature: string;
  shard: Shard;
  words: string;
  /** Its notes, numbered from 0 as the shard's documents. */
  docs: NotePassage[];
}

export interface PlannedChunk {
  /** `count:bucket`: where the chunk sits. */
  key: string;
  /** A digest of what it is built from: the same signature means the same shard. */
  signature: string;
  members: NotePassage[];
}

/** A chunk built on a worker, as it crosses back: JSON text (one string is copied, not thousands of objects), absent when the index already holds it. */
export interface ShippedChunk {
  key: string;
  signature: string;
  json?: string;
}

/** The shape of ShippedChunk.json. */
export interface ChunkContent {
  docs: NotePassage[];
  data: NoteChunkData;
}

/**
 * Which chunk each note belongs to, and each chunk's signature.
 *
 * @example planNoteChunks(notes).map((c) => c.key) // ['1:0'] for up to 256 notes; ['2:0', '2:1'] up to 512
 */
export function planNoteChunks(notes: readonly NotePassage[]): PlannedChunk[] {
  const count = 2 ** Math.ceil(Math.log2(Math.max(1, notes.length / NOTES_PER_CHUNK)));
  const buckets = new Map<number, NotePassage[]>();
  for (const note of notes) {
    const bucket = hashOf(note.noteId) % count;
    const members = buckets.get(bucket);
    if (members) members.push(note);
    else buckets.set(bucket, [note]);
  }
  return [...buckets].map(([bucket, members]) => ({ key: `${count}:${bucket}`, signature: signatureOf(members), members }));
}

/** A chunk's notes numbered from 0, as its shard's documents. */
export function chunkDocs(members: readonly NotePassage[]): NotePassage[] {
  return members.map((n, index) => ({ ...n, index }));
}

/**
 * A 64-bit digest of everything a chunk's shard is built from, as 16 hex digits: each note's
 * own digest (noteDigest), folded in order. Not cryptographic: a signature only tells an
 * unchanged chunk from a changed one, and only a note's own author changes it; by chance, two
 * different chunks agree once in 2^64.
 */
function signatureOf(members: readonly NotePassage[]): string {
  let h1 = 0xdeadbeef ^ members.length;
  let h2 = 0x41c6ce57 ^ members.length;
  for (const n of members) {
    const [a, b] = noteDigest(n);
    h1 = Math.imul(h1 ^ a, 0x9e3779b1);
    h2 = Math.imul(h2 ^ b, 0x5f356495);
  }
  [h1, h2] = finish(h1, h2);
  return hex32(h1) + hex32(h2);
}

/**
 * Notes' digests, made once per note: a change of one note then costs the digest of its text
 * alone, not of every note of the video (60,000 notes are 14 MB of text). Notes are never
 * changed in place: an edit is a new NotePassage (see toNotePassages).
 */
const digests = new WeakMap<NotePassage, [number, number]>();

/**
 * A note's digest: two 32-bit multiplicative hashes run side by side over its characters, each
 * with its own odd multiplier. A step is a bijection of the state, so two texts of one length
 * that differ in one place never agree; the finish (cyrb53's) mixes each half into the other,
 * so every bit depends on every character.
 */
function noteDigest(n: NotePassage): [number, number] {
  let digest = digests.get(n);
  if (!digest) {
    const text = `${n.noteId}\u0000${n.start}\u0000${n.end}\u0000${n.tags.join(' ')}\u0000${n.author ?? ''}\u0000${n.text}`;
    let h1 = 0x811c9dc5;
    let h2 = 0x1b873593;
    // Two characters (UTF-16 code units) a step, as one 32-bit word.
    const even = text.length & ~1;
    for (let i = 0; i < even; i += 2) {
      const c = text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16);
      h1 = Math.imul(h1 ^ c, 0x9e3779b1);
      h2 = Math.imul(h2 ^ c, 0x5f356495);
    }
    if (even < text.length) {
      h1 = Math.imul(h1 ^ text.charCodeAt(even), 0x9e3779b1);
      h2 = Math.imul(h2 ^ text.charCodeAt(even), 0x5f356495);
    }
    digests.set(n, (digest = finish(h1 ^ text.length, h2)));
  }
  return digest;
}

function finish(h1: number, h2: number): [number, number] {
  const a = Math.imul(h1 ^ (h1 >>> 16), 0x85ebca6b) ^ Math.imul(h2 ^ (h2 >>> 13), 0xc2b2ae35);
  const b = Math.imul(h2 ^ (h2 >>> 16), 0x85ebca6b) ^ Math.imul(a ^ (a >>> 13), 0xc2b2ae35);
  return [a, b];
}

function hex32(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}

/** FNV-1a: a quick, stable hash of a note id, to choose its chunk. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
