import { DomUtils, parseDocument } from 'htmlparser2';
import { rm } from 'node:fs/promises';
import request from 'supertest';
import type { FetchLike } from '../server/youtube/types.js';
import { fakeYouTube, ok, youtubeFixture } from './support/fakeYouTube.js';
import { formAgent } from './support/formAgent.js';
import { addHugeTalks, HUGE_QUERY, ONE_CUE } from './support/hugeTalks.js';
import { testApp, type TestApp, freshApps } from './support/testApp.js';

/**
 * The server-rendered pages, driven with supertest (no port is opened). Each test reads the
 * page the way a user does: status, content type, and the words, links and landmarks they
 * rely on. YouTube is a dead network unless a test passes a fake one.
 */

type Doc = ReturnType<typeof parseDocument>;
type El = ReturnType<typeof DomUtils.getElementsByTagName>[number];
type Res = request.Response;

const SAMPLE = 'S6Sjj6OtyvY';
const OTHER = 'dQw4w9WgXcQ';
const LABELS: Record<string, string> = { security: 'Security', hardware: 'Hardware features', process: 'Development process', general: 'General' };
const watch = (id: string, seconds: number): string => `https://www.youtube.com/watch?v=${id}&t=${Math.floor(seconds)}s`;
const clock = (seconds: number): string => `${Math.floor(seconds / 60)}:${String(Math.floor(seconds) % 60).padStart(2, '0')}`;

// ---- reading HTML -------------------------------------------------------------------------

const find = (root: Doc | El, test: (el: El) => boolean): El[] => DomUtils.findAll(test, root.children);
const tag = (root: Doc | El, name: string): El[] => find(root, (el) => el.name === name);
const classes = (el: El): string[] => (el.attribs.class ?? '').split(/\s+/).filter(Boolean);
const byClass = (root: Doc | El, ...names: string[]): El[] => find(root, (el) => names.every((n) => classes(el).includes(n)));
const text = (el: El): string => DomUtils.textContent(el).replace(/\s+/g, ' ').trim();
const attr = (el: El, name: string): string | undefined => el.attribs[name];

function one(root: Doc | El, test: (el: El) => boolean, what: string): El {
  const found = find(root, test);
  if (found.length !== 1) throw new Error(`expected exactly one ${what}, found ${found.length}`);
  return found[0] as El;
}
const byId = (root: Doc | El, id: string): El => one(root, (el) => el.attribs.id === id, `#${id}`);
const link = (root: Doc | El, href: string): El => one(root, (el) => el.name === 'a' && el.attribs.href === href, `a[href="${href}"]`);

/** The label a form control has, through <label for>. */
function labelOf(doc: Doc, control: El): string {
  const id = attr(control, 'id');
  expect(id).toBeTruthy();
  return text(one(doc, (el) => el.name === 'label' && el.attribs.for === id, `label[for=${id}]`));
}

interface Page {
  doc: Doc;
  main: El;
  /** The text of <main>, whitespace collapsed. */
  text: string;
}

/**
 * Checks what every HTML answer must have (status, type, security headers, scripts only from
 * files) and parses it.
 */
function page(res: Res, status: number): Page {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  expectSecure(res);
  const doc = parseDocument(res.text);
  const main = one(doc, (el) => el.name === 'main', '<main>');
  return { doc, main, text: text(main) };
}

function expectSecure(res: Res): void {
  const csp = String(res.headers['content-security-policy'] ?? '');
  expect(csp).toContain("default-src 'self'");
  expect(csp).toMatch(/(^|;)\s*script-src [^;]*'self'/);
  expect(csp).not.toContain("'unsafe-inline'");
  expect(csp).not.toContain("'unsafe-eval'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['x-powered-by']).toBeUndefined();

  const doc = parseDocument(res.text);
  const scripts = tag(doc, 'script');
  expect(scripts.length).toBeGreaterThan(0);
  for (const script of scripts) {
    expect(attr(script, 'src')).toMatch(/^\/static\/[\w-]+\.js$/);
    expect(DomUtils.textContent(script).trim()).toBe('');
  }
  // What the CSP would block anyway: inline handlers, style attributes and elements, javascript: URLs.
  const inline = find(doc, () => true).flatMap((el) =>
    Object.entries(el.attribs)
      .filter(([name, value]) => /^on/i.test(name) || name === 'style' || /^\s*javascript:/i.test(value))
      .map(([name]) => `<${el.name} ${name}>`),
  );
  expect(inline).toEqual([]);
  expect(tag(doc, 'style')).toEqual([]);
}

/** The error page's heading and message. */
function errorPage(res: Res, status: number): { heading: string; message: string } {
  const { main } = page(res, status);
  const alert = one(main, (el) => el.attribs.role === 'alert', 'role=alert');
  expect(link(main, '/')).toBeDefined();
  return { heading: text(tag(main, 'h1')[0] as El), message: text(alert) };
}

// ---- fixtures -----------------------------------------------------------------------------

/** A YouTube that serves captions for OTHER: the recorded player response, re-addressed. */
function workingYouTube() {
  const player = youtubeFixture('player-ok.json').replaceAll(SAMPLE, OTHER);
  return fakeYouTube({
    player: ok(player, 'application/json'),
    watch: ok(youtubeFixture('watch-ok.html').replaceAll(SAMPLE, OTHER), 'text/html'),
    timedtext: ok(youtubeFixture('timedtext-srv1.xml'), 'text/xml'),
  });
}

const { fresh, gated } = freshApps();

const VTT = [
  'WEBVTT',
  '',
  '00:00:01.000 --> 00:00:04.000',
  'Welcome to the storage session.',
  '',
  '00:01:30.000 --> 00:01:34.500',
  'A question from the back about snapshots & caches.',
  '',
].join('\n');

let shared: TestApp;
beforeAll(async () => {
  shared = await fresh();
});

// ---- the library --------------------------------------------------------------------------

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
      expect(attr(parts[i] as El, 'aria-label')).toBe(`${LABELS[c.topic]}, ${clock(c.start)} to ${clock(c.end)}`);
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

// ---- search -------------------------------------------------------------------------------

describe('GET /search', () => {
  it('without a query shows an empty state with example searches that each find something', async () => {
    const { main, text: words } = page(await request(shared.app).get('/search'), 200);
    expect(words).toContain('Type what you remember a panelist saying');
    expect(byClass(main, 'result')).toEqual([]);
    const examples = tag(one(main, (el) => classes(el).includes('empty'), 'empty state'), 'a');
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
      const marked = results.map((r) => tag(one(r, (el) => classes(el).includes('snippet'), 'snippet'), 'mark').map((m) => text(m).toLowerCase()));
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
      // The best match is where "posted interrupts" is first explained, at 23:40.
      const best = byClass(found.main, 'result')[0] as El;
      expect(attr(one(best, (el) => classes(el).includes('ts'), 'ts'), 'href')).toBe('https://www.youtube.com/watch?v=S6Sjj6OtyvY&t=1420s');
    });

    it('shows each result’s topic as a badge, and "Play here" and title links into the transcript', () => {
      const results = byClass(found.main, 'result');
      for (const result of results) {
        const at = attr(result, 'data-at');
        const badge = one(result, (el) => classes(el).includes('badge'), 'topic badge');
        const topic = classes(badge).find((c) => c.startsWith('topic-'))?.slice('topic-'.length) ?? '';
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
      expect(attr(one(secondNav, (el) => el.attribs.rel === 'prev', 'rel=prev'), 'href')).toBe('/search?q=qemu&page=1');
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

// ---- a transcript -------------------------------------------------------------------------

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
    expect(text(byId(talk.doc, 'player-fallback'))).toContain('Every timestamp below still opens the video on youtube.com');
    expect(link(talk.main, `https://www.youtube.com/watch?v=${SAMPLE}`)).toBeDefined();
  });

  it('lists the chapters with their topics, each linked to youtube.com at its start', () => {
    const { chapters } = shared.catalog.get(SAMPLE);
    const items = tag(one(talk.main, (el) => classes(el).includes('chapters'), 'chapter list'), 'li');
    expect(items).toHaveLength(chapters.length);
    chapters.forEach((chapter, i) => {
      const item = items[i] as El;
      const ts = one(item, (el) => classes(el).includes('ts'), 'ts');
      expect(attr(ts, 'href')).toBe(watch(SAMPLE, chapter.start));
      expect(attr(ts, 'data-seek')).toBe(String(Math.floor(chapter.start)));
      expect(text(item)).toBe(`${clock(chapter.start)} ${LABELS[chapter.topic]} until ${clock(chapter.end)}`);
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
    expect(attr(one(main, (el) => el.name === 'article', 'article'), 'data-start')).toBe('1420');
  });

  it('?t=2:03 is read as 123 seconds', async () => {
    const { main } = page(await request(shared.app).get(`/videos/${SAMPLE}?t=2:03`), 200);
    const item = byClass(main, 'passage', 'current')[0] as El;
    expect(Number(attr(item, 'data-start'))).toBeLessThanOrEqual(123);
    expect(Number(attr(item, 'data-end'))).toBeGreaterThan(123);
    expect(attr(one(main, (el) => el.name === 'article', 'article'), 'data-start')).toBe('123');
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
    expect((await browser.upload('/videos/upload').field('video', OTHER).attach('file', Buffer.from(VTT), 'talk.vtt')).status).toBe(303);
    const { main } = page(await request(app.app).get(`/videos/${SAMPLE}`).query({ q: `storage video:${OTHER}` }), 200);
    const own = app.catalog.get(SAMPLE).passages[0]?.text ?? '';
    expect(text(tag(byId(main, 'p-0'), 'p')[0] as El)).toBe(own.replace(/\s+/g, ' ').trim());
    const marked = byClass(main, 'hit');
    const ownWithWord = app.catalog.get(SAMPLE).passages.filter((p) => /\bstorage\b/i.test(p.text)).map((p) => `p-${p.index}`);
    expect(marked.map((el) => attr(el, 'id'))).toEqual(ownWithWord);
  });
});

describe('pages that do not exist', () => {
  it('GET /videos/ZZZZZZZZZZZ (not in the library) is a 404 page', async () => {
    const { heading, message } = errorPage(await request(shared.app).get('/videos/ZZZZZZZZZZZ'), 404);
    expect(heading).toBe('Not found');
    expect(message).toBe('no video ZZZZZZZZZZZ in the library');
  });

  it.each(['/videos/..%2F..%2Fetc', '/videos/..%2F..%2Fetc%2Fpasswd', '/videos/%2e%2e', '/videos/../../etc/passwd', `/videos/${SAMPLE}%00`, '/videos/S6Sjj6OtyvY.json'])(
    'GET %s is refused (400 or 404), never served',
    async (path) => {
      const res = await request(shared.app).get(path);
      expect([400, 404]).toContain(res.status);
      const { message } = errorPage(res, res.status);
      expect(message).toMatch(/^(not a video id|nothing at|no video)/);
      expect(res.text).not.toMatch(/root:|"segments"/);
    },
  );

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

// ---- adding a video -----------------------------------------------------------------------

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
    expect(labelOf(doc, byId(uploadForm, 'video'))).toBe('YouTube URL or id of the video');
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
    expect(text(one(main, (el) => el.attribs.role === 'alert', 'alert'))).toMatch(/^not a YouTube video: "not-a-video" \(give a YouTube URL or an 11-character id/);
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
    expect(text(tag(main, 'h1')[0] as El)).toBe(`Adding ${OTHER}`);
    expect(attr(byClass(main, 'job')[0] as El, 'data-state')).toBe('failed');
    const alert = one(main, (el) => el.attribs.role === 'alert', 'alert');
    expect(text(alert)).toContain('cannot reach YouTube');
    expect(text(link(main, `/videos/new?video=${OTHER}#upload`))).toBe('import a caption file');
    expect(text(link(main, '/videos/new'))).toBe('try again');
    expect(find(doc, (el) => el.name === 'meta' && el.attribs['http-equiv'] === 'refresh')).toEqual([]);
    expect(catalog.has(OTHER)).toBe(false);
  });

  it('shows a running job with a refreshing progress page; asking again for the same video joins it (one fetch); when done the video is in the library and in search', async () => {
    const yt = workingYouTube();
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
    const res = await (await formAgent(app))
      .upload('/videos/upload')
      .field('video', `https://www.youtube.com/watch?v=${OTHER}`)
      .field('title', 'Storage session')
      .attach('file', Buffer.from(VTT), 'storage.vtt');
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
    const { main } = page(await (await formAgent(shared.app)).upload('/videos/upload').field('video', 'nope').attach('file', Buffer.from(VTT), 'talk.vtt'), 400);
    expect(text(one(main, (el) => el.attribs.role === 'alert', 'alert'))).toMatch(/^not a YouTube video: "nope"/);
  });

  it('refuses a file over the size limit with 413, back on the form', async () => {
    const { app, catalog } = await fresh({ maxUploadBytes: 1000 });
    const big = Buffer.from(VTT + 'x'.repeat(2000));
    const { main } = page(await (await formAgent(app)).upload('/videos/upload').field('video', OTHER).attach('file', big, 'big.vtt'), 413);
    expect(text(one(main, (el) => el.attribs.role === 'alert', 'alert'))).toMatch(/^the caption file is larger than/);
    expect(byId(main, 'file')).toBeDefined();
    expect(catalog.has(OTHER)).toBe(false);
  });

  it('the 413 message states the limit it enforces (not "0 MB" for a 1000-byte limit)', async () => {
    const { app } = await fresh({ maxUploadBytes: 1000 });
    const { main } = page(await (await formAgent(app)).upload('/videos/upload').field('video', OTHER).attach('file', Buffer.alloc(5000, 'a'), 'big.vtt'), 413);
    expect(text(one(main, (el) => el.attribs.role === 'alert', 'alert'))).toContain('larger than 1000 bytes');
  });

  it('a urlencoded form body over the 128 kB form limit is refused with 413', async () => {
    // Page forms share one limit, 128 kB, so a note of 10,000 characters in any script fits.
    const { message } = errorPage(await (await formAgent(shared.app)).post('/videos', { url: 'x'.repeat(129 * 1024) }), 413);
    expect(message).toBe('the request body is too large');
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
    const upload = await (await formAgent(app)).upload('/videos/upload').field('video', OTHER).field('title', '<img src=x onerror=alert(1)>').attach('file', Buffer.from(vtt), 'x.vtt');
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

describe('finding in a talk', () => {
  it('marks passages only: a note that matches does not show in place of its passage’s words', async () => {
    const app = await fresh();
    app.notes.add(SAMPLE, { start: 60, text: 'zeppelin over the stage' });
    const { main } = page(await request(app.app).get(`/videos/${SAMPLE}`).query({ q: 'zeppelin' }), 200);
    expect(text(one(main, (el) => el.attribs['aria-label'] === 'Matches', 'match navigation'))).toBe('0 passages match “zeppelin”');
    expect(byClass(main, 'passage', 'hit')).toEqual([]);
    const passages = byClass(main, 'passage');
    const { passages: words } = app.catalog.get(SAMPLE);
    passages.forEach((p, i) => expect(text(tag(p, 'p')[0] as El)).toBe((words[i]?.text ?? '').replace(/\s+/g, ' ').trim()));
  });
});
