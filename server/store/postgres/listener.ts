import pg from 'pg';
import type { Change, ChangeSource } from '../../services/changes.js';
import { CHANNEL, type ChangeKind, type Health } from './connection.js';

/** How long to wait before reconnecting: doubling from the first to the last. */
export interface Backoff {
  firstMs: number;
  maxMs: number;
}

/** How the listening connection shows in pg_stat_activity (an operator, or a test, can find it). */
export const LISTENER_NAME = 'panelnotes listener';

const BACKOFF: Backoff = { firstMs: 100, maxMs: 5000 };

/**
 * What every instance changes, heard through LISTEN on a connection of its own (a pooled one
 * would be handed back and stop listening). The change log's sequence numbers follow commit
 * order (connection.ts), so one number, the last change seen, says what an instance has missed.
 *
 * When the connection is lost, writes are refused (Health) and the listener reconnects by itself,
 * waiting a little longer each time; once back it listens again, then reads the change log after
 * the last change it saw and emits each talk and kind changed since, once: a catch-up on what it
 * missed, not a reload of everything. Notifications that arrive while it reads are held and
 * emitted after, unless the catch-up said them already.
 *
 * @example const changes = new ChangeListener(url, health, 0, console.log); changes.start((c) => console.log(c.kind, c.videoId));
 */
export class ChangeListener implements ChangeSource {
  readonly name = 'team database';
  private emit?: (change: Change) => void;
  private client?: pg.Client;
  private timer?: NodeJS.Timeout;
  private delay: number;
  /** Notifications held while the change log is read (undefined when not catching up). */
  private held?: { seq: number; change: Change }[];

  constructor(
    private readonly url: string,
    private readonly health: Health,
    /** The last change seen (taken when the store opened, so nothing after it is missed). */
    private lastSeq: number,
    private readonly log: (line: string) => void,
    private readonly backoff: Backoff = BACKOFF,
    /** This instance's own changes, not said back to it (see Database.own); a catch-up says everything. */
    private readonly own: Set<number> = new Set(),
  ) {
    this.delay = backoff.firstMs;
  }

  start(emit: (change: Change) => void): void {
    if (this.emit) return;
    this.emit = emit;
    void this.connect();
  }

  stop(): void {
    this.emit = undefined;
    clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    void client?.end().catch(() => undefined);
    this.health.restored();
  }

  /** The last change this instance has seen (for tests and logs). */
  get seen(): number {
    return this.lastSeq;
  }

  private async connect(): Promise<void> {
    if (!this.emit) return;
    const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 5000, application_name: LISTENER_NAME });
    this.client = client;
    let gone = false;
    const lost = (why: string): void => {
      if (gone) return;
      gone = true;
      if (this.client !== client || !this.emit) return;
      this.client = undefined;
      this.health.lost();
      this.own.clear(); // the catch-up says them all
      this.log(`team database: lost the connection (${why}); writes are refused until it is back; reconnecting`);
      void client.end().catch(() => undefined);
      this.retry();
    };
    client.on('error', (error) => lost(error.message));
    client.on('end', () => lost('it was closed'));
    client.on('notification', (message) => this.heard(message.payload));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      this.held = [];
      const missed = await client.query<{ seq: string; kind: ChangeKind; video_id: string }>(
        'SELECT max(seq) AS seq, kind, video_id FROM change_log WHERE seq > $1 GROUP BY kind, video_id ORDER BY max(seq)',
        [this.lastSeq],
      );
      if (this.client !== client || !this.emit) return;
      for (const row of missed.rows) this.say(Number(row.seq), { kind: row.kind, videoId: row.video_id });
      const held = this.held;
      this.held = undefined;
      for (const { seq, change } of held) this.say(seq, change);
      if (missed.rows.length) this.log(`team database: caught up on ${missed.rows.length} change(s) made while away`);
      this.delay = this.backoff.firstMs;
      this.health.restored();
    } catch (error) {
      this.held = undefined;
      lost((error as Error).message);
    }
  }

  private retry(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.connect(), this.delay);
    this.timer.unref();
    this.delay = Math.min(this.delay * 2, this.backoff.maxMs);
  }

  /** A notification: `seq:kind:videoId`. */
  private heard(payload: string | undefined): void {
    const match = /^(\d+):(transcript|notes|speakers):(.+)$/.exec(payload ?? '');
    if (!match) return;
    const seq = Number(match[1]);
    const change: Change = { kind: match[2] as ChangeKind, videoId: match[3] as string };
    if (this.held) this.held.push({ seq, change });
    else if (this.own.delete(seq)) this.lastSeq = Math.max(this.lastSeq, seq);
    else this.say(seq, change);
  }

  /** Emits a change not seen yet, and moves the last seen change to it. */
  private say(seq: number, change: Change): void {
    if (seq <= this.lastSeq) return;
    this.lastSeq = seq;
    this.emit?.(change);
  }
}
