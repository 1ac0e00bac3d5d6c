import { randomUUID } from 'node:crypto';
import type { SpeakerCue } from '../../../index/suggestSpeakers.js';
import { PanelnotesError } from '../../errors.js';
import type { NewTurn } from '../../notes/speakerTurns.js';
import type { SpeakerTurn } from '../../notes/types.js';
import type { Authored, TurnsRepository, WriteContext } from '../types.js';
import type { Database, Tx } from './connection.js';

interface TurnRow {
  id: string;
  video_id: string;
  start: number;
  end: number;
  name: string;
  created_at: string;
  suggested: boolean;
  confidence: number | null;
  cues: SpeakerCue[] | null;
  author: string | null;
}

type TurnsChange = { remove?: readonly string[]; put?: readonly SpeakerTurn[]; add?: readonly NewTurn[] };

/**
 * Speaker turns in the team database, as the SQLite store keeps them (notes/speakerTurns.ts):
 * each bulk change (a talk's suggestions, a tag and its undo) is one transaction, all or nothing,
 * logged and notified as a change of the video's speakers.
 */
export class PostgresTurns implements TurnsRepository {
  constructor(private readonly db: Database) {}

  async listTurns(videoId?: string): Promise<SpeakerTurn[]> {
    const rows =
      videoId === undefined
        ? await this.db.read<TurnRow>('SELECT * FROM speaker_turns ORDER BY video_id, start, created_at, id')
        : await this.db.read<TurnRow>('SELECT * FROM speaker_turns WHERE video_id = $1 ORDER BY start, created_at, id', [videoId]);
    return rows.map(toTurn);
  }

  async addTurns(videoId: string, turns: readonly NewTurn[], context: WriteContext = {}): Promise<SpeakerTurn[]> {
    return this.db.write((tx) =>
      insertAll(
        tx,
        turns.map((t) => made(videoId, t, context)),
      ),
    );
  }

  async replaceSuggested(videoId: string, turns: readonly NewTurn[], context: WriteContext = {}): Promise<{ removed: number; added: SpeakerTurn[] }> {
    return this.db.write(async (tx) => {
      const { rowCount } = await tx.query('DELETE FROM speaker_turns WHERE video_id = $1 AND suggested', [videoId]);
      tx.changed('speakers', videoId);
      const added = await insertAll(
        tx,
        turns.map((t) => made(videoId, { ...t, suggested: true }, context)),
      );
      return { removed: rowCount ?? 0, added };
    });
  }

  async confirmTurns(videoId: string, ids?: readonly string[]): Promise<SpeakerTurn[]> {
    return this.db.write(async (tx) => {
      const rows = (
        await tx.query<TurnRow>('SELECT * FROM speaker_turns WHERE video_id = $1 AND suggested ORDER BY start, created_at, id FOR UPDATE', [videoId])
      ).rows;
      const chosen = rows.map(toTurn).filter((t) => ids === undefined || ids.includes(t.id));
      if (!chosen.length) return [];
      await tx.query('UPDATE speaker_turns SET suggested = false WHERE id = ANY ($1)', [chosen.map((t) => t.id)]);
      tx.changed('speakers', videoId);
      return chosen.map(({ suggested: _was, ...turn }) => turn);
    });
  }

  async changeTurns(videoId: string, change: TurnsChange, context: WriteContext = {}): Promise<SpeakerTurn[]> {
    return this.db.write(async (tx) => {
      tx.changed('speakers', videoId);
      if (change.remove?.length) await tx.query('DELETE FROM speaker_turns WHERE id = ANY ($1) AND video_id = $2', [[...change.remove], videoId]);
      for (const turn of change.put ?? []) {
        if (turn.videoId !== videoId) throw new PanelnotesError('USAGE', `speaker turn ${turn.id} is not of video ${videoId}`);
        await tx.query('DELETE FROM speaker_turns WHERE id = $1', [turn.id]);
        await insert(tx, turn);
      }
      return insertAll(
        tx,
        (change.add ?? []).map((t) => made(videoId, t, context)),
      );
    });
  }

  async getTurn(id: string): Promise<SpeakerTurn | undefined> {
    const row = (await this.db.read<TurnRow>('SELECT * FROM speaker_turns WHERE id = $1', [id]))[0];
    return row && toTurn(row);
  }

  async deleteTurn(id: string): Promise<SpeakerTurn> {
    return this.db.write(async (tx) => {
      const row = (await tx.query<TurnRow>('DELETE FROM speaker_turns WHERE id = $1 RETURNING *', [id])).rows[0];
      if (!row) throw new PanelnotesError('NOT_FOUND', `no speaker turn ${id}`);
      tx.changed('speakers', row.video_id);
      return toTurn(row);
    });
  }
}

async function insertAll(tx: Tx, turns: SpeakerTurn[]): Promise<SpeakerTurn[]> {
  for (const turn of turns) await insert(tx, turn);
  return turns;
}

async function insert(tx: Tx, turn: SpeakerTurn & Authored): Promise<SpeakerTurn> {
  await tx.query(
    'INSERT INTO speaker_turns (id, video_id, start, "end", name, created_at, suggested, confidence, cues, author) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)',
    [
      turn.id,
      turn.videoId,
      turn.start,
      turn.end,
      turn.name,
      turn.createdAt,
      turn.suggested === true,
      turn.confidence ?? null,
      turn.cues ? JSON.stringify(turn.cues) : null,
      turn.author ?? null,
    ],
  );
  tx.changed('speakers', turn.videoId);
  return turn;
}

/** A new turn of a video, made now (by the writer, in team mode); a suggestion's fields only where it is one or carries them. */
function made(videoId: string, turn: NewTurn, context: WriteContext): SpeakerTurn {
  return {
    id: randomUUID(),
    videoId,
    createdAt: (context.now ?? new Date()).toISOString(),
    ...(context.author === undefined ? {} : { author: context.author }),
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
    ...(row.author === null ? {} : { author: row.author }),
    ...(row.suggested ? { suggested: true as const } : {}),
    ...(row.confidence === null ? {} : { confidence: row.confidence }),
    ...(row.cues === null ? {} : { cues: row.cues }),
  };
}
