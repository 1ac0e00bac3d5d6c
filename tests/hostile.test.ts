import type { Express } from 'express';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { connect } from 'node:net';
import request from 'supertest';
import { formAgent } from './support/formAgent.js';
import { freshApps, listen, type TestApp } from './support/testApp.js';

/**
 * Hostile input at the HTTP edge: each answer is a clean 4xx (never a 500), nothing leaves this
 * site through a redirect, and the app still answers afterwards.
 */

type Res = request.Response;
const SAMPLE = 'S6Sjj6OtyvY';
const ORIGIN = 'http://panelnotes.test';
/** Where adding a note at 0:03 sends the browser: the note, by its id, and nothing from the fields. */
const NOTE_AT_3 = new RegExp(`^/videos/${SAMPLE}\\?t=3&note=([0-9a-f-]{36})#note-\\1$`);

const { fresh } = freshApps();
let t: TestApp;
let noteId: string;
beforeAll(async () => {
  t = await fresh();
  const res = await request(t.app).post(`/api/videos/${SAMPLE}/notes`).send({ start: 12, text: 'a note to aim at' });
  expect(res.status).toBe(201);
  noteId = (res.body as { id: string }).id;
});

/** A clean client error: 4xx, and no stack or file path in the answer. */
function expectClean(res: Res, label: string): void {
  if (res.status < 400 || res.status >= 500) throw new Error(`${label}: expected a 4xx, got ${res.status}: ${res.text.slice(0, 200)}`);
  expect(res.text).not.toMatch(/\s+at \S+ \(|node_modules|root:x:0:0/);
}

async function stillAnswers(app: Express): Promise<void> {
  const res = await request(app).get('/api/search').query({ q: 'virtualization' });
  expect(res.status).toBe(200);
}

describe('path traversal through ids', () => {
  const hostileIds = [
    '..%2F..%2F..%2Fetc%2Fpasswd',
    '%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '%252e%252e%252f%252e%252e%252fetc%252fpasswd',
    '..%252F..%252Fetc%252Fpasswd',
    `${SAMPLE}%00`,
    '%00',
    `${SAMPLE}%00.json`,
    '..%5C..%5Cwindows%5Cwin.ini',
    '..\\..\\etc\\passwd',
    '%2e%2e',
    '..',
    '.',
    '%',
    '%E0%A4%A',
    'a'.repeat(8000),
    `${SAMPLE}${'%2F..'.repeat(100)}`,
  ];
  // Raw `../` in a path: what a client that does not normalise sends.
  const rawTraversal = ['../../../etc/passwd', '..%2F../etc/passwd'];

  const routes: { method: 'get' | 'post' | 'patch' | 'delete'; path: (id: string) => string; form?: boolean; json?: object }[] = [
    { method: 'get', path: (id) => `/api/videos/${id}` },
    { method: 'get', path: (id) => `/api/jobs/${id}` },
    { method: 'get', path: (id) => `/api/videos/${id}/notes` },
    { method: 'post', path: (id) => `/api/videos/${id}/notes`, json: { start: 1, text: 'x' } },
    { method: 'get', path: (id) => `/api/notes/${id}` },
    { method: 'patch', path: (id) => `/api/notes/${id}`, json: { text: 'x' } },
    { method: 'delete', path: (id) => `/api/notes/${id}` },
    { method: 'get', path: (id) => `/api/videos/${id}/notes/export` },
    { method: 'get', path: (id) => `/api/videos/${id}/speakers` },
    { method: 'post', path: (id) => `/api/videos/${id}/speakers`, json: { start: 1, end: 2, name: 'x' } },
    { method: 'delete', path: (id) => `/api/speakers/${id}` },
    { method: 'get', path: (id) => `/jobs/${id}` },
    { method: 'get', path: (id) => `/videos/${id}` },
    { method: 'get', path: (id) => `/notes/${id}/edit` },
    { method: 'get', path: (id) => `/videos/${id}/notes/export` },
    { method: 'post', path: (id) => `/videos/${id}/notes`, form: true },
    { method: 'post', path: (id) => `/notes/${id}`, form: true },
    { method: 'post', path: (id) => `/notes/${id}/delete`, form: true },
    { method: 'post', path: (id) => `/notes/${id}/restore`, form: true },
    { method: 'post', path: (id) => `/videos/${id}/speakers`, form: true },
    { method: 'post', path: (id) => `/speakers/${id}/delete`, form: true },
  ];

  it.each(routes.map((r) => [`${r.method.toUpperCase()} ${r.path(':id')}`, r] as const))('%s: every hostile id is a clean 4xx', async (_name, route) => {
    // Forms go through an agent with a valid CSRF token, so the id itself is what is refused.
    const browser = route.form ? await formAgent(t.app) : undefined;
    for (const id of [...hostileIds, ...rawTraversal]) {
      const path = route.path(id);
      let res: Res;
      if (browser) res = await browser.post(path, { start: '1', end: '2', text: 'x', name: 'x' });
      else if (route.json) res = await request(t.app)[route.method](path).send(route.json);
      else res = await request(t.app)[route.method](path);
      expectClean(res, `${route.method.toUpperCase()} ${path.slice(0, 80)}`);
    }
    await stillAnswers(t.app);
    // The note aimed at is untouched.
    expect((await request(t.app).get(`/api/notes/${noteId}`)).status).toBe(200);
  });
});

describe('path traversal through uploaded file names', () => {
  const OTHER = 'dQw4w9WgXcQ';
  const VTT = 'WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nA line from an uploaded file.\n';
  const hostileNames = [
    '../../../../tmp/panelnotes-evil.vtt',
    '..%2F..%2Fevil.vtt',
    '..\\..\\evil.vtt',
    `evil${'\0'}.vtt`,
    '/etc/passwd',
    '<img src=x onerror=alert(1)>.vtt',
    'a'.repeat(5000),
  ];

  it('a name is only a name: the upload is saved as <video id>.json in the library, nothing anywhere else', async () => {
    const own = await fresh();
    const before = new Set(await readdir(own.libraryDir));
    for (const name of hostileNames) {
      const res = await request(own.app).post('/api/videos').field('video', OTHER).attach('file', Buffer.from(VTT), name);
      // A NUL in the multipart header is refused as a malformed upload; every other name imports.
      if (name.includes('\0')) {
        expectClean(res, 'a NUL in the file name');
        expect(res.body).toEqual({ error: { code: 'USAGE', message: expect.stringMatching(/^could not read the upload: /) } });
      } else expect([name.slice(0, 40), res.status]).toEqual([name.slice(0, 40), 201]);
    }
    const added = (await readdir(own.libraryDir)).filter((n) => !before.has(n));
    expect(added).toEqual([`${OTHER}.json`]);
    expect(existsSync('/tmp/panelnotes-evil.vtt')).toBe(false);
  });

  it('a refused file is named as text in the answer: JSON-encoded in the API, escaped on the page', async () => {
    const name = '<img src=x onerror=alert(1)>\r\nX-Evil: 1.vtt';
    const api = await request(t.app).post('/api/videos').field('video', OTHER).attach('file', Buffer.from('not captions at all'), name);
    expectClean(api, 'API upload of a non-caption file');
    expect(api.headers['x-evil']).toBeUndefined();
    expect((api.body as { error: { code: string } }).error.code).toBe('CAPTIONS_UNRECOGNISED');
    const page = await (await formAgent(t.app)).upload('/videos/upload').field('video', OTHER).attach('file', Buffer.from('not captions at all'), name);
    expectClean(page, 'page upload of a non-caption file');
    expect(page.text).not.toContain('<img src=x');
    expect(page.headers['x-evil']).toBeUndefined();
    await stillAnswers(t.app);
  });
});

describe('bodies too large', () => {
  it.each([
    ['POST /api/videos', 'post', '/api/videos', 17 * 1024],
    ['POST /api/videos/:id/notes', 'post', `/api/videos/${SAMPLE}/notes`, 65 * 1024],
    ['PATCH /api/notes/:id', 'patch', '/api/notes/NOTE', 65 * 1024],
    ['POST /api/videos/:id/speakers', 'post', `/api/videos/${SAMPLE}/speakers`, 65 * 1024],
    ['POST /api/notes/import', 'post', '/api/notes/import', 26 * 1024 * 1024],
  ] as const)('%s: an oversized JSON body is 413', async (_name, method, path, size) => {
    const body = JSON.stringify({ url: 'x', text: 'a'.repeat(size), notes: [] });
    const res = await request(t.app)[method](path.replace('NOTE', noteId)).set('content-type', 'application/json').send(body);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ error: { code: 'FILE_TOO_LARGE' } });
    await stillAnswers(t.app);
  });

  it('a form body over its limit is a 4xx', async () => {
    const browser = await formAgent(t.app);
    const res = await browser.post(`/videos/${SAMPLE}/notes`, { start: '1', text: 'a'.repeat(200 * 1024) });
    expectClean(res, 'POST /videos/:id/notes');
    await stillAnswers(t.app);
  });

  it('a 50 MB upload is refused with 413 without being held in memory', async () => {
    const big = Buffer.alloc(50 * 1024 * 1024, 'a');
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    let res: Res;
    try {
      res = await request(t.app).post('/api/videos').field('video', SAMPLE).attach('file', big, 'huge.vtt');
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, process.memoryUsage().rss);
    expect(res.status).toBe(413);
    expect(res.body).toEqual({ error: { code: 'FILE_TOO_LARGE', message: 'the caption file is larger than 20 MB, the most accepted' } });
    expect(peak - before).toBeLessThan(100 * 1024 * 1024);
    await stillAnswers(t.app);
    // The library still holds the sample as it was.
    expect((await request(t.app).get(`/api/videos/${SAMPLE}`)).status).toBe(200);
  }, 30000);
});

describe('redirects stay on this site, with no header injection', () => {
  /** The Location of a redirect, checked: one line, and resolving to this site. */
  function expectLocal(res: Res): string {
    expect([301, 302, 303, 307, 308]).toContain(res.status);
    const location = String(res.headers.location);
    expect(location).not.toMatch(/[\r\n]/);
    expect(location.startsWith('/')).toBe(true);
    expect(location).not.toMatch(/^\/[/\\]/);
    expect(new URL(location, ORIGIN).origin).toBe(ORIGIN);
    expect(res.headers['x-injected']).toBeUndefined();
    return location;
  }

  const nasty = ['x\r\nX-Injected: 1', '//evil.example', 'https://evil.example/', '\r\nLocation: https://evil.example', '/%0d%0aX-Injected:%201'];
  /** A backslash after the first slash: browsers read `\` as `/` in http(s) URLs. */
  const backslashed = ['/\\evil.example', '/\\/evil.example'];

  it('POST /videos/:id/notes: text, tags and times with CR/LF or URLs in them', async () => {
    const browser = await formAgent(t.app);
    for (const value of nasty) {
      const res = await browser.post(`/videos/${SAMPLE}/notes`, { start: '3', text: value, tags: 'a' });
      const location = expectLocal(res);
      expect(location).toMatch(NOTE_AT_3);
      expectClean(await browser.post(`/videos/${SAMPLE}/notes`, { start: value, text: 'x' }), `start ${JSON.stringify(value)}`);
    }
    await stillAnswers(t.app);
  });

  it('POST /videos/:id/speakers: a name with CR/LF stays out of the redirect', async () => {
    const browser = await formAgent(t.app);
    const res = await browser.post(`/videos/${SAMPLE}/speakers`, { start: '100', end: '110', name: 'Eve\r\nX-Injected: 1' });
    expect(expectLocal(res)).toMatch(new RegExp(`^/videos/${SAMPLE}\\?t=100&done=speaker-added&turn=[0-9a-f-]{36}#speakers$`));
  });

  async function tokenRedirect(back: string): Promise<void> {
    const guarded = await fresh({ token: 'drill-token' });
    const browser = await formAgent(guarded.app);
    const res = await browser.post('/token', { token: 'drill-token', back });
    expectLocal(res);
    await stillAnswers(guarded.app);
  }

  it.each([...nasty, '/\t/evil.example', '\\\\evil.example', ' //evil.example', 'javascript:alert(1)', '/ok/../..//evil.example'])(
    'POST /token with back=%p stays on this site',
    tokenRedirect,
  );

  // Found by this suite: "/\evil.example" once passed the `back` check, and browsers read "\"
  // as "/" in http(s) URLs, so the redirect left the site (an open redirect).
  it.each(backslashed)('POST /token with back=%p stays on this site', tokenRedirect);

  it('POST /videos/:id/notes: backslashed values in the fields stay out of the redirect', async () => {
    const browser = await formAgent(t.app);
    for (const value of backslashed) expect(expectLocal(await browser.post(`/videos/${SAMPLE}/notes`, { start: '3', text: value }))).toMatch(NOTE_AT_3);
  });

  it('POST /token with a wrong token and a hostile back is a 401, with no redirect', async () => {
    const guarded = await fresh({ token: 'drill-token' });
    const browser = await formAgent(guarded.app);
    const res = await browser.post('/token', { token: 'wrong\r\nX-Injected: 1', back: '//evil.example' });
    expect(res.status).toBe(401);
    expect(res.headers.location).toBeUndefined();
  });
});

describe('JSON of unexpected types', () => {
  const wrong: unknown[] = [[], [1, 2], 42, null, 'text', true, { a: { b: { c: [] } } }];
  const bodies: Record<string, unknown[]> = {
    'POST /api/videos': [...wrong, { url: [SAMPLE] }, { url: 42 }, { url: { href: SAMPLE } }, { url: null }, { url: true }, { url: '' }],
    'POST /api/videos/:id/notes': [
      ...wrong,
      { start: [1], text: 'x' },
      { start: { s: 1 }, text: 'x' },
      { start: null, text: 'x' },
      { start: 1, text: ['x'] },
      { start: 1, text: { t: 'x' } },
      { start: 1, text: null },
      { start: 1, text: 42 },
      { start: 1, text: 'x', tags: { a: 1 } },
      { start: 1, text: 'x', tags: [1, 2] },
      { start: 1, text: 'x', end: [2] },
      { start: 1, text: 'x', end: { e: 2 } },
      { start: -1, text: 'x' },
      { start: Number.POSITIVE_INFINITY, text: 'x' },
    ],
    'PATCH /api/notes/:id': [
      ...wrong.filter((w) => !(typeof w === 'object' && w !== null && !Array.isArray(w))),
      {},
      { start: [1] },
      { text: null },
      { text: 42 },
      { tags: { a: 1 } },
      { end: [2] },
      { start: { s: 1 } },
    ],
    'POST /api/videos/:id/speakers': [
      ...wrong,
      { start: [1], end: 2, name: 'x' },
      { start: 1, end: 2, name: ['x'] },
      { start: 1, end: 2, name: null },
      { start: 1, end: { e: 2 }, name: 'x' },
      { start: 1, end: 2, name: 42 },
    ],
    'POST /api/notes/import': [...wrong, { notes: 'x' }, { notes: [1, 2] }, { notes: [{ id: [1] }] }, { format: 'panelnotes-notes', notes: { a: 1 } }],
  };

  it.each(Object.entries(bodies))('%s: every mistyped body is a clean 4xx', async (name, list) => {
    const [method, pattern] = name.split(' ') as ['POST' | 'PATCH', string];
    const path = pattern.replace(':id', pattern.includes('notes/:id') ? noteId : SAMPLE);
    for (const body of list) {
      const res = await request(t.app)[method === 'POST' ? 'post' : 'patch'](path).set('content-type', 'application/json').send(JSON.stringify(body));
      expectClean(res, `${name} ${JSON.stringify(body)}`);
      expect(Object.keys(res.body as object)).toEqual(['error']);
    }
    await stillAnswers(t.app);
    expect((await request(t.app).get(`/api/notes/${noteId}`)).body).toMatchObject({ text: 'a note to aim at' });
  });

  it('malformed JSON and a JSON body of the wrong content type are clean 4xx', async () => {
    expectClean(
      await request(t.app).post(`/api/videos/${SAMPLE}/notes`).set('content-type', 'application/json').send('{"start": 1, "text": '),
      'truncated JSON',
    );
    expectClean(
      await request(t.app).post(`/api/videos/${SAMPLE}/notes`).set('content-type', 'application/json').send('{"__proto__": {"x": 1}, "start": [], "text": 1}'),
      '__proto__',
    );
    expectClean(await request(t.app).post('/api/videos').set('content-type', 'text/plain').send(SAMPLE), 'text/plain');
  });
});

describe('query strings', () => {
  it.each([
    '/api/search?q=a&q=b',
    '/api/search?q=storage&limit=1&limit=2',
    '/api/search?q=x&offset=0&offset=1',
    '/api/search?q=x&video=a&video=b',
    '/search?q=a&q=b',
    '/search?q=a&page=1&page=2',
    `/videos/${SAMPLE}?t=1&t=2`,
  ])('repeated parameters are a 400: %s', async (path) => {
    const res = await request(t.app).get(path);
    expect(res.status).toBe(400);
    expectClean(res, path);
  });

  it('a 100 KB query string is a clean 4xx, and the app answers afterwards', async () => {
    for (const path of ['/api/search', '/search']) {
      const res = await request(t.app).get(`${path}?q=${'a'.repeat(100 * 1024)}`);
      expectClean(res, `${path} with 100 KB`);
    }
    // Under Node's header limit, still over ours.
    expectClean(await request(t.app).get(`/api/search?q=${'a'.repeat(10 * 1024)}`), '10 KB q');
    await stillAnswers(t.app);
  });
});

describe('slow clients', () => {
  it('a client sending headers a byte every 100 ms does not hold up others', async () => {
    const { url, close } = await listen(t.app);
    const { port } = new URL(url);
    const socket = connect(Number(port), '127.0.0.1');
    socket.on('error', () => undefined);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const headers = `GET /api/videos HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ${'z'.repeat(40)}\r\n`;
    let sent = 0;
    const drip = setInterval(() => {
      if (sent < headers.length) socket.write(headers[sent++] ?? '');
    }, 100);
    const timings: number[] = [];
    try {
      const until = Date.now() + 2000;
      while (Date.now() < until) {
        const started = Date.now();
        const res = await fetch(`${url}/api/search?q=virtualization`);
        expect(res.status).toBe(200);
        await res.arrayBuffer();
        timings.push(Date.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    } finally {
      clearInterval(drip);
      socket.destroy();
      await close();
    }
    expect(sent).toBeGreaterThanOrEqual(15);
    expect(timings.length).toBeGreaterThanOrEqual(5);
    expect(Math.max(...timings)).toBeLessThan(500);
  }, 15000);
});
