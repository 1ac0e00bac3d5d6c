import { PanelnotesError } from '../errors.js';
import type { Job } from '../contracts/videos.js';
import { loadLibrary, type LoadedLibrary } from '../library.js';
import { NotesStore } from '../notes/store.js';
import { fileKind } from '../notes/storeFile.js';
import type { Note, SpeakerTurn } from '../notes/types.js';
import type { PostgresStore } from '../store/postgres/engine.js';
import { readTeamRows, type StoredUser } from '../store/sqlite/teamRows.js';

/** What one kind came to: copied now, or there already (a copy run again adds nothing). */
export interface Copied {
  added: number;
  alreadyThere: number;
}

export interface MigrationReport {
  transcripts: Copied & {
    /** There already with other content: the team database's version was kept, the folder's left where it is. */
    differing: string[];
    /** Library files that could not be read (as `panelnotes list` shows them): not copied. */
    unreadable: number;
  };
  notes: Copied;
  speakerTurns: Copied;
  users: Copied;
  jobs: Copied;
}

/** Everything a single-user setup holds, read before anything connects to the team database. */
export interface SingleUserSetup {
  notes: Note[];
  turns: SpeakerTurn[];
  users: StoredUser[];
  jobs: Job[];
  library: LoadedLibrary;
}

/**
 * Reads a single-user setup: its notes database (only read: the file is left as it was) and
 * its library folder (only that folder: the shipped sample beneath the default one is not the
 * user's).
 * @throws PanelnotesError NOT_FOUND when there is no database file there
 */
export async function readSingleUserSetup(source: { dbFile: string; libraryDir: string }): Promise<SingleUserSetup> {
  if (fileKind(source.dbFile) !== 'a file')
    throw new PanelnotesError(
      'NOT_FOUND',
      `there is no notes database at ${source.dbFile}`,
      'give the file with --from-sqlite (default place: data/panelnotes.db)',
    );
  const notesDb = NotesStore.open(source.dbFile, { readOnly: true });
  let notes: Note[];
  let turns: SpeakerTurn[];
  try {
    notes = notesDb.listNotes();
    turns = notesDb.listTurns();
  } finally {
    notesDb.close();
  }
  return { notes, turns, ...readTeamRows(source.dbFile), library: await loadLibrary(source.libraryDir, undefined) };
}

/**
 * Copies a single-user setup into a team database: transcripts, notes, speaker turns, users
 * (with their token hashes, so tokens keep working) and jobs. Everything keeps its id, and what
 * is there already is left as it is, so running it again adds nothing and a run stopped half-way
 * is finished by running it again. At the end every note, turn and transcript of the source is
 * looked up in the team database: nothing is reported copied that is not there.
 *
 * @example await copyToTeam(await readSingleUserSetup({ dbFile: 'data/panelnotes.db', libraryDir: 'transcripts/library' }), store) // { notes: { added: 12, alreadyThere: 0 }, … }
 */
export async function copyToTeam(setup: SingleUserSetup, target: PostgresStore): Promise<MigrationReport> {
  const { notes, turns, users, jobs, library } = setup;
  const transcripts = { added: 0, alreadyThere: 0, differing: [] as string[], unreadable: library.problems.length };
  for (const record of library.videos) {
    const there = await target.getTranscript(record.videoId);
    if (!there) {
      await target.putTranscript(record);
      transcripts.added++;
    } else {
      transcripts.alreadyThere++;
      if (JSON.stringify(there) !== JSON.stringify(record)) transcripts.differing.push(record.videoId);
    }
  }

  const imported = await target.importNotes(notes);
  const speakerTurns = await copyTurns(turns, target);

  const copiedUsers: Copied = { added: 0, alreadyThere: 0 };
  for (const user of users) copiedUsers[(await target.importUser(user)) ? 'added' : 'alreadyThere']++;
  const copiedJobs: Copied = { added: 0, alreadyThere: 0 };
  for (const job of jobs) {
    if (await target.getJob(job.id)) copiedJobs.alreadyThere++;
    else {
      await target.saveJob(job);
      copiedJobs.added++;
    }
  }

  await verify(
    notes.map((n) => n.id),
    turns,
    library.videos.map((v) => v.videoId),
    target,
  );
  return {
    transcripts,
    notes: { added: imported.added.length, alreadyThere: imported.skipped },
    speakerTurns,
    users: copiedUsers,
    jobs: copiedJobs,
  };
}

/** Each video's turns not in the team database yet (by id), put in one change per video. */
async function copyTurns(turns: SpeakerTurn[], target: PostgresStore): Promise<Copied> {
  const byVideo = new Map<string, SpeakerTurn[]>();
  for (const turn of turns) {
    const ofVideo = byVideo.get(turn.videoId);
    if (ofVideo) ofVideo.push(turn);
    else byVideo.set(turn.videoId, [turn]);
  }
  const copied: Copied = { added: 0, alreadyThere: 0 };
  for (const [videoId, ofVideo] of byVideo) {
    const there = new Set((await target.listTurns(videoId)).map((t) => t.id));
    const missing = ofVideo.filter((t) => !there.has(t.id));
    if (missing.length) await target.changeTurns(videoId, { put: missing });
    copied.added += missing.length;
    copied.alreadyThere += ofVideo.length - missing.length;
  }
  return copied;
}

/** Every note, turn and transcript of the source is in the team database, else a failure naming how many are not. */
async function verify(noteIds: string[], turns: SpeakerTurn[], videoIds: string[], target: PostgresStore): Promise<void> {
  const notesThere = new Set((await target.listNotes()).map((n) => n.id));
  const turnsThere = new Set((await target.listTurns()).map((t) => t.id));
  const transcriptsThere = new Set((await target.loadTranscripts()).videos.map((v) => v.videoId));
  const missing = [
    [noteIds.filter((id) => !notesThere.has(id)).length, 'notes'],
    [turns.filter((t) => !turnsThere.has(t.id)).length, 'speaker turns'],
    [videoIds.filter((id) => !transcriptsThere.has(id)).length, 'transcripts'],
  ].filter(([n]) => n !== 0);
  if (missing.length)
    throw new PanelnotesError(
      'LIBRARY_WRITE_FAILED',
      `the copy is incomplete: ${missing.map(([n, what]) => `${n} ${what}`).join(', ')} of the source are not in the team database`,
      'run the same command again: what is there already is kept',
    );
}
