import { jest } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { browserSession, hasChromium, launch, openPage, type BrowserSession } from './support/browser.js';
import { describeWhen } from './support/sharedFixtures.js';

/*
 * The results page as a reader meets it: "Play here" with no way to YouTube says so (as the
 * transcript page does), results from the sample carry its badge, and on a phone neither the
 * topic facets nor the search box's hint crowd the screen.
 */

const VIDEO = 'S6Sjj6OtyvY';
const ARTIFACTS = join(process.cwd(), 'tests', 'artifacts');

let session: BrowserSession;

function open(context: BrowserContext, path: string): Promise<Page> {
  return openPage(context, session.url + path);
}

describeWhen(hasChromium, 'the results page in a real browser (Chromium)', 'Chromium is not installed (/usr/bin/chromium)', () => {
  jest.setTimeout(60_000);
  session = browserSession();

  it('"Play here" without YouTube shows the player notice and a youtube.com link at that second, not an empty frame', async () => {
    const page = await open(session.browser, '/search?q=posted+interrupts');
    const result = page.locator('.result').first();
    const at = Number(await result.getAttribute('data-at'));
    await result.locator('a.play-here').click();
    const notice = result.locator('.inline-player .player-offline');
    await notice.waitFor({ state: 'visible', timeout: 10_000 });
    expect(await notice.getAttribute('role')).toBe('status');
    expect(await notice.textContent()).toMatch(/The video player could not load \(no network, or YouTube is blocked\)\./);
    const link = notice.locator('a.watch-link');
    expect(await link.getAttribute('href')).toBe(`https://www.youtube.com/watch?v=${VIDEO}&t=${at}s`);
    expect(await link.textContent()).toBe(`watch at ${Math.floor(at / 60)}:${String(at % 60).padStart(2, '0')} on youtube.com`);
    expect(await result.locator('iframe').count()).toBe(0);
    // The transcript page's notice says the same.
    const talk = await open(session.browser, `/videos/${VIDEO}?t=${at}`);
    await talk.locator('#player-fallback').waitFor({ state: 'visible', timeout: 10_000 });
    const words = (text: string | null) =>
      (text ?? '')
        .replace(/watch at .*/s, '')
        .replace(/\s+/g, ' ')
        .trim();
    expect(words(await talk.locator('#player-fallback').textContent())).toBe(words(await notice.textContent()));
    await result.locator('a.play-here').click();
    expect(await result.locator('.inline-player').count()).toBe(0);
    await talk.close();
    await page.close();
  });

  it('every result from the sample carries the sample badge', async () => {
    const page = await open(session.browser, '/search?q=migration');
    const results = page.locator('.result');
    expect(await results.count()).toBeGreaterThan(1);
    expect(await page.locator('.result .badge.sample').count()).toBe(await results.count());
    expect(await page.locator('.sample-notice').textContent()).toMatch(/synthetic stand-in transcript/);
    await page.close();
  });

  it('on a phone, topics that matched nothing take no room and the search box says all it says', async () => {
    const phone = await launch({ width: 360, height: 740 });
    try {
      const page = await open(phone, '/search?q=posted+interrupts');
      const facets = await page
        .locator('.facets a')
        .evaluateAll((as) =>
          as.map((a) => ({ text: a.textContent ?? '', shown: (a as HTMLElement).offsetParent !== null, top: a.getBoundingClientRect().top })),
        );
      for (const facet of facets) expect({ facet: facet.text, shown: facet.shown }).toEqual({ facet: facet.text, shown: !/\(0\)$/.test(facet.text) });
      const rows = new Set(facets.filter((f) => f.shown).map((f) => Math.round(f.top)));
      expect(rows.size).toBe(1);
      // The chosen topic shows even when it has nothing.
      const chosen = await open(phone, '/search?q=posted+interrupts&topic=security');
      expect(await chosen.locator('.facets a[aria-current]').isVisible()).toBe(true);

      const box = await open(phone, '/');
      const fits = await box.locator('#site-q').evaluate((input: HTMLInputElement) => {
        const style = getComputedStyle(input);
        const context = document.createElement('canvas').getContext('2d') as CanvasRenderingContext2D;
        context.font = `${style.fontSize} ${style.fontFamily}`;
        const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        return { placeholder: input.placeholder, fits: context.measureText(input.placeholder).width <= room };
      });
      expect(fits).toEqual({ placeholder: 'Search what was said', fits: true });
      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, 'search-facets-360.png') });
      await box.screenshot({ path: join(ARTIFACTS, 'home-360.png') });
    } finally {
      await phone.close();
    }
  });

  it('on a desktop the search box names its shortcut', async () => {
    const page = await open(session.browser, '/');
    expect(await page.locator('#site-q').getAttribute('placeholder')).toBe('Search what was said (press /)');
    await page.close();
  });
});
