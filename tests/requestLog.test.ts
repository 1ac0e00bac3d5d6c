import { jest } from '@jest/globals';
import { Writable } from 'node:stream';
import request from 'supertest';
import { loadConfig } from '../server/config.js';
import { createLogger } from '../server/log.js';
import { newToken } from '../server/token.js';
import { freshApps } from './support/testApp.js';

/**
 * The logs an operator reads (server/log.ts, server/routes/requestLog.ts, server/routes/errors.ts):
 * one JSON line per request saying what was asked (method and route pattern), how it ended and
 * how long it took, under the request id the client sees; the cause of a failure on our side, in
 * the log only; and nothing a user typed or holds: no tokens, cookies, queries or note texts.
 */

const SAMPLE = 'S6Sjj6OtyvY';
const { fresh } = freshApps();

/** A logger as the server makes one, writing into an array. */
function captured(
  level: 'info' | 'warn' = 'info',
  pretty = false,
): { log: ReturnType<typeof createLogger>; text: () => string; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const to = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const log = createLogger({ level, pretty, to });
  const text = (): string => chunks.join('');
  return {
    log,
    text,
    lines: () =>
      text()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

/** The line is written when the answer is finished; supertest may resolve a moment before. */
async function settled(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
}

describe('one line per request', () => {
  it('says method, route pattern, status, duration and request id, the id also in the answer', async () => {
    const logs = captured();
    const t = await fresh({ log: logs.log });
    const res = await request(t.app).get(`/api/videos/${SAMPLE}/notes?tag=secret-tag&limit=5`);
    await settled();
    expect(res.status).toBe(200);
    const lines = logs.lines();
    expect(lines).toHaveLength(1);
    const line = lines[0] as Record<string, unknown>;
    expect(line).toMatchObject({ level: 30, method: 'GET', route: '/api/videos/:id/notes', status: 200, reqId: res.headers['x-request-id'] });
    expect(typeof line.durationMs).toBe('number');
    expect(line.msg).toBe('GET /api/videos/:id/notes 200');
    // The id in the URL and the query are not in the line.
    expect(JSON.stringify(line)).not.toMatch(/S6Sjj6OtyvY|secret-tag|limit/);
  });

  it.each([
    ['an API route, in any case', (id: string) => `/API/Videos/${id}`, '/api/videos/:id', 200],
    ['a page', (id: string) => `/videos/${id}`, '/videos/:id', 200],
    ['a static file', () => '/static/style.css', '/static/*', 200],
    ['an unknown API path', (id: string) => `/api/nothing/${id}`, '/api/*', 404],
    ['an unknown page', (id: string) => `/nothing/${id}`, '*', 404],
  ])('names %s by its pattern', async (_what, path, route, status) => {
    const logs = captured();
    const t = await fresh({ log: logs.log });
    expect((await request(t.app).get(path(SAMPLE))).status).toBe(status);
    await settled();
    expect(logs.lines().map((l) => [l.route, l.status])).toEqual([[route, status]]);
  });

  it('keeps a well-formed incoming X-Request-Id (a proxy’s) and replaces any other', async () => {
    const logs = captured();
    const t = await fresh({ log: logs.log });
    const kept = await request(t.app).get('/api/videos').set('X-Request-Id', 'nginx-4f9a0c1e.2');
    expect(kept.headers['x-request-id']).toBe('nginx-4f9a0c1e.2');
    for (const forged of ['a b', 'x'.repeat(101), '"},{"level":60', '-leading-dash']) {
      const res = await request(t.app).get('/api/videos').set('X-Request-Id', forged);
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
    await settled();
    expect(logs.lines().map((l) => l.reqId)).toEqual([
      'nginx-4f9a0c1e.2',
      expect.stringMatching(/^[0-9a-f-]{36}$/),
      expect.anything(),
      expect.anything(),
      expect.anything(),
    ]);
  });

  it('gives a refused request its code (no cause: it is the client’s)', async () => {
    const logs = captured();
    const t = await fresh({ log: logs.log });
    await request(t.app).post(`/api/videos/${SAMPLE}/notes`).send({ start: -1, text: 'x' });
    await request(t.app).get('/api/videos').set('Host', 'rebind.example');
    await settled();
    const [invalid, misdirected] = logs.lines();
    expect(invalid).toMatchObject({ method: 'POST', route: '/api/videos/:id/notes', status: 400, level: 30 });
    expect(invalid).toHaveProperty('code');
    expect(invalid).not.toHaveProperty('error');
    expect(misdirected).toMatchObject({ status: 421, code: 'MISDIRECTED', route: '*' });
  });
});

describe('a failure on our side', () => {
  it('logs its code, cause and stack at error level; the client gets the message and the request id, no stack', async () => {
    const logs = captured();
    const t = await fresh({ log: logs.log });
    jest.spyOn(t.notes, 'get').mockImplementation(() => {
      throw Object.assign(new Error('disk on fire at /var/lib/secret-path'), { code: 'EIO' });
    });
    const res = await request(t.app).get('/api/notes/n1');
    await settled();
    const id = res.headers['x-request-id'] as string;
    expect(res.status).toBe(500);
    expect(res.body).toEqual({ error: { code: 'INTERNAL', message: `something went wrong on our side; it has been logged as request ${id}` } });
    expect(res.text).not.toMatch(/disk on fire|at .*\.ts|secret-path/);
    const [line] = logs.lines();
    expect(line).toMatchObject({ level: 50, reqId: id, method: 'GET', route: '/api/notes/:id', status: 500, code: 'INTERNAL' });
    expect(line?.error).toMatchObject({ type: 'Error', code: 'EIO', message: 'disk on fire at /var/lib/secret-path' });
    expect((line?.error as { stack: string }).stack).toMatch(/disk on fire[\s\S]*requestLog\.test\.ts/);

    // A page says the same in words, with the same id.
    const page = await request(t.app).get('/notes/n1/edit');
    expect(page.status).toBe(500);
    expect(page.text).toContain(`it has been logged as request ${page.headers['x-request-id'] as string}`);
    expect(page.text).not.toContain('disk on fire');
  });
});

describe('never in the log: tokens, cookies, queries, note texts', () => {
  it('a write with a token header and cookie, a note body and a secret-looking query leave none of them in any line', async () => {
    const logs = captured();
    const token = newToken();
    const t = await fresh({ log: logs.log, token });
    const secrets = {
      note: 'NOTE-TEXT-the launch code is 0000',
      query: 'sk_live_QUERYSECRET1234567890',
      cookie: 'COOKIE-SESSION-abcdef0123456789',
      wrong: newToken(),
    };
    const add = await request(t.app)
      .post(`/api/videos/${SAMPLE}/notes?api_key=${secrets.query}`)
      .set('Authorization', `Bearer ${token}`)
      .set('Cookie', `pn_session=${secrets.cookie}`)
      .send({ start: 5, text: secrets.note });
    expect(add.status).toBe(201);
    const id = (add.body as { id: string }).id;
    // Refused ones too: a wrong token, a bad body quoting the note, an edit and a search.
    expect(
      (await request(t.app).post(`/api/videos/${SAMPLE}/notes`).set('Authorization', `Bearer ${secrets.wrong}`).send({ start: 5, text: secrets.note })).status,
    ).toBe(401);
    expect(
      (
        await request(t.app)
          .patch(`/api/notes/${id}`)
          .set('Authorization', `Bearer ${token}`)
          .send({ text: `${secrets.note} edited` })
      ).status,
    ).toBe(200);
    await request(t.app)
      .post(`/api/videos/${SAMPLE}/notes`)
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/json')
      .send(`{"text": "${secrets.note}`);
    await request(t.app).get(`/api/search?q=${encodeURIComponent(secrets.note)}&token=${secrets.query}`);
    await request(t.app).get(`/search?q=${secrets.query}`);
    await settled();

    const text = logs.text();
    expect(logs.lines()).toHaveLength(6);
    for (const secret of [token, secrets.wrong, secrets.note, secrets.query, secrets.cookie, id, 'launch code', 'Bearer']) expect(text).not.toContain(secret);
  });
});

describe('PANELNOTES_LOG_LEVEL and the terminal', () => {
  it('at warn, answered requests are not logged and failures still are', async () => {
    const logs = captured('warn');
    const t = await fresh({ log: logs.log });
    jest.spyOn(t.notes, 'get').mockImplementation(() => {
      throw new Error('boom');
    });
    await request(t.app).get('/api/videos');
    await request(t.app).get('/api/notes/n1');
    await settled();
    expect(logs.lines().map((l) => [l.route, l.status])).toEqual([['/api/notes/:id', 500]]);
  });

  it.each([
    [{}, 'info'],
    [{ PANELNOTES_LOG_LEVEL: 'DEBUG' }, 'debug'],
    [{ PANELNOTES_LOG_LEVEL: 'silent' }, 'silent'],
  ])('config reads %j as %s', (env, level) => {
    expect(loadConfig(env).logLevel).toBe(level);
  });

  it('refuses a level it does not know, naming the ones it does', () => {
    expect(() => loadConfig({ PANELNOTES_LOG_LEVEL: 'verbose' })).toThrow(
      'PANELNOTES_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, not "verbose"',
    );
  });

  it('on a terminal, a line is words, not JSON', async () => {
    const logs = captured('info', true);
    const t = await fresh({ log: logs.log });
    await request(t.app).get('/api/videos');
    await settled();
    expect(logs.text()).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: GET \/api\/videos 200 \{"reqId":"[0-9a-f-]{36}","durationMs":\d+\}\n$/);
  });
});
