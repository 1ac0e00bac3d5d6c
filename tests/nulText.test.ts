import request from 'supertest';
import { ENGINES } from './support/engines.js';
import { apiError } from './support/api.js';
import { freshApps } from './support/testApp.js';

/**
 * A NUL character (`\u0000`) is text PostgreSQL cannot keep. Sent by a client it was a 500 (a
 * "failure on our side", logged as one) in team mode and stored in single-user mode; now it is
 * the client's 400 in both, before anything is written, and any other value the team database
 * refuses is a 400 too (an attacker's review of issue 16).
 */

const SAMPLE = 'S6Sjj6OtyvY';
const { fresh } = freshApps();

describe('a NUL in what a client writes', () => {
  it.each([
    ['a note', `/api/videos/${SAMPLE}/notes`, { start: 1, text: 'before\u0000after' }, /^text: text cannot hold a NUL character/],
    ['a speaker span', `/api/videos/${SAMPLE}/speakers`, { start: 1, end: 2, name: 'Ada\u0000' }, /NUL character/],
  ])('in %s is a 400 naming it, and nothing is saved', async (_what, path, body, message) => {
    const app = await fresh();
    apiError(await request(app.app).post(path).send(body), 400, 'USAGE', message);
    expect(await app.notes.list(SAMPLE)).toEqual([]);
    expect(await app.notes.turns(SAMPLE)).toEqual([]);
  });
});

const postgres = ENGINES.find((e) => e.name === 'postgres');
(postgres?.missing ? describe.skip : describe)('the team database refusing a value', () => {
  it('is the client’s 400 (USAGE) saying what, not a 500, whatever route let it through', async () => {
    const opened = await (postgres as NonNullable<typeof postgres>).open();
    try {
      // An undo body's turn name is only a string: the store is the last line.
      const refused = await opened.store.addTurns(SAMPLE, [{ start: 1, end: 2, name: 'x\u0000' }]).catch((error: unknown) => error);
      expect(refused).toMatchObject({ code: 'USAGE', message: expect.stringMatching(/NUL character/) });
      expect(await opened.store.listTurns(SAMPLE)).toEqual([]);
    } finally {
      await opened.close();
    }
  });
});
