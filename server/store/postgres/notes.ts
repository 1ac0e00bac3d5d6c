import type { Note, NoteInput, NotePatch } from '../../notes/types.js';
import { newNote, NOTE_COLUMNS, noteValues, toNote, type NoteRow } from '../rows.js';
import type { NoteRange, NotesRepository, WriteContext } from '../types.js';
import { currentVersion, patched } from '../versions.js';
import type { Database, Tx } from './connection.js';

/** Narrows a query on notes to those carrying the tag in parameter `$n` (none when it is NULL). */
const tagged = (n: number): string => `AND ($${n}::text IS NULL OR $${n} = ANY (tags))`;

/** The order notes are shown in, complete (ties broken by id), as the SQLite store keeps it. */
const IN_ORDER = 'ORDER BY start, created_at, id';

/**
 * Notes in the team database, with the same behaviour as the SQLite store (notes/store.ts): time
 * order, the tag filter, ids kept on import, CONFLICT on a stale `expectedUpdatedAt`. Each write
 * is one transaction that logs and notifies the change (connection.ts).
 */
export class PostgresNotes implements NotesRepository {
  constructor(private readonly db: Database) {}

  async listNotes(videoId?: string, tag?: string): Promise<Note[]> {
    const rows =
      videoId === undefined
        ? await this.db.read<NoteRow>(`SELECT * FROM notes WHERE true ${tagged(1)} ORDER BY video_id, start, created_at, id`, [tag ?? null])
        : await this.db.read<NoteRow>(`SELECT * FROM notes WHERE video_id = $1 ${tagged(2)} ${IN_ORDER}`, [videoId, tag ?? null]);
    return rows.map(toNote);
  }

  async countNotes(videoId: string, tag?: string): Promise<number> {
    const rows = await this.db.read<{ n: string }>(`SELECT count(*) AS n FROM notes WHERE video_id = $1 ${tagged(2)}`, [videoId, tag ?? null]);
    return Number(rows[0]?.n ?? 0);
  }

  async pageOfNotes(videoId: string, offset: number, limit: number, tag?: string): Promise<Note[]> {
    const sql = `SELECT * FROM notes WHERE video_id = $1 ${tagged(2)} ${IN_ORDER} LIMIT $3 OFFSET $4`;
    return (await this.db.read<NoteRow>(sql, [videoId, tag ?? null, limit, offset])).map(toNote);
  }

  async noteStarts(videoId: string): Promise<number[]> {
    return (await this.db.read<{ start: number }>(`SELECT start FROM notes WHERE video_id = $1 ${IN_ORDER}`, [videoId])).map((r) => r.start);
  }

  /**
   * Every range in one statement: a page of a talk with notes in a hundred passages would
   * otherwise wait on a hundred round trips, holding a pooled connection each time, which under
   * load queued every other request behind it.
   */
  async notesInRanges(videoId: string, ranges: readonly NoteRange[]): Promise<Note[][]> {
    if (ranges.length === 0) return [];
    const sql = `SELECT r.i::int AS range_index, n.*
      FROM unnest($2::double precision[], $3::double precision[], $4::int[]) WITH ORDINALITY AS r(lo, hi, lim, i)
      CROSS JOIN LATERAL (SELECT * FROM notes WHERE video_id = $1 AND start >= r.lo AND start < r.hi ${IN_ORDER} LIMIT r.lim) AS n
      ORDER BY r.i, n.start, n.created_at, n.id`;
    const rows = await this.db.read<NoteRow & { range_index: number }>(sql, [
      videoId,
      ranges.map((r) => r.from),
      ranges.map((r) => r.to),
      ranges.map((r) => r.limit),
    ]);
    const found: Note[][] = ranges.map(() => []);
    for (const { range_index, ...row } of rows) found[range_index - 1]?.push(toNote(row));
    return found;
  }

  async positionOf(note: Note): Promise<number> {
    const sql = 'SELECT count(*) AS n FROM notes WHERE video_id = $1 AND (start, created_at, id) < ($2, $3, $4)';
    return Number((await this.db.read<{ n: string }>(sql, [note.videoId, note.start, note.createdAt, note.id]))[0]?.n ?? 0);
  }

  async getNote(id: string): Promise<Note | undefined> {
    const row = (await this.db.read<NoteRow>('SELECT * FROM notes WHERE id = $1', [id]))[0];
    return row && toNote(row);
  }

  async notesByIdPrefix(prefix: string, limit: number): Promise<Note[]> {
    return (await this.db.read<NoteRow>('SELECT * FROM notes WHERE left(id, length($1)) = $1 ORDER BY id LIMIT $2', [prefix, limit])).map(toNote);
  }

  async addNote(input: NoteInput, context: WriteContext = {}): Promise<Note> {
    const note = newNote(input, context.now ?? new Date(), context.author);
    return this.db.write(async (tx) => insert(tx, note));
  }

  async restoreNote(note: Note): Promise<Note> {
    return this.db.write(async (tx) => insert(tx, note));
  }

  async updateNote(id: string, patch: NotePatch, context: WriteContext = {}): Promise<Note> {
    return this.db.write(async (tx) => {
      const current = await locked(tx, id, context.expectedUpdatedAt);
      const next = patched(current, patch, context.now ?? new Date());
      await tx.query('UPDATE notes SET start = $1, "end" = $2, text = $3, tags = $4, updated_at = $5 WHERE id = $6', [
        next.start,
        next.end ?? null,
        next.text,
        next.tags,
        next.updatedAt,
        id,
      ]);
      tx.changed('notes', next.videoId);
      return next;
    });
  }

  async deleteNote(id: string, context: WriteContext = {}): Promise<Note> {
    return this.db.write(async (tx) => {
      const note = await locked(tx, id, context.expectedUpdatedAt);
      await tx.query('DELETE FROM notes WHERE id = $1', [id]);
      tx.changed('notes', note.videoId);
      return note;
    });
  }

  async importNotes(notes: Note[]): Promise<{ added: Note[]; skipped: number }> {
    return this.db.write(async (tx) => {
      const added: Note[] = [];
      for (const note of notes) {
        // ON CONFLICT DO NOTHING: an id already there (or given twice) is skipped, not an error.
        const { rowCount } = await tx.query(`${INSERT} ON CONFLICT (id) DO NOTHING`, values(note));
        if (!rowCount) continue;
        added.push(note);
        tx.changed('notes', note.videoId);
      }
      return { added, skipped: notes.length - added.length };
    });
  }
}

const INSERT = `INSERT INTO notes (${NOTE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`;

/** A note's values as PostgreSQL stores them (tags: a text[]). */
const values = (note: Note): unknown[] => noteValues(note, (tags) => tags);

async function insert(tx: Tx, note: Note): Promise<Note> {
  await tx.query(INSERT, values(note));
  tx.changed('notes', note.videoId);
  return note;
}

/**
 * The note as it stands, locked for the rest of the transaction (`FOR UPDATE`: two instances
 * editing it at once take turns, and the second sees the first's change), when it is the
 * version the writer saw.
 */
async function locked(tx: Tx, id: string, expectedUpdatedAt: string | undefined): Promise<Note> {
  const row = (await tx.query<NoteRow>('SELECT * FROM notes WHERE id = $1 FOR UPDATE', [id])).rows[0];
  return currentVersion(id, row && toNote(row), expectedUpdatedAt);
}
