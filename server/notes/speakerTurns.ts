import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import type { SpeakerCue } from '../../index/suggestSpeakers.js';
import { PanelnotesError } from '../errors.js';
import type { SpeakerTurn } from './types.js';

interface TurnRow {
  id: string;
  video_id: string;
  start: number;
  end: number;
  name: string;
  created_at: string;
  suggested: number;
  confidence: number | null;
  cues: string | null;
  /** Absent from a file read (not migrated) before schema 5. */
  author?: string | null;
}

/** What a new turn is: who, when, and for a suggestion how sure it is and why. */
export interface NewTurn {
  start: number;
  end: number;
  name: string;
  suggested?: boolean;
  confidence?: number;
  cues?: SpeakerCue[];
}

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
      ? (this.statement('SELECT * FROM speaker_turns WHERE video_id = ? ORDER BY start, created_at, id').all(videoId) as TurnRow[])
      : (this.statement('SELECT * FROM speaker_turns ORDER BY video_id, start, created_at, id').all() as TurnRow[]);
    return rows.map(toTurn);
  }

  get(id: string): SpeakerTurn | undefined {
    const row = this.statement('SELECT * FROM speaker_turns WHERE id = ?').get(id) as TurnRow | undefined;
    return row && toTurn(row);
  }

  /** Adds turns to a video, all or none; `author` set them (team mode). */
  add(videoId: string, turns: readonly NewTurn[], now = new Date(), author?: string): SpeakerTurn[] {
    return this.write(() => turns.map((t) => this.insert(made(videoId, t, now, author))));
  }

  /**
   * The video's suggested turns (not yet confirmed) replaced by `turns`, in one transaction: a
   * suggestion applied again leaves one set, not two.
   */
  replaceSuggested(videoId: string, turns: readonly NewTurn[], now = new Date(), author?: string): { removed: number; added: SpeakerTurn[] } {
    return this.write(() => {
      const { changes } = this.statement('DELETE FROM speaker_turns WHERE video_id = ? AND suggested = 1').run(videoId);
      const added = turns.map((t) => this.insert(made(videoId, { ...t, suggested: true }, now, author)));
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
      return (change.add ?? []).map((t) => this.insert(made(videoId, t, now, author)));
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
    this.statement(
      'INSERT INTO speaker_turns (id, video_id, start, end, name, created_at, suggested, confidence, cues, author) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(
      turn.id,
      turn.videoId,
      turn.start,
      turn.end,
      turn.name,
      turn.createdAt,
      turn.suggested ? 1 : 0,
      turn.confidence ?? null,
      turn.cues ? JSON.stringify(turn.cues) : null,
      turn.author ?? null,
    );
    return turn;
  }
}

/** A new turn of a video, made now (by `author`, in team mode). */
function made(videoId: string, turn: NewTurn, now: Date, author: string | undefined): SpeakerTurn {
  return { id: randomUUID(), videoId, createdAt: now.toISOString(), ...(author === undefined ? {} : { author }), ...fields(turn) };
}

/** A new turn's stored fields: the suggestion's, only where it is one or carries them. */
function fields(turn: NewTurn): Omit<SpeakerTurn, 'id' | 'videoId' | 'createdAt'> {
  return {
    start: turn.start,
    end: turn.end,
    name: turn.name,
    ...(turn.suggested ? { suggested: true as const } : {}),
    ...(turn.confidence === undefined ? {} : { confidence: turn.confidence }),
    ...(turn.cues === undefined ? {} : { cues: turn.cues }),
  };
}

function toTurn(row: TurnRow): SpeakerTurn {
  return {
    id: row.id,
    videoId: row.video_id,
    start: row.start,
    end: row.end,
    name: row.name,
    createdAt: row.created_at,
    ...(row.author === null || row.author === undefined ? {} : { author: row.author }),
    ...(row.suggested ? { suggested: true as const } : {}),
    ...(row.confidence === null ? {} : { confidence: row.confidence }),
    ...(row.cues === null ? {} : { cues: JSON.parse(row.cues) as SpeakerCue[] }),
  };
}
