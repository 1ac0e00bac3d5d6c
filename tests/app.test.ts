import type { Express } from 'express';
import { DomUtils, ElementType } from 'htmlparser2';
import request from 'supertest';
import { formAgent } from './support/formAgent.js';
import { apiError } from './support/api.js';
import { byClass, byId, classes, find, isTag, one, page, seeOther, tag, text, type El, type Page } from './support/html.js';
import { freshApps, type TestApp } from './support/testApp.js';
import { STORAGE_VTT, transcript } from './support/routes.js';

/**
 * What every page and answer of the app shares (server/app.ts, server/routes/errors.ts): errors
 * in one JSON shape with the status that says what happened, security headers and escaping on
 * every page, and user text kept from reordering the app's own controls.
 */

const SAMPLE = 'S6Sjj6OtyvY';
const OTHER = 'dQw4w9WgXcQ';

const { fresh } = freshApps();

let shared: TestApp;
beforeAll(async () => {
  shared = await fresh();
});

describe('errors: every one is {error: {code, message}} with the status that says what happened', () => {
  const get = (path: string) => (app: Express) => request(app).get(path);
  const postJson = (body: unknown) => (app: Express) =>
    request(app)
      .post('/api/videos')
      .send(body as object);
  const postRaw = (raw: string) => (app: Express) => request(app).post('/api/videos').set('content-type', 'application/json').send(raw);
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

  it.each<[string, number, string, (app: Express) => request.Test, string | RegExp]>([
    ['a malformed video id', 400, 'INVALID_VIDEO_ID', get('/api/videos/not-an-id'), 'not a video id: "not-an-id"'],
    ['a path trick as video id', 400, 'INVALID_VIDEO_ID', get('/api/videos/..%2F..%2Fetc'), 'not a video id: "../../etc"'],
    ['a query with nothing to search for', 400, 'USAGE', get('/api/search?q=%2B-~%5E'), /^nothing to search for in "\+-~\^"/],
    ['no query', 400, 'USAGE', get('/api/search'), /^nothing to search for/],
    ['a repeated parameter', 400, 'USAGE', get('/api/search?q=a&q=b'), 'give "q" once, as text'],
    ['limit=0', 400, 'USAGE', get('/api/search?q=kvm&limit=0'), '"limit" takes a whole number from 1 to 100, not "0"'],
    ['limit=abc', 400, 'USAGE', get('/api/search?q=kvm&limit=abc'), '"limit" takes a whole number from 1 to 100, not "abc"'],
    ['limit=101', 400, 'USAGE', get('/api/search?q=kvm&limit=101'), '"limit" takes a whole number from 1 to 100, not "101"'],
    ['limit=2.5', 400, 'USAGE', get('/api/search?q=kvm&limit=2.5'), '"limit" takes a whole number from 1 to 100, not "2.5"'],
    ['offset=-1', 400, 'USAGE', get('/api/search?q=kvm&offset=-1'), '"offset" takes a whole number from 0 to 10000, not "-1"'],
    ['from=soon', 400, 'INVALID_TIME', get('/api/search?q=kvm&from=soon'), /^not a time: "soon"/],
    ['topic=gardening', 400, 'USAGE', get('/api/search?q=kvm&topic=gardening'), 'no topic "gardening"; topics are security, hardware, process, general'],
    ['video=bad', 400, 'INVALID_VIDEO_ID', get('/api/search?q=kvm&video=bad'), 'not a video id: "bad"'],
    ['a JSON body without url', 400, 'USAGE', postJson({}), /^send \{"url": "<YouTube URL or id>"\}/],
    ['a JSON body that does not parse', 400, 'USAGE', postRaw('{"url": '), 'the request body is not valid JSON'],
    ['a JSON body that is not an object', 400, 'USAGE', postRaw('"dQw4w9WgXcQ"'), 'the request body is not valid JSON'],
    ['{"url": 5}', 400, 'USAGE', postJson({ url: 5 }), '"url" must be text'],
    ['{"url": ["a"]}', 400, 'USAGE', postJson({ url: ['a'] }), '"url" must be text'],
    ['{"url": "not-a-video"}', 400, 'INVALID_VIDEO_ID', postJson({ url: 'not-a-video' }), /^not a YouTube video: "not-a-video"/],
    [
      'an upload whose talk URL is not a web address',
      400,
      'USAGE',
      (app) => request(app).post('/api/videos').field('url', 'javascript:alert(1)').attach('file', Buffer.from(STORAGE_VTT), 'talk.vtt'),
      /^a talk's URL is the http\(s\) address where it can be watched, not "javascript:alert\(1\)"/,
    ],
    [
      'an upload that is not captions',
      400,
      'CAPTIONS_UNRECOGNISED',
      (app) => request(app).post('/api/videos').field('video', OTHER).attach('file', png, 'cat.png'),
      'cat.png: not a caption file this tool reads',
    ],
    [
      'an upload under another field name',
      400,
      'USAGE',
      (app) => request(app).post('/api/videos').field('video', OTHER).attach('captions', Buffer.from(STORAGE_VTT), 'talk.vtt'),
      /^could not read the upload/,
    ],
    ['an unknown video', 404, 'NOT_FOUND', get('/api/videos/ZZZZZZZZZZZ'), 'no video ZZZZZZZZZZZ in the library'],
    ['a search in an unknown video', 404, 'NOT_FOUND', get('/api/search?q=kvm&video=ZZZZZZZZZZZ'), 'no video ZZZZZZZZZZZ in the library'],
    ['an unknown job', 404, 'NOT_FOUND', get('/api/jobs/00000000-0000-0000-0000-000000000000'), 'no job 00000000-0000-0000-0000-000000000000'],
    ['an unknown /api path', 404, 'NOT_FOUND', get('/api/nope'), 'nothing at /api/nope'],
    ['a path below a video', 404, 'NOT_FOUND', get(`/api/videos/${SAMPLE}/passages`), `nothing at /api/videos/${SAMPLE}/passages`],
    ['/api itself', 404, 'NOT_FOUND', get('/api'), 'nothing at /api'],
    ['a JSON body over 16 kB', 413, 'FILE_TOO_LARGE', postJson({ url: OTHER, padding: 'x'.repeat(17 * 1024) }), 'the request body is too large'],
  ])('%s: %i %s', async (_name, expectedStatus, code, send, message) => {
    apiError(await send(shared.app), expectedStatus, code, message);
  });

  it('an upload over the size limit: 413 FILE_TOO_LARGE, and nothing is imported', async () => {
    const { app, catalog } = await fresh({ maxUploadBytes: 1000 });
    const res = await request(app)
      .post('/api/videos')
      .field('video', OTHER)
      .attach('file', Buffer.from(STORAGE_VTT + 'x'.repeat(2000)), 'big.vtt');
    apiError(res, 413, 'FILE_TOO_LARGE', /^the caption file is larger than/);
    expect(catalog.has(OTHER)).toBe(false);
    apiError(await request(app).get(`/api/videos/${OTHER}`), 404, 'NOT_FOUND', `no video ${OTHER} in the library`);
  });

  it.each(['/api?x=1', '/API/videos/not-an-id'])('%s (served by, or next to, the API) answers errors in JSON too', async (path) => {
    // Routing is case-insensitive and takes a query string, so the API's JSON errors must too.
    const res = await request(shared.app).get(path);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  });
});

describe('every HTML page', () => {
  it.each([
    ['/', 200],
    ['/search', 200],
    ['/search?q=posted+interrupts', 200],
    ['/search?q=%2B-~%5E', 400],
    [`/videos/${SAMPLE}`, 200],
    [`/videos/${SAMPLE}?t=1420&q=posted+interrupts`, 200],
    ['/videos/new', 200],
    ['/videos/ZZZZZZZZZZZ', 404],
    ['/nope', 404],
  ])('GET %s (%i) sends the security headers and has no inline script', async (path, status) => {
    const res = await request(shared.app).get(path);
    page(res, status);
    expect(res.headers['content-security-policy']).toMatch(/frame-src [^;]*https:\/\/www\.youtube-nocookie\.com/);
  });

  it('user text is escaped: a title and captions with markup never become markup', async () => {
    const { app } = await fresh();
    const vtt = 'WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nHello &lt;script&gt;alert(1)&lt;/script&gt; world\n';
    const upload = await (
      await formAgent(app)
    )
      .upload('/videos/upload')
      .field('video', OTHER)
      .field('title', '<img src=x onerror=alert(1)>')
      .attach('file', Buffer.from(vtt), 'x.vtt');
    expect(upload.status).toBe(303);
    for (const path of ['/', `/videos/${OTHER}?q=world`, '/search?q=world', `/search?q=${encodeURIComponent('"><script>alert(1)</script>')}`]) {
      const res = await request(app).get(path);
      const { main } = page(res, 200);
      expect(tag(main, 'img')).toEqual([]);
      expect(res.text).not.toContain('<img src=x');
    }
    const talk = page(await request(app).get(`/videos/${OTHER}`), 200);
    expect(text(tag(talk.main, 'h1')[0] as El)).toBe('<img src=x onerror=alert(1)>');
    expect(talk.text).toContain('Hello <script>alert(1)</script> world');
  });
});

describe('user text cannot reorder the app’s own controls (bidi isolation)', () => {
  /** Characters that reorder the text after them: embeddings, overrides and isolates. */
  const BIDI = /[\u202A-\u202E\u2066-\u2069]/;
  /** What the app's own controls are: anything to click or type in, and links to its own pages. */
  const isControl = (el: El): boolean =>
    ['form', 'button', 'input', 'select', 'textarea'].includes(el.name) || (el.name === 'a' && (el.attribs.href ?? '').startsWith('/'));
  const isolates = (el: El): boolean => el.name === 'bdi' || el.name === 'textarea' || el.attribs.dir !== undefined;

  /**
   * Every piece of text on the page holding a bidi control sits in an isolating element (<bdi>,
   * or any element with `dir`) that holds none of the app's controls; returns how many there are.
   */
  function expectIsolated(p: Page, where: string): number {
    const texts = DomUtils.filter((node) => node.type === ElementType.Text && BIDI.test((node as unknown as { data: string }).data), p.main.children, true);
    for (const node of texts) {
      let box: El | undefined;
      for (let up = node.parent; up && !box; up = up.parent) if (isTag(up) && isolates(up)) box = up;
      const snippet = JSON.stringify((node as unknown as { data: string }).data.slice(0, 40));
      if (!box) throw new Error(`${where}: ${snippet} is not isolated`);
      const controls = find(box, isControl).map((el) => `<${el.name} ${el.attribs.href ?? el.attribs.action ?? ''}>`);
      expect([where, snippet, controls]).toEqual([where, snippet, []]);
    }
    return texts.length;
  }

  it('a note, a speaker name and a query holding U+202E (right-to-left override) stay inside their own element on every page', async () => {
    const app = await fresh();
    const browser = await formAgent(app.app, `/videos/${SAMPLE}`);
    const RLO = '\u202E';
    const noteUrl = seeOther(
      await browser.post(`/videos/${SAMPLE}/notes`, { start: '0:12', text: `${RLO}quillwort edit delete https://example.com/${RLO}x`, tags: 'hw' }),
    );
    const noteId = noteUrl.split('#note-')[1] as string;
    const turnUrl = seeOther(await browser.post(`/videos/${SAMPLE}/speakers`, { start: '0:05', end: '0:40', name: `${RLO}Speaker E` }));
    const pages: [string, Page][] = [
      ['the transcript page', page(await browser.agent.get(noteUrl.split('#')[0] as string), 200)],
      ['the transcript page after setting a speaker', page(await browser.agent.get(turnUrl.split('#')[0] as string), 200)],
      ['the transcript page with a query', page(await browser.agent.get(`/videos/${SAMPLE}`).query({ q: `quillwort ${RLO}` }), 200)],
      ['the search page', page(await browser.agent.get('/search').query({ q: `quillwort ${RLO}x` }), 200)],
      ['the note’s edit page', page(await browser.agent.get(`/notes/${noteId}/edit`), 200)],
    ];
    const counts = pages.map(([where, p]) => [where, expectIsolated(p, where)]);
    // Each page shows the hostile text (so the check above looked at something).
    for (const [where, n] of counts) expect([where, (n as number) > 0]).toEqual([where, true]);
    // The note's text element holds only the note: its edit link and delete form are outside it.
    const talk = (pages[0] as [string, Page])[1];
    const noteText = one(byId(talk.main, `note-${noteId}`), (el) => classes(el).includes('note-text'), 'note text');
    expect(noteText.attribs.dir).toBe('auto');
    expect(find(noteText, isControl)).toEqual([]);
    // An error page that repeats what was asked keeps it isolated too.
    expectIsolated(page(await browser.agent.get(`/videos/${SAMPLE}`).query({ t: `${RLO}1:00` }), 400), 'an error page');
  });

  it('tags and titles are isolated as well (right-to-left letters alone reorder their neighbours)', async () => {
    const app = await fresh();
    const browser = await formAgent(app.app, `/videos/${SAMPLE}`);
    seeOther(await browser.post(`/videos/${SAMPLE}/notes`, { start: '0:12', text: 'שלום', tags: 'עברית hw' }));
    const talk = await transcript(browser);
    const tags = byClass(talk.main, 'tag');
    expect(tags.length).toBeGreaterThanOrEqual(2);
    for (const tag of tags) expect(find(tag, (el) => el.name === 'bdi').map(text)).toEqual([text(tag).slice(1)]);
    expect(one(talk.main, (el) => el.name === 'h1', 'h1').attribs.dir).toBe('auto');
  });
});
