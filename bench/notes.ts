import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { indexVideo, type Annotations } from '../server/search/load.js';
import { toNotePassages } from '../index/notePassages.js';
import { SearchIndex } from '../index/searchIndex.js';
import type { Vocabulary } from '../server/search/vocabulary.js';
import { SAMPLE_DIR } from '../server/config.js';
import { loadTranscript } from '../server/library.js';
import type { Note } from '../server/notes/types.js';
import { openServices } from '../server/services/open.js';
import { rng } from './corpus.js';

export interface NotesBench {
  notes: number;
  notesIndexMs: number;
  /** One note edited among them: only its chunk is re-indexed (median of 21). */
  editMs: number;
  /** What a transcript page reads of them from SQLite and lays out (median of 21). */
  pageMs: number;
  p50: number;
  p95: number;
  speakerRebuildMs: number;
}

const WORDS =
  'remember slide migration security interrupt patch review release question answer demo follow up idea link paper talk kvm qemu libvirt virtio'.split(' ');

/**
 * On the shipped 1-hour sample: search latency with 10,000 notes (queries limited to notes),
 * and how long a speaker change takes to show, i.e. rebuilding that video's index.
 */
export async function notesBench(vocabulary: Vocabulary, count = 10_000): Promise<NotesBench> {
  const record = await loadTranscript(SAMPLE_DIR, 'S6Sjj6OtyvY');
  const cache = mkdtempSync(join(tmpdir(), 'panelnotes-bench-notes-'));
  const random = rng(7);
  const notes: Note[] = Array.from({ length: count }, (_, i) => ({
    id: `note-${i}`,
    videoId: record.videoId,
    start: Math.round(random() * 3000),
    text: Array.from({ length: 6 + Math.floor(random() * 20) }, () => WORDS[Math.floor(random() * WORDS.length)] as string).join(' '),
    tags: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  }));
  const index = new SearchIndex(vocabulary.topics, vocabulary.glossary);
  let turns: Awaited<ReturnType<Annotations['turns']>> = [];
  const annotations: Annotations = { turns: async () => turns, notes: async () => [] };
  await indexVideo(index, record, vocabulary, cache, { annotations });

  let started = performance.now();
  index.setNotes(record.videoId, toNotePassages(notes));
  const notesIndexMs = performance.now() - started;

  const queries = ['migration', 'security review', '"follow up"', 'inter*', 'relaese~1', 'kvm -qemu'];
  for (let i = 0; i < 10; i++) for (const q of queries) index.search(q, { kind: 'note' });
  const times: number[] = [];
  for (let i = 0; i < 50; i++) {
    for (const q of queries) {
      const t = performance.now();
      index.search(q, { kind: 'note' });
      times.push(performance.now() - t);
    }
  }
  times.sort((a, b) => a - b);

  const edits: number[] = [];
  for (let i = 0; i < 21; i++) {
    const edited = { ...(notes[i * 97] as Note), text: `edited review of the migration slide ${i}` };
    started = performance.now();
    index.setNotes(record.videoId, index.notesWith(record.videoId, toNotePassages([edited])[0]));
    edits.push(performance.now() - started);
  }
  edits.sort((a, b) => a - b);

  const rebuilds: number[] = [];
  for (let i = 0; i < 5; i++) {
    turns = [{ start: 600 + i * 60, end: 900 + i * 60, name: `Speaker ${i}` }];
    started = performance.now();
    await indexVideo(index, record, vocabulary, cache, { annotations });
    rebuilds.push(performance.now() - started);
  }
  rebuilds.sort((a, b) => a - b);
  return {
    pageMs: await transcriptPageNotes(record.videoId, notes, vocabulary),
    notes: count,
    notesIndexMs,
    editMs: edits[10] ?? 0,
    p50: times[Math.floor(times.length / 2)] ?? 0,
    p95: times[Math.floor(times.length * 0.95)] ?? 0,
    speakerRebuildMs: rebuilds[2] ?? 0,
  };
}

/** The notes' part of a transcript page: start times, the notes of each passage, one panel page. */
async function transcriptPageNotes(videoId: string, notes: Note[], vocabulary: Vocabulary): Promise<number> {
  const scratch = mkdtempSync(join(tmpdir(), 'panelnotes-bench-page-'));
  copyFileSync(join(SAMPLE_DIR, `${videoId}.json`), join(scratch, `${videoId}.json`));
  const services = await openServices({ libraryDir: scratch, cacheDir: join(scratch, '.index'), vocabulary, dbFile: join(scratch, 'notes.db') });
  try {
    await services.notes.import(notes);
    const { passages } = services.catalog.get(videoId);
    const times: number[] = [];
    for (let i = 0; i < 26; i++) {
      const started = performance.now();
      await services.notes.page(videoId, passages, {});
      if (i >= 5) times.push(performance.now() - started);
    }
    return times.sort((a, b) => a - b)[10] ?? 0;
  } finally {
    await services.close();
  }
}
