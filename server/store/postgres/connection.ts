import pg from 'pg';
import { PanelnotesError } from '../../errors.js';

/**
 * The team database as a connection pool (node-postgres): where it is, how a read and a write
 * transaction run, and what each failure means for the person who met it. With the other files
 * of this folder, the only code that speaks SQL to PostgreSQL.
 */

/** What a change is about, as the change log records it (services/changes.ts's kinds). */
export type ChangeKind = 'transcript' | 'notes' | 'speakers';

/** The channel every write notifies (`seq:kind:videoId`) and every instance listens to. */
export const CHANNEL = 'panelnotes_changes';

/** Advisory lock keys (two-int form): "pnot" as in the SQLite file's application id, then what is locked. */
export const LOCK_SPACE = 0x706e6f74;
export const MIGRATION_LOCK = 1;
export const CHANGE_LOG_LOCK = 2;

/** A write transaction: its queries, and what it changed (appended to the change log at its end). */
export interface Tx {
  query<R extends pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<pg.QueryResult<R>>;
  changed(kind: ChangeKind, videoId: string): void;
}

/**
 * Whether writes may be made now. The LISTEN connection is the instance's one long-lived link to
 * the database, so its state is the instance's: while it is down (and until it has caught up),
 * writes are refused at once with DATABASE_UNAVAILABLE rather than hang or half-happen.
 */
export class Health {
  private down = false;
  lost(): void {
    this.down = true;
  }
  restored(): void {
    this.down = false;
  }
  get writable(): boolean {
    return !this.down;
  }
}

/**
 * This instance's own connections, by backend process id: a notification names the backend that
 * sent it, so the listener knows a change to notes or speaker turns this instance made itself.
 * The services applied each to this instance's index as they wrote it (as in single-user mode,
 * where the SQLite poller does not see the server's own writes), so hearing it again would only
 * re-read the whole talk's notes, once for every note written, with the next write to that talk
 * queued behind it. Transcripts are heard back as ever (rare, and the catalog expects its own
 * imports' news).
 */
export class OwnConnections {
  private readonly pids = new Set<number>();
  /** Follows a pool's connections as they are made and removed. */
  follow(pool: pg.Pool): void {
    pool.on('connect', (client) => void this.pids.add(backendPid(client)));
    pool.on('remove', (client) => void this.pids.delete(backendPid(client)));
  }
  /** Whether a change to `kind` notified by backend `pid` is this instance's own. */
  made(pid: number, kind: ChangeKind): boolean {
    return kind !== 'transcript' && this.pids.has(pid);
  }
}

/** The server process serving a connection (node-postgres keeps it; its types leave it out). */
function backendPid(client: pg.ClientBase): number {
  return (client as unknown as { processID: number }).processID;
}

/** The database of a URL as messages name it: host, port and database, never the password. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}${parsed.pathname || '/'}`;
  } catch {
    return 'the given URL';
  }
}

/**
 * Checks a database URL's shape before anything connects.
 * @throws PanelnotesError USAGE naming what is wrong (never quoting a password)
 * @example checkUrl('postgres://panelnotes:secret@db.internal:5432/panelnotes')
 */
export function checkUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new PanelnotesError(
      'USAGE',
      'the database URL is not a URL',
      'give postgres://USER:PASSWORD@HOST:PORT/DATABASE (PANELNOTES_DATABASE_URL or --database-url)',
    );
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:')
    throw new PanelnotesError(
      'USAGE',
      `the database URL must start with postgres:// or postgresql:// (it starts with ${parsed.protocol}//)`,
      'give postgres://USER:PASSWORD@HOST:PORT/DATABASE (PANELNOTES_DATABASE_URL or --database-url)',
    );
  if (parsed.pathname.length <= 1)
    throw new PanelnotesError('USAGE', 'the database URL names no database', 'end it with /DATABASE, e.g. postgres://…:5432/panelnotes');
}

/** Error codes and messages that mean the connection, not the statement, failed. */
export function connectionLost(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  const message = (error as Error).message ?? '';
  return (
    /^(08|57P0|53300|3D000|28)/.test(code) ||
    /^E(CONNREFUSED|CONNRESET|NOTFOUND|AI_AGAIN|TIMEDOUT|HOSTUNREACH|NETUNREACH|PIPE)$/.test(code) ||
    /Connection terminated|connection timeout|not queryable|Client was closed|not currently accepting connections/i.test(message)
  );
}

/**
 * Why the database could not be reached, in one line for a person: where it is, what the server
 * or the network said, and what to do. No stack trace and no password.
 */
export function unreachable(error: unknown, url: string, doing: string): PanelnotesError {
  const code = (error as { code?: string }).code ?? '';
  const where = describeUrl(url);
  const said = ((error as Error).message ?? String(error)).split('\n')[0];
  if (code === '28P01' || code === '28000')
    return new PanelnotesError(
      'DATABASE_UNAVAILABLE',
      `the team database ${where} refused the login: ${said}; ${doing}`,
      'check the user and password in PANELNOTES_DATABASE_URL',
      {
        cause: error,
      },
    );
  if (code === '3D000')
    return new PanelnotesError(
      'DATABASE_UNAVAILABLE',
      `the team database ${where} does not exist; ${doing}`,
      'create it first (createdb), see the README section "Team mode"',
      {
        cause: error,
      },
    );
  return new PanelnotesError(
    'DATABASE_UNAVAILABLE',
    `cannot reach the team database ${where} (${said || code}); ${doing}`,
    'try again when the database is back',
    {
      cause: error,
    },
  );
}

/** A failed statement as a PanelnotesError: the database out of reach, a rule broken, or else what PostgreSQL said. */
function failure(error: unknown, url: string, write: boolean): PanelnotesError {
  if (error instanceof PanelnotesError) return error;
  if (connectionLost(error)) return unreachable(error, url, write ? 'nothing was changed' : 'nothing could be read');
  const code = (error as { code?: string }).code ?? '';
  const message = (error as Error).message;
  if (code.startsWith('23')) return new PanelnotesError('USAGE', `not saved: ${message} (it is there already, or breaks a rule of the team database)`);
  // Class 22 is a value PostgreSQL will not keep (a NUL in text, a number out of range): the
  // input's fault, so a 400 saying what to change, not a 500 (the value is not quoted back).
  if (code === '22021' || code === '22P05')
    return new PanelnotesError('USAGE', 'not saved: the text holds a NUL character (\\u0000), which the team database cannot keep', 'remove it and try again');
  if (code.startsWith('22')) return new PanelnotesError('USAGE', `not saved: the team database cannot keep a value given (${code})`);
  return new PanelnotesError(
    write ? 'LIBRARY_WRITE_FAILED' : 'LIBRARY_CORRUPT',
    `the team database ${describeUrl(url)} answered: ${message} (${code || 'no code'})${write ? '; nothing was changed' : ''}`,
    undefined,
    { cause: error },
  );
}

/**
 * Runs `work` on a connection of the pool held for it. While held, the pool no longer listens
 * for its errors: an end the server sends then (pg_terminate_backend, a restart) is caught here
 * rather than ending the process, and a connection that failed is closed, not handed out again.
 */
export async function borrow<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const ended = (error: Error): void => {
    broken = error;
  };
  client.on('error', ended);
  try {
    return await work(client);
  } catch (error) {
    if (connectionLost(error)) broken ??= error as Error;
    throw error;
  } finally {
    client.off('error', ended);
    client.release(broken);
  }
}

/**
 * Runs `work` in one transaction on `client`: committed when it returns (by `commit`, the
 * statements that end it, made once it has run), rolled back when it throws.
 */
export async function inTransaction<T>(client: pg.PoolClient, work: () => Promise<T>, commit: () => string = () => 'COMMIT'): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await work();
    await client.query(commit());
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/**
 * The statements that end a write: take the change log's lock, log and notify each change, and
 * commit, sent as one message. Every instance's writes queue on that lock, so it is held only
 * while the database works, never across a round trip to an app instance (whose busy event loop
 * may take tens of milliseconds to send the next statement: a wait for all of them). One message
 * takes no parameters, so the values are quoted here; the lock comes first in the statement (no
 * row reaches the insert before it is held), and rows are logged and notified in order.
 */
function logAndCommit(client: pg.PoolClient, changes: readonly { kind: ChangeKind; videoId: string }[]): string {
  const rows = changes.map(({ kind, videoId }, n) => `(${client.escapeLiteral(kind)}, ${client.escapeLiteral(videoId)}, ${n})`).join(', ');
  return `WITH logged AS (
      INSERT INTO change_log (kind, video_id)
      SELECT c.kind, c.video_id
      FROM (SELECT pg_advisory_xact_lock(${LOCK_SPACE}, ${CHANGE_LOG_LOCK})) AS locked, (VALUES ${rows}) AS c(kind, video_id, n)
      ORDER BY c.n
      RETURNING seq, kind, video_id)
    SELECT pg_notify(${client.escapeLiteral(CHANNEL)}, seq || ':' || kind || ':' || video_id) FROM logged;
    COMMIT`;
}

/** The pool, with reads and write transactions that fail as PanelnotesErrors. */
export class Database {
  readonly pool: pg.Pool;
  /** This instance's connections, whose changes its listener passes over (see OwnConnections). */
  readonly own = new OwnConnections();

  constructor(
    readonly url: string,
    readonly health: Health,
    log: (line: string) => void,
  ) {
    // A short connect timeout: a request waiting on an unreachable database should hear so soon.
    this.pool = new pg.Pool({ connectionString: url, application_name: 'panelnotes', max: 10, connectionTimeoutMillis: 5000, idleTimeoutMillis: 30_000 });
    // An idle connection the server ended (a restart, pg_terminate_backend): the pool drops it;
    // without a listener the error would end the process.
    this.pool.on('error', (error) => log(`team database: an idle connection ended (${error.message})`));
    this.own.follow(this.pool);
  }

  /** One statement outside a transaction. @throws PanelnotesError DATABASE_UNAVAILABLE when the database cannot be reached */
  async read<R extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    try {
      return (await this.pool.query<R>(sql, params)).rows;
    } catch (error) {
      throw failure(error, this.url, false);
    }
  }

  /**
   * Runs `work` as one transaction; what it marks as changed is appended to the change log and
   * notified in the same transaction, so a change is announced exactly when it is committed.
   * The change log's lock is taken last and held to the commit (logAndCommit): sequence numbers then follow
   * commit order, so an instance that has seen change N has seen every change before it.
   * @throws PanelnotesError DATABASE_UNAVAILABLE while the database is out of reach (nothing written)
   */
  async write<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    if (!this.health.writable)
      throw new PanelnotesError(
        'DATABASE_UNAVAILABLE',
        `the team database ${describeUrl(this.url)} cannot be reached; nothing was changed`,
        'try again in a moment: this instance reconnects by itself',
      );
    const changes = new Map<string, { kind: ChangeKind; videoId: string }>();
    try {
      return await borrow(this.pool, async (client) => {
        const tx: Tx = {
          query: (sql, params) => client.query(sql, params),
          changed: (kind, videoId) => void changes.set(`${kind}\n${videoId}`, { kind, videoId }),
        };
        return inTransaction(
          client,
          () => work(tx),
          () => (changes.size ? logAndCommit(client, [...changes.values()]) : 'COMMIT'),
        );
      });
    } catch (error) {
      throw failure(error, this.url, true);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
