/**
 * Every failure a user can cause or meet has a code, a one-line message, an optional hint
 * and a process exit code. The CLI prints `message` (and `hint`) and exits with `exitCode`;
 * the web app maps the same codes to HTTP statuses, so both speak one vocabulary.
 */
export const ERROR_CODES = {
  USAGE: { exit: 2, http: 400 },
  INVALID_VIDEO_ID: { exit: 2, http: 400 },
  INVALID_TIME: { exit: 2, http: 400 },
  NOT_FOUND: { exit: 3, http: 404 },
  FILE_UNREADABLE: { exit: 4, http: 400 },
  FILE_TOO_LARGE: { exit: 4, http: 413 },
  FILE_UNWRITABLE: { exit: 4, http: 500 },
  CAPTIONS_UNRECOGNISED: { exit: 4, http: 400 },
  CAPTIONS_EMPTY: { exit: 4, http: 400 },
  /** Within the size limit, but more work than any real file needs (too long, too much memory). */
  TOO_COMPLEX: { exit: 4, http: 422 },
  /** Captions beyond what one video holds (server/captions/limits.ts): refused before the work, not after minutes of it. */
  CAPTIONS_TOO_COMPLEX: { exit: 4, http: 422 },
  LIBRARY_CORRUPT: { exit: 5, http: 500 },
  LIBRARY_WRITE_FAILED: { exit: 5, http: 500 },
  DATABASE_BUSY: { exit: 5, http: 503 },
  /** A team database that cannot be reached now: reads go on, writes wait for it (issue 16). */
  DATABASE_UNAVAILABLE: { exit: 5, http: 503 },
  /** A write made on a version of a note that has changed since (optimistic concurrency, issue 16). */
  CONFLICT: { exit: 6, http: 409 },
  DISK_FULL: { exit: 5, http: 507 },
  NETWORK_DOWN: { exit: 10, http: 503 },
  RATE_LIMITED: { exit: 11, http: 429 },
  VIDEO_UNAVAILABLE: { exit: 12, http: 404 },
  CAPTIONS_DISABLED: { exit: 13, http: 404 },
  LANGUAGE_UNAVAILABLE: { exit: 14, http: 404 },
  TRANSCRIPT_EMPTY: { exit: 15, http: 502 },
  UPSTREAM_FAILED: { exit: 16, http: 502 },
  FORBIDDEN: { exit: 2, http: 403 },
  UNAUTHORIZED: { exit: 2, http: 401 },
  MISDIRECTED: { exit: 2, http: 421 },
  INTERNAL: { exit: 1, http: 500 },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class PanelnotesError extends Error {
  override readonly name = 'PanelnotesError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly hint?: string,
    options?: { cause?: unknown; field?: string; current?: unknown },
  ) {
    super(message, options);
    if (options?.field !== undefined) this.field = options.field;
    if (options?.current !== undefined) this.current = options.current;
  }

  /** What stands now, when a write was refused as stale (CONFLICT): the API answers it beside the error. */
  readonly current?: unknown;

  /** The input field that is wrong (`start`, `text`), where one is: a form shows the message beside it. */
  readonly field?: string;

  get exitCode(): number {
    return ERROR_CODES[this.code].exit;
  }

  get httpStatus(): number {
    return ERROR_CODES[this.code].http;
  }
}

export function isPanelnotesError(value: unknown): value is PanelnotesError {
  return value instanceof PanelnotesError;
}
