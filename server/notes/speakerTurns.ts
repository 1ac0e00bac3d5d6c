import type Database from 'better-sqlite3';
import type { SpeakerCue } from '../../index/suggestSpeakers.js';
import { PanelnotesError } from '../errors.js';
import { newTurn, toTurn as fromRow, TURN_COLUMNS, turnValues, type TurnRow } from '../store/rows.js';
import type { NewTurn, SpeakerTurn } from './types.js';

/** A speaker_turns row as SQLite holds it: cues as JSON text, suggested as 0 or 1. */
type SqliteTurnRow = Omit<TurnRow, 'cues'> & { cues: string | null };

/**
 * Speaker turns in SQLite (the speaker_turns table of storeFile.ts), for NotesStore: the only
 * other code besides store.ts that speaks SQL to it. Each method that writes runs in the store's
 * `write` (one IMMEDIATE transaction, its failures said plainly), so a bulk change (the
 * suggestions of a whole talk, a tag and its cut) is all or nothing.
 */
export class SpeakerTurns {
  private readonly statements = new Map<string, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    private readonly write: <T>(work: () => T) => T,
  ) {}

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) this.statements.set(sql, (statement = this.db.prepare(sql)));
    return statement;
  }

  /** A video's turns by start (all videos' without one). */
  list(videoId?: string): SpeakerTurn[] {
    const rows = videoId
      ? (this.statement('SELECT * FROM speaker_turns WHERE video_id = ? ORDER BY start, created_at, id').all(videoId) as SqliteTurnRow[])
      : (this.statement('SELECT * FROM speaker_turns ORDER BY video_id, start, created_at, id').all() as SqliteTurnRow[]);
    return rows.map(toTurn);
  }

  get(id: string): SpeakerTurn | undefined {
    const row = this.statement('SELECT * FROM speaker_turns WHERE id = ?').get(id) as SqliteTurnRow | undefined;
    return row && toTurn(row);
  }

  /** Adds turns to a video, all or none; `author` set them (team mode). */
  add(videoId: string, turns: readonly NewTurn[], now = new Date(), author?: string): SpeakerTurn[] {
    return this.write(() => turns.map((t) => this.insert(newTurn(videoId, t, now, author))));
  }

  /**
   * The video's suggested turns (not yet confirmed) replaced by `turns`, in one transaction: a
   * suggestion applied again leaves one set, not two.
   */
  replaceSuggested(videoId: string, turns: readonly NewTurn[], now = new Date(), author?: string): { removed: number; added: SpeakerTurn[] } {
    return this.write(() => {
      const { changes } = this.statement('DELETE FROM speaker_turns WHERE video_id = ? AND suggested = 1').run(videoId);
      const added = turns.map((t) => this.insert(newTurn(videoId, { ...t, suggested: true }, now, author)));
      return { removed: changes, added };
    });
  }

  /** Marks a video's suggested turns as confirmed by a person: those of `ids`, or all. Returns those changed. */
  confirm(videoId: string, ids?: readonly string[]): SpeakerTurn[] {
    return this.write(() => {
      const chosen = this.list(videoId).filter((t) => t.suggested && (ids === undefined || ids.includes(t.id)));
      for (const turn of chosen) this.statement('UPDATE speaker_turns SET suggested = 0 WHERE id = ?').run(turn.id);
      return chosen.map(({ suggested: _was, ...turn }) => turn);
    });
  }

  /**
   * Several changes to a video's turns as one: turns removed, turns put back or changed as given
   * (by id), turns added. What a tag made while watching, and its undo, are.
   */
  change(
    videoId: string,
    change: { remove?: readonly string[]; put?: readonly SpeakerTurn[]; add?: readonly NewTurn[] },
    now = new Date(),
    author?: string,
  ): SpeakerTurn[] {
    return this.write(() => {
      for (const id of change.remove ?? []) this.statement('DELETE FROM speaker_turns WHERE id = ? AND video_id = ?').run(id, videoId);
      for (const turn of change.put ?? []) {
        if (turn.videoId !== videoId) throw new PanelnotesError('USAGE', `speaker turn ${turn.id} is not of video ${videoId}`);
        this.statement('DELETE FROM speaker_turns WHERE id = ?').run(turn.id);
        this.insert(turn);
      }
      return (change.add ?? []).map((t) => this.insert(newTurn(videoId, t, now, author)));
    });
  }

  /** @throws PanelnotesError NOT_FOUND */
  delete(id: string): SpeakerTurn {
    return this.write(() => {
      const turn = this.get(id);
      if (!turn) throw new PanelnotesError('NOT_FOUND', `no speaker turn ${id}`);
      this.statement('DELETE FROM speaker_turns WHERE id = ?').run(id);
      return turn;
    });
  }

  private insert(turn: SpeakerTurn): SpeakerTurn {
    this.statement(`INSERT INTO speaker_turns (${TURN_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(...turnValues(turn, (flag) => (flag ? 1 : 0)));
    return turn;
  }
}

function toTurn(row: SqliteTurnRow): SpeakerTurn {
  return fromRow({ ...row, cues: row.cues === null ? null : (JSON.parse(row.cues) as SpeakerCue[]) });
}
