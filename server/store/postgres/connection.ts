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

/** Runs `work` in one transaction on `client`: committed when it returns, rolled back when it throws. */
export async function inTransaction<T>(client: pg.PoolClient, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** The pool, with reads and write transactions that fail as PanelnotesErrors. */
export class Database {
  readonly pool: pg.Pool;
  /**
   * The change numbers of this instance's own writes, until its listener hears them: it need not
   * say them back, as the services that wrote them have applied them already (the SQLite engine's
   * poller never sees the server's own writes either). Hearing them would make every write of a
   * burst re-read its talk's notes.
   */
  readonly own = new Set<number>();

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
   * The change log's lock is taken last and held to the commit: sequence numbers then follow
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
    const logged: number[] = [];
    try {
      return await borrow(this.pool, async (client) => {
        const tx: Tx = {
          query: (sql, params) => client.query(sql, params),
          changed: (kind, videoId) => void changes.set(`${kind}\n${videoId}`, { kind, videoId }),
        };
        return inTransaction(client, async () => {
          const result = await work(tx);
          if (changes.size) {
            await client.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_SPACE, CHANGE_LOG_LOCK]);
            for (const { kind, videoId } of changes.values()) {
              const { rows } = await client.query<{ seq: string }>(
                `WITH logged AS (INSERT INTO change_log (kind, video_id) VALUES ($1, $2) RETURNING seq, kind, video_id)
                 SELECT seq, pg_notify($3, seq || ':' || kind || ':' || video_id) FROM logged`,
                [kind, videoId, CHANNEL],
              );
              // Known before the commit, so before its notification can arrive.
              for (const row of rows) logged.push(Number(row.seq));
            }
            for (const seq of logged) this.own.add(seq);
          }
          return result;
        });
      });
    } catch (error) {
      for (const seq of logged) this.own.delete(seq); // not committed: never notified
      throw failure(error, this.url, true);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
