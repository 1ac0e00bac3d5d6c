import { jest } from '@jest/globals';
import { browserSession, hasChromium, openPage, type BrowserSession } from './support/browser.js';
import { describeWhen } from './support/sharedFixtures.js';

const VIDEO = 'S6Sjj6OtyvY';
let session: BrowserSession;

/**
 * The live library in Chromium: a transcript page that is open when its talk changes elsewhere
 * offers to reload, without moving what the reader is reading; Reload shows the change.
 */
describeWhen(hasChromium, 'the live library in a real browser (Chromium)', 'Chromium is not installed (/usr/bin/chromium)', () => {
  jest.setTimeout(60_000);
  session = browserSession();

  it('a note added elsewhere: the open page offers to reload in a banner that moves nothing, and Reload shows the note', async () => {
    const page = await openPage(session.browser, `${session.url}/videos/${VIDEO}?t=1420`);
    await page.waitForLoadState('load');
    const where = async (): Promise<{ scroll: number; top: number }> =>
      page.evaluate(() => ({ scroll: window.scrollY, top: document.querySelector('.passage.current')?.getBoundingClientRect().top ?? -1 }));
    const before = await where();
    expect(await page.locator('.live-banner').count()).toBe(0);

    // Another tab, the CLI or a script: here the service, as any of them reaches it.
    await session.app.notes.add(VIDEO, { start: '23:41', text: 'the capybara remark, noted elsewhere' });
    const banner = page.locator('.live-banner');
    await banner.waitFor({ state: 'visible', timeout: 10_000 });
    expect(await banner.getAttribute('role')).toBe('status');
    expect(await banner.textContent()).toContain('This talk changed since the page was loaded');
    expect(await where()).toEqual(before);
    expect(await page.locator('text=the capybara remark').count()).toBe(0);
    await page.screenshot({ path: 'tests/artifacts/live-reload-offer.png' });

    await banner.locator('a', { hasText: 'Reload' }).click();
    await page.waitForLoadState('load');
    await page.locator('text=the capybara remark, noted elsewhere').first().waitFor();
    await page.close();
  });

  it('Not now puts the offer away until the next change', async () => {
    const page = await openPage(session.browser, `${session.url}/`);
    await session.app.notes.addTurn(VIDEO, { start: '0:00', end: '0:20', name: 'Moderator' });
    const banner = page.locator('.live-banner');
    await banner.waitFor({ state: 'visible', timeout: 10_000 });
    expect(await banner.textContent()).toContain('The library changed since this page was loaded');
    await banner.locator('button', { hasText: 'Not now' }).click();
    await banner.waitFor({ state: 'detached' });
    await new Promise((done) => setTimeout(done, 3500));
    expect(await page.locator('.live-banner').count()).toBe(0);
    await page.close();
  });
});
