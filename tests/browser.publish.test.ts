import express from 'express';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { appReader } from '../server/publish/readers.js';
import { buildSite } from '../server/publish/site.js';
import { writeSite } from '../server/publish/write.js';
import { browserSession, hasChromium, launch, openPage } from './support/browser.js';
import { listen } from './support/testApp.js';

/**
 * A published site in Chromium: the sample with notes published into a temporary folder and
 * served by a plain static file server. Its search, run in the page, finds the passages the
 * running app's /api/search finds, at the same seconds; its pages link timestamps to the
 * second; no request leaves the folder but the YouTube player's; axe finds nothing serious.
 */

const VIDEO = 'S6Sjj6OtyvY';
const maybe = hasChromium ? describe : describe.skip;
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const QUERIES = ['posted interrupts', '"live migration"', 'seccomp topic:security', 'migrtion~1', 'virt*', 'code review -kernel', 'rereading', 'kind:note'];

interface Shown {
  video: string;
  passage: number;
  at: number;
  kind: string;
}

maybe('a published site in the browser', () => {
  const session = browserSession();
  let dir: string;
  let site: { url: string; close: () => Promise<void> };
  /** Every request a page of the site made that was not for the site's own files. */
  const strays: string[] = [];

  beforeAll(async () => {
    await session.app.notes.add(VIDEO, { start: '5:00', text: 'Posted interrupts: worth rereading before the reading group', tags: ['public'] });
    await session.app.notes.add(VIDEO, { start: '20:00', text: 'the review process, see https://example.org/review', tags: ['public'] });
    dir = join(await mkdtemp(join(tmpdir(), 'panelnotes-site-')), 'site');
    const { catalog, notes } = session.app;
    await writeSite(dir, await buildSite(appReader(catalog, notes), { videos: [], notes: true }, catalog.vocabulary, catalog.transcripts), false);
    // A plain static file server: the folder as it is, nothing else.
    site = await listen(express().use(express.static(dir)));
  });

  afterAll(async () => {
    await site.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function open(path: string): Promise<Page> {
    const page = await openPage(session.browser, 'about:blank');
    page.on('request', (r) => {
      const url = r.url();
      if (!url.startsWith(`${site.url}/`) && !/^https:\/\/(www\.youtube(-nocookie)?\.com|s\.ytimg\.com)\//.test(url)) strays.push(url);
    });
    await page.goto(`${site.url}/${path}`);
    return page;
  }

  async function shownResults(page: Page): Promise<Shown[]> {
    await page.waitForFunction(() => {
      const count = document.querySelector('.result-count');
      return count !== null && !count.textContent?.startsWith('Searching');
    });
    return page.$$eval('li.result', (items) =>
      items.map((li) => {
        const d = (li as HTMLElement).dataset;
        return { video: d.video ?? '', passage: Number(d.passage), at: Number(d.at), kind: d.kind ?? '' };
      }),
    );
  }

  it.each(QUERIES)('search for %s finds what /api/search finds, at the same seconds', async (q) => {
    const api = (await (await fetch(`${session.url}/api/search?q=${encodeURIComponent(q)}&limit=10`)).json()) as {
      results: { videoId: string; passage: number; at: number; kind: string }[];
    };
    const page = await open(`search.html?q=${encodeURIComponent(q)}`);
    const shown = await shownResults(page);
    expect(api.results.length).toBeGreaterThan(0);
    expect(shown).toEqual(api.results.map((r) => ({ video: r.videoId, passage: r.passage, at: Math.floor(r.at), kind: r.kind })));
    // Highlights: the matched words are marked.
    if (q !== 'kind:note') expect(await page.locator('li.result .snippet mark').count()).toBeGreaterThan(0);
    await page.close();
  });

  it('topic facets count as the app does and narrow the results', async () => {
    const api = (await (await fetch(`${session.url}/api/search?q=migration&limit=1`)).json()) as { topics: Record<string, number> };
    const page = await open('search.html?q=migration');
    await shownResults(page);
    const facet = page.locator('nav.facets a.topic-security');
    expect(await facet.locator('.count').textContent()).toBe(`(${api.topics.security ?? 0})`);
    await facet.click();
    const shown = await shownResults(page);
    expect(page.url()).toContain('topic=security');
    expect(shown.length).toBe(Math.min(10, api.topics.security ?? 0));
    await page.close();
  });

  it('a result opens its talk at the second; the transcript links each timestamp to its second', async () => {
    const page = await open('search.html?q=posted+interrupts');
    const [first] = await shownResults(page);
    await page.locator('li.result .result-title').first().click();
    await page.waitForURL(new RegExp(`talks/${VIDEO}\\.html#t=${first?.at}$`));
    // The passage playing at that second is marked (the sentence may begin in the passage before the match's).
    const current = page.locator('.passage.current');
    await current.waitFor();
    const [start, end] = [Number(await current.getAttribute('data-start')), Number(await current.getAttribute('data-end'))];
    expect(Math.floor(start)).toBeLessThanOrEqual(first?.at ?? -1);
    expect(end).toBeGreaterThan(first?.at ?? Infinity);
    const links = await page.$$eval('.transcript a.ts', (as) => as.map((a) => ({ href: a.getAttribute('href'), seek: a.getAttribute('data-seek') })));
    expect(links.length).toBeGreaterThan(50);
    for (const { href, seek } of links) expect(href).toBe(`https://www.youtube.com/watch?v=${VIDEO}&t=${seek}s`);
    // YouTube is refused here: the page says so where the player was, and how to watch.
    await page.locator('#player-fallback').waitFor({ state: 'visible', timeout: 10_000 });
    await page.close();
  });

  it('the keyboard reaches search, and search from a talk page stays in that talk', async () => {
    const page = await open(`talks/${VIDEO}.html`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.locator('#find-q').focus();
    await page.keyboard.type('seccomp');
    await page.keyboard.press('Enter');
    const shown = await shownResults(page);
    expect(page.url()).toContain(`video=${VIDEO}`);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.every((r) => r.video === VIDEO)).toBe(true);
    await page.close();
  });

  it('no request leaves the folder but the YouTube player', () => {
    expect(strays).toEqual([]);
  });

  it('a page opened from a file says how to serve the folder', async () => {
    const page = await session.browser.newPage();
    await page.goto(`file://${join(dir, 'search.html')}?q=posted`);
    await page.locator('#served-notice').waitFor({ state: 'visible' });
    expect(await page.locator('#served-notice').textContent()).toMatch(/python3 -m http\.server/);
    await page.close();
  });

  it('the pages read without JavaScript: transcript, chapters and notes are there', async () => {
    const context = await launch({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.route(/youtube|ytimg/, (route) => route.abort('internetdisconnected'));
    await page.goto(`${site.url}/talks/${VIDEO}.html`);
    expect(await page.locator('.transcript .passage').count()).toBeGreaterThan(50);
    expect(await page.locator('.chapters li').count()).toBeGreaterThan(1);
    expect(await page.locator('.notes-panel .note').count()).toBe(2);
    await page.goto(`${site.url}/search.html`);
    expect(await page.locator('noscript').count()).toBe(1);
    await context.close();
  });

  it('axe finds no serious or critical problem on the site’s pages', async () => {
    // axe is injected as a script, which the pages' Content-Security-Policy rightly forbids.
    const context = await launch({ bypassCSP: true });
    try {
      for (const path of ['index.html', 'search.html', 'search.html?q=posted+interrupts', 'search.html?q=zeppelin', `talks/${VIDEO}.html`]) {
        const page = await openPage(context, `${site.url}/${path}`);
        if (path.includes('q=')) await shownResults(page);
        await page.addScriptTag({ content: axeSource });
        const violations = await page.evaluate(async () => {
          const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: { id: string; impact: string }[] }> } }).axe;
          return (await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'best-practice'] })).violations.map((v) => ({ id: v.id, impact: v.impact }));
        });
        expect({ path, serious: violations.filter((v) => v.impact === 'serious' || v.impact === 'critical') }).toEqual({ path, serious: [] });
        await page.close();
      }
    } finally {
      await context.close();
    }
  });
});
