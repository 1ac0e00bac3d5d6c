import { createHash } from 'node:crypto';
import type { NoteChunkData } from './build.js';
import type { NotePassage } from './searchIndex.js';

/**
 * A video's notes are indexed in chunks of about NOTES_PER_CHUNK, each its own shard (lunr
 * cannot update an index in place): a changed note rebuilds its chunk, not them all. A note's
 * chunk is a hash of its id over a power of two chunks, so the chunks change only as the notes
 * double. This rule is used on the request thread and on the workers alike.
 */
export const NOTES_PER_CHUNK = 256;

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

/** Which chunk each note belongs to, and each chunk's signature. */
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

function signatureOf(members: readonly NotePassage[]): string {
  const hash = createHash('sha1');
  for (const n of members) hash.update(`${n.noteId}\u0000${n.start}\u0000${n.end}\u0000${n.tags.join(' ')}\u0000${n.text}\u0001`);
  return hash.digest('base64');
}

/** FNV-1a: a quick, stable hash of a note id, to choose its chunk. */
function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
