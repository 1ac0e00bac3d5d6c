import type { NoteChunkData } from '../../index/build.js';
import { chunkDocs, planNoteChunks, type ChunkContent, type ShippedChunk } from '../../index/noteChunks.js';
import { toNotePassages, type NotePassage } from '../../index/notePassages.js';
import type { NoteRecord } from '../../index/types.js';

/**
 * A video's notes as the index wants them: cut into chunks, and each chunk the index does not
 * already hold (`known`: key -> signature) built by `build` and shipped as JSON. A worker thread
 * does it all for a SQLite file (tasks.ts videoNotes); for a team database the notes are read on
 * the request thread and only `build` goes to the workers.
 *
 * @example await shipNoteChunks(notes, index.noteChunkSignatures(videoId), workers.noteChunks) // [{ key: '1:0', signature: '…', json: '…' }]
 */
export async function shipNoteChunks(
  notes: readonly NoteRecord[],
  known: ReadonlyMap<string, string>,
  build: (chunks: NotePassage[][]) => NoteChunkData[] | Promise<NoteChunkData[]>,
): Promise<ShippedChunk[]> {
  const planned = planNoteChunks(toNotePassages(notes));
  const wanted = planned.filter((p) => known.get(p.key) !== p.signature).map((p) => chunkDocs(p.members));
  const built = wanted.length ? await build(wanted) : [];
  let next = 0;
  return planned.map(({ key, signature }) => {
    if (known.get(key) === signature) return { key, signature };
    const content: ChunkContent = { docs: wanted[next] as NotePassage[], data: built[next] as NoteChunkData };
    next++;
    return { key, signature, json: JSON.stringify(content) };
  });
}
