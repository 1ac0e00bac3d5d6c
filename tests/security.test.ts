import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { DomUtils, parseDocument } from 'htmlparser2';
import request from 'supertest';
import { servedHosts } from '../server/servedHosts.js';
import { newToken } from '../server/token.js';
import { csrfTokenIn, formAgent } from './support/formAgent.js';
import { freshApps, listen, type TestApp } from './support/testApp.js';

/**
 * The attacks of a page on this machine (server/routes/security.ts, server/routes/hostCheck.ts):
 * a page on another port of 127.0.0.1 (same-site, and sharing this host's cookies), a page that
 * rebinds its own domain name to this machine (DNS rebinding), and a program guessing the token.
 */

type Res = request.Response;
const SAMPLE = 'S6Sjj6OtyvY';
const OTHER = 'dQw4w9WgXcQ';
const VTT = 'WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nAn imported line.\n';
const OTHER_SITE = 'writes from another site are refused';

const { fresh } = freshApps();

/** The `name=value` pairs of an answer's Set-Cookie headers, as a Cookie header sends them back. */
function cookiesOf(res: Res): string {
  const set = (res.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
  return set.map((c) => c.split(';')[0]).join('; ');
}

/** The API's error body, checked: `{error: {code, message, hint?}}`. */
function apiError(res: Res, status: number, code: string): string {
  expect([res.status, res.headers['content-type']]).toEqual([status, 'application/json; charset=utf-8']);
  const { error } = res.body as { error: { code: string; message: string } };
  expect(error.code).toBe(code);
  return error.message;
}

/** The message of an HTML error page. */
function pageError(res: Res, status: number): string {
  expect([res.status, res.headers['content-type']]).toEqual([status, 'text/html; charset=utf-8']);
  const alert = DomUtils.findOne((el) => el.attribs.role === 'alert', parseDocument(res.text).children);
  return alert ? DomUtils.textContent(alert).replace(/\s+/g, ' ').trim() : '';
}

describe('the Host check (DNS rebinding)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await fresh();
  });

  // A rebinding page sends its own name; names that merely start or end like ours are not ours.
  const foreign = [
    'rebind.attacker.example:3000',
    'rebind.attacker.example',
    'localhost.attacker.example',
    '127.0.0.1.nip.io',
    'attacker.example:80',
    '[::1]:3000',
    '127.0.0.2',
    'localhost:3000@evil.example',
    'evil.example\\127.0.0.1',
  ];

  it.each(foreign)('Host: %s is 421 for reads, exports and writes, and nothing changes', async (host) => {
    const before = (await t.notes.list(SAMPLE)).length;
    const message = apiError(await request(t.app).get('/api/videos').set('Host', host), 421, 'MISDIRECTED');
    expect(message).toBe(`this server does not answer to the host "${host}"`);
    apiError(await request(t.app).get(`/api/videos/${SAMPLE}/notes/export`).set('Host', host), 421, 'MISDIRECTED');
    apiError(await request(t.app).post(`/api/videos/${SAMPLE}/notes`).set('Host', host).send({ start: 1, text: 'rebound' }), 421, 'MISDIRECTED');
    // Mixed case and pages: the check is before all routing.
    apiError(await request(t.app).get('/API/Videos').set('Host', host), 421, 'MISDIRECTED');
    const page = await request(t.app).get(`/videos/${SAMPLE}`).set('Host', host);
    expect([page.status, page.headers['content-type']]).toEqual([421, 'text/plain; charset=utf-8']);
    expect(page.text).toMatch(/^this server does not answer to the host ".*": open it by an address it listens on, or add the name to PANELNOTES_HOSTS/);
    expect((await request(t.app).get(`/videos/${SAMPLE}/notes/export?format=md`).set('Host', host)).status).toBe(421);
    expect((await request(t.app).get('/static/style.css').set('Host', host)).status).toBe(421);
    expect(await t.notes.list(SAMPLE)).toHaveLength(before);
  });

  it('the names the server listens by are served, in any letter case', async () => {
    for (const host of ['127.0.0.1:4567', 'localhost:4567', 'LOCALHOST:4567', 'localhost']) {
      expect([host, (await request(t.app).get('/api/videos').set('Host', host)).status]).toEqual([host, 200]);
    }
  });

  it('a request with no Host at all is 421', async () => {
    const { url, close } = await listen(t.app);
    try {
      const answer = await new Promise<string>((done, fail) => {
        const socket = connect(Number(new URL(url).port), '127.0.0.1', () => socket.end('GET /api/videos HTTP/1.0\r\n\r\n'));
        let text = '';
        socket.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        socket.on('end', () => done(text));
        socket.on('error', fail);
      });
      expect(answer).toMatch(/^HTTP\/1\.1 421 /);
      expect(answer).toContain('"code":"MISDIRECTED"');
    } finally {
      await close();
    }
  });

  it('bound to every interface, each address of the machine is served on the server’s port, with PANELNOTES_HOSTS and the public URL', async () => {
    const interfaces = {
      lo: [{ address: '127.0.0.1' }, { address: '::1' }],
      eth0: [{ address: '192.168.1.5' }, { address: 'fe80::a00:27ff:fe4e:66a1' }],
    } as unknown as NodeJS.Dict<import('node:os').NetworkInterfaceInfo[]>;
    const hosts = servedHosts(
      { host: '0.0.0.0', port: 3000, extra: ['notes.lan', 'wiki.lan:8080'], publicUrl: new URL('https://notes.example.org/') },
      interfaces,
    );
    const own = await fresh({ hosts });
    const served = [
      '127.0.0.1:3000',
      '[::1]:3000',
      '192.168.1.5:3000',
      '[fe80::a00:27ff:fe4e:66a1]:3000',
      'localhost:3000',
      'notes.lan:3000',
      'notes.lan',
      'wiki.lan:8080',
      'notes.example.org',
    ];
    const refused = ['192.168.1.5:3001', '192.168.1.6:3000', 'wiki.lan:3000', 'wiki.lan', 'example.org', 'rebind.attacker.example:3000'];
    for (const host of served) expect([host, (await request(own.app).get('/api/videos').set('Host', host)).status]).toEqual([host, 200]);
    for (const host of refused) expect([host, (await request(own.app).get('/api/videos').set('Host', host)).status]).toEqual([host, 421]);
  });
});

describe('writes come only from this server’s own pages', () => {
  let t: TestApp;
  let url: string;
  let close: () => Promise<void>;
  /** Another port of the same host: a page there is same-site, not same-origin. */
  let otherPort: string;
  beforeAll(async () => {
    t = await fresh();
    ({ url, close } = await listen(t.app));
    otherPort = `http://127.0.0.1:${Number(new URL(url).port) + 1}`;
  });
  afterAll(() => close());

  /** A page's form as the browser would send it: the page's cookies and `_csrf`, and `headers`. */
  async function formPost(path: string, headers: Record<string, string>, fields: Record<string, string> = {}): Promise<Res> {
    const opened = await request(url).get(`/videos/${SAMPLE}`);
    return request(url)
      .post(path)
      .type('form')
      .set('Cookie', cookiesOf(opened))
      .set(headers)
      .send({ ...fields, _csrf: csrfTokenIn(opened.text) });
  }

  it.each([
    ['Sec-Fetch-Site: same-site (another port of 127.0.0.1)', () => ({ 'Sec-Fetch-Site': 'same-site', Origin: otherPort })],
    ['Sec-Fetch-Site: same-site with no Origin', () => ({ 'Sec-Fetch-Site': 'same-site' })],
    ['Sec-Fetch-Site: cross-site', () => ({ 'Sec-Fetch-Site': 'cross-site', Origin: 'http://evil.example' })],
    ['Sec-Fetch-Site: same-origin but an Origin of another port', () => ({ 'Sec-Fetch-Site': 'same-origin', Origin: otherPort })],
    ['no fetch metadata, Origin of another port', () => ({ Origin: otherPort })],
    ['no fetch metadata, Origin of another host', () => ({ Origin: 'http://localhost.evil.example:3000' })],
    ['no fetch metadata, Origin: null (a sandboxed frame, a data: URL)', () => ({ Origin: 'null' })],
    ['no fetch metadata, https Origin of this very host', () => ({ Origin: url.replace('http:', 'https:') })],
    ['no fetch metadata or Origin, Referer of another port', () => ({ Referer: `${otherPort}/attack.html` })],
    ['no fetch metadata or Origin, Referer that is not a URL', () => ({ Referer: 'about:blank' })],
  ])('a page form (with its valid CSRF pair) sent with %s is 403, and nothing changes', async (_name, headers) => {
    const note = await t.notes.add(SAMPLE, { start: 5, text: 'aimed at' });
    for (const [path, fields] of [
      [`/notes/${note.id}/delete`, {}],
      [`/videos/${SAMPLE}/notes`, { start: '1', text: 'planted' }],
      [`/videos/${SAMPLE}/speakers`, { start: '1', end: '2', name: 'Planted' }],
    ] as const) {
      expect([path, pageError(await formPost(path, headers(), fields), 403)]).toEqual([path, OTHER_SITE]);
    }
    expect(await t.notes.get(note.id)).toEqual(note);
    expect((await t.notes.list(SAMPLE)).some((n) => n.text === 'planted')).toBe(false);
    expect(await t.notes.turns(SAMPLE)).toEqual([]);
  });

  it('an import from another port’s page (no-cors fetch with FormData, cookies included) is 403, on the API and the pages', async () => {
    for (const site of ['same-site', 'cross-site']) {
      const api = await request(url)
        .post('/api/videos')
        .set({ 'Sec-Fetch-Site': site, Origin: otherPort, Cookie: 'pn_session=x' })
        .field('video', OTHER)
        .attach('file', Buffer.from(VTT), 'x.vtt');
      expect(apiError(api, 403, 'FORBIDDEN')).toBe(OTHER_SITE);
    }
    expect(
      apiError(
        await request(url).post('/api/videos').set({ Origin: otherPort }).field('video', OTHER).attach('file', Buffer.from(VTT), 'x.vtt'),
        403,
        'FORBIDDEN',
      ),
    ).toBe(OTHER_SITE);
    // The page's upload form, with a CSRF pair of the page: still another site's request.
    const opened = await request(url).get('/videos/new');
    const upload = await request(url)
      .post('/videos/upload')
      .set({ 'Sec-Fetch-Site': 'same-site', Origin: otherPort, Cookie: cookiesOf(opened) })
      .field('_csrf', csrfTokenIn(opened.text))
      .field('video', OTHER)
      .attach('file', Buffer.from(VTT), 'x.vtt');
    expect(pageError(upload, 403)).toBe(OTHER_SITE);
    expect(t.catalog.has(OTHER)).toBe(false);
  });

  // The attack of the report: read access is open, so the attacker fetches a session cookie, a
  // CSRF cookie and the token that goes with them, tosses the cookies onto this host from its
  // own port (`document.cookie = 'pn_session=…; path=/notes'`: cookies ignore ports) and
  // auto-submits a delete form. The pair is valid; the origin is what gives it away.
  it('a CSRF cookie/token pair the attacker fetched for itself and tossed onto the host is refused from another port', async () => {
    const note = await t.notes.add(SAMPLE, { start: 7, text: 'the victim’s note' });
    const attackerPage = await request(url).get('/videos/new');
    const tossed = cookiesOf(attackerPage);
    expect(tossed).toMatch(/pn_session=.*pn_csrf=/);
    const forged = { _csrf: csrfTokenIn(attackerPage.text) };
    for (const headers of [
      { 'Sec-Fetch-Site': 'same-site', Origin: otherPort },
      { Origin: otherPort },
      { 'Sec-Fetch-Site': 'same-site' },
      { Referer: `${otherPort}/` },
    ]) {
      const res = await request(url).post(`/notes/${note.id}/delete`).type('form').set('Cookie', tossed).set(headers).send(forged);
      expect([headers, pageError(res, 403)]).toEqual([headers, OTHER_SITE]);
    }
    expect(await t.notes.get(note.id)).toEqual(note);
    // The same pair on this site's own page would be a valid form: the origin check is what refused it.
    const own = await request(url)
      .post(`/notes/${note.id}/delete`)
      .type('form')
      .set({ Cookie: tossed, 'Sec-Fetch-Site': 'same-origin', Origin: url })
      .send(forged);
    expect(own.status).toBe(303);
  });

  it('a form of this server’s own page passes with Sec-Fetch-Site same-origin or none, or (without fetch metadata) its own Origin or Referer', async () => {
    const shapes: Record<string, string>[] = [
      { 'Sec-Fetch-Site': 'same-origin', Origin: url },
      { 'Sec-Fetch-Site': 'same-origin' },
      { 'Sec-Fetch-Site': 'none' },
      { Origin: url },
      { Referer: `${url}/videos/${SAMPLE}?t=3` },
    ];
    for (const headers of shapes) {
      const res = await formPost(`/videos/${SAMPLE}/notes`, headers, { start: '1', text: 'from this site' });
      expect([headers, res.status]).toEqual([headers, 303]);
    }
  });

  it('pages ask for Referrer-Policy: same-origin, under which a browser sends its Origin with the pages’ own posts (no-referrer makes it null)', async () => {
    expect((await request(url).get(`/videos/${SAMPLE}`)).headers['referrer-policy']).toBe('same-origin');
    // A browser whose policy still nulls the Origin is believed when it says same-origin; without that word, null is refused (above).
    expect(
      (await formPost(`/videos/${SAMPLE}/notes`, { 'Sec-Fetch-Site': 'same-origin', Origin: 'null' }, { start: '1', text: 'null origin, same-origin' })).status,
    ).toBe(303);
  });

  it('a program (no fetch metadata, Origin or Referer) may write without cookies; with cookies it is refused', async () => {
    expect((await request(url).post(`/api/videos/${SAMPLE}/notes`).send({ start: 1, text: 'from curl' })).status).toBe(201);
    const res = await request(url)
      .post(`/api/videos/${SAMPLE}/notes`)
      .set('Cookie', 'pn_session=abc')
      .send({ start: 1, text: 'from a browser that hides where' });
    expect(apiError(res, 403, 'FORBIDDEN')).toMatch(/^a change sent with cookies must come from this server's own pages/);
    expect((await t.notes.list(SAMPLE)).some((n) => n.text === 'from a browser that hides where')).toBe(false);
  });

  it('reads are open to any page (a read changes nothing), writes are not', async () => {
    expect((await request(url).get('/api/videos').set({ 'Sec-Fetch-Site': 'same-site', Origin: otherPort })).status).toBe(200);
    expect((await request(url).delete('/api/notes/x').set({ 'Sec-Fetch-Site': 'same-site' })).status).toBe(403);
    expect((await request(url).patch('/api/notes/x').set({ Origin: otherPort }).send({ text: 'x' })).status).toBe(403);
  });
});

describe('the token', () => {
  const TOKEN = newToken();

  it('a page on another port is refused even when the browser holds the token cookie (cookies are shared between ports)', async () => {
    const t = await fresh({ token: TOKEN });
    const other = 'http://127.0.0.1:1';
    const res = await request(t.app)
      .post(`/api/videos/${SAMPLE}/notes`)
      .set({ Cookie: `pn_token=${TOKEN}`, 'Sec-Fetch-Site': 'same-site', Origin: other })
      .send({ start: 1, text: 'x' });
    expect(apiError(res, 403, 'FORBIDDEN')).toBe(OTHER_SITE);
    expect(await t.notes.list(SAMPLE)).toEqual([]);
  });

  it('wrong tokens are counted per address: after 3 (the limit here) every token from it is 429, the right one too, for the rest of the minute', async () => {
    const t = await fresh({ token: TOKEN, rateLimits: { fetches: 100, writes: 100, tokenFailures: 3 } });
    const write = (headers: Record<string, string>) => request(t.app).post(`/api/videos/${SAMPLE}/notes`).set(headers).send({ start: 1, text: 'guess' });
    const statuses = [];
    const attempts: Record<string, string>[] = [
      { Authorization: 'Bearer a' },
      { Cookie: 'pn_token=b', 'Sec-Fetch-Site': 'same-origin' },
      { Authorization: `Bearer ${TOKEN}x` },
      { Authorization: 'Bearer d' },
      { Authorization: `Bearer ${TOKEN}` },
    ];
    for (const auth of attempts) statuses.push((await write(auth)).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    expect(apiError(await write({ Authorization: `Bearer ${TOKEN}` }), 429, 'RATE_LIMITED')).toBe(
      'too many wrong tokens from this address; wait a minute and try again',
    );
    expect(await t.notes.list(SAMPLE)).toEqual([]);
    // Reading needs no token and is not refused; a page asks for the token again (it says nothing of whether one was right).
    expect((await request(t.app).get('/api/videos')).status).toBe(200);
    const page = await request(t.app).get(`/videos/${SAMPLE}`).set('Cookie', `pn_token=${TOKEN}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('action="/token"');
  });

  it('the token form is limited the same way: wrong tokens count, then even the right one is 429', async () => {
    const t = await fresh({ token: TOKEN, rateLimits: { fetches: 100, writes: 100, tokenFailures: 2 } });
    const browser = await formAgent(t.app, `/videos/${SAMPLE}`);
    expect(pageError(await browser.post('/token', { token: 'guess-1' }), 401)).toMatch(/^that is not this server's token/);
    expect(pageError(await browser.post('/token', { token: 'guess-2' }), 401)).toMatch(/^that is not this server's token/);
    const res = await browser.post('/token', { token: TOKEN });
    expect(pageError(res, 429)).toBe('too many wrong tokens from this address; wait a minute and try again');
    expect(String(res.headers['set-cookie'] ?? '')).not.toContain('pn_token=');
  });

  it('POST /token is rate-limited like every write, right tokens included', async () => {
    const t = await fresh({ token: TOKEN, rateLimits: { fetches: 100, writes: 2 } });
    const browser = await formAgent(t.app, `/videos/${SAMPLE}`);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await browser.post('/TOKEN', { token: TOKEN })).status);
    expect(statuses).toEqual([303, 303, 429]);
  });

  it('a wrong token cookie is cleared, so a browser holding an old one sends it (and is counted) once', async () => {
    const t = await fresh({ token: TOKEN });
    const res = await request(t.app).get(`/videos/${SAMPLE}`).set('Cookie', 'pn_token=an-old-token');
    expect(res.status).toBe(200);
    expect(String(res.headers['set-cookie'])).toMatch(/pn_token=; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Strict/);
  });
});

describe('cookies', () => {
  it('on plain http: httpOnly, SameSite=Strict, path=/, and no Secure (a browser would drop them)', async () => {
    const t = await fresh({ token: newToken() });
    const cookies = (await request(t.app).get('/videos/new')).headers['set-cookie'] as unknown as string[];
    expect(cookies.map((c) => c.split('=')[0])).toEqual(['pn_session', 'pn_csrf']);
    for (const cookie of cookies) {
      expect(cookie).toMatch(/; Path=\/; HttpOnly; SameSite=Strict$/);
      expect(cookie).not.toMatch(/Secure|Domain/i);
    }
  });

  it('behind an https public URL: Secure, with the __Host- prefix, so no other origin can set or shadow them', async () => {
    const token = newToken();
    const t = await fresh({
      token,
      publicUrl: new URL('https://notes.example.org'),
      hosts: servedHosts({ host: '127.0.0.1', port: 0, publicUrl: new URL('https://notes.example.org') }),
    });
    const opened = await request(t.app).get('/videos/new').set('Host', 'notes.example.org');
    const cookies = opened.headers['set-cookie'] as unknown as string[];
    expect(cookies.map((c) => c.split('=')[0])).toEqual(['__Host-pn_session', '__Host-pn_csrf']);
    for (const cookie of cookies) expect(cookie).toMatch(/; Path=\/; HttpOnly; Secure; SameSite=Strict$/);
    // The public URL's origin is this server's own; its http twin is not.
    const form = { _csrf: csrfTokenIn(opened.text), token };
    const sent = (origin: string) =>
      request(t.app)
        .post('/token')
        .set({ Host: 'notes.example.org', Cookie: cookiesOf(opened), Origin: origin })
        .type('form')
        .send(form);
    expect((await sent('http://notes.example.org')).status).toBe(403);
    const accepted = await sent('https://notes.example.org');
    expect(accepted.status).toBe(303);
    const kept = (accepted.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('__Host-pn_token='));
    expect(kept).toMatch(/^__Host-pn_token=[\w-]{43}; Path=\/; HttpOnly; Secure; SameSite=Strict$/);
  });
});

describe('npm start refuses a server others could reach without a strong token', () => {
  const MAIN = resolve('dist/server/main.js');

  /** Runs the built server with `env` (over empty temporary folders) until it exits. */
  async function start(env: Record<string, string>): Promise<{ code: number; stderr: string }> {
    const dir = await mkdtemp(join(tmpdir(), 'panelnotes-start-'));
    const clean: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('PANELNOTES_') && key !== 'HOST' && key !== 'PORT') clean[key] = value;
    const paths = { PANELNOTES_LIBRARY: join(dir, 'library'), PANELNOTES_DB: join(dir, 'notes.db'), PANELNOTES_CACHE: join(dir, 'cache'), PORT: '0' };
    try {
      const { stderr } = await promisify(execFile)(process.execPath, [MAIN], { env: { ...clean, ...paths, ...env }, timeout: 15_000 });
      return { code: 0, stderr };
    } catch (error) {
      const { code, stderr } = error as { code: number; stderr: string };
      return { code, stderr };
    }
  }

  it.each([
    ['0.0.0.0 with PANELNOTES_TOKEN=7', { HOST: '0.0.0.0', PANELNOTES_TOKEN: '7' }],
    ['0.0.0.0 with a 31-character token', { HOST: '0.0.0.0', PANELNOTES_TOKEN: 'a'.repeat(31) }],
    ['0.0.0.0 with a long token of other characters', { HOST: '0.0.0.0', PANELNOTES_TOKEN: `${'a'.repeat(40)} !` }],
    ['loopback with a weak token', { HOST: '127.0.0.1', PANELNOTES_TOKEN: 'hunter2' }],
  ])('%s: exit 2 and one line saying how to make a token', async (_name, env) => {
    const { code, stderr } = await start(env);
    expect(code).toBe(2);
    expect(stderr).toBe(
      'panelnotes: PANELNOTES_TOKEN is too weak: it needs at least 32 characters of A-Z, a-z, 0-9, _ and -; make one with `panelnotes token new`\n',
    );
  });

  it.each([
    ['HOST=0.0.0.0', { HOST: '0.0.0.0' }, '0.0.0.0'],
    ['HOST=::', { HOST: '::' }, '::'],
    ['a public URL behind a proxy', { HOST: '127.0.0.1', PANELNOTES_PUBLIC_URL: 'https://notes.example.org' }, 'https://notes.example.org'],
  ])('%s without a token: exit 2 and one line', async (_name, env, where) => {
    const { code, stderr } = await start(env);
    expect(code).toBe(2);
    expect(stderr.split('\n')).toEqual([
      `panelnotes: refusing to serve ${where} without a token: anyone who can reach it could change your notes ` +
        '(hint: set PANELNOTES_TOKEN to the output of `panelnotes token new`, or keep HOST on 127.0.0.1)',
      '',
    ]);
  });

  it.each([
    ['PANELNOTES_HOSTS', { PANELNOTES_HOSTS: 'notes.lan, bad host!' }, /^panelnotes: PANELNOTES_HOSTS: not a host name: "bad host!"/],
    [
      'PANELNOTES_PUBLIC_URL',
      { PANELNOTES_PUBLIC_URL: 'javascript:alert(1)' },
      /^panelnotes: PANELNOTES_PUBLIC_URL must be the http\(s\) address the app is served at/,
    ],
  ])('a bad %s: exit 2 and one line naming it', async (_name, env, message) => {
    const { code, stderr } = await start(env);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
