import request from 'supertest';
import type { Note, NotesExport } from '../server/notes/types.js';
import { csrfTokenIn, formAgent } from './support/formAgent.js';
import { apiError, json } from './support/api.js';
import { byId, errorMessage, find, one, page, seeOther } from './support/html.js';
import { freshApps, type TestApp } from './support/testApp.js';
import { search } from './support/routes.js';

/**
 * The token area (server/routes/token.ts) and the write checks every area's writes pass
 * (server/routes/security.ts): CSRF tokens on page forms, writes from other sites refused, and
 * with a token set, writes only with it (a Bearer header, or the cookie the token form sets).
 */

const SAMPLE = 'S6Sjj6OtyvY';
const NOTES = `/api/videos/${SAMPLE}/notes`;

/** A note through the API; its JSON. */
async function addNote(app: TestApp, body: object, headers: Record<string, string> = {}): Promise<Note> {
  return json(await request(app.app).post(NOTES).set(headers).send(body), 201) as unknown as Note;
}

/** The status of an answer. */
const statusOf = async (test: request.Test): Promise<number> => (await test).status;

/** One request for each kind of API write, with the given headers. */
function apiWrites(app: TestApp, noteId: string, turnId: string): ((headers: Record<string, string>) => request.Test)[] {
  return [
    (h) => request(app.app).post(NOTES).set(h).send({ start: 1, text: 'x' }),
    (h) => request(app.app).patch(`/api/notes/${noteId}`).set(h).send({ text: 'x' }),
    (h) => request(app.app).delete(`/api/notes/${noteId}`).set(h),
    (h) => request(app.app).post('/api/notes/import').set(h).send({}),
    (h) => request(app.app).post(`/api/videos/${SAMPLE}/speakers`).set(h).send({ start: 1, end: 2, name: 'Speaker B' }),
    (h) => request(app.app).delete(`/api/speakers/${turnId}`).set(h),
    (h) => request(app.app).post('/api/videos').set(h).send({ url: 'dQw4w9WgXcQ' }),
  ];
}

const { fresh } = freshApps();

describe('write protection', () => {
  it('a page form posted without its _csrf, with a wrong one, or another browser’s, is 403 and changes nothing', async () => {
    const app = await fresh();
    const browser = await formAgent(app.app, `/videos/${SAMPLE}`);
    const other = await formAgent(app.app, `/videos/${SAMPLE}`);
    const note = await addNote(app, { start: 10, text: 'protected' });
    const attempts: [string, () => request.Test][] = [
      ['no _csrf', () => browser.agent.post(`/videos/${SAMPLE}/notes`).type('form').send({ start: '1', text: 'forged' })],
      ['a wrong _csrf', () => browser.agent.post(`/videos/${SAMPLE}/notes`).type('form').send({ start: '1', text: 'forged', _csrf: 'not-the-token' })],
      ['an empty _csrf', () => browser.agent.post(`/videos/${SAMPLE}/notes`).type('form').send({ start: '1', text: 'forged', _csrf: '' })],
      ['another browser’s _csrf', () => browser.agent.post(`/videos/${SAMPLE}/notes`).type('form').send({ start: '1', text: 'forged', _csrf: other.token })],
      [
        'the token without the cookies',
        () => request(app.app).post(`/videos/${SAMPLE}/notes`).type('form').send({ start: '1', text: 'forged', _csrf: browser.token }),
      ],
      ['an edit without _csrf', () => browser.agent.post(`/notes/${note.id}`).type('form').send({ start: '1', text: 'forged' })],
      ['a delete without _csrf', () => browser.agent.post(`/notes/${note.id}/delete`).type('form').send({})],
      ['a speaker span without _csrf', () => browser.agent.post(`/videos/${SAMPLE}/speakers`).type('form').send({ start: '1', end: '2', name: 'Speaker A' })],
      ['a video fetch without _csrf', () => browser.agent.post('/videos').type('form').send({ url: 'dQw4w9WgXcQ' })],
      ['a list of videos without _csrf', () => browser.agent.post('/videos/batch').type('form').send({ urls: 'dQw4w9WgXcQ' })],
      [
        'an upload without _csrf',
        () =>
          browser.agent
            .post('/videos/upload')
            .field('video', 'dQw4w9WgXcQ')
            .attach('file', Buffer.from('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhi\n'), 'x.vtt'),
      ],
    ];
    for (const [name, send] of attempts) {
      const res = await send();
      expect([name, res.status]).toEqual([name, 403]);
      expect(errorMessage(res, 403)).toBe('this form has expired or came from another site; reload the page and try again');
    }
    expect(await app.notes.list(SAMPLE)).toEqual([note]);
    expect(await app.notes.turns(SAMPLE)).toEqual([]);
    expect(app.catalog.has('dQw4w9WgXcQ')).toBe(false);
    // The same browser with its token still works.
    seeOther(await browser.post(`/videos/${SAMPLE}/notes`, { start: '1', text: 'genuine' }));
  });

  it('a write with Sec-Fetch-Site: cross-site is 403, on pages (even with a good token) and in the API; nothing changes', async () => {
    const app = await fresh();
    const browser = await formAgent(app.app, `/videos/${SAMPLE}`);
    const note = await addNote(app, { start: 10, text: 'stays' });
    const cross = { 'Sec-Fetch-Site': 'cross-site' };
    expect(errorMessage(await browser.post(`/videos/${SAMPLE}/notes`, { start: '1', text: 'x' }).set(cross), 403)).toBe('writes from another site are refused');
    expect(errorMessage(await browser.post(`/notes/${note.id}/delete`).set(cross), 403)).toBe('writes from another site are refused');
    for (const send of apiWrites(app, note.id, 'nope')) expect(await statusOf(send(cross))).toBe(403);
    expect(await app.notes.list(SAMPLE)).toEqual([note]);
    // Reading is not a write; same-origin writes pass.
    expect(json(await request(app.app).get(NOTES).set(cross), 200).notes).toEqual([note]);
    json(await request(app.app).post(NOTES).set('Sec-Fetch-Site', 'same-origin').send({ start: 1, text: 'ok' }), 201);
    seeOther(await browser.post(`/videos/${SAMPLE}/notes`, { start: '1', text: 'ok' }).set('Sec-Fetch-Site', 'same-origin'));
  });

  // The write checks run inside the API router, so their refusals answer in JSON like every other API error.
  it('API writes refused as cross-site answer a JSON Error body (403 FORBIDDEN)', async () => {
    const app = await fresh();
    const res = await request(app.app).post(NOTES).set('Sec-Fetch-Site', 'cross-site').send({ start: 1, text: 'x' });
    expect(res.status).toBe(403);
    apiError(res, 403, 'FORBIDDEN', 'writes from another site are refused');
  });

  describe('with a token (testApp({token: "s3cret"}))', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await fresh({ token: 's3cret' });
    });

    it('API writes without the token, or with a wrong one, are 401 and change nothing; reads need none', async () => {
      const note = await app.notes.add(SAMPLE, { start: 10, text: 'locked quillwort' });
      const turn = await app.notes.addTurn(SAMPLE, { start: 1, end: 2, name: 'Speaker A' });
      const refused: Record<string, string>[] = [
        {},
        { Authorization: 'Bearer wrong' },
        { Authorization: 'Bearer s3cret2' },
        { Authorization: 'Bearer ' },
        { Authorization: 's3cret' },
        { Authorization: 'Basic czNjcmV0' },
        { Cookie: 'pn_token=nope' },
      ];
      for (const auth of refused) {
        for (const send of apiWrites(app, note.id, turn.id)) expect([auth, await statusOf(send(auth))]).toEqual([auth, 401]);
      }
      expect(await app.notes.list(SAMPLE)).toEqual([note]);
      expect(await app.notes.turns(SAMPLE)).toEqual([turn]);
      expect(app.catalog.has('dQw4w9WgXcQ')).toBe(false);
      expect(json(await request(app.app).get(NOTES), 200).notes).toEqual([note]);
      expect((await search(app, 'quillwort')).total).toBe(1);
    });

    it('API writes refused for want of the token answer a JSON Error body (401 UNAUTHORIZED)', async () => {
      const res = await request(app.app).post(NOTES).send({ start: 1, text: 'x' });
      expect(res.status).toBe(401);
      apiError(res, 401, 'UNAUTHORIZED', 'this server needs its token for changes');
    });

    it('API writes with Authorization: Bearer s3cret (or the pn_token cookie, from a page of this site) succeed', async () => {
      const bearer = { Authorization: 'Bearer s3cret' };
      const note = await addNote(app, { start: 1, text: 'with the token' }, bearer);
      json(await request(app.app).patch(`/api/notes/${note.id}`).set(bearer).send({ text: 'changed with the token' }), 200);
      // The cookie is what a browser sends with every request: it counts only with the browser's word that this site's page sent it.
      apiError(
        await request(app.app).delete(`/api/notes/${note.id}`).set({ Cookie: 'pn_token=s3cret' }),
        403,
        'FORBIDDEN',
        /^a change sent with cookies must come from this server's own pages/,
      );
      json(await request(app.app).delete(`/api/notes/${note.id}`).set({ Cookie: 'pn_token=s3cret', 'Sec-Fetch-Site': 'same-origin' }), 200);
      const turn = json(await request(app.app).post(`/api/videos/${SAMPLE}/speakers`).set(bearer).send({ start: 1, end: 2, name: 'Speaker B' }), 201);
      json(
        await request(app.app)
          .delete(`/api/speakers/${String(turn.id)}`)
          .set(bearer),
        200,
      );
      const file = (await request(app.app).get(`${NOTES}/export`)).body as NotesExport;
      json(await request(app.app).post('/api/notes/import').set(bearer).send(file), 200);
    });

    it('page writes without the token are 401; with it (the pn_token cookie, or Bearer) they work, and the page stops asking', async () => {
      // The edit page gives the browser a CSRF token without asking for the server's token.
      const note = await app.notes.add(SAMPLE, { start: 20, text: 'page target' });
      const browser = await formAgent(app.app, `/notes/${note.id}/edit`);
      expect(errorMessage(await browser.post(`/videos/${SAMPLE}/notes`, { start: '1', text: 'no token' }), 401)).toMatch(
        /^this server needs its token for changes/,
      );
      expect(errorMessage(await browser.post(`/notes/${note.id}/delete`), 401)).toMatch(/^this server needs its token for changes/);
      expect((await app.notes.list(SAMPLE)).some((n) => n.text === 'no token')).toBe(false);

      const withCookie = { Cookie: 'pn_token=s3cret' };
      seeOther(await browser.post(`/videos/${SAMPLE}/notes`, { start: '1', text: 'with the cookie' }).set(withCookie));
      seeOther(await browser.post(`/videos/${SAMPLE}/notes`, { start: '1', text: 'with bearer' }).set('Authorization', 'Bearer s3cret'));
      expect((await app.notes.list(SAMPLE)).map((n) => n.text)).toEqual(expect.arrayContaining(['with the cookie', 'with bearer']));
      // The token does not stand in for the CSRF token.
      expect(await statusOf(browser.agent.post(`/videos/${SAMPLE}/notes`).type('form').set(withCookie).send({ start: '1', text: 'no csrf' }))).toBe(403);
      const asked = page(await browser.agent.get(`/videos/${SAMPLE}`).set(withCookie), 200);
      expect(find(asked.main, (el) => el.name === 'form' && el.attribs.action === '/token')).toEqual([]);
    });

    // The token form reads values a route passes; none may be missing from a template.
    it('the transcript and add-video pages show the token form to a browser without the token', async () => {
      for (const path of [`/videos/${SAMPLE}`, '/videos/new']) {
        const res = await request(app.app).get(path);
        expect([path, res.status]).toEqual([path, 200]);
        const { main } = page(res, 200);
        const form = one(main, (el) => el.name === 'form' && el.attribs.action === '/token', 'token form');
        expect(form.attribs.method).toBe('post');
        expect(one(form, (el) => el.attribs.name === '_csrf', '_csrf').attribs.value).toBe(csrfTokenIn(res.text));
        expect(one(form, (el) => el.attribs.name === 'back', 'back').attribs.value).toBe(path);
        expect(byId(form, 'token').attribs.type).toBe('password');
      }
    });

    // The token form is the one write that cannot already carry the token: it is checked for CSRF and origin only.
    it('the token form (POST /token) sets the pn_token cookie, and page writes then work', async () => {
      const note = await app.notes.add(SAMPLE, { start: 30, text: 'token form target' });
      const browser = await formAgent(app.app, `/notes/${note.id}/edit`);
      const res = await browser.post('/token', { token: 's3cret', back: `/notes/${note.id}/edit` });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/notes/${note.id}/edit`);
      expect(String(res.headers['set-cookie'])).toMatch(/pn_token=s3cret;.*HttpOnly/i);
      seeOther(await browser.post(`/videos/${SAMPLE}/notes`, { start: '1', text: 'after the token form' }));
      expect((await app.notes.list(SAMPLE)).some((n) => n.text === 'after the token form')).toBe(true);
    });
  });
});
