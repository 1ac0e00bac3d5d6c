import { PanelnotesError } from '../errors.js';

/**
 * Stored data that is there but cannot be used: a damaged transcript file, an index cache that
 * is not JSON, a link or a FIFO where a file should be. A repository throws it where it found
 * the data unreadable, so the caller can report it (one line, `where: problem`, never quoting
 * the data) and go on: a transcript is skipped, index data is rebuilt. Any other error (a
 * database that cannot be reached, a bug) is not this and is not swallowed.
 *
 * @example new StoredDataProblem('transcripts/library/x.json', 'not valid JSON').message // 'transcripts/library/x.json: not valid JSON'
 */
export class StoredDataProblem extends PanelnotesError {
  constructor(
    /** Where the data is: a file's path, or what a database calls it. */
    readonly where: string,
    /** What is wrong with it, never quoting it. */
    readonly problem: string,
  ) {
    super('LIBRARY_CORRUPT', `${where}: ${problem}`);
  }
}

/** Where `repository` keeps a transcript or its index data, as messages say it (see TranscriptsRepository.locate). */
export function locate(repository: { locate?(videoId: string, what: 'transcript' | 'index'): string }, videoId: string, what: 'transcript' | 'index'): string {
  return repository.locate?.(videoId, what) ?? (what === 'transcript' ? `transcript ${videoId}` : `index data of ${videoId}`);
}
