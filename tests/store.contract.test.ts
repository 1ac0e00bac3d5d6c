import { INDEX_FORMAT_VERSION } from '../index/build.js';
import type { Job } from '../server/contracts/videos.js';
import type { PanelnotesError } from '../server/errors.js';
import type { Note, SpeakerTurn } from '../server/notes/types.js';
import type { Change } from '../server/services/changes.js';
import type { Authored, Store } from '../server/store/types.js';
import { rejection } from './support/expectations.js';
import { ENGINES, eventually, type OpenedEngine } from './support/engines.js';
import { transcript } from './support/records.js';

/**
 * The one Store contract (server/store/types.ts), run over every engine: what services, routes
 * and the CLI rely on, whichever engine holds the data. Notes, speaker turns, users, jobs,
 * transcripts and their index data, conflicts, and the change feed from another instance.
 */

const VIDEO = 'S6Sjj6OtyvY';
const OTHER = 'dQw4w9WgXcQ';
const AT = new Date('2026-12-01T10:00:00.000Z');

function note(id: string, videoId: string, start: number, overrides: Partial<Note & Authored> = {}): Note {
  return { id, videoId, start, text: `note ${id}`, tags: [], createdAt: '2026-11-01T00:00:00.000Z', updatedAt: '2026-11-01T00:00:00.000Z', ...overrides };
}

/** Who wrote a note or set a turn (team mode). */
const authorOf = (written: object): string | undefined => (written as Authored).author;

function job(id: string, startedAt: string, state: Job['state'] = 'fetching'): Job {
  return { id, videoId: VIDEO, state, step: 'fetching the captions', startedAt };
}

describe.each(ENGINES)('the $name store', (engine) => {
  const run = engine.missing ? describe.skip : describe;
  if (engine.missing) it.skip(`is skipped: ${engine.missing}`, () => undefined);

  run('contract', () => {
    let opened: OpenedEngine;
    let store: Store;
    beforeEach(async () => {
      opened = await engine.open();
      store = opened.store;
    });
    afterEach(async () => {
      await opened.close();
    });

    describe('notes', () => {
      it('adds a note with a fresh id, times and author, and reads it back as it was', async () => {
        const added = await store.addNote({ videoId: VIDEO, start: 12.5, end: 20, text: 'the point', tags: ['key'] }, { author: 'ada', now: AT });
        expect(added).toEqual({
          id: expect.stringMatching(/^[0-9a-f-]{36}$/),
          videoId: VIDEO,
          start: 12.5,
          end: 20,
          text: 'the point',
          tags: ['key'],
          createdAt: AT.toISOString(),
          updatedAt: AT.toISOString(),
          author: 'ada',
        });
        expect(await store.getNote(added.id)).toEqual(added);
        const plain = await store.addNote({ videoId: VIDEO, start: 3, text: 'no end, no tags, no author' });
        expect(await store.getNote(plain.id)).toEqual(plain);
        expect(plain).not.toHaveProperty('end');
        expect(plain).not.toHaveProperty('author');
        expect(plain.tags).toEqual([]);
        expect(await store.getNote('no-such-note')).toBeUndefined();
      });

      it('lists, counts and pages notes in time order, narrowed to a tag', async () => {
        await store.importNotes([
          note('n-late', VIDEO, 90, { tags: ['q'] }),
          note('n-early', VIDEO, 5),
          note('n-tie-b', VIDEO, 30, { tags: ['q', 'x'] }),
          note('n-tie-a', VIDEO, 30, { tags: ['x'] }),
          note('n-other', OTHER, 1, { tags: ['q'] }),
        ]);
        const ids = (notes: Note[]): string[] => notes.map((n) => n.id);
        expect(ids(await store.listNotes(VIDEO))).toEqual(['n-early', 'n-tie-a', 'n-tie-b', 'n-late']);
        expect(ids(await store.listNotes())).toEqual(
          [OTHER, VIDEO].sort().flatMap((v) => (v === OTHER ? ['n-other'] : ['n-early', 'n-tie-a', 'n-tie-b', 'n-late'])),
        );
        expect(ids(await store.listNotes(VIDEO, 'q'))).toEqual(['n-tie-b', 'n-late']);
        expect(ids(await store.listNotes(undefined, 'x'))).toEqual(['n-tie-a', 'n-tie-b']);
        expect(await store.countNotes(VIDEO)).toBe(4);
        expect(await store.countNotes(VIDEO, 'x')).toBe(2);
        expect(await store.countNotes('aaaaaaaaaaa')).toBe(0);
        expect(ids(await store.pageOfNotes(VIDEO, 1, 2))).toEqual(['n-tie-a', 'n-tie-b']);
        expect(ids(await store.pageOfNotes(VIDEO, 1, 5, 'q'))).toEqual(['n-late']);
        expect(await store.noteStarts(VIDEO)).toEqual([5, 30, 30, 90]);
        const ranges = [
          { from: 5, to: 90, limit: 10 },
          { from: 0, to: 100, limit: 2 },
          { from: 31, to: 89, limit: 5 },
          { from: 90, to: Number.MAX_VALUE, limit: 4 },
        ];
        expect((await store.notesInRanges(VIDEO, ranges)).map(ids)).toEqual([['n-early', 'n-tie-a', 'n-tie-b'], ['n-early', 'n-tie-a'], [], ['n-late']]);
        expect(await store.notesInRanges(VIDEO, [])).toEqual([]);
        expect(await store.positionOf((await store.getNote('n-tie-b')) as Note)).toBe(2);
      });

      it('finds notes by the start of their id, in byte order of ids', async () => {
        await store.importNotes([note('b-1', VIDEO, 1), note('a-2', VIDEO, 2), note('B-3', VIDEO, 3), note('bb-4', VIDEO, 4)]);
        expect((await store.notesByIdPrefix('b', 10)).map((n) => n.id)).toEqual(['b-1', 'bb-4']);
        expect((await store.notesByIdPrefix('', 10)).map((n) => n.id)).toEqual(['B-3', 'a-2', 'b-1', 'bb-4']);
        expect((await store.notesByIdPrefix('', 1)).map((n) => n.id)).toEqual(['B-3']);
        expect(await store.notesByIdPrefix('zz', 10)).toEqual([]);
      });

      it('edits a note: fields patched, an end removed, updatedAt moved, the author kept', async () => {
        const added = await store.addNote({ videoId: VIDEO, start: 10, end: 20, text: 'first', tags: ['a'] }, { author: 'ada', now: AT });
        const later = new Date(AT.getTime() + 60_000);
        const edited = await store.updateNote(added.id, { text: 'second', tags: ['b'], end: undefined }, { author: 'bob', now: later });
        expect(edited).toEqual({ ...added, text: 'second', tags: ['b'], end: undefined, updatedAt: later.toISOString() });
        expect(edited).not.toHaveProperty('end');
        expect(await store.getNote(added.id)).toEqual(edited);
        // A clock that says no later still moves updatedAt: a writer holding the old one is told.
        const again = await store.updateNote(added.id, { text: 'third' }, { now: AT });
        expect(Date.parse(again.updatedAt)).toBeGreaterThan(Date.parse(edited.updatedAt));
      });

      it('refuses an edit ending before its start, a missing note, and changes nothing', async () => {
        const added = await store.addNote({ videoId: VIDEO, start: 10, text: 'kept' });
        const early = await rejection(store.updateNote(added.id, { end: 5 }));
        expect([early.code, early.message, early.field]).toEqual(['USAGE', 'a note must end after it starts', 'end']);
        expect(await store.getNote(added.id)).toEqual(added);
        const missing = await rejection(store.updateNote('nope', { text: 'x' }));
        expect([missing.code, missing.message]).toEqual(['NOT_FOUND', 'no note nope']);
        const gone = await rejection(store.deleteNote('nope'));
        expect([gone.code, gone.message]).toEqual(['NOT_FOUND', 'no note nope']);
      });

      it('refuses an edit or delete made on a stale version with CONFLICT and the note as it stands', async () => {
        const added = await store.addNote({ videoId: VIDEO, start: 10, text: 'v1' }, { now: AT });
        const v2 = await store.updateNote(added.id, { text: 'v2' }, { expectedUpdatedAt: added.updatedAt });
        const stale = await rejection(store.updateNote(added.id, { text: 'lost?' }, { expectedUpdatedAt: added.updatedAt }));
        expect(stale.code).toBe('CONFLICT');
        expect(stale.httpStatus).toBe(409);
        expect(stale.current).toEqual(v2);
        const staleDelete = await rejection(store.deleteNote(added.id, { expectedUpdatedAt: added.updatedAt }));
        expect([staleDelete.code, staleDelete.current]).toEqual(['CONFLICT', v2]);
        expect(await store.getNote(added.id)).toEqual(v2);
      });

      it('lets exactly one of two writers holding the same version win; the other gets CONFLICT', async () => {
        const added = await store.addNote({ videoId: VIDEO, start: 10, text: 'v1' }, { now: AT });
        const elsewhere = await opened.another();
        const outcomes = await Promise.allSettled([
          store.updateNote(added.id, { text: 'from A' }, { expectedUpdatedAt: added.updatedAt }),
          elsewhere.updateNote(added.id, { text: 'from B' }, { expectedUpdatedAt: added.updatedAt }),
        ]);
        const won = outcomes.filter((o) => o.status === 'fulfilled');
        const lost = outcomes.filter((o) => o.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        expect(((lost[0] as PromiseRejectedResult).reason as PanelnotesError).code).toBe('CONFLICT');
        expect(await store.getNote(added.id)).toEqual((won[0] as PromiseFulfilledResult<Note>).value);
      });

      it('deletes a note and puts it back exactly as it was', async () => {
        const added = await store.addNote({ videoId: VIDEO, start: 10, end: 12, text: 'undo me', tags: ['t'] }, { author: 'ada' });
        expect(await store.deleteNote(added.id, { expectedUpdatedAt: added.updatedAt })).toEqual(added);
        expect(await store.getNote(added.id)).toBeUndefined();
        expect(await store.restoreNote(added)).toEqual(added);
        expect(await store.getNote(added.id)).toEqual(added);
        expect((await rejection(store.restoreNote(added))).code).toBe('USAGE');
      });

      it('imports the notes whose ids are new and skips the rest', async () => {
        const first = await store.importNotes([note('i-1', VIDEO, 1, { author: 'ada' }), note('i-2', VIDEO, 2)]);
        expect([first.added.map((n) => n.id), first.skipped]).toEqual([['i-1', 'i-2'], 0]);
        const second = await store.importNotes([note('i-2', VIDEO, 2, { text: 'changed?' }), note('i-3', OTHER, 3), note('i-3', OTHER, 3)]);
        expect([second.added.map((n) => n.id), second.skipped]).toEqual([['i-3'], 2]);
        expect((await store.getNote('i-2'))?.text).toBe('note i-2');
        expect(await store.getNote('i-1')).toEqual(note('i-1', VIDEO, 1, { author: 'ada' }));
      });
    });

    describe('speaker turns', () => {
      it('adds turns by start with their author, and lists them per video or all', async () => {
        const added = await store.addTurns(
          VIDEO,
          [
            { start: 30, end: 40, name: 'Bea' },
            { start: 0, end: 30, name: 'Ada' },
          ],
          { author: 'ada', now: AT },
        );
        await store.addTurns(OTHER, [{ start: 5, end: 6, name: 'Cy' }]);
        expect(added.map((t) => [t.name, authorOf(t), t.createdAt])).toEqual([
          ['Bea', 'ada', AT.toISOString()],
          ['Ada', 'ada', AT.toISOString()],
        ]);
        expect((await store.listTurns(VIDEO)).map((t) => t.name)).toEqual(['Ada', 'Bea']);
        expect((await store.listTurns()).map((t) => t.name)).toEqual([OTHER, VIDEO].sort().flatMap((v) => (v === OTHER ? ['Cy'] : ['Ada', 'Bea'])));
        expect(await store.listTurns(VIDEO)).toEqual([added[1], added[0]]);
      });

      it('replaces the suggested turns only, keeps the confirmed ones, and confirms by id or all', async () => {
        const cues = [{ kind: 'named', text: 'Ada:' }];
        const mine = await store.addTurns(VIDEO, [{ start: 0, end: 10, name: 'Host' }]);
        const first = await store.replaceSuggested(VIDEO, [{ start: 10, end: 20, name: 'Ada', confidence: 0.9, cues: cues as never }]);
        expect([first.removed, first.added[0]?.suggested, first.added[0]?.confidence, first.added[0]?.cues]).toEqual([0, true, 0.9, cues]);
        const second = await store.replaceSuggested(VIDEO, [
          { start: 10, end: 20, name: 'Ada' },
          { start: 20, end: 30, name: 'Bea' },
        ]);
        expect(second.removed).toBe(1);
        expect((await store.listTurns(VIDEO)).map((t) => [t.name, t.suggested ?? false])).toEqual([
          ['Host', false],
          ['Ada', true],
          ['Bea', true],
        ]);
        const confirmed = await store.confirmTurns(VIDEO, [second.added[1]?.id as string]);
        expect(confirmed.map((t) => [t.name, t.suggested])).toEqual([['Bea', undefined]]);
        expect((await store.confirmTurns(VIDEO)).map((t) => t.name)).toEqual(['Ada']);
        expect((await store.listTurns(VIDEO)).every((t) => !t.suggested)).toBe(true);
        expect(await store.confirmTurns(VIDEO)).toEqual([]);
        expect((await store.listTurns(VIDEO))[0]).toEqual(mine[0]);
      });

      it('changes turns as one (remove, put back, add), and all or nothing', async () => {
        const [a, b] = await store.addTurns(VIDEO, [
          { start: 0, end: 10, name: 'Ada' },
          { start: 10, end: 20, name: 'Bea' },
        ]);
        const added = await store.changeTurns(
          VIDEO,
          { remove: [a?.id as string], put: [{ ...(b as SpeakerTurn), name: 'Beatrice' }], add: [{ start: 20, end: 30, name: 'Cy' }] },
          { author: 'bob' },
        );
        expect(added.map((t) => [t.name, authorOf(t)])).toEqual([['Cy', 'bob']]);
        expect((await store.listTurns(VIDEO)).map((t) => t.name)).toEqual(['Beatrice', 'Cy']);
        const before = await store.listTurns(VIDEO);
        const wrong = await rejection(
          store.changeTurns(VIDEO, { remove: [before[0]?.id as string], put: [{ ...(before[1] as SpeakerTurn), videoId: OTHER }] }),
        );
        expect([wrong.code, wrong.message]).toEqual(['USAGE', `speaker turn ${before[1]?.id} is not of video ${VIDEO}`]);
        expect(await store.listTurns(VIDEO)).toEqual(before);
      });

      it('deletes a turn and returns it; a missing one is NOT_FOUND', async () => {
        const [turn] = await store.addTurns(VIDEO, [{ start: 0, end: 10, name: 'Ada' }]);
        expect(await store.deleteTurn(turn?.id as string)).toEqual(turn);
        expect(await store.listTurns(VIDEO)).toEqual([]);
        const missing = await rejection(store.deleteTurn('nope'));
        expect([missing.code, missing.message]).toEqual(['NOT_FOUND', 'no speaker turn nope']);
      });
    });

    describe('users', () => {
      it('makes a user with a token that finds them, and only that token', async () => {
        const { user, token } = await store.addUser('ada', true);
        expect(user).toEqual({ name: 'ada', admin: true, createdAt: expect.any(String) });
        expect(token).toMatch(/^ada\.[A-Za-z0-9_-]{43}$/);
        expect(await store.userByToken(token)).toEqual(user);
        expect(await store.userByToken(`ada.${'A'.repeat(43)}`)).toBeUndefined();
        expect(await store.userByToken('bob.whatever')).toBeUndefined();
        expect(await store.userByToken('')).toBeUndefined();
      });

      it('refuses a name taken, lists by name, and removes', async () => {
        await store.addUser('bob', false);
        await store.addUser('ada', false);
        expect((await rejection(store.addUser('bob', true))).code).toBe('CONFLICT');
        expect((await store.listUsers()).map((u) => [u.name, u.admin])).toEqual([
          ['ada', false],
          ['bob', false],
        ]);
        const { token } = await store.addUser('cy', false);
        expect((await store.removeUser('cy')).name).toBe('cy');
        expect(await store.userByToken(token)).toBeUndefined();
        const missing = await rejection(store.removeUser('cy'));
        expect([missing.code, missing.message]).toEqual(['NOT_FOUND', 'no user cy']);
      });
    });

    describe('jobs', () => {
      it('keeps jobs whole, replaces them by id, and lists the newest first', async () => {
        await store.saveJob(job('00000000-0000-4000-8000-000000000001', '2026-12-01T10:00:00.000Z'));
        await store.saveJob(job('00000000-0000-4000-8000-000000000002', '2026-12-01T10:01:00.000Z'));
        const done: Job = { ...job('00000000-0000-4000-8000-000000000001', '2026-12-01T10:00:00.000Z', 'done'), finishedAt: '2026-12-01T10:02:00.000Z' };
        await store.saveJob(done);
        expect(await store.getJob(done.id)).toEqual(done);
        expect(await store.getJob('00000000-0000-4000-8000-000000000009')).toBeUndefined();
        expect((await store.listJobs(10)).map((j) => j.id.slice(-1))).toEqual(['1', '2']);
        expect(await store.listJobs(1)).toEqual([done]);
      });
    });

    describe('transcripts and index data', () => {
      const segments = [{ start: 0, duration: 2, text: 'hello there' }];

      it('saves, replaces, lists by title and removes transcripts', async () => {
        await store.putTranscript(transcript(VIDEO, segments, { title: 'Zebra talk' }));
        await store.putTranscript(transcript(OTHER, segments, { title: 'Apple talk' }));
        expect((await store.loadTranscripts()).videos.map((v) => v.title)).toEqual(['Apple talk', 'Zebra talk']);
        const replaced = transcript(VIDEO, [...segments, { start: 2, duration: 1, text: 'again' }], { title: 'Zebra talk, longer' });
        await store.putTranscript(replaced);
        expect(await store.getTranscript(VIDEO)).toEqual(replaced);
        expect(await store.getTranscript('aaaaaaaaaaa')).toBeUndefined();
        expect(await store.removeTranscript(OTHER)).toBe(true);
        expect(await store.removeTranscript(OTHER)).toBe(false);
        expect(await store.loadTranscripts()).toEqual({ videos: [replaced], problems: [] });
      });

      it('refuses an invalid transcript and keeps what was there', async () => {
        const good = transcript(VIDEO, segments);
        await store.putTranscript(good);
        const bad = { ...good, segments: [{ start: -1, duration: 2, text: 'x' }] };
        expect((await rejection(store.putTranscript(bad))).code).toBe('LIBRARY_WRITE_FAILED');
        expect(await store.getTranscript(VIDEO)).toEqual(good);
      });

      it('gives index data back only for the key it was written for', async () => {
        const data = {
          format: INDEX_FORMAT_VERSION,
          key: 'k1',
          videoId: VIDEO,
          passages: [],
          topics: [],
          chapters: [],
          shards: {},
          words: 'hello hello',
        } as never;
        expect(await store.getIndexData(VIDEO, 'k1')).toBeUndefined();
        await store.putIndexData(VIDEO, 'k1', data);
        expect(await store.getIndexData(VIDEO, 'k1')).toEqual(data);
        expect(await store.getIndexData(VIDEO, 'k2')).toBeUndefined();
        const newer = { ...(data as object), key: 'k2' } as never;
        await store.putIndexData(VIDEO, 'k2', newer);
        expect(await store.getIndexData(VIDEO, 'k2')).toEqual(newer);
      });
    });

    describe('changes', () => {
      it('moves the change stamp with every write to a video’s notes or turns', async () => {
        const before = await store.changeStamp(VIDEO);
        const other = await store.changeStamp(OTHER);
        await store.addNote({ videoId: VIDEO, start: 1, text: 'x' });
        const afterNote = await store.changeStamp(VIDEO);
        expect(afterNote).not.toBe(before);
        await store.addTurns(VIDEO, [{ start: 0, end: 1, name: 'Ada' }]);
        expect(await store.changeStamp(VIDEO)).not.toBe(afterNote);
        expect(await store.changeStamp(OTHER)).toBe(other);
      });

      it('hears what another instance changes: notes, speakers and transcripts, naming the talk', async () => {
        const heard: Change[] = [];
        store.changes.start((change) => heard.push(change));
        const elsewhere = await opened.another();
        const has = (kind: Change['kind'], videoId: string) => () => heard.some((c) => c.kind === kind && c.videoId === videoId);
        await elsewhere.addNote({ videoId: VIDEO, start: 1, text: 'from elsewhere' });
        await eventually(has('notes', VIDEO));
        await elsewhere.addTurns(OTHER, [{ start: 0, end: 1, name: 'Ada' }]);
        await eventually(has('speakers', OTHER));
        await elsewhere.putTranscript(transcript(OTHER, [{ start: 0, duration: 1, text: 'hi' }]));
        await eventually(has('transcript', OTHER));
        expect(heard.every((c) => c.videoId === VIDEO || c.videoId === OTHER)).toBe(true);
        store.changes.stop();
      });

      it('is writable while its database is there', async () => {
        expect(store.writable()).toBe(true);
      });
    });
  });
});
