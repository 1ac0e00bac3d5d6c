import type { HostEntry } from '../servedHosts.js';
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
  rateLimits?: { fetches: number; writes: number; tokenFailures?: number };
  /**
   * The hosts the app answers to (see servedHosts); any other `Host` gets 421. Unless told,
   * the loopback names on any port: an app made without them serves this machine only.
   */
  hosts?: readonly HostEntry[];
  /** The address a reverse proxy serves the app at (its origin counts as the app's own; https makes cookies Secure). */
  publicUrl?: URL;
  /** The server's fetch of the sample talks' real captions: the library page says which could not be fetched. */
  startFetch?: Pick<FetchOnStart, 'failures'>;
}
