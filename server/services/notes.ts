import { passageAt } from '../../index/passages.js';
import type { Passage } from '../../index/types.js';
import type { Annotations } from '../search/load.js';
import { PanelnotesError } from '../errors.js';
import type { Store } from '../store/types.js';
import { exportNotes, type ExportedNotes } from '../notes/export.js';
import { importedBy, parseNotesImport } from '../notes/import.js';
import { layoutNotes } from '../notes/layout.js';
import type { ExportFormat, Note, NotesPage, SpeakerTurn } from '../notes/types.js';
import { checkImport, checkMoments, parseNoteBody, parseNotePatch, parseTurnBody } from '../notes/validate.js';
import type { Catalog } from './catalog.js';
import { mayChange, type NoteWrite, type Writer } from './writers.js';
import type { NotesVideos } from './videos.js';
import { formatTime } from '../time.js';

/** Imports a notes export's text into the database off this thread (Workers.importNotes). */
export type NotesImporter = (
  text: string,
  fileName: string,
  lengths: ReadonlyMap<string, number>,
  by?: Writer,
) => Promise<{ added: number; skipped: number; videoIds: string[] }>;

/** Enough to see that a passage has notes without burying its words. */
const INLINE_PER_PASSAGE = 3;
const PANEL_PAGE_SIZE = 50;
/** Candidates listed when a shortened note id fits several. */
const AMBIGUOUS_SHOWN = 10;

/** The search index notes and speaker turns are part of: the server's live one (the CLI has none: its next search reads the database). */
export type NotesIndex = Pick<Catalog, 'noteChanged' | 'refreshNotes' | 'refreshSpeakers'>;

/**
 * Notes and speaker turns for the routes and the CLI: each write goes to the store, then to the
 * live search index of that one video where there is one, so the next search sees it.
 */
export class NotesService {
  constructor(
    private readonly store: Store,
    private readonly videos: NotesVideos,
    private readonly index?: NotesIndex,
    /** Where a running server imports notes files: a worker thread (else this one). */
    private readonly importer?: NotesImporter,
  ) {}

  /** What the catalog needs to index videos with their turns and notes. */
  static annotations(store: Pick<Store, 'listTurns' | 'listNotes'>): Annotations {
    return { turns: (videoId) => store.listTurns(videoId), notes: (videoId) => store.listNotes(videoId) };
  }

  list(videoId?: string, tag?: string): Promise<Note[]> {
    if (videoId) this.requireVideo(videoId);
    return this.store.listNotes(videoId, tag);
  }

  /**
   * What a transcript page shows of a video's notes (see NotesLayout), with the notes it
   * shows: read a passage at a time, so a talk with thousands costs little more than a few.
   * @throws PanelnotesError NOT_FOUND for a panel page past the last one
   */
  async page(videoId: string, passages: readonly Pick<Passage, 'end'>[], options: { page?: number; focus?: string; tag?: string }): Promise<NotesPage> {
    this.requireVideo(videoId);
    const linked = options.focus === undefined ? undefined : await this.store.getNote(options.focus);
    const focus = linked?.videoId === videoId ? linked : undefined;
    const passageOf = (seconds: number): number => passageAt({ passages }, seconds);
    const { tag } = options;
    const layout = layoutNotes(await this.store.noteStarts(videoId), passageOf, {
      ...(options.page === undefined ? {} : { page: options.page }),
      ...(focus ? { focus: await this.store.positionOf(focus) } : {}),
      ...(tag === undefined ? {} : { panelTotal: await this.store.countNotes(videoId, tag) }),
      perPassage: INLINE_PER_PASSAGE,
      pageSize: PANEL_PAGE_SIZE,
    });
    if (layout.page > layout.pages)
      throw new PanelnotesError(
        'NOT_FOUND',
        `there is no page ${layout.page} of notes${tag === undefined ? '' : ` tagged #${tag}`}: this video has ${layout.pages}`,
      );

    const focusPassage = focus === undefined ? -1 : passageOf(focus.start);
    const inline: NotesPage['inline'] = new Map();
    const hidden: NotesPage['hidden'] = new Map();
    const withNotes = [...layout.byPassage];
    // The seconds passageAt gives each passage: from the end of the one before to its own end,
    // and everything after the talk for the last. All read at once (one query in team mode).
    const reads = await this.store.notesInRanges(
      videoId,
      withNotes.map(([passage, { count }]) => ({
        from: passage === 0 ? 0 : (passages[passage - 1] as Pick<Passage, 'end'>).end,
        to: passage >= passages.length - 1 ? Number.MAX_VALUE : (passages[passage] as Pick<Passage, 'end'>).end,
        limit: Math.min(count, INLINE_PER_PASSAGE + 1),
      })),
    );
    for (const [index, [passage, { count, first }]] of withNotes.entries()) {
      const read = reads[index] ?? [];
      const shown = read.slice(0, INLINE_PER_PASSAGE);
      const focusHere = passage === focusPassage && !shown.some((n) => n.id === focus?.id);
      inline.set(passage, focusHere ? [...shown, focus as Note] : shown);
      const more = count - INLINE_PER_PASSAGE - (focusHere ? 1 : 0);
      if (more > 0)
        hidden.set(passage, {
          count: more,
          firstId: (read[INLINE_PER_PASSAGE] as Note).id,
          page: Math.floor((first + INLINE_PER_PASSAGE) / PANEL_PAGE_SIZE) + 1,
        });
    }
    const panel = await this.store.pageOfNotes(videoId, (layout.page - 1) * PANEL_PAGE_SIZE, PANEL_PAGE_SIZE, tag);
    return { layout, inline, hidden, panel, ...(tag === undefined ? {} : { tag }) };
  }

  /** Notes of a video from `offset`, at most `limit`, with the number there are. */
  async listPage(videoId: string, offset: number, limit: number, tag?: string): Promise<{ total: number; notes: Note[] }> {
    this.requireVideo(videoId);
    return { total: await this.store.countNotes(videoId, tag), notes: await this.store.pageOfNotes(videoId, offset, limit, tag) };
  }

  async get(id: string): Promise<Note> {
    const note = await this.store.getNote(id);
    if (!note) throw new PanelnotesError('NOT_FOUND', `no note ${id.slice(0, 60)}`);
    return note;
  }

  /**
   * The note a person means by an id or the start of one (`3f2a`), as `git` takes a short
   * commit id: the whole id always works, a prefix when it is one note's alone.
   * @throws PanelnotesError NOT_FOUND when no note's id starts so, USAGE naming the candidates when several do
   */
  async byIdOrPrefix(idOrPrefix: string): Promise<Note> {
    const exact = await this.store.getNote(idOrPrefix);
    if (exact) return exact;
    const prefix = idOrPrefix.trim();
    // Only what an id can hold (see NOTE_ID) is looked for.
    const found = /^[A-Za-z0-9_-]{1,64}$/.test(prefix) ? await this.store.notesByIdPrefix(prefix, AMBIGUOUS_SHOWN + 1) : [];
    if (found.length === 1) return found[0] as Note;
    if (!found.length) throw new PanelnotesError('NOT_FOUND', `no note ${idOrPrefix.slice(0, 60)}`);
    const more = found.length > AMBIGUOUS_SHOWN ? '\n  … and more' : '';
    const list = found
      .slice(0, AMBIGUOUS_SHOWN)
      .map((n) => `\n  ${n.id}  ${n.videoId}  ${formatTime(n.start)}  ${n.text.replace(/\s+/g, ' ').slice(0, 60)}`)
      .join('');
    throw new PanelnotesError('USAGE', `"${prefix}" is the start of several notes' ids; give more of it:${list}${more}`);
  }

  /** @throws PanelnotesError USAGE (bad field, or a moment outside the video), FILE_TOO_LARGE (text over the limit), NOT_FOUND (video) */
  async add(videoId: string, body: unknown, by?: Writer): Promise<Note> {
    this.requireVideo(videoId);
    const input = parseNoteBody(body);
    checkMoments(input, this.lengthOf(videoId), 'note');
    const note = await this.store.addNote({ videoId, ...input }, by ? { author: by.name } : {});
    await this.index?.noteChanged(videoId, note);
    return note;
  }

  /**
   * Changes a note. The version the writer saw may come in the body (`updatedAt`, as the edit
   * form sends it) or beside it (`write.expectedUpdatedAt`, an `If-Match` header); without one,
   * the last write wins (and `updatedAt` moves).
   * @throws PanelnotesError NOT_FOUND, USAGE, CONFLICT (changed since: the error carries the note as it is), FORBIDDEN (another's note)
   */
  async update(id: string, body: unknown, write: NoteWrite = {}): Promise<Note> {
    const { patch, updatedAt } = parseNotePatch(body);
    const current = await this.get(id);
    mayChange(current, write.by, `note ${current.id}`);
    checkMoments({ start: patch.start ?? current.start, end: 'end' in patch ? patch.end : current.end }, this.lengthOf(current.videoId), 'note');
    const expectedUpdatedAt = updatedAt ?? write.expectedUpdatedAt;
    const note = await this.store.updateNote(current.id, patch, expectedUpdatedAt === undefined ? {} : { expectedUpdatedAt });
    await this.index?.noteChanged(note.videoId, note);
    return note;
  }

  /** Deletes a note (see update for `write`). @throws PanelnotesError NOT_FOUND, CONFLICT, FORBIDDEN */
  async remove(id: string, write: NoteWrite = {}): Promise<Note> {
    const current = await this.get(id);
    mayChange(current, write.by, `note ${current.id}`);
    const note = await this.store.deleteNote(current.id, write.expectedUpdatedAt === undefined ? {} : { expectedUpdatedAt: write.expectedUpdatedAt });
    this.recentlyDeleted.set(note.id, note);
    if (this.recentlyDeleted.size > 100) this.recentlyDeleted.delete(this.recentlyDeleted.keys().next().value as string);
    await this.index?.noteChanged(note.videoId, undefined, note.id);
    return note;
  }

  /** Undo in the browser: the note deleted a moment ago comes back as it was (its author's or an admin's to undo). @throws NOT_FOUND, FORBIDDEN */
  async undoDelete(id: string, by?: Writer): Promise<Note> {
    const note = this.recentlyDeleted.get(id);
    if (!note) throw new PanelnotesError('NOT_FOUND', 'that note can no longer be restored');
    mayChange(note, by, `note ${note.id}`);
    this.recentlyDeleted.delete(id);
    return this.restore(note);
  }

  private readonly recentlyDeleted = new Map<string, Note>();

  /** The note of that id deleted from that video a moment ago, while Undo can still bring it back. */
  deletedNote(id: string, videoId: string): Note | undefined {
    const note = this.recentlyDeleted.get(id);
    return note?.videoId === videoId ? note : undefined;
  }

  /** A speaker turn of a video, by its id. */
  async turn(videoId: string, id: string): Promise<SpeakerTurn | undefined> {
    return (await this.turns(videoId)).find((t) => t.id === id);
  }

  /** Undo of a delete: the note comes back with its id and times. */
  async restore(note: Note): Promise<Note> {
    if (await this.store.getNote(note.id)) return note;
    await this.store.restoreNote(note);
    await this.index?.noteChanged(note.videoId, note);
    return note;
  }

  /**
   * Adds the notes not already there. Notes on videos not in the library, or at moments outside
   * their video, are refused before anything is written (see checkImport).
   */
  async import(notes: Note[], from = 'the import', by?: Writer): Promise<{ added: number; skipped: number }> {
    checkImport(notes, this.lengths(), from);
    const { added, skipped } = await this.store.importNotes(importedBy(notes, by));
    for (const videoId of new Set(added.map((n) => n.videoId))) await this.index?.refreshNotes(videoId);
    return { added: added.length, skipped };
  }

  /**
   * A notes export file (its text) imported on a worker thread: read, checked and written
   * there in one transaction, so a 60,000-note file holds up no other request.
   */
  async importFile(text: string, fileName: string, by?: Writer): Promise<{ added: number; skipped: number }> {
    if (!this.importer) return this.import(parseNotesImport(text, fileName).notes, fileName, by);
    const { added, skipped, videoIds } = await this.importer(text, fileName, this.lengths(), by);
    for (const videoId of videoIds) await this.index?.refreshNotes(videoId);
    return { added, skipped };
  }

  /** A number that moves with every change to a video's notes and speakers (without one: any video's), whoever made it. */
  stamp(videoId?: string): Promise<number> {
    return this.store.changeStamp(videoId);
  }

  /** A video's notes as a file in one of the export formats. */
  async exportFile(videoId: string, format: ExportFormat): Promise<ExportedNotes> {
    const notes = await this.store.listNotes(videoId);
    return exportNotes(format, { videoId, ...this.videos.exportSource(videoId), notes, exportedAt: new Date() });
  }

  turns(videoId: string): Promise<SpeakerTurn[]> {
    this.requireVideo(videoId);
    return this.store.listTurns(videoId);
  }

  async addTurn(videoId: string, body: unknown, by?: Writer): Promise<SpeakerTurn> {
    this.requireVideo(videoId);
    const { start, end, name } = parseTurnBody(body);
    checkMoments({ start, end }, this.lengthOf(videoId), 'speaker span');
    const [turn] = (await this.store.addTurns(videoId, [{ start, end, name }], by ? { author: by.name } : {})) as [SpeakerTurn];
    await this.index?.refreshSpeakers(videoId);
    return turn;
  }

  /** @throws PanelnotesError NOT_FOUND, FORBIDDEN (another's turn, in team mode) */
  async removeTurn(id: string, by?: Writer): Promise<SpeakerTurn> {
    const current = by && (await this.store.getTurn(id));
    if (current) mayChange(current, by, `speaker turn ${current.id}`);
    const turn = await this.store.deleteTurn(id);
    await this.index?.refreshSpeakers(turn.videoId);
    return turn;
  }

  /** Every video's length, for checking an import's notes. */
  private lengths(): Map<string, number> {
    return this.videos.lengths();
  }

  /** The video's length in seconds, as the transcript page shows it. */
  private lengthOf(videoId: string): number {
    return this.videos.duration(videoId);
  }

  private requireVideo(videoId: string): void {
    if (!this.videos.has(videoId)) throw new PanelnotesError('NOT_FOUND', `no video ${videoId} in the library`);
  }
}
