import { jest } from '@jest/globals';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { browserSession, hasChromium, launch, openPage, type BrowserSession } from './support/browser.js';
import { describeWhen } from './support/sharedFixtures.js';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const VIDEO = 'S6Sjj6OtyvY';
/** Screenshots for people to look at; git-ignored. */
const ARTIFACTS = join(process.cwd(), 'tests', 'artifacts');

let session: BrowserSession;

/** A page with YouTube unreachable, as on this machine and any offline one. */
function open(path: string, context = session.browser): Promise<Page> {
  return openPage(context, session.url + path);
}

describeWhen(hasChromium, 'in a real browser (Chromium)', 'Chromium is not installed (/usr/bin/chromium)', () => {
  jest.setTimeout(60_000);

  session = browserSession();

  it('search from the home page, press a result, land on the transcript at that passage', async () => {
    const page = await open('/');
    await page.keyboard.press('/');
    await page.keyboard.type('posted interrupts');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\?q=posted\+interrupts/);
    await expectVisible(page, '.result-count', /results? for “posted interrupts”/);
    const first = page.locator('.result').first();
    const at = Number(await first.getAttribute('data-at'));
    await first.locator('.result-title').click();
    await page.waitForURL(new RegExp(`/videos/${VIDEO}\\?t=${at}&q=posted`));
    const current = page.locator('.passage.current');
    await current.waitFor();
    expect(await current.getAttribute('aria-current')).toBe('true');
    expect(await current.textContent()).toContain('posted interrupts');
    // The link opens where the sentence began, at most 10 s before the passage with the match.
    expect(Number(await current.getAttribute('data-start'))).toBeLessThanOrEqual(at + 10);
    expect(Number(await current.getAttribute('data-end'))).toBeGreaterThan(at);
    expect(await current.isVisible()).toBe(true);
    expect(await inViewport(page, '.passage.current')).toBe(true);
    await page.close();
  });

  it('a topic facet filters the results in one click', async () => {
    const page = await open('/search?q=migration');
    const facet = page.locator('.facets a', { hasText: 'Security' });
    const count = Number((await facet.locator('.count').textContent())?.replace(/\D/g, ''));
    expect(count).toBeGreaterThan(0);
    await facet.click();
    await page.waitForURL(/topic=security/);
    expect(await page.locator('.facets a[aria-current]').textContent()).toContain('Security');
    const badges = await page.locator(".result .badge[class*='topic-']").allTextContents();
    expect(badges.length).toBe(Math.min(count, 10));
    expect(new Set(badges)).toEqual(new Set(['Security']));
    await page.close();
  });

  it('keyboard: / focuses the search box, j and k move through results, Enter opens, Esc clears', async () => {
    const page = await open('/search?q=qemu');
    await page.keyboard.press('j');
    expect(await page.evaluate(() => document.activeElement?.closest('.result') === document.querySelectorAll('.result')[0])).toBe(true);
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    expect(await page.evaluate(() => document.activeElement?.closest('.result') === document.querySelectorAll('.result')[1])).toBe(true);
    const href = await page.evaluate(() => (document.activeElement as HTMLAnchorElement).getAttribute('href'));
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => href !== null && url.href.startsWith(session.url + href.split('#')[0]));
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('site-q');
    await page.keyboard.type('something');
    await page.keyboard.press('Escape');
    expect(await page.inputValue('#site-q')).toBe('');
    await page.close();
  });

  it('without the YouTube player, the page says so and every timestamp still opens youtube.com at that second', async () => {
    const page = await open(`/videos/${VIDEO}`);
    await expectVisible(page, '#player-fallback', /could not load/, 10_000);
    const links = await page
      .locator('.transcript a.ts')
      .evaluateAll((as) => as.slice(0, 20).map((a) => [(a as HTMLAnchorElement).href, (a as HTMLAnchorElement).dataset.seek]));
    for (const [href, seek] of links) expect(href).toBe(`https://www.youtube.com/watch?v=${VIDEO}&t=${seek}s`);
    await page.close();
  });

  it('#t=2:03 opens at that moment', async () => {
    const page = await open(`/videos/${VIDEO}#t=2:03`);
    const current = page.locator('.passage.current');
    await current.waitFor();
    expect(Number(await current.getAttribute('data-start'))).toBeLessThanOrEqual(123);
    expect(Number(await current.getAttribute('data-end'))).toBeGreaterThan(123);
    await page.close();
  });

  it('?q= marks the hits, lands on the first, and next/previous move between them', async () => {
    const page = await open(`/videos/${VIDEO}?q=posted+interrupts`);
    const hits = await page.locator('.passage.hit').count();
    expect(hits).toBeGreaterThan(2);
    const activeIndex = () => page.locator('.passage.hit.active').evaluate((el) => Array.from(document.querySelectorAll('.passage.hit')).indexOf(el));
    expect(await activeIndex()).toBe(0);
    await page.locator('[data-hit-nav="next"]').click();
    await page.locator('[data-hit-nav="next"]').click();
    expect(await page.locator('.passage.hit.active').count()).toBe(1);
    expect(await activeIndex()).toBe(2);
    await page.locator('[data-hit-nav="prev"]').click();
    expect(await activeIndex()).toBe(1);
    await page.close();
  });

  it('the add-video form explains a dead network and offers the caption-file import', async () => {
    const page = await open('/videos/new');
    await page.fill('#url', 'https://youtu.be/dQw4w9WgXcQ');
    await page.click('button:has-text("Fetch captions")');
    await page.waitForURL(/\/jobs\//);
    await expectVisible(page, '.notice.problem', /cannot reach YouTube/, 15_000);
    await page.click('a:has-text("import a caption file")');
    await page.waitForURL(/\/videos\/new\?video=dQw4w9WgXcQ#upload/);
    expect(await page.inputValue('#video')).toBe('dQw4w9WgXcQ');
    await page.close();
  });

  it('is usable at 360 px wide and follows the dark colour scheme', async () => {
    const narrow = await launch({ width: 360, colorScheme: 'dark' });
    try {
      for (const path of ['/', '/search?q=posted+interrupts', `/videos/${VIDEO}`, '/videos/new']) {
        const page = await open(path, narrow);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
        const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        expect(luminance(background)).toBeLessThan(0.2);
        await page.close();
      }
    } finally {
      await narrow.close();
    }
  });

  it('saves screenshots of the home, search and transcript pages at desktop and 360 px (tests/artifacts/)', async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    for (const width of [1280, 360]) {
      const context = await launch({ width });
      try {
        for (const [name, path] of [
          ['home', '/'],
          ['search', '/search?q=posted+interrupts'],
          ['transcript', `/videos/${VIDEO}?t=1420&q=posted+interrupts`],
        ] as const) {
          const page = await open(path, context);
          if (name === 'transcript') await page.locator('#player-fallback').waitFor({ state: 'visible', timeout: 10_000 });
          const file = join(ARTIFACTS, `${name}-${width}.png`);
          await page.screenshot({ path: file, fullPage: false });
          expect(statSync(file).size).toBeGreaterThan(5000);
          await page.close();
        }
      } finally {
        await context.close();
      }
    }
  });

  it('serves a results page in under 100 KB, with nothing from other sites', async () => {
    const page = await session.browser.newPage();
    let bytes = 0;
    const foreign: string[] = [];
    page.on('response', async (response) => {
      if (response.url().startsWith(session.url)) bytes += (await response.body()).length;
      else foreign.push(response.url());
    });
    page.on('request', (request) => {
      if (!request.url().startsWith(session.url)) foreign.push(request.url());
    });
    await page.goto(`${session.url}/search?q=qemu`, { waitUntil: 'networkidle' });
    expect(bytes).toBeGreaterThan(1000);
    expect(bytes).toBeLessThan(100 * 1024);
    expect(foreign).toEqual([]);
    await page.close();
  });

  it.each(['light', 'dark'] as const)('axe finds no serious or critical accessibility problem on any page (%s scheme)', async (colorScheme) => {
    // axe is injected as a script, which the pages' Content-Security-Policy rightly forbids.
    const context = await launch({ bypassCSP: true, colorScheme });
    try {
      await session.app.jobs.idle();
      const failed = session.app.jobs.start('https://youtu.be/aaaaaaaaaaa');
      await session.app.jobs.idle();
      // A talk crowded with notes: inline notes, "N more notes here" links and the panel's pages.
      if (!(await session.app.notes.list(VIDEO)).length) {
        const now = new Date().toISOString();
        await session.app.notes.import(
          Array.from({ length: 60 }, (_, i) => ({
            id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
            videoId: VIDEO,
            start: 100 + i,
            text: `a note for the accessibility check ${i}`,
            tags: ['axe'],
            createdAt: now,
            updatedAt: now,
          })),
        );
      }
      const pages = [
        '/',
        '/search',
        '/search?q=posted+interrupts',
        '/search?q=%2B-~%5E',
        '/search?q=zeppelin',
        `/videos/${VIDEO}?q=posted+interrupts`,
        `/videos/${VIDEO}?t=100&notes=2`,
        `/videos/${VIDEO}/notes/new?t=1418`,
        `/notes/00000000-0000-4000-8000-000000000001/edit`,
        '/videos/new',
        `/jobs/${failed.id}`,
        '/nope',
      ];
      for (const path of pages) {
        const page = await open(path, context);
        await page.addScriptTag({ content: axeSource });
        const violations = await page.evaluate(async () => {
          const axe = (
            window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }
          ).axe;
          const result = await axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'best-practice'] });
          return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
        });
        expect({ path, serious: violations.filter((v) => v.impact === 'serious' || v.impact === 'critical') }).toEqual({ path, serious: [] });
        await page.close();
      }
    } finally {
      await context.close();
    }
  });
});

async function expectVisible(page: Page, selector: string, text: RegExp, timeout = 5000): Promise<void> {
  const element = page.locator(selector).filter({ hasText: text }).first();
  await element.waitFor({ state: 'visible', timeout });
}

function inViewport(page: Page, selector: string): Promise<boolean> {
  return page.evaluate((sel) => {
    const box = document.querySelector(sel)?.getBoundingClientRect();
    return !!box && box.bottom > 0 && box.top < window.innerHeight;
  }, selector);
}

function luminance(rgb: string): number {
  const [r = 0, g = 0, b = 0] = (rgb.match(/\d+/g) ?? []).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}
