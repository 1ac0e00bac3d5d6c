import { PanelnotesError } from '../../errors.js';
import type { NewTurn, SpeakerTurn } from '../../notes/types.js';
import { newTurn, toTurn, TURN_COLUMNS, turnValues, type TurnRow } from '../rows.js';
import type { TurnsRepository, WriteContext } from '../types.js';
import type { Database, Tx } from './connection.js';

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

async function insert(tx: Tx, turn: SpeakerTurn): Promise<SpeakerTurn> {
  await tx.query(`INSERT INTO speaker_turns (${TURN_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, turnValues(turn, Boolean));
  tx.changed('speakers', turn.videoId);
  return turn;
}

/** A new turn of a video, made now by the writer (team mode). */
function made(videoId: string, turn: NewTurn, context: WriteContext): SpeakerTurn {
  return newTurn(videoId, turn, context.now ?? new Date(), context.author);
}
