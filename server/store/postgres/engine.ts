import { PanelnotesError } from '../../errors.js';
import type { Job } from '../../contracts/videos.js';
import type { NewTurn, Note, NoteInput, NotePatch, SpeakerTurn } from '../../notes/types.js';
import type { StoredUser } from '../sqlite/teamRows.js';
import { TranscriptsForwarding } from '../transcriptsForwarding.js';
import type { NoteRange, Store, User, WriteContext } from '../types.js';
import { claim, type ClaimName } from './claims.js';
import { checkUrl, Database, Health } from './connection.js';
import { PostgresJobs } from './jobs.js';
import { ChangeListener, type Backoff } from './listener.js';
import { migrate } from './migrations.js';
import { PostgresNotes } from './notes.js';
import { PostgresTranscripts } from './transcripts.js';
import { PostgresTurns } from './turns.js';
import { PostgresUsers } from './users.js';

export interface PostgresStoreOptions {
  /** `postgres://USER:PASSWORD@HOST:PORT/DATABASE` (PANELNOTES_DATABASE_URL, --database-url). */
  url: string;
  /** Where the store says what happens to its connection (lost, back, caught up). */
  log?: (line: string) => void;
  /** How soon the listener reconnects (tests shorten it). */
  backoff?: Backoff;
  /** The shipped sample's folder, read beneath the database's transcripts (see transcripts.ts); none unless given. */
  sampleDir?: string;
}

/**
 * Opens the team database (team mode, issue 16): checks the URL, connects, brings the schema up
 * to date under an advisory lock (instances starting together migrate once) and refuses one a
 * newer panelnotes wrote. A bad URL, an unreachable server or a refused login is one clear
 * PanelnotesError, never a stack trace.
 *
 * @example const store = await openPostgresStore({ url: 'postgres://panelnotes:secret@db:5432/panelnotes' })
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  checkUrl(options.url);
  const log = options.log ?? (() => undefined);
  const health = new Health();
  const db = new Database(options.url, health, log);
  try {
    await migrate(db.pool, options.url);
    // The last change made before this instance read anything: its listener catches up from there.
    const seq = (await db.read<{ seq: string }>('SELECT coalesce(max(seq), 0) AS seq FROM change_log'))[0]?.seq ?? '0';
    return new PostgresStore(db, new ChangeListener(options.url, health, Number(seq), log, options.backoff, db.own), options.sampleDir);
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
}

/**
 * The Store in PostgreSQL: one repository per concept (notes.ts, turns.ts, users.ts, jobs.ts,
 * transcripts.ts) over one pool, and the LISTEN connection (listener.ts) as its change source.
 */
export class PostgresStore extends TranscriptsForwarding<PostgresTranscripts> implements Store {
  readonly engine = 'postgres' as const;
  private readonly notes: PostgresNotes;
  private readonly turns: PostgresTurns;
  private readonly users: PostgresUsers;
  private readonly jobs: PostgresJobs;
  /** The change stamps last read, by video ('' for the library's): answered while the database is out of reach. */
  private readonly stamps = new Map<string, number>();

  constructor(
    private readonly db: Database,
    readonly changes: ChangeListener,
    sampleDir?: string,
  ) {
    super(new PostgresTranscripts(db, sampleDir));
    this.notes = new PostgresNotes(db);
    this.turns = new PostgresTurns(db);
    this.users = new PostgresUsers(db);
    this.jobs = new PostgresJobs(db);
  }

  writable(): boolean {
    return this.db.health.writable;
  }

  claim(name: ClaimName): Promise<(() => Promise<void>) | undefined> {
    return claim(this.db.url, name);
  }

  async everHeld(videoId: string): Promise<boolean> {
    const rows = await this.db.read<{ held: boolean }>("SELECT EXISTS (SELECT 1 FROM change_log WHERE kind = 'transcript' AND video_id = $1) AS held", [
      videoId,
    ]);
    return rows[0]?.held === true;
  }

  async close(): Promise<void> {
    this.changes.stop();
    await this.db.close();
  }

  /**
   * The last change to a video's notes or speaker turns (any video's without one), by its number
   * in the change log. While the database is out of reach, the last number read (or heard): pages served
   * from memory (the library, search) stay readable, and offer a reload once it is back.
   */
  async changeStamp(videoId?: string): Promise<number> {
    let rows: { seq: string | null }[];
    try {
      rows =
        videoId === undefined
          ? await this.db.read<{ seq: string | null }>("SELECT max(seq) AS seq FROM change_log WHERE kind IN ('notes', 'speakers')")
          : await this.db.read<{ seq: string | null }>("SELECT max(seq) AS seq FROM change_log WHERE video_id = $1 AND kind IN ('notes', 'speakers')", [
              videoId,
            ]);
    } catch (error) {
      if (!(error instanceof PanelnotesError) || error.code !== 'DATABASE_UNAVAILABLE') throw error;
      // Never read: the last change this instance heard of, which moves past it once it is back.
      return this.stamps.get(videoId ?? '') ?? this.changes.seen;
    }
    const stamp = Number(rows[0]?.seq ?? 0);
    this.stamps.set(videoId ?? '', stamp);
    return stamp;
  }

  listNotes(videoId?: string, tag?: string): Promise<Note[]> {
    return this.notes.listNotes(videoId, tag);
  }
  countNotes(videoId: string, tag?: string): Promise<number> {
    return this.notes.countNotes(videoId, tag);
  }
  pageOfNotes(videoId: string, offset: number, limit: number, tag?: string): Promise<Note[]> {
    return this.notes.pageOfNotes(videoId, offset, limit, tag);
  }
  noteStarts(videoId: string): Promise<number[]> {
    return this.notes.noteStarts(videoId);
  }
  notesInRanges(videoId: string, ranges: readonly NoteRange[]): Promise<Note[][]> {
    return this.notes.notesInRanges(videoId, ranges);
  }
  positionOf(note: Note): Promise<number> {
    return this.notes.positionOf(note);
  }
  getNote(id: string): Promise<Note | undefined> {
    return this.notes.getNote(id);
  }
  notesByIdPrefix(prefix: string, limit: number): Promise<Note[]> {
    return this.notes.notesByIdPrefix(prefix, limit);
  }
  addNote(input: NoteInput, context?: WriteContext): Promise<Note> {
    return this.notes.addNote(input, context);
  }
  restoreNote(note: Note): Promise<Note> {
    return this.notes.restoreNote(note);
  }
  updateNote(id: string, patch: NotePatch, context?: WriteContext): Promise<Note> {
    return this.notes.updateNote(id, patch, context);
  }
  deleteNote(id: string, context?: WriteContext): Promise<Note> {
    return this.notes.deleteNote(id, context);
  }
  importNotes(notes: Note[]): Promise<{ added: Note[]; skipped: number }> {
    return this.notes.importNotes(notes);
  }

  listTurns(videoId?: string): Promise<SpeakerTurn[]> {
    return this.turns.listTurns(videoId);
  }
  addTurns(videoId: string, turns: readonly NewTurn[], context?: WriteContext): Promise<SpeakerTurn[]> {
    return this.turns.addTurns(videoId, turns, context);
  }
  replaceSuggested(videoId: string, turns: readonly NewTurn[], context?: WriteContext): Promise<{ removed: number; added: SpeakerTurn[] }> {
    return this.turns.replaceSuggested(videoId, turns, context);
  }
  confirmTurns(videoId: string, ids?: readonly string[]): Promise<SpeakerTurn[]> {
    return this.turns.confirmTurns(videoId, ids);
  }
  changeTurns(
    videoId: string,
    change: { remove?: readonly string[]; put?: readonly SpeakerTurn[]; add?: readonly NewTurn[] },
    context?: WriteContext,
  ): Promise<SpeakerTurn[]> {
    return this.turns.changeTurns(videoId, change, context);
  }
  getTurn(id: string): Promise<SpeakerTurn | undefined> {
    return this.turns.getTurn(id);
  }
  deleteTurn(id: string): Promise<SpeakerTurn> {
    return this.turns.deleteTurn(id);
  }

  addUser(name: string, admin: boolean): Promise<{ user: User; token: string }> {
    return this.users.addUser(name, admin);
  }
  /** Team database only: a user copied with their token hash (see users.ts). */
  importUser(user: StoredUser): Promise<boolean> {
    return this.users.importUser(user);
  }
  listUsers(): Promise<User[]> {
    return this.users.listUsers();
  }
  removeUser(name: string): Promise<User> {
    return this.users.removeUser(name);
  }
  userByToken(token: string): Promise<User | undefined> {
    return this.users.userByToken(token);
  }

  saveJob(job: Job): Promise<void> {
    return this.jobs.saveJob(job);
  }
  getJob(id: string): Promise<Job | undefined> {
    return this.jobs.getJob(id);
  }
  listJobs(limit: number): Promise<Job[]> {
    return this.jobs.listJobs(limit);
  }
}
