import { jest } from '@jest/globals';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { browserSession, hasChromium, openPage, type BrowserSession } from './support/browser.js';
import { describeWhen, fixture } from './support/sharedFixtures.js';

const VIDEO = 'S6Sjj6OtyvY';
const playerStub = readFileSync(fixture('browser', 'youtube-iframe-api-stub.js'), 'utf8');

let session: BrowserSession;

/** Clicks after scrolling the element into view first (the player frame above takes stray clicks). */
async function press(page: Page, selector: string): Promise<void> {
  const element = page.locator(selector).first();
  await element.scrollIntoViewIfNeeded();
  await element.click();
}

/** A page whose YouTube player is the stub (playing at 23:40); nothing else from YouTube loads. */
async function open(path: string): Promise<Page> {
  const page = await openPage(session.browser, session.url + path, (route) =>
    route.request().url().endsWith('/iframe_api') ? route.fulfill({ contentType: 'text/javascript', body: playerStub }) : route.abort('internetdisconnected'),
  );
  page.on('dialog', (dialog) => void dialog.accept());
  return page;
}

describeWhen(hasChromium, 'notes and speakers in a real browser (Chromium)', 'Chromium is not installed (/usr/bin/chromium)', () => {
  jest.setTimeout(60_000);

  session = browserSession();

  it('adds a note at the playing moment, shows it inline and in search, edits it, deletes it and undoes that', async () => {
    const page = await open(`/videos/${VIDEO}`);
    await page.locator('#note-now').waitFor({ state: 'visible' });
    await press(page, '#note-now');
    expect(await page.inputValue('#note-start')).toBe('23:40');
    await page.fill('#note-text', 'Remember the descriptor slide');
    await page.fill('#note-tags', 'hw apic');
    await press(page, 'button:has-text("Add note")');
    await page.waitForURL(new RegExp(`/videos/${VIDEO}\\?t=1420&note=[0-9a-f-]+#note-`));

    const inline = page.locator('.passage .inline-note');
    await inline.waitFor();
    expect(await inline.textContent()).toContain('Remember the descriptor slide');
    const passage = page.locator('.passage', { has: page.locator('.inline-note') });
    expect(Number(await passage.getAttribute('data-start'))).toBeLessThanOrEqual(1420);
    expect(Number(await passage.getAttribute('data-end'))).toBeGreaterThan(1420);
    expect(await page.locator('.notes-panel .note').count()).toBe(1);

    await page.goto(`${session.url}/search?q=descriptor+slide`);
    const hit = page.locator('.result', { has: page.locator('.note-badge') });
    expect(await hit.locator('.snippet').innerHTML()).toContain('<mark>descriptor</mark> <mark>slide</mark>');

    await page.goto(`${session.url}/videos/${VIDEO}`);
    await press(page, '.notes-panel a:has-text("edit")');
    await page.waitForURL(/\/notes\/[^/]+\/edit$/);
    await page.fill('#note-text', 'Remember the notification vector slide');
    await press(page, 'button:has-text("Save")');
    await page.waitForURL(new RegExp(`/videos/${VIDEO}`));
    expect(await page.locator('.inline-note').textContent()).toContain('notification vector');
    const search = (await (await fetch(`${session.url}/api/search?q=kind:note+vector`)).json()) as { total: number };
    expect(search.total).toBe(1);

    await press(page, '.notes-panel button:has-text("delete")');
    await page.locator('.undo').waitFor();
    expect(await page.locator('.notes-panel .note').count()).toBe(0);
    await press(page, '.undo button:has-text("Undo")');
    await page.locator('.inline-note').waitFor();
    expect(await page.locator('.inline-note').textContent()).toContain('notification vector');
    await page.close();
  });

  it('a timestamp seeks the player three seconds early and marks that passage', async () => {
    const page = await open(`/videos/${VIDEO}`);
    await page.locator('#note-now').waitFor({ state: 'visible' });
    const link = page.locator('.transcript a.ts').nth(10);
    const seek = Number(await link.getAttribute('data-seek'));
    await link.click();
    expect(await page.evaluate(() => (window as unknown as { __player: { seeks: number[] } }).__player.seeks)).toEqual([seek - 3]);
    expect(page.url()).toContain(`/videos/${VIDEO}`); // seeking, not leaving for youtube.com
    await page.close();
  });

  it("assigns a speaker span, and speaker: finds that speaker's passages", async () => {
    const page = await open(`/videos/${VIDEO}`);
    await page.fill('#turn-start', '23:00');
    await page.fill('#turn-end', '26:00');
    await page.fill('#turn-name', 'Speaker A');
    await press(page, 'button:has-text("Set speaker")');
    await page.locator('p[role=status]', { hasText: 'Speaker A speaks from 23:00 to 26:00' }).waitFor();
    await page.goto(`${session.url}/search?q=speaker:speaker+interrupts`);
    const speakers = await page.locator('.result .speaker').allTextContents();
    expect(speakers.length).toBeGreaterThan(0);
    expect(new Set(speakers)).toEqual(new Set(['Speaker A']));
    const ats = await page.locator('.result').evaluateAll((rs) => rs.map((r) => Number((r as HTMLElement).dataset.at)));
    for (const at of ats) expect(at).toBeGreaterThanOrEqual(23 * 60 - 40);
    await page.close();
  });
});
