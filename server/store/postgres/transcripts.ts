import type { VideoIndexData } from '../../../index/build.js';
import { PanelnotesError } from '../../errors.js';
import { findTranscript, loadLibrary, MAX_TRANSCRIPT_BYTES, type LoadedLibrary } from '../../library.js';
import { transcriptSchema } from '../../transcript/schema.js';
import type { LibraryProblem, TranscriptRecord } from '../../transcript/types.js';
import { describeIssue } from '../../zodIssues.js';
import type { TranscriptsRepository } from '../types.js';
import type { Database } from './connection.js';

/**
 * The transcripts themselves, and the index data built from each, in the team database: what
 * the library folder and its cache folder are in single-user mode. A transcript is one row,
 * replaced whole in one transaction (never half-written), and its change is logged and notified
 * so every instance reloads that talk. Index data is written once by whoever imported the talk
 * and read by every other instance instead of rebuilding it.
 *
 * With `sampleDir` (the shipped sample, offered as the default library offers it in single-user
 * mode: see library.ts sampleDirOf), the sample's talks are read beneath the database's: a
 * transcript of the same video in the database replaces it, and removing that one brings the
 * sample back. The sample is never written to the database, so instances starting together have
 * nothing to race for, and a fresh team database is never empty-handed.
 */
export class PostgresTranscripts implements TranscriptsRepository {
  constructor(
    private readonly db: Database,
    private readonly sampleDir?: string,
  ) {}

  /** Every transcript by title, as the library folder lists them; one that does not validate is a problem, not a failure. */
  async loadTranscripts(): Promise<LoadedLibrary> {
    const rows = await this.db.read<{ video_id: string; record: unknown }>('SELECT video_id, record FROM transcripts ORDER BY video_id');
    const sample = this.sampleDir === undefined ? { videos: [], problems: [] } : await loadLibrary(this.sampleDir, undefined);
    const stored = new Set(rows.map((row) => row.video_id));
    const videos: TranscriptRecord[] = sample.videos.filter((record) => !stored.has(record.videoId));
    const problems: LibraryProblem[] = [...sample.problems];
    for (const row of rows) {
      const checked = check(row.video_id, row.record);
      if ('record' in checked) videos.push(checked.record);
      else problems.push(checked);
    }
    videos.sort((a, b) => a.title.localeCompare(b.title));
    return { videos, problems };
  }

  async getTranscript(videoId: string): Promise<TranscriptRecord | undefined> {
    const row = (await this.db.read<{ record: unknown }>('SELECT record FROM transcripts WHERE video_id = $1', [videoId]))[0];
    if (!row) return this.sampleDir === undefined ? undefined : findTranscript(this.sampleDir, videoId, undefined);
    const checked = check(videoId, row.record);
    if ('record' in checked) return checked.record;
    throw new PanelnotesError('LIBRARY_CORRUPT', `${checked.path}: ${checked.problem}`);
  }

  async putTranscript(record: TranscriptRecord): Promise<void> {
    const checked = transcriptSchema.safeParse(record);
    if (!checked.success)
      throw new PanelnotesError('LIBRARY_WRITE_FAILED', `refusing to save an invalid transcript for ${record.videoId}: ${describeIssue(checked.error)}`);
    // As written: `json` keeps the text, so every instance reads (and hashes) the same record.
    const text = JSON.stringify(record);
    if (Buffer.byteLength(text) > MAX_TRANSCRIPT_BYTES)
      throw new PanelnotesError(
        'FILE_TOO_LARGE',
        `the transcript of ${record.videoId} would be ${(Buffer.byteLength(text) / 1048576).toFixed(0)} MB; the library holds transcripts of at most ${MAX_TRANSCRIPT_BYTES / 1048576} MB`,
      );
    await this.db.write(async (tx) => {
      await tx.query(
        'INSERT INTO transcripts (video_id, record, updated_at) VALUES ($1, $2, now()) ON CONFLICT (video_id) DO UPDATE SET record = excluded.record, updated_at = now()',
        [record.videoId, text],
      );
      tx.changed('transcript', record.videoId);
    });
  }

  async removeTranscript(videoId: string): Promise<boolean> {
    return this.db.write(async (tx) => {
      const { rowCount } = await tx.query('DELETE FROM transcripts WHERE video_id = $1', [videoId]);
      await tx.query('DELETE FROM index_data WHERE video_id = $1', [videoId]);
      if (rowCount) tx.changed('transcript', videoId);
      return Boolean(rowCount);
    });
  }

  async getIndexData(videoId: string, key: string): Promise<VideoIndexData | undefined> {
    return (await this.db.read<{ data: VideoIndexData }>('SELECT data FROM index_data WHERE video_id = $1 AND key = $2', [videoId, key]))[0]?.data;
  }

  async putIndexData(videoId: string, key: string, data: VideoIndexData): Promise<void> {
    await this.db.write(async (tx) => {
      await tx.query(
        'INSERT INTO index_data (video_id, key, data) VALUES ($1, $2, $3) ON CONFLICT (video_id) DO UPDATE SET key = excluded.key, data = excluded.data',
        [videoId, key, JSON.stringify(data)],
      );
    });
  }
}

/** A stored record validated as a library file is (one from a newer panelnotes may not be). */
function check(videoId: string, record: unknown): { record: TranscriptRecord } | LibraryProblem {
  const checked = transcriptSchema.safeParse(record);
  return checked.success ? { record: checked.data } : { path: `team database: transcript ${videoId}`, problem: describeIssue(checked.error) };
}
