import type { Express } from 'express';
import request from 'supertest';
import type { Note, NotesExport, SpeakerTurn } from '../server/notes/types.js';
import { apiError, json } from './support/api.js';
import { formAgent } from './support/formAgent.js';
import { errorMessage, seeOther } from './support/html.js';
import { asTeam } from './support/asTeam.js';
import { freshApps, type TestApp } from './support/testApp.js';

/**
 * Team mode's one rule of ownership, tried through every route that changes a note or a speaker
 * turn (an attacker's review, issue 16): a person changes, deletes and restores only their own;
 * an admin anyone's; nobody puts a teammate's name on what they write (an import, an undo's
 * body). As in notes.team.test.ts, a wrapper sets `res.locals.user` (the auth guard's work, tested
 * in teamAuth.test.ts) from `X-Test-User`.
 */

const SAMPLE = 'S6Sjj6OtyvY';
const { fresh } = freshApps();

const as = (name: string, admin = false): Record<string, string> => ({ 'X-Test-User': name, ...(admin ? { 'X-Test-Admin': '1' } : {}) });

let app: TestApp;
let team: Express;
beforeAll(async () => {
  app = await fresh();
  team = asTeam(app.app);
});

async function turnBy(user: string, start: number, end: number, name = 'Speaker A'): Promise<SpeakerTurn> {
  return json(await request(team).post(`/api/videos/${SAMPLE}/speakers`).set(as(user)).send({ start, end, name }), 201) as unknown as SpeakerTurn;
}

async function turnNow(id: string): Promise<SpeakerTurn | undefined> {
  return (await app.notes.turns(SAMPLE)).find((t) => t.id === id);
}

describe('a notes import', () => {
  const file = (notes: Partial<Note>[]): string =>
    JSON.stringify({
      format: 'panelnotes-notes',
      version: 1,
      exportedAt: '2026-01-01T00:00:00.000Z',
      videoId: SAMPLE,
      title: 'x',
      notes: notes.map((n) => ({
        id: crypto.randomUUID(),
        videoId: SAMPLE,
        start: 5,
        text: 'imported',
        tags: [],
        createdAt: '2026-01-01T00:00:00.000Z',
        updatedAt: '2026-01-01T00:00:00.000Z',
        ...n,
      })),
    } satisfies Omit<NotesExport, 'notes'> & { notes: unknown[] });

  it('makes the notes the importer’s, whatever author the file names (or none): nobody forges a teammate’s name', async () => {
    const forged = crypto.randomUUID();
    const unnamed = crypto.randomUUID();
    const body = file([
      { id: forged, author: 'ada', text: 'ada never wrote this' },
      { id: unnamed, text: 'no author given' },
    ]);
    expect(json(await request(team).post('/api/notes/import').set(as('mallory')).send(body), 200).added).toBe(2);
    expect((await app.notes.get(forged)).author).toBe('mallory');
    expect((await app.notes.get(unnamed)).author).toBe('mallory');
    // So ada's right to change her notes is not handed to a note she never wrote, nor taken from mallory.
    apiError(await request(team).patch(`/api/notes/${forged}`).set(as('ada')).send({ text: 'x' }), 403, 'FORBIDDEN');
  });

  it('by an admin keeps the file’s authors (a team’s export put back)', async () => {
    const id = crypto.randomUUID();
    json(
      await request(team)
        .post('/api/notes/import')
        .set(as('root', true))
        .send(file([{ id, author: 'ada' }])),
      200,
    );
    expect((await app.notes.get(id)).author).toBe('ada');
  });

  it('skips a note whose id is taken: it does not overwrite another’s note', async () => {
    const ada = json(await request(team).post(`/api/videos/${SAMPLE}/notes`).set(as('ada')).send({ start: 7, text: 'ada’s own' }), 201);
    const res = json(
      await request(team)
        .post('/api/notes/import')
        .set(as('mallory'))
        .send(file([{ id: ada.id as string, text: 'overwritten?' }])),
      200,
    );
    expect(res).toEqual({ added: 0, skipped: 1 });
    expect(await app.notes.get(ada.id as string)).toMatchObject({ text: 'ada’s own', author: 'ada' });
  });
});

describe('undo of a note’s delete', () => {
  it('is its author’s (or an admin’s): another cannot bring back, and so overrule, a note its author deleted', async () => {
    const browser = await formAgent(team, `/videos/${SAMPLE}`);
    const note = json(await request(team).post(`/api/videos/${SAMPLE}/notes`).set(as('ada')).send({ start: 8, text: 'ada deletes this' }), 201);
    const id = note.id as string;
    seeOther(await browser.post(`/notes/${id}/delete`).set(as('ada')));
    expect(errorMessage(await browser.post(`/notes/${id}/restore`).set(as('bob')), 403)).toBe(
      `note ${id} is ada's; only its author or an admin may change or delete it`,
    );
    await expect(app.notes.get(id)).rejects.toThrow(/no note/);
    // The refusal does not use up the undo: its author can still take it.
    seeOther(await browser.post(`/notes/${id}/restore`).set(as('ada')));
    expect((await app.notes.get(id)).text).toBe('ada deletes this');
  });
});

describe('a speaker turn', () => {
  it('is deleted only by its author or an admin, through the API and the page form', async () => {
    const turn = await turnBy('ada', 10, 20);
    apiError(await request(team).delete(`/api/speakers/${turn.id}`).set(as('bob')), 403, 'FORBIDDEN', new RegExp(`^speaker turn ${turn.id} is ada's`));
    const browser = await formAgent(team, `/videos/${SAMPLE}`);
    expect(errorMessage(await browser.post(`/speakers/${turn.id}/delete`).set(as('bob')), 403)).toMatch(/is ada's/);
    expect(await turnNow(turn.id)).toEqual(turn);
    json(await request(team).delete(`/api/speakers/${turn.id}`).set(as('ada')), 200);
    const other = await turnBy('ada', 12, 14);
    seeOther(await browser.post(`/speakers/${other.id}/delete`).set(as('root', true)));
    expect(await turnNow(other.id)).toBeUndefined();
  });

  it('tagged over while watching: ending or renaming another’s turn is refused; in one’s own it works', async () => {
    const turn = await turnBy('ada', 30, 40);
    apiError(await request(team).post(`/api/videos/${SAMPLE}/speakers/tag`).set(as('bob')).send({ at: 35, name: 'Bo' }), 403, 'FORBIDDEN');
    apiError(await request(team).post(`/api/videos/${SAMPLE}/speakers/tag`).set(as('bob')).send({ at: 30, name: 'Bo' }), 403, 'FORBIDDEN');
    expect(await turnNow(turn.id)).toEqual(turn);
    const tagged = json(await request(team).post(`/api/videos/${SAMPLE}/speakers/tag`).set(as('ada')).send({ at: 35, name: 'Bo' }), 201);
    // Its own undo, sent back by its writer, is taken.
    json(
      await request(team)
        .post(`/api/videos/${SAMPLE}/speakers/undo`)
        .set(as('ada'))
        .send(tagged.undo as object),
      200,
    );
    expect(await turnNow(turn.id)).toEqual(turn);
  });

  it('an undo body cannot remove or rewrite another’s turn, nor put back a turn in another’s name', async () => {
    const turn = await turnBy('ada', 50, 60);
    const undo = (body: object): request.Test => request(team).post(`/api/videos/${SAMPLE}/speakers/undo`).set(as('bob')).send(body);
    apiError(await undo({ remove: [turn.id] }), 403, 'FORBIDDEN');
    apiError(await undo({ put: [{ ...turn, name: 'Renamed by bob' }] }), 403, 'FORBIDDEN');
    apiError(await undo({ put: [{ ...turn, name: 'Renamed by bob', author: 'bob' }] }), 403, 'FORBIDDEN');
    apiError(await undo({ put: [{ ...turn, id: crypto.randomUUID(), start: 61, end: 62, name: 'Said by ada?' }] }), 403, 'FORBIDDEN');
    expect(await turnNow(turn.id)).toEqual(turn);
  });

  it('an undo body cannot move a turn of another video into this one (in any mode)', async () => {
    const mine = await turnBy('bob', 70, 80);
    const res = await request(app.app)
      .post(`/api/videos/${SAMPLE}/speakers/undo`)
      .send({ put: [{ ...mine, videoId: 'AAAAAAAAAAA' }] });
    apiError(res, 400, 'USAGE');
    // Put back under its own id in this video, while the id is another video's turn: refused too.
    const elsewhere = { ...mine, id: crypto.randomUUID() };
    await app.store.changeTurns('BBBBBBBBBBB', { put: [{ ...elsewhere, videoId: 'BBBBBBBBBBB' }] });
    apiError(
      await request(app.app)
        .post(`/api/videos/${SAMPLE}/speakers/undo`)
        .send({ put: [elsewhere] }),
      400,
      'USAGE',
      /is not of video/,
    );
    expect((await app.store.listTurns('BBBBBBBBBBB')).map((t) => t.id)).toEqual([elsewhere.id]);
  });

  it('suggested turns are confirmed or replaced only by whoever wrote them (or an admin)', async () => {
    const suggested = {
      id: crypto.randomUUID(),
      videoId: SAMPLE,
      start: 90,
      end: 95,
      name: 'Ada',
      createdAt: '2026-01-01T00:00:00.000Z',
      author: 'ada',
      suggested: true,
    };
    json(
      await request(team)
        .post(`/api/videos/${SAMPLE}/speakers/undo`)
        .set(as('ada'))
        .send({ put: [suggested] }),
      200,
    );
    apiError(
      await request(team)
        .post(`/api/videos/${SAMPLE}/speakers/confirm`)
        .set(as('bob'))
        .send({ ids: [suggested.id] }),
      403,
      'FORBIDDEN',
    );
    // "Confirm all" confirms one's own only.
    expect(json(await request(team).post(`/api/videos/${SAMPLE}/speakers/confirm`).set(as('bob')).send({}), 200).confirmed).toEqual([]);
    apiError(
      await request(team)
        .post(`/api/videos/${SAMPLE}/speakers/suggest`)
        .set(as('bob'))
        .send({ roster: ['Bo'], apply: true }),
      403,
      'FORBIDDEN',
    );
    expect((await turnNow(suggested.id))?.suggested).toBe(true);
    expect(json(await request(team).post(`/api/videos/${SAMPLE}/speakers/confirm`).set(as('ada')).send({}), 200).confirmed).toHaveLength(1);
  });
});
