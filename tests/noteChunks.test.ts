import { NOTES_PER_CHUNK, planNoteChunks } from '../index/noteChunks.js';
import { toNotePassages, type NotePassage } from '../index/notePassages.js';
import type { NoteRecord } from '../index/types.js';

const note = (id: string, text = `note ${id}`, more: Partial<NoteRecord> = {}): NoteRecord => ({
  id,
  videoId: 'S6Sjj6OtyvY',
  start: 10,
  text,
  tags: [],
  ...more,
});
const notes = (n: number): NotePassage[] => toNotePassages(Array.from({ length: n }, (_, i) => note(`n${i}`)));
/** Each chunk's signature, by key. */
const signatures = (list: NotePassage[]): Map<string, string> => new Map(planNoteChunks(list).map((c) => [c.key, c.signature]));

describe('note chunks', () => {
  it.each([
    [1, 1],
    [NOTES_PER_CHUNK, 1],
    [NOTES_PER_CHUNK + 1, 2],
    [4 * NOTES_PER_CHUNK, 4],
    [4 * NOTES_PER_CHUNK + 1, 8],
  ])('%i notes are cut into at most %i chunks, a power of two, each note in one', (count, chunks) => {
    const planned = planNoteChunks(notes(count));
    expect(planned.length).toBeLessThanOrEqual(chunks);
    expect(new Set(planned.map((c) => c.key.split(':')[0]))).toEqual(new Set([String(chunks)]));
    expect(planned.flatMap((c) => c.members.map((m) => m.noteId)).sort()).toEqual(
      notes(count)
        .map((n) => n.noteId)
        .sort(),
    );
  });

  it('a changed note changes the signature of its chunk only', () => {
    const before = notes(3 * NOTES_PER_CHUNK);
    const target = before[100] as NotePassage;
    const key = planNoteChunks(before).find((c) => c.members.includes(target))?.key as string;
    const changes: Partial<NotePassage>[] = [{ text: `${target.text}!` }, { tags: ['kvm'] }, { start: 11 }, { end: 12 }];
    for (const change of changes) {
      const after = before.map((n) => (n === target ? { ...n, ...change } : n));
      const [was, now] = [signatures(before), signatures(after)];
      for (const [k, signature] of now) expect([change, k, signature === was.get(k)]).toEqual([change, k, k !== key]);
    }
  });

  it('the same notes give the same signatures, as 16 hex digits', () => {
    const once = signatures(notes(600));
    expect(signatures(notes(600))).toEqual(once);
    for (const signature of once.values()) expect(signature).toMatch(/^[0-9a-f]{16}$/);
  });

  it('moving text between two notes changes the signature (the parts are kept apart)', () => {
    const a = toNotePassages([note('a', 'ab'), note('b', 'c')]);
    const b = toNotePassages([note('a', 'a'), note('b', 'bc')]);
    expect(signatures(a)).not.toEqual(signatures(b));
  });
});
