import type { Express } from 'express';
import request from 'supertest';
import type { Note, NotesExport, SpeakerTurn } from '../server/notes/types.js';
import { apiError, json } from './support/api.js';
import { formAgent } from './support/formAgent.js';
import { byClass, byId, errorMessage, find, page, seeOther, text, textarea } from './support/html.js';
import { asTeam } from './support/asTeam.js';
import { APP_ENGINES, freshApps, type TestApp } from './support/testApp.js';

/**
 * Notes written by several people (issue 16): the version a writer saw guards a change or a
 * delete (a stale one is refused with 409 and the note as it is now; without one the last write
 * wins), and in team mode what a person writes carries their name (pages, API, exports,
 * `author:` in search) while they change only their own notes. Team mode's auth guard sets
 * `res.locals.user`; here a wrapper sets it from a test header, so only this part is tested.
 */

const SAMPLE = 'S6Sjj6OtyvY';
const NOTES = `/api/videos/${SAMPLE}/notes`;

describe.each(APP_ENGINES)('on %s', (engine) => {
  const { fresh } = freshApps({ engine });

  async function addNote(app: Express, body: object, user?: string): Promise<Note> {
    return json(
      await request(app)
        .post(NOTES)
        .set(user ? { 'X-Test-User': user } : {})
        .send(body),
      201,
    ) as unknown as Note;
  }

  describe('a change made on a stale version of a note', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await fresh();
    });

    it('PATCH with the updatedAt seen: saved when current (updatedAt moves), 409 CONFLICT with the note as it is now when stale', async () => {
      const note = await addNote(app.app, { start: 60, text: 'first draft' });
      // Two people open the note; Ann saves first.
      const ann = json(await request(app.app).patch(`/api/notes/${note.id}`).send({ text: 'Ann was here', updatedAt: note.updatedAt }), 200) as unknown as Note;
      expect(ann.text).toBe('Ann was here');
      expect(ann.updatedAt > note.updatedAt).toBe(true);
      // Bob saves on the version he saw: refused, nothing lost, and he is told what stands now.
      const res = await request(app.app).patch(`/api/notes/${note.id}`).send({ text: 'Bob overwrites', updatedAt: note.updatedAt });
      const error = apiError(
        res,
        409,
        'CONFLICT',
        new RegExp(`^note ${note.id} was changed at ${ann.updatedAt}, after the version you saw .*; nothing was saved$`),
      );
      expect(error.hint).toMatch(/make your change again/);
      expect(res.body.current).toEqual(ann);
      expect(await app.notes.get(note.id)).toEqual(ann);
      // Made again on the current version, it is saved.
      expect(json(await request(app.app).patch(`/api/notes/${note.id}`).send({ text: 'Bob, after reading Ann', updatedAt: ann.updatedAt }), 200).text).toBe(
        'Bob, after reading Ann',
      );
    });

    it('If-Match carries the version too (GET answers it as the ETag); DELETE on a stale one is refused and the note stays', async () => {
      const note = await addNote(app.app, { start: 61, text: 'etag me' });
      const got = await request(app.app).get(`/api/notes/${note.id}`);
      expect(got.headers.etag).toBe(`"${note.updatedAt}"`);
      const changed = json(
        await request(app.app)
          .patch(`/api/notes/${note.id}`)
          .set('If-Match', got.headers.etag as string)
          .send({ tags: ['x'] }),
        200,
      );
      apiError(
        await request(app.app)
          .patch(`/api/notes/${note.id}`)
          .set('If-Match', got.headers.etag as string)
          .send({ tags: ['y'] }),
        409,
        'CONFLICT',
      );
      apiError(
        await request(app.app)
          .delete(`/api/notes/${note.id}`)
          .set('If-Match', got.headers.etag as string),
        409,
        'CONFLICT',
      );
      expect((await app.notes.get(note.id)).tags).toEqual(['x']);
      expect(
        json(
          await request(app.app)
            .delete(`/api/notes/${note.id}`)
            .set('If-Match', `"${changed.updatedAt as string}"`),
          200,
        ).deleted,
      ).toMatchObject({
        id: note.id,
      });
    });

    it('without a version the last write wins, and updatedAt moves with each write', async () => {
      const note = await addNote(app.app, { start: 62, text: 'one' });
      const two = json(await request(app.app).patch(`/api/notes/${note.id}`).send({ text: 'two' }), 200);
      const three = json(await request(app.app).patch(`/api/notes/${note.id}`).send({ text: 'three' }), 200);
      expect(three.text).toBe('three');
      expect((two.updatedAt as string) > note.updatedAt).toBe(true);
      expect((three.updatedAt as string) > (two.updatedAt as string)).toBe(true);
    });

    it('a version that is not a timestamp is a 400 naming the field', async () => {
      const note = await addNote(app.app, { start: 63, text: 'x' });
      apiError(await request(app.app).patch(`/api/notes/${note.id}`).send({ text: 'y', updatedAt: 'yesterday' }), 400, 'USAGE', /updatedAt/);
    });

    it('the edit page sends the version it showed: a stale save comes back with the message, what was typed, and the note as it now is', async () => {
      const note = await addNote(app.app, { start: 64, text: 'page draft' });
      const browser = await formAgent(app.app, `/notes/${note.id}/edit`);
      const { main } = page(await browser.agent.get(`/notes/${note.id}/edit`), 200);
      const hidden = find(main, (el) => el.name === 'input' && el.attribs.name === 'updatedAt');
      expect(hidden.map((el) => el.attribs.value)).toEqual([note.updatedAt, note.updatedAt]); // the save form and the delete form
      // Someone else saves meanwhile.
      await request(app.app).patch(`/api/notes/${note.id}`).send({ text: 'changed elsewhere' });
      const stale = await browser.post(`/notes/${note.id}`, { start: '1:04', text: 'my page edit', tags: '', updatedAt: note.updatedAt });
      const refused = page(stale, 409).main;
      expect(text(refused)).toMatch(/was changed at .*, after the version you saw .*; nothing was saved/);
      expect(textarea(byId(refused, 'note-text'))).toBe('my page edit');
      const now = await app.notes.get(note.id);
      expect(now.text).toBe('changed elsewhere');
      // The form now carries the current version: saving again is deliberate, and works.
      expect(find(refused, (el) => el.attribs.name === 'updatedAt')[0]?.attribs.value).toBe(now.updatedAt);
      seeOther(await browser.post(`/notes/${note.id}`, { start: '1:04', text: 'my page edit', tags: '', updatedAt: now.updatedAt }));
      expect((await app.notes.get(note.id)).text).toBe('my page edit');
      // A stale delete from the page is refused too.
      expect(errorMessage(await browser.post(`/notes/${note.id}/delete`, { updatedAt: note.updatedAt }), 409)).toMatch(/nothing was saved/);
      expect((await app.notes.get(note.id)).text).toBe('my page edit');
    });
  });

  describe('authors in team mode', () => {
    let app: TestApp;
    let team: Express;
    beforeAll(async () => {
      app = await fresh();
      team = asTeam(app.app);
    });

    it('a note and a speaker span carry their writer in the API; a change keeps the author', async () => {
      const note = await addNote(team, { start: 100, text: 'posted interrupts by ada' }, 'ada');
      expect(note.author).toBe('ada');
      expect(json(await request(team).get(`/api/notes/${note.id}`), 200).author).toBe('ada');
      const edited = json(await request(team).patch(`/api/notes/${note.id}`).set('X-Test-User', 'ada').send({ text: 'edited by ada' }), 200);
      expect(edited.author).toBe('ada');
      const turn = json(
        await request(team).post(`/api/videos/${SAMPLE}/speakers`).set('X-Test-User', 'bob').send({ start: 10, end: 20, name: 'Speaker Z' }),
        201,
      );
      expect((turn as unknown as SpeakerTurn).author).toBe('bob');
    });

    it('a person changes and deletes only their own notes; an admin anyone’s', async () => {
      const note = await addNote(team, { start: 101, text: 'ada only' }, 'ada');
      const refused = apiError(await request(team).patch(`/api/notes/${note.id}`).set('X-Test-User', 'bob').send({ text: 'bob was here' }), 403, 'FORBIDDEN');
      expect(refused.message).toBe(`note ${note.id} is ada's; only its author or an admin may change or delete it`);
      apiError(await request(team).delete(`/api/notes/${note.id}`).set('X-Test-User', 'bob'), 403, 'FORBIDDEN');
      expect((await app.notes.get(note.id)).text).toBe('ada only');
      const byAdmin = json(
        await request(team).patch(`/api/notes/${note.id}`).set({ 'X-Test-User': 'root', 'X-Test-Admin': '1' }).send({ text: 'tidied' }),
        200,
      );
      expect(byAdmin).toMatchObject({ text: 'tidied', author: 'ada' });
    });

    it('the transcript page and the edit page show who wrote a note', async () => {
      const note = await addNote(team, { start: 102, text: 'shown with its author' }, 'carol');
      const browser = await formAgent(team, `/videos/${SAMPLE}`);
      const { main } = page(await browser.agent.get(`/videos/${SAMPLE}?note=${note.id}`), 200);
      const panel = byId(main, `panel-note-${note.id}`);
      expect(byClass(panel, 'note-author').map(text)).toEqual(['by carol']);
      expect(byClass(byId(main, `note-${note.id}`), 'note-author').map(text)).toEqual(['by carol']);
      const edit = page(await browser.agent.get(`/notes/${note.id}/edit`), 200).main;
      expect(byClass(edit, 'note-by').map(text)).toEqual(['Written by carol.']);
    });

    it('exports name the author: md as *by NAME*, json as author, vtt as the cue voice', async () => {
      const note = await addNote(team, { start: 103, text: 'exported with its author' }, 'dave');
      const md = (await request(team).get(`${NOTES}/export?format=md`)).text;
      expect(md).toMatch(/- \[1:43\]\([^)]*\) exported with its author\n {2}\*by dave\*/);
      const exported = JSON.parse((await request(team).get(`${NOTES}/export?format=json`)).text) as NotesExport;
      expect(exported.notes.find((n) => n.id === note.id)?.author).toBe('dave');
      expect((await request(team).get(`${NOTES}/export?format=vtt`)).text).toContain(
        `${note.id}\n00:01:43.000 --> 00:01:48.000\n<v dave>exported with its author`,
      );
      // A JSON export with authors imports back, authors kept.
      const other = await fresh();
      expect(json(await request(other.app).post('/api/notes/import').send(JSON.stringify(exported)), 200).added).toBe(exported.notes.length);
      expect((await other.notes.get(note.id)).author).toBe('dave');
    });

    it('search takes author:NAME: only that person’s notes, whatever the case; alone it lists them', async () => {
      await addNote(team, { start: 104, text: 'the quokka is mine' }, 'erin');
      await addNote(team, { start: 105, text: 'the quokka is mine too' }, 'frank');
      const found = json(await request(team).get('/api/search').query({ q: 'quokka author:Erin' }), 200);
      expect((found.results as { kind: string; author?: string; noteId?: string }[]).map((r) => [r.kind, r.author])).toEqual([['note', 'erin']]);
      const listed = json(await request(team).get('/api/search').query({ q: 'author:frank' }), 200);
      expect((listed.results as { author?: string }[]).map((r) => r.author)).toEqual(['frank']);
      expect(json(await request(team).get('/api/search').query({ q: 'quokka author:nobody' }), 200).total).toBe(0);
    });
  });

  describe('single-user mode', () => {
    it('records and shows no author', async () => {
      const app = await fresh();
      const note = await addNote(app.app, { start: 110, text: 'nobody in particular' });
      expect(Object.keys(note)).not.toContain('author');
      const browser = await formAgent(app.app, `/videos/${SAMPLE}`);
      const { main } = page(await browser.agent.get(`/videos/${SAMPLE}?note=${note.id}`), 200);
      expect(byClass(main, 'note-author')).toEqual([]);
      expect((await request(app.app).get(`${NOTES}/export?format=md`)).text).not.toContain('*by ');
    });
  });

  describe('fetch jobs', () => {
    it('a job answers GET /api/jobs/:id after a restart', async () => {
      const first = await fresh();
      const job = json(await request(first.app).post('/api/videos').send({ url: 'dQw4w9WgXcQ' }), 202);
      await first.jobs.idle();
      const finished = json(await request(first.app).get(`/api/jobs/${job.id as string}`), 200);
      expect(finished).toMatchObject({ id: job.id, state: 'failed', finishedAt: expect.any(String) });

      const second = await first.restart();
      expect(json(await request(second.app).get(`/api/jobs/${job.id as string}`), 200)).toEqual(finished);
      apiError(await request(second.app).get('/api/jobs/no-such-job'), 404, 'NOT_FOUND');
    });
  });
});
