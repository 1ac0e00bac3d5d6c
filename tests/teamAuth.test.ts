import { Writable } from 'node:stream';
import request from 'supertest';
import { createLogger } from '../server/log.js';
import type { User, UsersRepository } from '../server/store/types.js';
import { mintToken, parseToken, secretMatches } from '../server/store/userTokens.js';
import { apiError, json } from './support/api.js';
import { formAgent } from './support/formAgent.js';
import { errorMessage, seeOther } from './support/html.js';
import { freshApps, type TestApp } from './support/testApp.js';

/**
 * Team mode's writes (server/routes/security.ts with `users`): every write, API or form, needs a
 * user's own token whatever the bind address; the writer is known to the routes (and the log);
 * reads stay open. Wrong tokens are counted per client address and per the name they claim, so
 * one guesser locks out neither the team behind it nor anyone elsewhere, and guesses at one name
 * spread over many addresses still stop.
 */

const SAMPLE = 'S6Sjj6OtyvY';
const NOTES = `/api/videos/${SAMPLE}/notes`;
const { fresh } = freshApps();

/** Users as a store keeps them: a token's secret checked against the stored hash only. */
function team(): { users: Pick<UsersRepository, 'userByToken'>; add: (name: string, admin?: boolean) => string } {
  const byName = new Map<string, { user: User; hash: string }>();
  return {
    users: {
      userByToken: async (token) => {
        const parsed = parseToken(token);
        const entry = parsed && byName.get(parsed.name);
        return entry && parsed && secretMatches(parsed.secret, entry.hash) ? entry.user : undefined;
      },
    },
    add: (name, admin = false) => {
      const { token, hash } = mintToken(name);
      byName.set(name, { user: { name, admin, createdAt: '2026-01-01T00:00:00.000Z' }, hash });
      return token;
    },
  };
}

/** The request log's lines, to see who the routes were told wrote. */
function logLines(): { log: ReturnType<typeof createLogger>; users: () => unknown[] } {
  const lines: Record<string, unknown>[] = [];
  const to = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { log: createLogger({ level: 'info', to }), users: () => lines.filter((l) => l.method !== 'GET').map((l) => l.user) };
}

const bearer = (token: string): Record<string, string> => ({ Authorization: `Bearer ${token}` });

describe('team mode writes', () => {
  let app: TestApp;
  let ada: string;
  let bob: string;
  let log: ReturnType<typeof logLines>;
  beforeAll(async () => {
    const people = team();
    ada = people.add('ada', true);
    bob = people.add('bob');
    log = logLines();
    app = await fresh({ users: people.users, log: log.log });
  });

  it('reads stay open to anyone', async () => {
    json(await request(app.app).get('/api/videos'), 200);
    json(await request(app.app).get(NOTES), 200);
    expect((await request(app.app).get(`/videos/${SAMPLE}`)).status).toBe(200);
  });

  it('an API write needs a user’s token even on loopback: none, a wrong one, a forged name or the old server-token shape are 401', async () => {
    const [name, secret] = [ada.split('.')[0] as string, ada.split('.')[1] as string];
    const refused = [{}, bearer(mintToken('ada').token), bearer(`bob.${secret}`), bearer(`${name}x.${secret}`), bearer('s3cret-server-token-0123456789abcdef')];
    for (const headers of refused) {
      apiError(
        await request(app.app).post(NOTES).set(headers).send({ start: 1, text: 'refused' }),
        401,
        'UNAUTHORIZED',
        'changes on this server need your own token',
      );
    }
    const notes = json(await request(app.app).get(NOTES), 200) as { notes: { text: string }[] };
    expect(notes.notes.map((n) => n.text)).not.toContain('refused');
  });

  it('with a user’s token the write is made, and the routes know who wrote it', async () => {
    const before = log.users().length;
    json(await request(app.app).post(NOTES).set(bearer(ada)).send({ start: 2, text: 'by ada' }), 201);
    json(await request(app.app).post(NOTES).set(bearer(bob)).send({ start: 3, text: 'by bob' }), 201);
    expect(log.users().slice(before)).toEqual(['ada', 'bob']);
  });

  it('a page form needs the token too; the token form takes a user’s token, and the form writes as that user', async () => {
    const browser = await formAgent(app.app, `/videos/${SAMPLE}`);
    expect((await browser.open(`/videos/${SAMPLE}`)).text).toContain('Changes here need your own token');
    expect(errorMessage(await browser.post(`/videos/${SAMPLE}/notes`, { start: '1', text: 'no token' }), 401)).toMatch(
      /^changes on this server need your own token/,
    );
    expect(errorMessage(await browser.post('/token', { token: mintToken('bob').token, back: '/' }), 401)).toMatch(/^that is not a user's token here/);
    expect(seeOther(await browser.post('/token', { token: bob, back: `/videos/${SAMPLE}` }))).toBe(`/videos/${SAMPLE}`);
    await browser.open(`/videos/${SAMPLE}`);
    const before = log.users().length;
    seeOther(await browser.post(`/videos/${SAMPLE}/notes`, { start: '4', text: 'bob on the page' }));
    expect(log.users().slice(before)).toEqual(['bob']);
  });
});

describe('failed-token limits in team mode, per address and per user name', () => {
  /**
   * Ada and Bob on an app allowing 3 wrong tokens a minute, behind a proxy on this machine;
   * `write(address, token)` adds a note from the client the proxy names in X-Forwarded-For.
   */
  async function guarded(): Promise<{ ada: string; bob: string; write: (address: string, token: string) => request.Test }> {
    const people = team();
    const [ada, bob] = [people.add('ada'), people.add('bob')];
    const app = await fresh({ users: people.users, trustProxy: ['loopback'], rateLimits: { fetches: 1000, writes: 1000, tokenFailures: 3 } });
    const write = (address: string, token: string): request.Test =>
      request(app.app).post(NOTES).set({ 'X-Forwarded-For': address }).set(bearer(token)).send({ start: 1, text: 'x' });
    return { ada, bob, write };
  }

  it('a guesser who exhausts its address’s limit is refused, even with a right token, while a user elsewhere writes', async () => {
    const { ada, bob, write } = await guarded();
    for (const name of ['eve', 'mallory', 'trent']) {
      apiError(await write('203.0.113.7', mintToken(name).token), 401, 'UNAUTHORIZED');
    }
    apiError(await write('203.0.113.7', ada), 429, 'RATE_LIMITED');
    // Another address: both users write; no name was guessed at, so none is locked.
    json(await write('198.51.100.9', ada), 201);
    json(await write('198.51.100.10', bob), 201);
  });

  it('guesses at one name from many addresses stop that name (right token included) and nobody else', async () => {
    const { ada, bob, write } = await guarded();
    for (const address of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
      apiError(await write(address, mintToken('ada').token), 401, 'UNAUTHORIZED');
    }
    // A fourth address, each under its own limit: the name is what is locked, for the rest of the minute.
    apiError(
      await write('203.0.113.4', mintToken('ada').token),
      429,
      'RATE_LIMITED',
      'too many wrong tokens from this address or for this user; wait a minute and try again',
    );
    apiError(await write('198.51.100.9', ada), 429, 'RATE_LIMITED');
    // The guessers' addresses are not locked for other names, nor is anyone else.
    json(await write('203.0.113.1', bob), 201);
    json(await write('198.51.100.9', bob), 201);
  });
});

describe('without users: single-user mode as before', () => {
  it('on loopback without a server token, a program writes with no token at all', async () => {
    const app = await fresh();
    json(await request(app.app).post(NOTES).send({ start: 1, text: 'single user' }), 201);
  });

  it('a server token is what writes need, and a user-shaped token is not it', async () => {
    const app = await fresh({ token: 's3cret-server-token-0123456789abcdef' });
    apiError(
      await request(app.app)
        .post(NOTES)
        .set(bearer(mintToken('ada').token))
        .send({ start: 1, text: 'x' }),
      401,
      'UNAUTHORIZED',
      'this server needs its token for changes',
    );
    json(await request(app.app).post(NOTES).set(bearer('s3cret-server-token-0123456789abcdef')).send({ start: 1, text: 'x' }), 201);
  });
});
