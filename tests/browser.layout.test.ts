import { jest } from '@jest/globals';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { browserSession, hasChromium, launch, openPage, type BrowserSession } from './support/browser.js';
import { describeWhen, fixture } from './support/sharedFixtures.js';

/*
 * The transcript page as a reader meets it, at a desktop's 1280x800 and a phone's 360x740:
 * the player (or the notice standing in for it offline) in view together with the passage a
 * link leads to, the match navigation reachable, and notes written and saved at their passage.
 * Screenshots of each state go to tests/artifacts/ (git-ignored) for people to look at.
 */

const VIDEO = 'S6Sjj6OtyvY';
const ARTIFACTS = join(process.cwd(), 'tests', 'artifacts');
const playerStub = readFileSync(fixture('browser', 'youtube-iframe-api-stub.js'), 'utf8');

let session: BrowserSession;

interface Box {
  top: number;
  bottom: number;
  height: number;
}

/** A page with YouTube unreachable (as here and on any offline machine), or with the stub player (cued at 23:40). */
function open(context: BrowserContext, path: string, player: 'offline' | 'stub' = 'offline'): Promise<Page> {
  return openPage(context, session.url + path, (route) =>
    player === 'stub' && route.request().url().endsWith('/iframe_api')
      ? route.fulfill({ contentType: 'text/javascript', body: playerStub })
      : route.abort('internetdisconnected'),
  );
}

/** The player when it loaded, else the notice that stands in for it, once one of them shows. */
async function playerBox(page: Page, player: 'offline' | 'stub'): Promise<Box> {
  const selector = player === 'stub' ? '#player' : '#player-fallback';
  await page.locator(player === 'stub' ? '#note-now' : '#player-fallback').waitFor({ state: 'visible', timeout: 10_000 });
  return boxOf(page, selector);
}

function boxOf(page: Page, selector: string): Promise<Box> {
  return page
    .locator(selector)
    .first()
    .evaluate((el) => {
      const { top, bottom, height } = el.getBoundingClientRect();
      return { top, bottom, height };
    });
}

/** How far down the window what is pinned at its top reaches (a phone's player and match bar; nothing on a desktop). */
function pinnedBottom(page: Page): Promise<number> {
  return page.evaluate(() => {
    let bottom = 0;
    document.querySelectorAll('.player-area, .hit-nav').forEach((el) => {
      if (getComputedStyle(el).position !== 'sticky') return;
      const box = el.getBoundingClientRect();
      if (box.top <= 1) bottom = Math.max(bottom, box.bottom);
    });
    return bottom;
  });
}

/** Wholly inside the window. */
function expectWhollyInView(box: Box, height: number, what: string): void {
  expect({ what, top: box.top >= 0, bottom: box.bottom <= height + 0.5, shown: box.height > 0 }).toEqual({ what, top: true, bottom: true, shown: true });
}

/** Readable: its top below whatever is pinned over the page, and inside the window. */
async function expectReadable(page: Page, selector: string, height: number, what: string): Promise<void> {
  const box = await boxOf(page, selector);
  const pinned = await pinnedBottom(page);
  expect({ what, belowPinned: box.top >= pinned - 0.5, onScreen: box.top < height - 24 }).toEqual({ what, belowPinned: true, onScreen: true });
}

async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

/** The selector of the passage playing at `seconds`, read from the page's own passages. */
function passageAt(page: Page, seconds: number): Promise<string> {
  return page.evaluate((s) => {
    const passage = Array.from(document.querySelectorAll<HTMLElement>('.passage')).find((p) => s < Number(p.dataset.end));
    return `#${passage?.id ?? 'none'}`;
  }, seconds);
}

describeWhen(
  hasChromium,
  'the transcript page in a real browser (Chromium), player and passage together',
  'Chromium is not installed (/usr/bin/chromium)',
  () => {
    jest.setTimeout(60_000);
    session = browserSession();

    describe.each([
      ['desktop', 1280, 800],
      ['phone', 360, 740],
    ])('%s, %dx%d', (name, width, height) => {
      let context: BrowserContext;
      beforeAll(async () => {
        context = await launch({ width, height });
      });
      afterAll(() => context.close());

      it.each(['offline', 'stub'] as const)('?t=1420 shows the player (%s: or its notice) and the passage at 23:40 together', async (player) => {
        const page = await open(context, `/videos/${VIDEO}?t=1420`, player);
        const playerShown = await playerBox(page, player);
        expectWhollyInView(playerShown, height, 'the player or its notice');
        const passage = await passageAt(page, 1420);
        expect(await page.locator('.passage.current').getAttribute('id')).toBe(passage.slice(1));
        await expectReadable(page, `${passage} a.ts`, height, 'the passage at 23:40');
        await expectReadable(page, `${passage} p`, height, 'its words');
        // On a phone the player is pinned over the transcript, which scrolls beneath it.
        if (name === 'phone') expect(playerShown.top).toBe(0);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        await screenshot(page, `layout-t1420-${player}-${width}`);
        await page.close();
      });

      it('#t=23:40 lands the same way', async () => {
        const page = await open(context, `/videos/${VIDEO}#t=23:40`);
        expectWhollyInView(await playerBox(page, 'offline'), height, 'the player notice');
        await expectReadable(page, `${await passageAt(page, 1420)} a.ts`, height, 'the passage at 23:40');
        await page.close();
      });

      it('?q= lands on the first match with the match navigation in view, and Next keeps it there', async () => {
        const page = await open(context, `/videos/${VIDEO}?q=posted+interrupts`);
        expectWhollyInView(await playerBox(page, 'offline'), height, 'the player notice');
        await page.locator('.passage.hit.active').waitFor();
        expectWhollyInView(await boxOf(page, '.hit-nav'), height, 'the match navigation');
        expect(await page.locator('.passage.hit').first().getAttribute('class')).toContain('active');
        await expectReadable(page, '.passage.hit.active a.ts', height, 'the first match');
        await screenshot(page, `layout-q-${width}`);
        await page.locator('[data-hit-nav="next"]').click();
        expect(await page.locator('.passage.hit.active').evaluate((el) => Array.from(document.querySelectorAll('.passage.hit')).indexOf(el))).toBe(1);
        expectWhollyInView(await boxOf(page, '.hit-nav'), height, 'the match navigation after Next');
        await expectReadable(page, '.passage.hit.active a.ts', height, 'the second match');
        expect(await page.locator('.hit-place').textContent()).toMatch(/^2\/\d+ · $/);
        await page.close();
      });

      it('a search result lands on its match with the player and the match navigation in view', async () => {
        const page = await open(context, '/search?q=posted+interrupts');
        await page.locator('.result-title').first().click();
        await page.waitForURL(/\/videos\/S6Sjj6OtyvY\?t=\d+&q=posted/);
        expectWhollyInView(await playerBox(page, 'offline'), height, 'the player notice');
        expectWhollyInView(await boxOf(page, '.hit-nav'), height, 'the match navigation');
        await expectReadable(page, '.passage.current a.ts', height, 'the passage of the result');
        await page.close();
      });

      it('"note here" opens the form in its passage, which stays in view; saving keeps both there, without leaving the page', async () => {
        const page = await open(context, `/videos/${VIDEO}?t=1420`, 'stub');
        await playerBox(page, 'stub');
        const passage = await passageAt(page, 1420);
        await page.locator(`${passage} a.note-here`).click();
        const form = page.locator(`${passage} #add-note`);
        await form.waitFor();
        const first = Math.ceil(Number(await page.locator(passage).getAttribute('data-start')));
        expect(await page.inputValue('#note-start')).toBe(`${Math.floor(first / 60)}:${String(first % 60).padStart(2, '0')}`);
        expect(await page.evaluate(() => document.activeElement?.id)).toBe('note-text');
        await expectReadable(page, `${passage} p`, height, 'the passage being annotated');
        expectWhollyInView(await boxOf(page, '#note-text'), height, 'the box to type in');
        await page.keyboard.type(`The descriptor slide, at ${width} px`);
        await screenshot(page, `layout-note-open-${width}`);

        await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
        await page.locator('#add-note button[type=submit]').click();
        const note = page.locator(`${passage} .inline-note`, { hasText: `The descriptor slide, at ${width} px` });
        await note.waitFor();
        expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true); // the player played on
        expect(page.url()).toMatch(new RegExp(`/videos/${VIDEO}\\?t=${first}&note=[0-9a-f-]+#note-`));
        expect(await page.locator(`${passage} #add-note`).count()).toBe(0);
        expect(await page.locator('#notes #add-note').count()).toBe(1);
        expect(await page.locator('.notes-panel .note', { hasText: `The descriptor slide, at ${width} px` }).count()).toBe(1);
        await expectReadable(page, `${passage} a.ts`, height, 'the annotated passage after saving');
        const saved = await note.evaluate((el) => el.getBoundingClientRect().toJSON() as Box);
        expect(saved.bottom).toBeLessThanOrEqual(height);
        await screenshot(page, `layout-note-saved-${width}`);
        await page.close();
      });

      it('"note here" while the player plays that passage takes the playing moment; a refused time comes back beside its field', async () => {
        const page = await open(context, `/videos/${VIDEO}?t=1420`, 'stub');
        await playerBox(page, 'stub');
        const link = page.locator('.transcript a.ts').nth(30);
        const seek = Number(await link.getAttribute('data-seek'));
        await link.click(); // plays from three seconds early
        const playing = await passageAt(page, seek - 3);
        await page.locator(`${playing} a.note-here`).click();
        const moment = seek - 3;
        expect(await page.inputValue('#note-start')).toBe(`${Math.floor(moment / 60)}:${String(moment % 60).padStart(2, '0')}`);

        await page.fill('#note-start', 'soon');
        await page.fill('#note-text', 'Kept while refused');
        await page.locator('#add-note button[type=submit]').click();
        const error = page.locator(`${playing} #add-note #note-start-error`);
        await error.waitFor();
        expect(await error.textContent()).toMatch(/^not a time: "soon"/);
        expect(await page.inputValue('#note-text')).toBe('Kept while refused');
        expect(await page.getAttribute('#note-start', 'aria-invalid')).toBe('true');
        await screenshot(page, `layout-note-refused-${width}`);
        await page.locator('#add-note .note-cancel').click();
        expect(await page.locator(`${playing} #add-note`).count()).toBe(0);
        expect(await page.locator(`${playing} a.note-here`).isVisible()).toBe(true);
        // Escape closes it too, and focus goes back to the link that opened it.
        await page.locator(`${playing} a.note-here`).click();
        await page.keyboard.press('Escape');
        expect(await page.locator('#notes #add-note').count()).toBe(1);
        expect(await page.evaluate(() => document.activeElement?.classList.contains('note-here'))).toBe(true);
        await page.close();
      });
    });

    it('without JavaScript the page reads top to bottom, every timestamp is a link, and "note here" is a form that returns to the passage', async () => {
      const context = await launch({ width: 360, height: 740, javaScriptEnabled: false });
      try {
        const page = await open(context, `/videos/${VIDEO}?t=1420`);
        const order = await page.evaluate(() =>
          ['h1', '#player-area', '.find', '.chapters-section', '.transcript-section', '#notes', '#speakers'].map(
            (s) => document.querySelector(s)?.getBoundingClientRect().top ?? NaN,
          ),
        );
        expect(order).toEqual([...order].sort((a, b) => a - b));
        const links = await page.locator('a.ts').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
        expect(links.length).toBeGreaterThan(100);
        for (const href of links) expect(href).toMatch(new RegExp(`^https://www\\.youtube\\.com/watch\\?v=${VIDEO}&t=\\d+s$`));

        const passage = await passageAt(page, 1420);
        await page.locator(`${passage} a.note-here`).click();
        await page.waitForURL(/\/notes\/new\?t=\d+$/);
        await page.fill('#note-text', 'Written without JavaScript');
        await page.locator('button:has-text("Add note")').click();
        await page.waitForURL(/note=/);
        expect(await page.locator(`${passage} .inline-note`, { hasText: 'Written without JavaScript' }).count()).toBe(1);
        await page.close();
      } finally {
        await context.close();
      }
    });
  },
);
