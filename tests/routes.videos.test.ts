import type { Express } from 'express';
import request from 'supertest';
import type { FetchLike } from '../server/youtube/types.js';
import { fakeYouTube, ok, status, watchPageFor, workingYouTubeFor, youtubeFixture, type Endpoint, type Route } from './support/fakeYouTube.js';
import { formAgent, type FormAgent } from './support/formAgent.js';
import { apiError, json, type Body } from './support/api.js';
import {
  attr,
  byClass,
  byId,
  classes,
  errorMessage,
  errorPage,
  find,
  labelOf,
  link,
  one,
  page,
  seeOther,
  tag,
  text,
  type El,
  type Page,
} from './support/html.js';
import { APP_ENGINES, deadNetwork, freshApps, type TestApp } from './support/testApp.js';
import { STORAGE_VTT as TWO_CUES, transcript } from './support/routes.js';

/**
 * The videos area (server/routes/videos.ts), pages and API, driven with supertest: the library,
 * a video and its transcript page, adding one (a fetch from YouTube as a job, or a caption file)
 * and the jobs. No port is opened; YouTube is a dead network unless a test passes a fake one.
 */

const SAMPLE = 'S6Sjj6OtyvY';
const OTHER = 'dQw4w9WgXcQ';
const TOPICS = ['security', 'hardware', 'process', 'general'];
const SUMMARY_FIELDS = ['videoId', 'title', 'url', 'source', 'sample', 'language', 'captionKind', 'duration', 'segments', 'passages', 'fetchedAt'];
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const STORAGE_VTT = [
  'WEBVTT',
  '',
  '00:00:01.000 --> 00:00:04.000',
  'Welcome to the storage session.',
  '',
  '00:01:30.000 --> 00:01:34.500',
  'A question from the back about snapshots & caches.',
  '',
].join('\n');
const LABELS: Record<string, string> = { security: 'Security', hardware: 'Hardware features', process: 'Development process', general: 'General' };
const watch = (id: string, seconds: number): string => `https://www.youtube.com/watch?v=${id}&t=${Math.floor(seconds)}s`;
const clock = (seconds: number): string => `${Math.floor(seconds / 60)}:${String(Math.floor(seconds) % 60).padStart(2, '0')}`;

interface Job {
  id: string;
  videoId: string;
  state: string;
  step: string;
  startedAt: string;
  finishedAt?: string;
  error?: { code: string; message: string; hint?: string; status: number };
}

/** Polls a job through the API until it is done or failed, as a client would. */
async function finished(app: Express, location: string): Promise<Job> {
  for (let i = 0; i < 500; i++) {
    const job = json(await request(app).get(location), 200) as unknown as Job;
    if (job.state === 'done' || job.state === 'failed') return job;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`job ${location} did not finish`);
}

/** The recorded YouTube responses, re-addressed to OTHER. */
const fixtureFor = (name: string): string => youtubeFixture(name).replaceAll(SAMPLE, OTHER);

describe.each(APP_ENGINES)('on %s', (engine) => {
  const { fresh, gated } = freshApps({ engine });

  let shared: TestApp;
  beforeAll(async () => {
    shared = await fresh();
  });

  describe('GET /api/videos', () => {
    it('lists the library: the sample, summarised', async () => {
      const body = json(await request(shared.app).get('/api/videos'), 200);
      const { record, passages, duration } = shared.catalog.get(SAMPLE);
      expect(body).toEqual({
        videos: [
          {
            videoId: SAMPLE,
            title: record.title,
            url: `https://www.youtube.com/watch?v=${SAMPLE}`,
            source: 'sample',
            sample: true,
            notice: record.notice,
            language: 'en',
            captionKind: record.captionKind,
            duration,
            segments: record.segments.length,
            passages: passages.length,
            fetchedAt: record.fetchedAt,
          },
        ],
      });
      const [video] = body.videos as Body[];
      expect(video?.title).toContain('Virtualization Developer Panel');
      expect(video?.notice).toMatch(/^Synthetic sample/);
      expect(video?.duration).toBeGreaterThan(3000);
      expect(video?.fetchedAt).toMatch(ISO);
    });
  });

  describe('GET /api/videos/:id', () => {
    let video: Body;
    beforeAll(async () => {
      video = json(await request(shared.app).get(`/api/videos/${SAMPLE}`), 200);
    });

    it('has the summary fields and the metadata', () => {
      const { record } = shared.catalog.get(SAMPLE);
      expect(Object.keys(video).sort()).toEqual([...SUMMARY_FIELDS, 'notice', 'metadata', 'chapters'].sort());
      expect(video).toMatchObject({ videoId: SAMPLE, title: record.title, source: 'sample', sample: true, url: `https://www.youtube.com/watch?v=${SAMPLE}` });
      expect(video.metadata).toEqual(record.metadata);
      expect(video.metadata).toMatchObject({ published: '2016-09-01' });
      expect((video.metadata as { panelists: { name: string }[] }).panelists.map((p) => p.name)).toContain('Paolo Bonzini');
    });

    it('has every passage, in order, with its times, text, topic and speaker', () => {
      const passages = video.passages as { index: number; start: number; end: number; text: string; topic: string; speaker: string | null }[];
      const view = shared.catalog.get(SAMPLE);
      expect(passages).toHaveLength(view.passages.length);
      passages.forEach((p, i) => {
        expect(Object.keys(p)).toEqual(['index', 'start', 'end', 'text', 'topic', 'speaker']);
        expect(p.index).toBe(i);
        expect(p.start).toBeLessThan(p.end);
        if (i > 0) expect(p.start).toBeGreaterThanOrEqual((passages[i - 1] as { end: number }).end);
        expect(TOPICS).toContain(p.topic);
        expect(p.topic).toBe(view.topics[i]);
        expect(p.text.length).toBeGreaterThan(0);
        expect(p.speaker === null || typeof p.speaker === 'string').toBe(true);
      });
      const at2340 = passages.find((p) => p.start <= 1420 && 1420 < p.end);
      expect(at2340?.text).toContain('posted interrupts');
      expect(at2340?.topic).toBe('hardware');
    });

    it('has chapters by topic, in order, covering the talk, each with its own title', () => {
      const chapters = video.chapters as { topic: string; start: number; end: number; title: string }[];
      expect(chapters.length).toBeGreaterThan(1);
      expect(chapters[0]?.start).toBe(0);
      expect(new Set(chapters.map((c) => c.title)).size).toBe(chapters.length);
      chapters.forEach((c, i) => {
        expect(Object.keys(c).sort()).toEqual(['confidence', 'end', 'start', 'title', 'topic']);
        expect(c.title.length).toBeGreaterThan(0);
        expect(TOPICS).toContain(c.topic);
        expect(c.start).toBeLessThan(c.end);
        if (i > 0) expect(c.start).toBeCloseTo((chapters[i - 1] as { end: number }).end, 0);
        if (i > 0) expect(c.topic).not.toBe(chapters[i - 1]?.topic);
      });
      expect(chapters[chapters.length - 1]?.end).toBeCloseTo(video.duration as number, 0);
    });
  });

  describe('POST /api/videos', () => {
    it('with JSON {url} starts a fetch: 202, Location /api/jobs/<id>, and the job can be polled until done', async () => {
      const yt = workingYouTubeFor(OTHER);
      const { app } = await fresh({ fetch: yt.fetch });
      const res = await request(app)
        .post('/api/videos')
        .send({ url: `  https://youtu.be/${OTHER}?t=5  ` });
      const job = json(res, 202) as unknown as Job;
      expect(res.headers.location).toBe(`/api/jobs/${job.id}`);
      expect(job.id).toMatch(UUID);
      expect(job).toMatchObject({ videoId: OTHER, state: 'fetching', step: 'asking YouTube for the captions' });
      expect(job.startedAt).toMatch(ISO);
      expect(job.error).toBeUndefined();

      const done = await finished(app, String(res.headers.location));
      expect(done).toMatchObject({ id: job.id, videoId: OTHER, state: 'done', step: 'ready', startedAt: job.startedAt });
      expect(done.finishedAt).toMatch(ISO);
      expect(Date.parse(String(done.finishedAt))).toBeGreaterThanOrEqual(Date.parse(job.startedAt));
      expect(done.error).toBeUndefined();
      expect(yt.count('player')).toBe(1);

      const video = json(await request(app).get(`/api/videos/${OTHER}`), 200);
      expect(video).toMatchObject({
        videoId: OTHER,
        title: 'Panel: The Future of Captions',
        source: 'youtube',
        sample: false,
        language: 'en',
        captionKind: 'manual',
      });
      expect(video.notice).toBeUndefined();
      const found = json(await request(app).get('/api/search').query({ q: 'captions', video: OTHER }), 200);
      expect((found.results as Body[])[0]).toMatchObject({ videoId: OTHER, url: `https://www.youtube.com/watch?v=${OTHER}&t=0s` });
    });

    it('asking for a video already being fetched returns the job under way (one fetch)', async () => {
      const yt = workingYouTubeFor(OTHER);
      const held = gated(yt.fetch);
      const { app, jobs } = await fresh({ fetch: held.fetch });
      const first = await request(app).post('/api/videos').send({ url: OTHER });
      const second = await request(app)
        .post('/api/videos')
        .send({ url: `https://www.youtube.com/watch?v=${OTHER}` });
      expect(second.headers.location).toBe(first.headers.location);
      expect(json(second, 202)).toEqual(json(first, 202));
      held.open();
      await jobs.idle();
      expect(yt.count('player')).toBe(1);
      expect((await finished(app, String(first.headers.location))).state).toBe('done');
    });

    it('with a multipart caption file imports it: 201, Location /api/videos/<id>, the summary', async () => {
      const { app } = await fresh();
      const res = await request(app)
        .post('/api/videos')
        .field('video', `https://youtu.be/${OTHER}`)
        .field('title', 'A storage session')
        .attach('file', Buffer.from(TWO_CUES), 'storage.vtt');
      const summary = json(res, 201);
      expect(res.headers.location).toBe(`/api/videos/${OTHER}`);
      expect(Object.keys(summary).sort()).toEqual([...SUMMARY_FIELDS, 'provenance'].sort());
      expect(summary).toMatchObject({ videoId: OTHER, title: 'A storage session', source: 'file', sample: false, segments: 2 });
      expect(summary.duration).toBeCloseTo(94.5, 3);
      expect(summary.fetchedAt).toMatch(ISO);

      const video = json(await request(app).get(String(res.headers.location)), 200);
      expect(video.passages).toHaveLength(summary.passages as number);
      expect((video.passages as { text: string }[]).map((p) => p.text).join(' ')).toBe(
        'Welcome to the storage session. A question from the back about snapshots.',
      );
      const list = json(await request(app).get('/api/videos'), 200);
      expect((list.videos as Body[]).map((v) => v.title)).toEqual(['[2016] Virtualization Developer Panel', 'A storage session']);
      const found = json(await request(app).get('/api/search').query({ q: 'snapshots' }), 200);
      expect((found.results as Body[]).map((r) => r.videoId)).toContain(OTHER);
    });
  });

  describe('a failed fetch: the job carries the error and the upstream status', () => {
    const watchFor = (name: string): Route => ok(watchPageFor(fixtureFor(name)), 'text/html');

    it.each<[string, string, number, FetchLike | Partial<Record<Endpoint, Route>>, RegExp]>([
      ['a dead network', 'NETWORK_DOWN', 503, deadNetwork, /^cannot reach YouTube \(ENOTFOUND\)/],
      ['rate limited (HTTP 429)', 'RATE_LIMITED', 429, { player: status(429), watch: status(429, youtubeFixture('watch-captcha.html')) }, /too many requests/],
      ['a bot check', 'RATE_LIMITED', 429, { player: ok(fixtureFor('player-bot-check.json')), watch: watchFor('player-bot-check.json') }, /not a bot/],
      [
        'an unavailable video',
        'VIDEO_UNAVAILABLE',
        404,
        { player: ok(fixtureFor('player-unavailable.json')), watch: watchFor('player-unavailable.json') },
        new RegExp(OTHER),
      ],
      [
        'no captions',
        'CAPTIONS_DISABLED',
        404,
        { player: ok(fixtureFor('player-no-captions.json')), watch: watchFor('player-no-captions.json') },
        new RegExp(OTHER),
      ],
      ['YouTube failing (HTTP 503)', 'UPSTREAM_FAILED', 502, { player: status(503), watch: status(503) }, /server error \(HTTP 503\)/],
      [
        'an empty transcript',
        'TRANSCRIPT_EMPTY',
        502,
        { player: ok(fixtureFor('player-ok.json')), timedtext: ok(youtubeFixture('timedtext-empty.xml'), 'text/xml') },
        /empty transcript/,
      ],
    ])('%s: the job fails with %s and status %i', async (_name, code, upstream, youtube, message) => {
      const fetch = typeof youtube === 'function' ? youtube : fakeYouTube(youtube).fetch;
      const { app, catalog } = await fresh({ fetch });
      const res = await request(app).post('/api/videos').send({ url: OTHER });
      expect(res.status).toBe(202);
      const job = await finished(app, String(res.headers.location));
      expect(job).toMatchObject({ videoId: OTHER, state: 'failed', step: 'failed' });
      expect(job.finishedAt).toMatch(ISO);
      expect(job.error).toMatchObject({ code, status: upstream, message: expect.stringMatching(message) });
      expect(Object.keys(job.error ?? {}).filter((k) => !['code', 'message', 'hint', 'status'].includes(k))).toEqual([]);
      expect(catalog.has(OTHER)).toBe(false);
      apiError(await request(app).get(`/api/videos/${OTHER}`), 404, 'NOT_FOUND', `no video ${OTHER} in the library`);
    });
  });

  describe('GET / (the library)', () => {
    it('lists the sample talk with its title, a "sample" badge and a link to its transcript', async () => {
      const { main } = page(await request(shared.app).get('/'), 200);
      const { record, duration } = shared.catalog.get(SAMPLE);
      expect(record.title).toContain('Virtualization Developer Panel');

      const card = one(main, (el) => classes(el).includes('video-card'), 'video card');
      expect(text(link(card, `/videos/${SAMPLE}`))).toBe(record.title);
      const badge = one(card, (el) => classes(el).includes('badge') && classes(el).includes('sample'), 'sample badge');
      expect(text(badge)).toBe('sample');
      expect(attr(badge, 'title')).toMatch(/^Synthetic sample/);
      expect(text(card)).toContain(`source: sample`);
      expect(text(card)).toContain(clock(duration));
    });

    it('draws a chapter bar whose parts link to the transcript at each chapter', async () => {
      const { main } = page(await request(shared.app).get('/'), 200);
      const { record, chapters } = shared.catalog.get(SAMPLE);
      const bar = one(main, (el) => classes(el).includes('chapter-bar'), 'chapter bar');
      expect(attr(bar, 'aria-label')).toBe(`Chapters of ${record.title}`);
      const parts = tag(bar, 'a');
      expect(chapters.length).toBeGreaterThan(1);
      expect(parts.map((a) => attr(a, 'href'))).toEqual(chapters.map((c) => `/videos/${SAMPLE}?t=${Math.floor(c.start)}`));
      expect(attr(parts[0] as El, 'href')).toBe(`/videos/${SAMPLE}?t=0`);
      chapters.forEach((c, i) => {
        expect(attr(parts[i] as El, 'aria-label')).toBe(`${c.title}, ${clock(c.start)} to ${clock(c.end)}`);
      });
    });

    it('has a labelled search box that searches with GET /search?q=', async () => {
      const { doc } = page(await request(shared.app).get('/'), 200);
      const form = one(doc, (el) => el.name === 'form' && el.attribs.role === 'search' && el.attribs.action === '/search', 'site search form');
      expect(attr(form, 'method')).toBe('get');
      const input = one(form, (el) => el.name === 'input' && el.attribs.name === 'q', 'q input');
      expect(attr(input, 'type')).toBe('search');
      expect(labelOf(doc, input)).toBe('Search what was said');
      expect(text(one(form, (el) => el.name === 'button', 'button'))).toBe('Search');
    });

    it('serves the scripts and styles the pages refer to', async () => {
      const { doc } = page(await request(shared.app).get(`/videos/${SAMPLE}`), 200);
      const assets = [...tag(doc, 'script').map((s) => attr(s, 'src')), ...tag(doc, 'link').map((l) => attr(l, 'href'))];
      expect(assets).toEqual(expect.arrayContaining(['/static/app.js', '/static/player.js', '/static/style.css']));
      for (const asset of assets) {
        const res = await request(shared.app).get(String(asset));
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toMatch(asset?.endsWith('.css') ? /^text\/css/ : /^(text|application)\/javascript/);
      }
    });
  });

  describe('GET /videos/:id (a transcript)', () => {
    let talk: Page;
    beforeAll(async () => {
      talk = page(await request(shared.app).get(`/videos/${SAMPLE}`), 200);
    });

    it('shows the title, the sample notice and the embedded player', () => {
      const { record } = shared.catalog.get(SAMPLE);
      expect(text(tag(talk.main, 'h1')[0] as El)).toBe(record.title);
      const notice = one(talk.main, (el) => classes(el).includes('sample-notice'), 'sample notice');
      expect(attr(notice, 'role')).toBe('note');
      expect(text(notice)).toBe(`Sample. ${record.notice}`);
      expect(text(notice)).toContain('not what was said at the panel');

      const iframe = byId(talk.doc, 'yt-player');
      expect(iframe.name).toBe('iframe');
      expect(attr(iframe, 'src')).toBe(`https://www.youtube-nocookie.com/embed/${SAMPLE}?enablejsapi=1`);
      expect(attr(iframe, 'title')).toBe(`YouTube player: ${record.title}`);
      const fallback = byId(talk.doc, 'player-fallback');
      expect(text(fallback)).toContain('The video player could not load (no network, or YouTube is blocked). Every timestamp opens the video on youtube.com');
      expect(attr(link(fallback, `https://www.youtube.com/watch?v=${SAMPLE}&t=0s`), 'class')).toBe('watch-link');
      expect(link(talk.main, `https://www.youtube.com/watch?v=${SAMPLE}`)).toBeDefined();
    });

    it('lists the chapters with their topics and titles, each linked to youtube.com at its start', () => {
      const { chapters } = shared.catalog.get(SAMPLE);
      expect(new Set(chapters.map((c) => c.title)).size).toBe(chapters.length);
      const items = tag(
        one(talk.main, (el) => classes(el).includes('chapters'), 'chapter list'),
        'li',
      );
      expect(items).toHaveLength(chapters.length);
      chapters.forEach((chapter, i) => {
        const item = items[i] as El;
        const ts = one(item, (el) => classes(el).includes('ts'), 'ts');
        expect(attr(ts, 'href')).toBe(watch(SAMPLE, chapter.start));
        expect(attr(ts, 'data-seek')).toBe(String(Math.floor(chapter.start)));
        // The badge says the topic; the title's own words follow it, its label not repeated.
        const label = LABELS[chapter.topic] as string;
        const subject = chapter.title.startsWith(`${label}: `) ? chapter.title.slice(label.length + 2) : chapter.title === label ? '' : chapter.title;
        expect(text(item)).toBe(`${clock(chapter.start)} ${label}${subject ? ` ${subject}` : ''} until ${clock(chapter.end)}`);
      });
    });

    it('shows every passage with an id p-N and a timestamp that is a real link to youtube.com at that second', () => {
      const { passages, topics } = shared.catalog.get(SAMPLE);
      const items = byClass(talk.main, 'passage');
      expect(items).toHaveLength(passages.length);
      passages.forEach((passage, i) => {
        const item = items[i] as El;
        expect(attr(item, 'id')).toBe(`p-${passage.index}`);
        expect(classes(item)).toContain(`topic-${topics[i]}`);
        const ts = one(item, (el) => el.name === 'a' && classes(el).includes('ts'), 'ts');
        expect(attr(ts, 'href')).toBe(watch(SAMPLE, passage.start));
        expect(attr(ts, 'data-seek')).toBe(String(Math.floor(passage.start)));
        expect(text(ts)).toBe(clock(passage.start));
        expect(text(tag(item, 'p')[0] as El)).toBe(passage.text.replace(/\s+/g, ' ').trim());
      });
      expect(byClass(talk.main, 'current')).toEqual([]);
      expect(byClass(talk.main, 'hit')).toEqual([]);
    });

    it('has a labelled "Find in this talk" form', () => {
      const form = one(talk.main, (el) => el.name === 'form' && el.attribs.action === `/videos/${SAMPLE}`, 'find form');
      expect(attr(form, 'method')).toBe('get');
      expect(labelOf(talk.doc, byId(form, 'find-q'))).toBe('Find in this talk');
    });

    it('?t=1420 marks the passage being said at 23:40 as current, and starts the player just before', async () => {
      const { main, doc } = page(await request(shared.app).get(`/videos/${SAMPLE}?t=1420`), 200);
      const current = byClass(main, 'passage', 'current');
      expect(current).toHaveLength(1);
      const item = current[0] as El;
      expect(attr(item, 'aria-current')).toBe('true');
      expect(Number(attr(item, 'data-start'))).toBeLessThanOrEqual(1420);
      expect(Number(attr(item, 'data-end'))).toBeGreaterThan(1420);
      expect(text(item)).toContain('posted interrupts');
      const marked = find(main, (el) => el.attribs['aria-current'] === 'true');
      expect(marked).toHaveLength(1);
      expect(marked[0]).toBe(item);
      expect(attr(byId(doc, 'yt-player'), 'src')).toBe(`https://www.youtube-nocookie.com/embed/${SAMPLE}?enablejsapi=1&start=1417`);
      expect(
        attr(
          one(main, (el) => el.name === 'article', 'article'),
          'data-start',
        ),
      ).toBe('1420');
    });

    it('?t=2:03 is read as 123 seconds', async () => {
      const { main } = page(await request(shared.app).get(`/videos/${SAMPLE}?t=2:03`), 200);
      const item = byClass(main, 'passage', 'current')[0] as El;
      expect(Number(attr(item, 'data-start'))).toBeLessThanOrEqual(123);
      expect(Number(attr(item, 'data-end'))).toBeGreaterThan(123);
      expect(
        attr(
          one(main, (el) => el.name === 'article', 'article'),
          'data-start',
        ),
      ).toBe('123');
    });

    it('?t=soon answers 400 saying how to write a time', async () => {
      const { message } = errorPage(await request(shared.app).get(`/videos/${SAMPLE}?t=soon`), 400);
      expect(message).toMatch(/^not a time: "soon" \(use seconds like 90, or m:ss like 1:30/);
    });

    it('?q=posted+interrupts marks the matching passages and numbers them #hit-1, #hit-2, …', async () => {
      const { main, doc } = page(await request(shared.app).get(`/videos/${SAMPLE}?q=posted+interrupts`), 200);
      const expected = shared.catalog.search('posted interrupts', { video: SAMPLE, limit: 1000 }).total;
      const hits = byClass(main, 'passage', 'hit');
      expect(expected).toBeGreaterThan(1);
      expect(hits).toHaveLength(expected);
      hits.forEach((hit, i) => {
        expect(attr(byId(hit, `hit-${i + 1}`), 'class')).toBe('hit-anchor');
        const marks = tag(hit, 'mark').map((m) => text(m).toLowerCase());
        expect(marks.length).toBeGreaterThan(0);
        for (const m of marks) expect(m).toMatch(/^(posted|interrupts?)$/);
        const next = byClass(hit, 'next-hit');
        expect(next.map((a) => attr(a, 'href'))).toEqual(i + 1 < hits.length ? [`#hit-${i + 2}`] : []);
      });
      // In document order: #hit-1 comes first in the transcript.
      const starts = hits.map((h) => Number(attr(h, 'data-start')));
      expect(starts).toEqual([...starts].sort((a, b) => a - b));
      const nav = one(main, (el) => el.attribs['aria-label'] === 'Matches', 'match navigation');
      expect(text(one(nav, (el) => el.attribs.role === 'status', 'status'))).toBe(`${expected} passages match “posted interrupts”`);
      expect(attr(byId(doc, 'find-q'), 'value')).toBe('posted interrupts');
    });

    it('?q= that matches nothing says so and marks nothing', async () => {
      const { main } = page(await request(shared.app).get(`/videos/${SAMPLE}?q=xylophone`), 200);
      expect(byClass(main, 'hit')).toEqual([]);
      expect(text(one(main, (el) => el.attribs['aria-label'] === 'Matches', 'match navigation'))).toBe('0 passages match “xylophone”');
    });

    it('"Find in this talk" with a video: filter for another video finds only this talk\u2019s words', async () => {
      // The page's own video wins over a video: typed in the query, and only this video's
      // passages are marked.
      const app = await fresh();
      const browser = await formAgent(app.app);
      expect((await browser.upload('/videos/upload').field('video', OTHER).attach('file', Buffer.from(STORAGE_VTT), 'talk.vtt')).status).toBe(303);
      const { main } = page(
        await request(app.app)
          .get(`/videos/${SAMPLE}`)
          .query({ q: `storage video:${OTHER}` }),
        200,
      );
      const own = app.catalog.get(SAMPLE).passages[0]?.text ?? '';
      expect(text(tag(byId(main, 'p-0'), 'p')[0] as El)).toBe(own.replace(/\s+/g, ' ').trim());
      const marked = byClass(main, 'hit');
      const ownWithWord = app.catalog
        .get(SAMPLE)
        .passages.filter((p) => /\bstorage\b/i.test(p.text))
        .map((p) => `p-${p.index}`);
      expect(marked.map((el) => attr(el, 'id'))).toEqual(ownWithWord);
    });
  });

  describe('pages that do not exist', () => {
    it('GET /videos/ZZZZZZZZZZZ (not in the library) is a 404 page', async () => {
      const { heading, message } = errorPage(await request(shared.app).get('/videos/ZZZZZZZZZZZ'), 404);
      expect(heading).toBe('Not found');
      expect(message).toBe('no video ZZZZZZZZZZZ in the library');
    });

    it.each([
      '/videos/..%2F..%2Fetc',
      '/videos/..%2F..%2Fetc%2Fpasswd',
      '/videos/%2e%2e',
      '/videos/../../etc/passwd',
      `/videos/${SAMPLE}%00`,
      '/videos/S6Sjj6OtyvY.json',
    ])('GET %s is refused (400 or 404), never served', async (path) => {
      const res = await request(shared.app).get(path);
      expect([400, 404]).toContain(res.status);
      const { message } = errorPage(res, res.status);
      expect(message).toMatch(/^(not a video id|nothing at|no video)/);
      expect(res.text).not.toMatch(/root:|"segments"/);
    });

    it('GET /nope is a 404 page that leads back to the library', async () => {
      const { heading, message } = errorPage(await request(shared.app).get('/nope'), 404);
      expect(heading).toBe('Not found');
      expect(message).toBe('nothing at /nope');
    });

    it('GET /jobs/<unknown> is a 404 page', async () => {
      const { heading, message } = errorPage(await request(shared.app).get('/jobs/00000000-0000-0000-0000-000000000000'), 404);
      expect(heading).toBe('Not found');
      expect(message).toMatch(/^no such fetch/);
    });
  });

  describe('GET /videos/new', () => {
    it('offers both ways to add a video, every field labelled', async () => {
      const { main, doc } = page(await request(shared.app).get('/videos/new'), 200);
      expect(text(tag(main, 'h1')[0] as El)).toBe('Add a video');

      const fetchForm = one(main, (el) => el.name === 'form' && el.attribs.action === '/videos', 'fetch form');
      expect(attr(fetchForm, 'method')).toBe('post');
      const url = byId(fetchForm, 'url');
      expect(attr(url, 'name')).toBe('url');
      expect(labelOf(doc, url)).toBe('YouTube URL or video id');
      expect(text(one(fetchForm, (el) => el.name === 'button', 'button'))).toBe('Fetch captions');

      const uploadForm = one(main, (el) => el.name === 'form' && el.attribs.action === '/videos/upload', 'upload form');
      expect(attr(uploadForm, 'method')).toBe('post');
      expect(attr(uploadForm, 'enctype')).toBe('multipart/form-data');
      const file = byId(uploadForm, 'file');
      expect(attr(file, 'type')).toBe('file');
      expect(attr(file, 'name')).toBe('file');
      expect(attr(file, 'accept')).toContain('.vtt');
      expect(labelOf(doc, file)).toBe('Caption file');
      expect(labelOf(doc, byId(uploadForm, 'video'))).toBe('YouTube URL or id of the video (leave empty for a talk not on YouTube)');
      expect(labelOf(doc, byId(uploadForm, 'title'))).toBe('Title (optional)');
      expect(text(one(uploadForm, (el) => el.name === 'button', 'button'))).toBe('Import');
      // The job page's "import a caption file" link lands on this section.
      expect(attr(byId(main, 'upload'), 'aria-labelledby')).toBe('upload-h');
    });
  });

  describe('POST /videos (fetch from YouTube)', () => {
    it('refuses something that is not a video with 400, re-rendering the form with the message and the input', async () => {
      const res = await (await formAgent(shared.app)).post('/videos', { url: 'not-a-video' });
      const { main } = page(res, 400);
      expect(text(one(main, (el) => el.attribs.role === 'alert', 'alert'))).toMatch(
        /^not a YouTube video: "not-a-video" \(give a YouTube URL or an 11-character id/,
      );
      expect(attr(byId(main, 'url'), 'value')).toBe('not-a-video');
      expect(one(main, (el) => el.name === 'form' && el.attribs.action === '/videos/upload', 'upload form')).toBeDefined();
    });

    it('refuses an empty form with 400', async () => {
      const { main } = page(await (await formAgent(shared.app)).post('/videos', {}), 400);
      expect(text(one(main, (el) => el.attribs.role === 'alert', 'alert'))).toMatch(/^not a YouTube video: ""/);
    });

    it('starts a fetch and redirects (303) to its job page; with no network the job page says why and offers the caption-file import', async () => {
      const { app, jobs, catalog } = await fresh();
      const res = await (await formAgent(app)).post('/videos', { url: `https://www.youtube.com/watch?v=${OTHER}&t=42` });
      expect(res.status).toBe(303);
      expect(res.headers.location).toMatch(/^\/jobs\/[0-9a-f-]{36}$/);
      await jobs.idle();

      const { main, doc } = page(await request(app).get(String(res.headers.location)), 200);
      // A failed fetch is not still "Adding": its heading and title say it did not work.
      expect(text(tag(main, 'h1')[0] as El)).toBe(`Could not add ${OTHER}`);
      expect(text(tag(doc, 'title')[0] as El)).toBe(`Could not add ${OTHER} · panelnotes`);
      expect(attr(byClass(main, 'job')[0] as El, 'data-state')).toBe('failed');
      const alert = one(main, (el) => el.attribs.role === 'alert', 'alert');
      expect(text(alert)).toContain('cannot reach YouTube');
      expect(text(link(main, `/videos/new?video=${OTHER}#upload`))).toBe('import a caption file');
      expect(text(link(main, '/videos/new'))).toBe('try again');
      expect(find(doc, (el) => el.name === 'meta' && el.attribs['http-equiv'] === 'refresh')).toEqual([]);
      expect(catalog.has(OTHER)).toBe(false);
    });

    it('shows a running job with a refreshing progress page; asking again for the same video joins it (one fetch); when done the video is in the library and in search', async () => {
      const yt = workingYouTubeFor(OTHER);
      const held = gated(yt.fetch);
      const { app, jobs, catalog } = await fresh({ fetch: held.fetch });

      const browser = await formAgent(app);
      const first = await browser.post('/videos', { url: `https://youtu.be/${OTHER}` });
      const second = await browser.post('/videos', { url: OTHER });
      expect(first.status).toBe(303);
      expect(second.status).toBe(303);
      expect(second.headers.location).toBe(first.headers.location);
      const jobPage = String(first.headers.location);

      const running = page(await request(app).get(jobPage), 200);
      const refresh = one(running.doc, (el) => el.name === 'meta' && el.attribs['http-equiv'] === 'refresh', 'meta refresh');
      expect(attr(refresh, 'content')).toBe('1');
      expect(attr(byClass(running.main, 'job')[0] as El, 'data-state')).toBe('fetching');
      expect(text(one(running.main, (el) => el.attribs.role === 'status', 'status'))).toBe('asking YouTube for the captions…');
      expect(tag(running.main, 'progress')).toHaveLength(1);

      held.open();
      await jobs.idle();
      expect(yt.count('player')).toBe(1);
      expect(yt.count('timedtext')).toBe(1);

      const done = page(await request(app).get(jobPage), 200);
      expect(attr(byClass(done.main, 'job')[0] as El, 'data-state')).toBe('done');
      const redirect = one(done.doc, (el) => el.name === 'meta' && el.attribs['http-equiv'] === 'refresh', 'meta refresh');
      expect(attr(redirect, 'content')).toBe(`0; url=/videos/${OTHER}`);
      expect(text(link(done.main, `/videos/${OTHER}`))).toBe('Open the transcript');

      const title = catalog.get(OTHER).record.title;
      expect(title).toBe('Panel: The Future of Captions');
      const library = page(await request(app).get('/'), 200);
      expect(text(link(library.main, `/videos/${OTHER}`))).toBe(title);

      const found = page(await request(app).get(`/search?q=captions&video=${OTHER}`), 200);
      const results = byClass(found.main, 'result');
      expect(results.length).toBeGreaterThan(0);
      expect(attr(results[0] as El, 'data-video')).toBe(OTHER);
      expect(text(byClass(results[0] as El, 'snippet')[0] as El)).toContain('Welcome to the panel on captions');

      const transcript = page(await request(app).get(`/videos/${OTHER}`), 200);
      expect(transcript.text).toContain('Welcome to the panel on captions');
      expect(byClass(transcript.main, 'sample-notice')).toEqual([]);
    });
  });

  describe('POST /videos/upload (import a caption file)', () => {
    it('imports a WebVTT file and redirects (303) to its transcript, which shows the captions', async () => {
      const { app, catalog } = await fresh();
      const res = await (
        await formAgent(app)
      )
        .upload('/videos/upload')
        .field('video', `https://www.youtube.com/watch?v=${OTHER}`)
        .field('title', 'Storage session')
        .attach('file', Buffer.from(STORAGE_VTT), 'storage.vtt');
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`/videos/${OTHER}`);
      expect(catalog.has(OTHER)).toBe(true);

      const { main } = page(await request(app).get(`/videos/${OTHER}`), 200);
      expect(text(tag(main, 'h1')[0] as El)).toBe('Storage session');
      const passages = byClass(main, 'passage');
      expect(passages.length).toBeGreaterThan(0);
      expect(text(main)).toContain('Welcome to the storage session.');
      expect(text(main)).toContain('A question from the back about snapshots & caches.');
      expect(text(main)).toContain('source: file');
      const first = one(passages[0] as El, (el) => classes(el).includes('ts'), 'ts');
      expect(attr(first, 'href')).toBe(watch(OTHER, 1));

      const library = page(await request(app).get('/'), 200);
      expect(text(link(library.main, `/videos/${OTHER}`))).toBe('Storage session');
      const found = page(await request(app).get('/search?q=snapshots'), 200);
      expect(byClass(found.main, 'result').map((r) => attr(r, 'data-video'))).toContain(OTHER);
    });

    it('refuses a file that is not captions with 400 and the message, keeping the video field', async () => {
      const { app, catalog } = await fresh();
      const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
      const res = await (await formAgent(app)).upload('/videos/upload').field('video', OTHER).attach('file', png, 'cat.png');
      const { main } = page(res, 400);
      const alert = one(main, (el) => el.attribs.role === 'alert', 'alert');
      expect(text(alert)).toMatch(/^cat\.png: not a caption file this tool reads/);
      expect(text(alert)).toContain('supported: WebVTT, SRT');
      expect(attr(byId(main, 'video'), 'value')).toBe(OTHER);
      expect(catalog.has(OTHER)).toBe(false);
    });

    it('refuses an upload without a file with 400', async () => {
      const { main } = page(await (await formAgent(shared.app)).upload('/videos/upload').field('video', OTHER), 400);
      expect(text(one(main, (el) => el.attribs.role === 'alert', 'alert'))).toBe('choose a caption file to upload');
    });

    it('refuses an upload for something that is not a video with 400', async () => {
      const { main } = page(
        await (await formAgent(shared.app)).upload('/videos/upload').field('video', 'nope').attach('file', Buffer.from(STORAGE_VTT), 'talk.vtt'),
        400,
      );
      expect(text(one(main, (el) => el.attribs.role === 'alert', 'alert'))).toMatch(/^not a YouTube video: "nope"/);
    });

    it('refuses a file over the size limit with 413, back on the form', async () => {
      const { app, catalog } = await fresh({ maxUploadBytes: 1000 });
      const big = Buffer.from(STORAGE_VTT + 'x'.repeat(2000));
      const { main } = page(await (await formAgent(app)).upload('/videos/upload').field('video', OTHER).attach('file', big, 'big.vtt'), 413);
      expect(text(one(main, (el) => el.attribs.role === 'alert', 'alert'))).toMatch(/^the caption file is larger than/);
      expect(byId(main, 'file')).toBeDefined();
      expect(catalog.has(OTHER)).toBe(false);
    });

    it('the 413 message states the limit it enforces (not "0 MB" for a 1000-byte limit)', async () => {
      const { app } = await fresh({ maxUploadBytes: 1000 });
      const { main } = page(
        await (await formAgent(app)).upload('/videos/upload').field('video', OTHER).attach('file', Buffer.alloc(5000, 'a'), 'big.vtt'),
        413,
      );
      expect(text(one(main, (el) => el.attribs.role === 'alert', 'alert'))).toContain('larger than 1000 bytes');
    });

    it('a urlencoded form body over the 128 kB form limit is refused with 413', async () => {
      // Page forms share one limit, 128 kB, so a note of 10,000 characters in any script fits.
      const { message } = errorPage(await (await formAgent(shared.app)).post('/videos', { url: 'x'.repeat(129 * 1024) }), 413);
      expect(message).toBe('the request body is too large');
    });
  });

  describe('finding in a talk', () => {
    it('marks passages only: a note that matches does not show in place of its passage’s words', async () => {
      const app = await fresh();
      await app.notes.add(SAMPLE, { start: 60, text: 'zeppelin over the stage' });
      const { main } = page(await request(app.app).get(`/videos/${SAMPLE}`).query({ q: 'zeppelin' }), 200);
      expect(text(one(main, (el) => el.attribs['aria-label'] === 'Matches', 'match navigation'))).toBe('0 passages match “zeppelin”');
      expect(byClass(main, 'passage', 'hit')).toEqual([]);
      const passages = byClass(main, 'passage');
      const { passages: words } = app.catalog.get(SAMPLE);
      passages.forEach((p, i) => expect(text(tag(p, 'p')[0] as El)).toBe((words[i]?.text ?? '').replace(/\s+/g, ' ').trim()));
    });
  });

  describe('what a page says and where its forms go come from the app, never from URL text', () => {
    let app: TestApp;
    let browser: FormAgent;
    beforeAll(async () => {
      app = await fresh();
      browser = await formAgent(app.app, `/videos/${SAMPLE}`);
    });
    const undoForms = (p: Page): El[] => find(p.main, (el) => el.name === 'form' && classes(el).includes('undo'));

    it('?deleted= that is not a note id is a 400, so nothing of it reaches the Undo form', async () => {
      const aimed = await app.notes.add(SAMPLE, { start: 4, text: 'aimed at' });
      for (const value of [
        `../notes/${aimed.id}/delete?`,
        `${aimed.id}/../../notes/${aimed.id}/delete`,
        `${aimed.id}?x=1`,
        `${aimed.id}#x`,
        'javascript:alert(1)',
        '..',
        `${aimed.id}/delete`,
        ' ',
        `"><b>x</b>`,
      ]) {
        const res = await browser.agent.get(`/videos/${SAMPLE}`).query({ deleted: value });
        expect([value, errorMessage(res, 400)]).toEqual([value, expect.stringMatching(/^"deleted" (takes a note id, not "|is longer than 64 characters)/)]);
      }
      expect(await app.notes.get(aimed.id)).toEqual(aimed);
    });

    it('?deleted= offers Undo only for a note of this video deleted a moment ago, with the id the app holds', async () => {
      const live = await app.notes.add(SAMPLE, { start: 5, text: 'still here' });
      expect(undoForms(await transcript(browser, `?deleted=${live.id}`))).toEqual([]);
      expect(undoForms(await transcript(browser, '?deleted=0b8e2f8e-1c1e-4f53-9d6a-2f1f0c1d2e3f'))).toEqual([]);
      const gone = await app.notes.add(SAMPLE, { start: 6, text: 'deleted a moment ago' });
      const location = seeOther(await browser.post(`/notes/${gone.id}/delete`));
      const [undo] = undoForms(page(await browser.agent.get(location.split('#')[0] as string), 200));
      expect(undo?.attribs.action).toBe(`/notes/${gone.id}/restore`);
    });

    it('?message= is never shown: no page repeats URL text as the app’s own words', async () => {
      const claim = 'Your notes were exported to evil.example; log in again there';
      const talk = await transcript(browser, `?message=${encodeURIComponent(claim)}`);
      expect(talk.html).not.toContain('evil.example');
      expect(byClass(talk.main, 'notice').filter((el) => el.attribs.role === 'status' && el.attribs.hidden === undefined)).toEqual([]);
    });

    it('?done= takes a fixed code and shows data read back from the store', async () => {
      const turn = await app.notes.addTurn(SAMPLE, { start: 60, end: 90, name: 'Speaker C' });
      const notices = async (query: string): Promise<string[]> =>
        byClass((await transcript(browser, query)).main, 'notice')
          .filter((el) => el.attribs.role === 'status' && el.attribs.hidden === undefined)
          .map(text);
      expect(await notices(`?done=speaker-added&turn=${turn.id}`)).toEqual(['Speaker C speaks from 1:00 to 1:30']);
      // A turn that is not there (or not this video's) says nothing; a code not in the set is a 400.
      expect(await notices('?done=speaker-added&turn=0b8e2f8e-1c1e-4f53-9d6a-2f1f0c1d2e3f')).toEqual([]);
      expect(await notices('?done=speaker-added')).toEqual([]);
      expect(errorMessage(await browser.agent.get(`/videos/${SAMPLE}?done=${encodeURIComponent('Your account is locked')}`), 400)).toMatch(
        /^"done" takes one of speaker-added, not "/,
      );
      expect(errorMessage(await browser.agent.get(`/videos/${SAMPLE}?done=speaker-added&turn=${encodeURIComponent('Speaker D speaks')}`), 400)).toMatch(
        /^"turn" takes a speaker turn's id/,
      );
    });
  });
});
