/**
 * The one way the search core refuses: a search with nothing to look for, or a filter naming a
 * video or topic that is not there. The codes are the application's own (server/errors.ts), so
 * the server turns one into a PanelnotesError by handing SearchIndex a factory that makes one
 * directly; on its own (tests, a browser) the core throws a SearchError.
 */
export type SearchErrorCode = 'USAGE' | 'NOT_FOUND';

export class SearchError extends Error {
  override readonly name = 'SearchError';
  constructor(
    readonly code: SearchErrorCode,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/**
 * Makes the error a refused search throws.
 *
 * @example const toPanelnotes: SearchErrorFactory = (code, message, hint) => new PanelnotesError(code, message, hint);
 */
export type SearchErrorFactory = (code: SearchErrorCode, message: string, hint?: string) => Error;

export const searchError: SearchErrorFactory = (code, message, hint) => new SearchError(code, message, hint);
