import type { TrustProxy } from '../config.js';
import type { Logger } from '../log.js';
import type { HostEntry } from '../servedHosts.js';
import type { UsersRepository } from '../store/types.js';
import type { Catalog } from './catalog.js';
import type { FetchOnStart } from './fetchOnStart.js';
import type { Imports } from './imports.js';
import type { Jobs } from './jobs.js';
import type { NotesService } from './notes.js';
import type { SpeakersService } from './speakers.js';

/**
 * What the web app is built from (`createApp(deps)`): the services the routes call, and the
 * settings of the web layer. It lives here, beside the services, so routes and app import it
 * from below rather than from each other.
 */
export interface AppDeps {
  catalog: Catalog;
  jobs: Jobs;
  notes: NotesService;
  /** Speaker suggestions, turns tagged while watching, and who answered what. */
  speakers: SpeakersService;
  /** Transcripts coming in: caption uploads and fetches, saved and indexed (on worker threads in the server). */
  imports: Imports;
  /** When set (required beyond loopback), writes need this token. */
  token?: string;
  /** Where fetched and uploaded transcripts are saved. */
  libraryDir: string;
  /** Largest caption upload accepted, in bytes. */
  maxUploadBytes?: number;
  /** Requests per minute from one address: fetches and imports, and note or speaker writes; wrong tokens (10 unless told). */
  rateLimits?: { fetches: number; writes: number; publishes?: number; tokenFailures?: number };
  /**
   * The hosts the app answers to (see servedHosts); any other `Host` gets 421. Unless told,
   * the loopback names on any port: an app made without them serves this machine only.
   */
  hosts?: readonly HostEntry[];
  /** The address a reverse proxy serves the app at (its origin counts as the app's own; https makes cookies Secure). */
  publicUrl?: URL;
  /** The server's fetch of the sample talks' real captions: the library page says which could not be fetched. */
  startFetch?: Pick<FetchOnStart, 'failures'>;
  /**
   * Team mode: the people who may write. Given, every write (API and forms, whatever the bind
   * address) needs one of their tokens, and the writer is `res.locals.user`; reads stay open.
   * Absent, the single-user rules hold (the server's one token, where it has one).
   */
  users?: Pick<UsersRepository, 'userByToken'>;
  /** Where request and error lines go (see log.ts); unless given, nowhere (tests stay quiet). */
  log?: Logger;
  /** Which peers may speak for the client in X-Forwarded-* (Express's `trust proxy`); nobody unless told. */
  trustProxy?: TrustProxy;
}
