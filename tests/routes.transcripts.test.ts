import request from 'supertest';
import { apiError, json } from './support/api.js';
import { formAgent } from './support/formAgent.js';
import { attr, byClass, find, page, seeOther, tag } from './support/html.js';
import { search, STORAGE_VTT } from './support/routes.js';
import { APP_ENGINES, freshApps, type TestApp } from './support/testApp.js';

/**
 * A transcript page's neighbours: its exports (page and API), the versions an open page compares
 * to offer a reload, and talks not on YouTube (local ids), driven with supertest.
 */
const SAMPLE = 'S6Sjj6OtyvY';
describe.each(APP_ENGINES)('on %s', (engine) => {
  const { fresh } = freshApps({ engine });
  let shared: TestApp;
  beforeAll(async () => {
    shared = await fresh();
  });

  describe('transcript exports', () => {
    it.each([
      ['srt', 'application/x-subrip; charset=utf-8', /^1\n00:00:00,000 --> 00:00:05,000\n\[panelnotes-sample\] Synthetic sample/],
      ['vtt', 'text/vtt; charset=utf-8', /^WEBVTT\nKind: captions\nLanguage: en\n/],
      ['txt', 'text/plain; charset=utf-8', /^SAMPLE \(synthetic, not the real captions\): /],
      ['md', 'text/markdown; charset=utf-8', /^# \\\[2016\\\] Virtualization Developer Panel\n/],
    ])('GET /api/videos/:id/transcript?format=%s is a download of that type, marked as the sample', async (format, type, start) => {
      const res = await request(shared.app).get(`/api/videos/${SAMPLE}/transcript`).query({ format });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe(type);
      expect(res.headers['content-disposition']).toBe(`attachment; filename=${SAMPLE}.${format}`);
      expect(res.text).toMatch(start);
    });

    it('answers JSON unless told, a range when asked, and refuses a bad format or range in the API error shape', async () => {
      const body = json(await request(shared.app).get(`/api/videos/${SAMPLE}/transcript`).query({ from: '1:00', to: '1:30' }), 200);
      expect(body).toMatchObject({ format: 'panelnotes-transcript', videoId: SAMPLE, source: 'sample', from: 60, to: 90 });
      const segments = body.segments as { start: number; duration: number }[];
      expect(segments.every((s) => s.start + s.duration > 60 && s.start < 90)).toBe(true);
      apiError(
        await request(shared.app).get(`/api/videos/${SAMPLE}/transcript?format=docx`),
        400,
        'USAGE',
        'no transcript format "docx"; choose txt, md, srt, vtt, json',
      );
      apiError(
        await request(shared.app).get(`/api/videos/${SAMPLE}/transcript?from=5:00&to=1:00`),
        400,
        'USAGE',
        'the range ends (1:00) before it starts (5:00)',
      );
      apiError(await request(shared.app).get('/api/videos/ZZZZZZZZZZZ/transcript'), 404, 'NOT_FOUND');
    });

    it('the transcript page offers every format, and each link downloads it', async () => {
      const { main } = page(await request(shared.app).get(`/videos/${SAMPLE}`), 200);
      const [menu] = byClass(main, 'export-menu');
      const links = tag(menu as never, 'a').map((a) => attr(a, 'href'));
      expect(links).toEqual(['txt', 'md', 'srt', 'vtt', 'json'].map((f) => `/videos/${SAMPLE}/transcript?format=${f}`));
      const res = await request(shared.app).get(links[2] as string);
      expect([res.status, res.headers['content-type']]).toEqual([200, 'application/x-subrip; charset=utf-8']);
    });
  });

  describe('versions an open page compares', () => {
    const version = async (app: TestApp, path: string): Promise<string> => json(await request(app.app).get(path), 200).version as string;

    it('the pages carry their version and the script that asks for the current one', async () => {
      for (const [path, url] of [
        [`/videos/${SAMPLE}`, `/api/videos/${SAMPLE}/version`],
        ['/', '/api/library/version'],
        ['/search?q=kvm', '/api/library/version'],
      ] as const) {
        const { main, html } = page(await request(shared.app).get(path), 200);
        expect(attr(main, 'data-version-url')).toBe(url);
        expect(attr(main, 'data-version')).toBe(await version(shared, url));
        expect(html).toContain('<script src="/static/live.js" defer></script>');
      }
    });

    it('moves when a note or a speaker changes, and a change already applied (the server seeing its own write again) moves nothing', async () => {
      const app = await fresh();
      const talk = `/api/videos/${SAMPLE}/version`;
      const first = await version(app, talk);
      const library = await version(app, '/api/library/version');
      json(await request(app.app).post(`/api/videos/${SAMPLE}/notes`).send({ start: 10, text: 'a note' }), 201);
      const afterNote = await version(app, talk);
      expect(afterNote).not.toBe(first);
      expect(await version(app, '/api/library/version')).not.toBe(library);
      json(await request(app.app).post(`/api/videos/${SAMPLE}/speakers`).send({ start: '0:00', end: '0:30', name: 'Ann' }), 201);
      const afterSpeaker = await version(app, talk);
      expect(afterSpeaker).not.toBe(afterNote);
      // What the change feed would say next: the same turns, the same file.
      await app.catalog.refreshSpeakers(SAMPLE);
      await app.catalog.refreshNotes(SAMPLE);
      expect(await app.catalog.reloadTranscript(SAMPLE)).toBe('unchanged');
      expect(await version(app, talk)).toBe(afterSpeaker);
      apiError(await request(app.app).get('/api/videos/ZZZZZZZZZZZ/version'), 404, 'NOT_FOUND');
    });
  });

  describe('talks not on YouTube', () => {
    it('an upload without a video gets a local id, its language and URL; its page has no player and links to the moment', async () => {
      const app = await fresh();
      const browser = await formAgent(app.app);
      const res = await browser
        .upload('/videos/upload')
        .field('url', 'https://media.example.org/storage.webm')
        .field('language', 'pt-BR')
        .attach('file', Buffer.from(STORAGE_VTT), 'storage talk.vtt');
      const location = seeOther(res);
      const id = /^\/videos\/(local-[0-9a-f]{16})$/.exec(location)?.[1] as string;
      expect(id).toBeDefined();
      const summary = json(await request(app.app).get(`/api/videos/${id}`), 200);
      expect(summary).toMatchObject({ videoId: id, title: 'storage talk', language: 'pt-BR', url: 'https://media.example.org/storage.webm', source: 'file' });

      const { main, html } = page(await request(app.app).get(location), 200);
      expect(html).not.toContain('youtube-nocookie.com/embed');
      expect(html).not.toContain('Watch on YouTube');
      const stamps = byClass(main, 'ts').map((a) => attr(a, 'href'));
      expect(stamps).toContain('https://media.example.org/storage.webm#t=90');
      expect(find(main, (el) => el.name === 'a' && el.attribs.href === 'https://media.example.org/storage.webm').length).toBe(1);

      const found = await search(app, 'snapshots');
      expect(found.results.map((r) => [r.videoId, r.url])).toEqual([[id, 'https://media.example.org/storage.webm#t=90']]);
      const note = json(await request(app.app).post(`/api/videos/${id}/notes`).send({ start: '1:31', text: 'ask about snapshot trees' }), 201);
      expect(note.videoId).toBe(id);
      const md = await request(app.app).get(`/api/videos/${id}/notes/export?format=md`);
      expect(md.text).toContain('[1:31](https://media.example.org/storage.webm#t=91) ask about snapshot trees');
    });

    it('the same file uploaded again is the same talk; without a URL its timestamps open its own page', async () => {
      const app = await fresh();
      const upload = async (): Promise<string> =>
        json(await request(app.app).post('/api/videos').attach('file', Buffer.from(STORAGE_VTT), 'talk.vtt'), 201).videoId as string;
      const id = await upload();
      expect(await upload()).toBe(id);
      expect(id).toMatch(/^local-[0-9a-f]{16}$/);
      expect(json(await request(app.app).get('/api/videos'), 200).videos).toHaveLength(2);
      expect((await search(app, 'snapshots')).results[0]?.url).toBe(`/videos/${id}?t=90`);
      const { main } = page(await request(app.app).get(`/videos/${id}`), 200);
      expect(byClass(main, 'ts').map((a) => attr(a, 'href'))).toContain(`/videos/${id}?t=90`);
    });

    it.each([
      ['local-xyz', 400, 'INVALID_VIDEO_ID'],
      ['local-0123456789abcdef', 404, 'NOT_FOUND'],
    ])('a path with %s: %i', async (id, status, code) => {
      apiError(await request(shared.app).get(`/api/videos/${id}`), status, code);
    });

    it('a language that is not a code is refused, and nothing is imported', async () => {
      const app = await fresh();
      apiError(
        await request(app.app).post('/api/videos').field('language', 'english please').attach('file', Buffer.from(STORAGE_VTT), 'talk.vtt'),
        400,
        'USAGE',
        'not a language code: "english please" (use a BCP 47 code like en, de or pt-BR)',
      );
      expect(app.catalog.list()).toHaveLength(1);
    });
  });
});
