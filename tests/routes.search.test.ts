import { DomUtils } from 'htmlparser2';
import request from 'supertest';
import { runCli } from '../server/cli/program.js';
import type { Note } from '../server/notes/types.js';
import { apiError, json, type Body } from './support/api.js';
import { attr, byClass, byId, classes, errorPage, find, link, one, page, tag, text, type El, type Page } from './support/html.js';
import { addHugeTalks, HUGE_QUERY, LONG_CUES, ONE_CUE, oneCue } from './support/hugeTalks.js';
import { APP_ENGINES, deadNetwork, freshApps, type TestApp } from './support/testApp.js';
import { transcript } from './support/records.js';
import { search } from './support/routes.js';

/**
 * The search area (server/routes/search.ts): GET /search (the page) and GET /api/search, notes
 * among the results, and answers that stay small whatever the library holds. Driven with
 * supertest; no port is opened.
 */

const SAMPLE = 'S6Sjj6OtyvY';
const TOPICS = ['security', 'hardware', 'process', 'general'];
const RESULT_FIELDS = ['kind', 'videoId', 'title', 'passage', 'start', 'end', 'at', 'topic', 'speaker', 'snippet', 'url', 'sample', 'score'];
const LABELS: Record<string, string> = { security: 'Security', hardware: 'Hardware features', process: 'Development process', general: 'General' };
const watch = (id: string, seconds: number): string => `https://www.youtube.com/watch?v=${id}&t=${Math.floor(seconds)}s`;
const watchSample = (seconds: number): string => `https://www.youtube.com/watch?v=${SAMPLE}&t=${Math.floor(seconds)}s`;
const clock = (seconds: number): string => `${Math.floor(seconds / 60)}:${String(Math.floor(seconds) % 60).padStart(2, '0')}`;
const NOTES = `/api/videos/${SAMPLE}/notes`;

/** The CLI's `search --json` over the same library, in-process, with no network. */
async function cliSearch(app: TestApp, query: string): Promise<unknown> {
  const out: string[] = [];
  await runCli(['search', query, '--json', ...app.cliArgs], {
    out: (t) => out.push(t),
    err: () => undefined,
    env: {},
    fetch: deadNetwork,
  });
  return JSON.parse(out.join('\n')) as unknown;
}

/** A note through the API; its JSON. */
async function addNote(app: TestApp, body: object, headers: Record<string, string> = {}): Promise<Note> {
  return json(await request(app.app).post(NOTES).set(headers).send(body), 201) as unknown as Note;
}

describe.each(APP_ENGINES)('on %s', (engine) => {
  const { fresh } = freshApps({ engine });

  let shared: TestApp;
  beforeAll(async () => {
    shared = await fresh();
  });

  describe('GET /api/search', () => {
    it('answers {query, total, results, topics, speakers} with the fields the CLI’s --json has', async () => {
      const body = json(await request(shared.app).get('/api/search').query({ q: 'posted interrupts' }), 200);
      expect(Object.keys(body).sort()).toEqual(['query', 'results', 'speakers', 'topics', 'total']);
      expect(body.query).toBe('posted interrupts');
      const results = body.results as Body[];
      expect(results.length).toBeGreaterThan(0);
      expect(body.total).toBe(shared.catalog.search('posted interrupts').total);
      for (const r of results) {
        expect(Object.keys(r).sort()).toEqual([...RESULT_FIELDS].sort());
        expect(r).toMatchObject({ kind: 'transcript', videoId: SAMPLE, title: shared.catalog.get(SAMPLE).record.title, speaker: null, sample: true });
        const { start, end, at } = r as { start: number; end: number; at: number };
        // At most ten seconds before its passage: a sentence under way at its start may have begun before it.
        expect(at).toBeGreaterThanOrEqual(start - 10);
        expect(at).toBeLessThan(end);
        expect(r.url).toBe(`https://www.youtube.com/watch?v=${SAMPLE}&t=${Math.floor(at)}s`);
        expect(r.snippet).toMatch(/<mark>(posted|interrupts?)<\/mark>/);
        expect(r.snippet).not.toMatch(/<(?!\/?mark>)/); // only <mark> is markup; the rest is escaped
        expect(Number.isInteger(r.passage)).toBe(true);
        expect(typeof r.score).toBe('number');
        expect(TOPICS).toContain(r.topic);
      }
      // "posted interrupts" is said at 23:40; the sentence that holds it begins after a pause at 23:37.
      expect(results[0]).toMatchObject({ url: `https://www.youtube.com/watch?v=${SAMPLE}&t=1417s`, topic: 'hardware' });
      expect(results.map((r) => r.score)).toEqual([...results.map((r) => r.score as number)].sort((a, b) => b - a));
      const topics = body.topics as Record<string, number>;
      expect(Object.values(topics).reduce((a, b) => a + b, 0)).toBe(body.total);
      expect(topics.hardware).toBeGreaterThan(0);
    });

    it.each(['posted interrupts', '"live migration', 'seccomp interrupts', 'migrtion~1', 'qemu topic:security'])(
      '%s: the same answer as `panelnotes search --json` over the same library',
      async (q) => {
        const api = json(await request(shared.app).get('/api/search').query({ q }), 200);
        expect(api).toEqual(await cliSearch(shared, q));
      },
    );

    it('says when it fell back to plain words, and when it relaxed to some of the words', async () => {
      const fellBack = json(await request(shared.app).get('/api/search').query({ q: '"live migration' }), 200);
      expect(fellBack.fellBack).toEqual({ reason: expect.stringMatching(/^a quote is not closed/), position: 0 });
      expect(fellBack.total).toBeGreaterThan(0);
      const relaxed = json(await request(shared.app).get('/api/search').query({ q: 'seccomp interrupts' }), 200);
      expect(relaxed.relaxed).toBe(true);
      expect(relaxed.total).toBeGreaterThan(0);
      expect(relaxed.fellBack).toBeUndefined();
    });

    it('pages with limit and offset', async () => {
      const all = json(await request(shared.app).get('/api/search').query({ q: 'qemu', limit: 100 }), 200);
      const page = json(await request(shared.app).get('/api/search').query({ q: 'qemu', limit: 3, offset: 3 }), 200);
      expect(all.total).toBeGreaterThan(10);
      expect((all.results as Body[]).length).toBe(Math.min(100, all.total as number));
      expect(page.total).toBe(all.total);
      expect(page.results).toEqual((all.results as Body[]).slice(3, 6));
      const beyond = json(await request(shared.app).get('/api/search').query({ q: 'qemu', offset: 10_000 }), 200);
      expect(beyond).toMatchObject({ total: all.total, results: [] });
      const defaults = json(await request(shared.app).get('/api/search').query({ q: 'qemu' }), 200);
      expect(defaults.results).toHaveLength(10);
    });

    it('filters by topic, video, speaker and time window', async () => {
      const all = json(await request(shared.app).get('/api/search').query({ q: 'qemu' }), 200);
      const security = json(await request(shared.app).get('/api/search').query({ q: 'qemu', topic: 'security', limit: 100 }), 200);
      expect(security.total).toBe((all.topics as Record<string, number>).security);
      for (const r of security.results as Body[]) expect(r.topic).toBe('security');

      const inVideo = json(await request(shared.app).get('/api/search').query({ q: 'qemu', video: SAMPLE }), 200);
      expect(inVideo.total).toBe(all.total);

      const window = json(await request(shared.app).get('/api/search').query({ q: 'qemu', from: '10:00', to: '15:00', limit: 100 }), 200);
      expect(window.total).toBeGreaterThan(0);
      expect(window.total).toBeLessThan(all.total as number);
      for (const r of window.results as { start: number; end: number }[]) {
        expect(r.end).toBeGreaterThan(600);
        expect(r.start).toBeLessThan(900);
      }
      const inSeconds = json(await request(shared.app).get('/api/search').query({ q: 'qemu', from: '600', to: '900s', limit: 100 }), 200);
      expect(inSeconds).toEqual(window);

      const nobody = json(await request(shared.app).get('/api/search').query({ q: 'qemu', speaker: 'nobody' }), 200);
      expect(nobody).toMatchObject({ total: 0, results: [] });
    });
  });

  describe('GET /search', () => {
    it('without a query shows an empty state with example searches that each find something', async () => {
      const { main, text: words } = page(await request(shared.app).get('/search'), 200);
      expect(words).toContain('Type what you remember a panelist saying');
      expect(byClass(main, 'result')).toEqual([]);
      const examples = tag(
        one(main, (el) => classes(el).includes('empty'), 'empty state'),
        'a',
      );
      expect(examples.length).toBeGreaterThanOrEqual(3);
      expect(examples.map((a) => attr(a, 'href'))).toContain('/search?q=posted+interrupts');
      for (const example of examples) {
        const href = String(attr(example, 'href'));
        expect(href).toMatch(/^\/search\?q=/);
        const results = byClass(page(await request(shared.app).get(href), 200).main, 'result');
        expect(results.length).toBeGreaterThan(0);
      }
    });

    describe('?q=posted+interrupts', () => {
      let found: Page;
      beforeAll(async () => {
        found = page(await request(shared.app).get('/search?q=posted+interrupts'), 200);
      });

      it('lists results with the words marked', () => {
        const results = byClass(found.main, 'result');
        expect(results.length).toBeGreaterThan(0);
        const marked = results.map((r) =>
          tag(
            one(r, (el) => classes(el).includes('snippet'), 'snippet'),
            'mark',
          ).map((m) => text(m).toLowerCase()),
        );
        expect(marked.flat()).toContain('posted');
        for (const marks of marked) {
          expect(marks.length).toBeGreaterThan(0);
          for (const m of marks) expect(m).toMatch(/^(posted|interrupts?)$/);
        }
        expect(tag(found.main, 'mark').map(text)).toContain('posted');
      });

      it('links each timestamp to youtube.com at the second the words were said', () => {
        for (const result of byClass(found.main, 'result')) {
          const at = Number(attr(result, 'data-at'));
          expect(attr(result, 'data-video')).toBe(SAMPLE);
          const ts = one(result, (el) => el.name === 'a' && classes(el).includes('ts'), 'timestamp');
          expect(attr(ts, 'href')).toMatch(/^https:\/\/www\.youtube\.com\/watch\?v=S6Sjj6OtyvY&t=\d+s$/);
          expect(attr(ts, 'href')).toBe(watch(SAMPLE, at));
          expect(text(ts)).toBe(clock(at));
        }
        // The best match is where "posted interrupts" is first explained, at 23:40, in a sentence begun at 23:37.
        const best = byClass(found.main, 'result')[0] as El;
        expect(
          attr(
            one(best, (el) => classes(el).includes('ts'), 'ts'),
            'href',
          ),
        ).toBe('https://www.youtube.com/watch?v=S6Sjj6OtyvY&t=1417s');
      });

      it('shows each result’s topic as a badge, and "Play here" and title links into the transcript', () => {
        const results = byClass(found.main, 'result');
        for (const result of results) {
          const at = attr(result, 'data-at');
          const badge = one(result, (el) => classes(el).includes('badge') && classes(el).some((c) => c.startsWith('topic-')), 'topic badge');
          const topic =
            classes(badge)
              .find((c) => c.startsWith('topic-'))
              ?.slice('topic-'.length) ?? '';
          expect(Object.keys(LABELS)).toContain(topic);
          expect(text(badge)).toBe(LABELS[topic]);

          const play = one(result, (el) => classes(el).includes('play-here'), 'Play here');
          expect(text(play)).toBe('Play here');
          expect(attr(play, 'href')).toBe(`/videos/${SAMPLE}?t=${at}&q=posted%20interrupts`);
          expect(attr(play, 'data-at')).toBe(at);
          const title = one(result, (el) => classes(el).includes('result-title'), 'title link');
          expect(attr(title, 'href')).toMatch(new RegExp(`^/videos/${SAMPLE}\\?t=${at}&q=posted%20interrupts#p-\\d+$`));
        }
        expect(results.some((r) => byClass(r, 'badge', 'topic-hardware').length === 1)).toBe(true);
      });

      it('offers topic facets with counts that add up to the result count in a role=status element', () => {
        const facets = one(found.main, (el) => el.name === 'nav' && el.attribs['aria-label'] === 'Filter by topic', 'facets');
        const all = link(facets, '/search?q=posted+interrupts');
        expect(text(all)).toBe('All topics');
        expect(attr(all, 'aria-current')).toBe('true');
        const counts: Record<string, number> = {};
        for (const [id, label] of Object.entries(LABELS)) {
          const facet = link(facets, `/search?q=posted+interrupts&topic=${id}`);
          const match = /^(.+) \((\d+)\)$/.exec(text(facet));
          expect(match?.[1]).toBe(label);
          counts[id] = Number(match?.[2]);
          expect(attr(facet, 'aria-current')).toBeUndefined();
        }
        expect(counts.hardware).toBeGreaterThan(0);
        const total = Object.values(counts).reduce((a, b) => a + b, 0);
        expect(total).toBe(shared.catalog.search('posted interrupts').total);

        const status = one(found.main, (el) => el.attribs.role === 'status' && classes(el).includes('result-count'), 'result count');
        expect(text(status)).toBe(`${total} result${total === 1 ? '' : 's'} for “posted interrupts”`);
        expect(byClass(found.main, 'result')).toHaveLength(Math.min(total, 10));
      });

      it('keeps the query in the search box', () => {
        expect(attr(byId(found.doc, 'site-q'), 'value')).toBe('posted interrupts');
      });
    });

    it('?topic= narrows the results to that topic and marks its facet aria-current', async () => {
      const everything = page(await request(shared.app).get('/search?q=qemu'), 200);
      const narrowed = page(await request(shared.app).get('/search?q=qemu&topic=security'), 200);
      const count = (p: Page): number => Number(/^(\d+) results?/.exec(text(byClass(p.main, 'result-count')[0] as El))?.[1]);

      expect(count(narrowed)).toBeGreaterThan(0);
      expect(count(narrowed)).toBeLessThan(count(everything));
      expect(text(byClass(narrowed.main, 'result-count')[0] as El)).toMatch(/for “qemu” in Security$/);
      for (const result of byClass(narrowed.main, 'result')) expect(byClass(result, 'badge', 'topic-security')).toHaveLength(1);

      const facets = one(narrowed.main, (el) => el.name === 'nav' && classes(el).includes('facets'), 'facets');
      expect(attr(link(facets, '/search?q=qemu&topic=security'), 'aria-current')).toBe('true');
      expect(attr(link(facets, '/search?q=qemu'), 'aria-current')).toBeUndefined();
      // Facet counts ignore the topic chosen, so every facet still says what choosing it gives.
      expect(text(facets)).toBe(text(one(everything.main, (el) => el.name === 'nav' && classes(el).includes('facets'), 'facets')));
      expect(text(link(facets, '/search?q=qemu&topic=security'))).toBe(`Security (${count(narrowed)})`);
    });

    it('?q=foo: (bad syntax) searches the plain words and says so', async () => {
      const { main } = page(await request(shared.app).get('/search?q=foo:'), 200);
      const notices = find(main, (el) => el.attribs.role === 'status' && classes(el).includes('notice')).map(text);
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatch(/^Searched for the plain words instead: unknown field "foo:"/);
    });

    it('?q=+-~^ (nothing to search for) answers 400 with a message, keeping the query', async () => {
      const { main, doc } = page(await request(shared.app).get('/search?q=%2B-~%5E'), 400);
      const alert = one(main, (el) => el.attribs.role === 'alert', 'alert');
      expect(text(alert)).toMatch(/^nothing to search for in "\+-~\^"/);
      expect(text(alert)).toContain('posted interrupts');
      expect(byClass(main, 'result')).toEqual([]);
      expect(attr(byId(doc, 'site-q'), 'value')).toBe('+-~^');
    });

    it('?topic=gardening (no such topic) answers 400 naming the topics there are', async () => {
      const { main } = page(await request(shared.app).get('/search?q=kvm&topic=gardening'), 400);
      expect(text(one(main, (el) => el.attribs.role === 'alert', 'alert'))).toBe('no topic "gardening"; topics are security, hardware, process, general');
    });

    it('?video= naming a video not in the library answers 404', async () => {
      const { heading, message } = errorPage(await request(shared.app).get('/search?q=kvm&video=ZZZZZZZZZZZ'), 404);
      expect(heading).toBe('Not found');
      expect(message).toBe('no video ZZZZZZZZZZZ in the library');
    });

    it('?video= that is not a video id answers 400', async () => {
      const { message } = errorPage(await request(shared.app).get('/search?q=kvm&video=..%2Fetc'), 400);
      expect(message).toMatch(/^not a video id/);
    });

    it('a repeated parameter (?q=a&q=b) answers 400 rather than guessing', async () => {
      const { heading, message } = errorPage(await request(shared.app).get('/search?q=a&q=b'), 400);
      expect(heading).toBe('That did not work');
      expect(message).toBe('give "q" once, as text');
    });

    describe('pagination', () => {
      it('shows ten results a page and links to the next page with rel=next', async () => {
        const total = shared.catalog.search('qemu').total;
        expect(total).toBeGreaterThan(10);
        const pages = Math.ceil(total / 10);
        const first = page(await request(shared.app).get('/search?q=qemu'), 200);
        expect(byClass(first.main, 'result')).toHaveLength(10);
        expect(attr(byClass(first.main, 'results')[0] as El, 'start')).toBe('1');
        const nav = one(first.main, (el) => el.name === 'nav' && el.attribs['aria-label'] === 'Pages', 'pagination');
        expect(text(nav)).toContain(`Page 1 of ${pages}`);
        expect(find(nav, (el) => el.attribs.rel === 'prev')).toEqual([]);
        const next = one(nav, (el) => el.attribs.rel === 'next', 'rel=next');
        expect(attr(next, 'href')).toBe('/search?q=qemu&page=2');

        const second = page(await request(shared.app).get(String(attr(next, 'href'))), 200);
        expect(attr(byClass(second.main, 'results')[0] as El, 'start')).toBe('11');
        const secondNav = one(second.main, (el) => el.name === 'nav' && el.attribs['aria-label'] === 'Pages', 'pagination');
        expect(text(secondNav)).toContain(`Page 2 of ${pages}`);
        expect(
          attr(
            one(secondNav, (el) => el.attribs.rel === 'prev', 'rel=prev'),
            'href',
          ),
        ).toBe('/search?q=qemu&page=1');
        const titles = (p: Page): string[] => byClass(p.main, 'result-title').map((a) => String(attr(a, 'href')));
        expect(titles(second).filter((href) => titles(first).includes(href))).toEqual([]);
        expect(byClass(second.main, 'result')).toHaveLength(Math.min(10, total - 10));
      });

      it('keeps the topic when paging a filtered search', async () => {
        const total = shared.catalog.search('qemu', { topic: 'security' }).total;
        const { main } = page(await request(shared.app).get('/search?q=qemu&topic=security'), 200);
        const next = find(main, (el) => el.attribs.rel === 'next');
        expect(next.map((a) => attr(a, 'href'))).toEqual(total > 10 ? ['/search?q=qemu&topic=security&page=2'] : []);
      });

      it.each(['0', 'abc', '-1', '1.5', '1001'])('?page=%s answers 400', async (value) => {
        const { message } = errorPage(await request(shared.app).get(`/search?q=qemu&page=${value}`), 400);
        expect(message).toBe(`"page" takes a whole number from 1 to 1000, not "${value}"`);
      });
    });
  });

  describe('results from a synthetic sample say so, wherever they are shown', () => {
    let app: TestApp;
    const REAL = 'dQw4w9WgXcQ';
    beforeAll(async () => {
      app = await fresh();
      const vtt = ['WEBVTT', '', '00:00:01.000 --> 00:00:04.000', 'Posted interrupts, as a real speaker put it.', ''].join('\n');
      await app.imports.file(Buffer.from(vtt), 'real.vtt', REAL, { title: 'A real talk' });
    });

    it('/api/search marks each result: sample true for the sample, false for an imported talk', async () => {
      const { results } = await search(app, 'posted interrupts');
      const byVideo = new Map(results.map((r) => [r.videoId, r.sample]));
      expect(Object.fromEntries(byVideo)).toEqual({ [SAMPLE]: true, [REAL]: false });
      for (const r of results) expect(r.sample).toBe(r.videoId === SAMPLE);
    });

    it('the results page gives every sample result the sample badge and says once what a sample is; a real talk has no badge', async () => {
      const { main } = page(await request(app.app).get('/search').query({ q: 'posted interrupts' }), 200);
      const results = byClass(main, 'result');
      expect(new Set(results.map((r) => attr(r, 'data-video')))).toEqual(new Set([SAMPLE, REAL]));
      for (const result of results) {
        const badges = byClass(result, 'badge', 'sample').map(text);
        expect(badges).toEqual(attr(result, 'data-video') === SAMPLE ? ['sample'] : []);
      }
      const notices = byClass(main, 'sample-notice').map(text);
      expect(notices).toEqual([
        'Sample. Results marked “sample” come from a synthetic stand-in transcript: the words are nobody’s, not what was said at the talk.',
      ]);
    });

    it('panelnotes search prints the sample notice once, before results from the sample; --json marks each result', async () => {
      const out: string[] = [];
      const err: string[] = [];
      const io = { out: (t: string) => out.push(t), err: (t: string) => err.push(t), env: {}, fetch: deadNetwork };
      const args = app.cliArgs;
      await runCli(['search', 'posted interrupts', ...args], io);
      const notices = err.filter((line) => line.includes('Synthetic sample'));
      expect(notices).toEqual([`note: results from "${app.catalog.get(SAMPLE).record.title}": ${app.catalog.get(SAMPLE).record.notice}`]);
      const json = (await cliSearch(app, 'posted interrupts')) as { results: { videoId: string; sample: boolean }[] };
      expect(json.results.map((r) => r.sample)).toEqual(json.results.map((r) => r.videoId === SAMPLE));
      err.length = 0;
      await runCli(['search', 'posted interrupts', '--video', REAL, ...args], io);
      expect(err.filter((line) => line.includes('sample'))).toEqual([]);
    });
  });

  describe('notes in /api/search', () => {
    let app: TestApp;
    let note: Note;
    beforeAll(async () => {
      app = await fresh();
      // "interrupts" is also said in the transcript; "marmalade" only in this note.
      note = await addNote(app, { start: 1425.6, end: 1440, text: 'Marmalade and interrupts: ask about the slide.', tags: ['hw'] });
    });

    it('a note is a result of kind "note" with its noteId, tags, its text as the snippet, and a url where the sentence at its moment began', async () => {
      const found = await search(app, 'marmalade');
      expect(found.total).toBe(1);
      const [result] = found.results;
      expect(result).toMatchObject({
        kind: 'note',
        noteId: note.id,
        tags: ['hw'],
        videoId: SAMPLE,
        title: app.catalog.get(SAMPLE).record.title,
        start: 1425.6,
        end: 1440,
        // 23:45.6 is inside the sentence that begins after a pause at 23:37.7.
        at: 1417.701,
        snippet: '<mark>Marmalade</mark> and interrupts: ask about the slide.',
        url: watchSample(1417),
      });
      expect(result?.url).toBe(`https://www.youtube.com/watch?v=${SAMPLE}&t=1417s`);
      expect(result?.snippet).toContain('<mark>Marmalade</mark>');
      // Its passage is the one playing at its moment.
      const passage = app.catalog.get(SAMPLE).passages[result?.passage as number];
      expect(passage?.start).toBeLessThanOrEqual(1425.6);
      expect(passage?.end).toBeGreaterThan(1425.6);
    });

    it('kind:note finds only notes, kind:transcript only passages; plain words find both', async () => {
      const both = await search(app, 'interrupts');
      expect(both.results.map((r) => r.kind)).toEqual(expect.arrayContaining(['note', 'transcript']));
      const notes = await search(app, 'kind:note interrupts');
      expect(notes.results.map((r) => [r.kind, r.noteId])).toEqual([['note', note.id]]);
      const transcript = await search(app, 'kind:transcript interrupts');
      expect(transcript.total).toBe(both.total - 1);
      expect(new Set(transcript.results.map((r) => r.kind))).toEqual(new Set(['transcript']));
      expect((await search(app, 'kind:transcript marmalade')).total).toBe(0);
      apiError(
        await request(app.app).get('/api/search').query({ q: 'kind:video interrupts' }),
        400,
        'USAGE',
        'kind:video is not a kind; use kind:transcript or kind:note',
      );
    });

    it('a note can be found by its video filter and time window', async () => {
      expect((await search(app, 'marmalade', { video: SAMPLE })).total).toBe(1);
      expect((await search(app, 'marmalade', { from: '23:00', to: '24:00' })).total).toBe(1);
      expect((await search(app, 'marmalade', { from: '30:00' })).total).toBe(0);
    });

    it("a note's snippet in search is escaped: only <mark> is markup", async () => {
      const other = await fresh();
      await addNote(other, { start: 10, text: 'xylograph <script>alert(1)</script> "><img src=x onerror=alert(1)>' });
      const [result] = (await search(other, 'xylograph')).results;
      expect(result?.snippet).not.toMatch(/<(?!\/?mark>)/);
      expect(result?.snippet).toContain('&lt;script&gt;');
    });

    // A note is counted under the topic of the passage at its moment, as its result shows it, not under its index among the notes.
    it("a note counts under its own result's topic in the topic counts", async () => {
      const found = await search(app, 'marmalade');
      const topic = String(found.results[0]?.topic);
      expect(topic).toBe('hardware');
      expect(found.topics).toEqual({ [topic]: 1 });
    });
  });

  describe('answers stay small whatever was imported (a talk in one 2 MB cue, 200 long cues, 10,000-character notes)', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await fresh();
      await addHugeTalks(app);
    }, 60_000);

    /** A snippet as the text it shows: marks dropped, entities read back. */
    const shown = (snippet: string): string =>
      snippet
        .replace(/<\/?mark>/g, '')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&');

    it.each([
      ['everywhere', {}],
      ['in the one-cue talk', { video: ONE_CUE }],
      ['in the long-cue talk', { video: LONG_CUES }],
    ])('GET /api/search?limit=10 %s is under 64 KB, each snippet at most 300 characters around a marked hit', async (_where, filters) => {
      const res = await request(app.app)
        .get('/api/search')
        .query({ q: HUGE_QUERY, limit: 10, ...filters });
      const body = json(res, 200);
      expect(Buffer.byteLength(res.text)).toBeLessThan(64 * 1024);
      const results = body.results as { snippet: string; title: string; speaker: string | null; kind: string }[];
      expect(results).toHaveLength(10);
      for (const r of results) {
        expect(r.snippet).toContain(`<mark>${HUGE_QUERY}</mark>`);
        expect(shown(r.snippet).replace(/^… | …$/g, '').length).toBeLessThanOrEqual(300);
        expect(r.title.length).toBeLessThanOrEqual(200);
        expect((r.speaker ?? '').length).toBeLessThanOrEqual(100);
      }
    });

    it('the most results one answer gives (limit=100) are bounded too: under 640 KB', async () => {
      const res = await request(app.app).get('/api/search').query({ q: HUGE_QUERY, limit: 100 });
      expect((json(res, 200).results as unknown[]).length).toBe(100);
      expect(Buffer.byteLength(res.text)).toBeLessThan(640 * 1024);
    });

    it('the one cue is cut into passages of at most 1,000 characters, in order, inside the cue, every word kept', async () => {
      const video = json(await request(app.app).get(`/api/videos/${ONE_CUE}`), 200);
      const passages = video.passages as { start: number; end: number; text: string }[];
      expect(passages.length).toBeGreaterThan(2000);
      passages.forEach((p, i) => {
        expect(p.text.length).toBeLessThanOrEqual(1000);
        expect(p.start).toBeGreaterThanOrEqual(10);
        expect(p.end).toBeLessThanOrEqual(3010);
        expect(p.end).toBeGreaterThanOrEqual(p.start);
        if (i > 0) expect(p.start).toBeGreaterThanOrEqual((passages[i - 1] as { end: number }).end);
      });
      expect(passages[0]?.start).toBe(10);
      expect(passages[passages.length - 1]?.end).toBe(3010);
      expect(passages.map((p) => p.text).join(' ')).toBe(oneCue().segments[0]?.text);
    });
  });

  describe('pages stay small whatever was imported (a talk in one 2 MB cue, 200 long cues, 10,000-character notes)', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await fresh();
      await addHugeTalks(app);
    }, 60_000);

    it('a results page is under 100 KB, each snippet at most 300 characters around a marked hit', async () => {
      const res = await request(app.app).get('/search').query({ q: HUGE_QUERY });
      expect(Buffer.byteLength(res.text)).toBeLessThan(100 * 1024);
      const results = byClass(page(res, 200).main, 'result');
      expect(results).toHaveLength(10);
      for (const result of results) {
        const snippet = one(result, (el) => classes(el).includes('snippet'), 'snippet');
        expect(tag(snippet, 'mark').map(text)).toContain(HUGE_QUERY);
        expect(DomUtils.textContent(snippet).replace(/^… | …$/g, '').length).toBeLessThanOrEqual(300);
      }
    });

    it('finding in the one-cue talk marks whole passages of at most 1,000 characters', async () => {
      const { main } = page(await request(app.app).get(`/videos/${ONE_CUE}`).query({ q: HUGE_QUERY }), 200);
      const hits = byClass(main, 'passage', 'hit');
      expect(hits.length).toBeGreaterThan(100);
      for (const hit of hits.slice(0, 50)) {
        const words = tag(hit, 'p')[0] as El;
        expect(tag(words, 'mark').length).toBeGreaterThan(0);
        expect(DomUtils.textContent(words).length).toBeLessThanOrEqual(1000);
      }
    });
  });

  describe('a query of filters alone (issue 12)', () => {
    // Invented speakers on a small talk of our own: the sample is never tagged with a real panelist's name.
    const VARGA = 'Ines Varga';
    const LINES: [string, string][] = [
      [VARGA, 'seccomp confines the emulator process'],
      ['Tomas Lindqvist', 'posted interrupts cut the exits'],
      [VARGA, 'the mailing list is where patches get reviewed'],
    ];
    let app: TestApp;
    beforeAll(async () => {
      app = await fresh();
      await app.catalog.add(
        transcript(
          'ListingTalk',
          LINES.map(([speaker, text], k) => ({ start: k * 30, duration: 20, text, speaker })),
          { title: 'A talk of invented speakers' },
        ),
      );
    });

    it('GET /api/search?q=speaker:varga lists that speaker’s passages in time order, with a notice', async () => {
      const body = json(await request(app.app).get('/api/search').query({ q: 'speaker:varga' }), 200);
      expect(body).toMatchObject({ total: 2, notice: expect.stringMatching(/in time order/) });
      expect((body.results as Body[]).map((r) => [r.start, r.speaker, r.url])).toEqual([
        [0, VARGA, watch('ListingTalk', 0)],
        [60, VARGA, watch('ListingTalk', 60)],
      ]);
    });

    it('GET /api/search?q=topic:hardware video:… lists the video’s passages of that topic, paged', async () => {
      const all = await search(app, `topic:hardware video:${SAMPLE}`);
      const view = app.catalog.get(SAMPLE);
      const hardware = view.passages.filter((_, i) => view.topics[i] === 'hardware');
      expect(all.total).toBe(hardware.length);
      expect(all.results.map((r) => r.start)).toEqual(hardware.map((p) => p.start).slice(0, 100));
      for (const r of all.results) expect(r).toMatchObject({ topic: 'hardware', videoId: SAMPLE });
      const second = await search(app, `topic:hardware video:${SAMPLE}`, { limit: 5, offset: 5 });
      expect(second.results).toEqual(all.results.slice(5, 10));
    });

    it('GET /search?q=topic:security shows the passages with the notice, not "nothing to search for"', async () => {
      const { main } = page(await request(app.app).get('/search?q=topic%3Asecurity'), 200);
      const notices = find(main, (el) => el.attribs.role === 'status' && classes(el).includes('notice')).map(text);
      expect(notices).toEqual([expect.stringMatching(/^Note: no words to search for, so these are the passages the filters allow, in time order/)]);
      const shown = byClass(main, 'result');
      expect(shown).toHaveLength(10);
      // Video by video (by id), each in time order.
      const seconds = shown.filter((r) => attr(r, 'data-video') === SAMPLE).map((r) => Number(attr(r, 'data-at')));
      expect(seconds.length).toBeGreaterThan(5);
      expect(seconds).toEqual([...seconds].sort((a, b) => a - b));
      for (const result of shown) expect(byClass(result, 'badge', 'topic-security')).toHaveLength(1);
    });
  });
});
