import { jest } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { browserSession, hasChromium, launch, openPage, type BrowserSession } from './support/browser.js';
import { describeWhen, fixture } from './support/sharedFixtures.js';

/**
 * Speaker mode on the transcript page (public/speakerMode.js), in Chromium with a stand-in
 * YouTube player: people added to the roster, three turns tagged with the keyboard while the
 * player plays, one undone; the turns show in the list, on the passages and in `speaker:`
 * search; the controls have names a screen reader reads and axe finds nothing to fix. The
 * names are invented: the sample's words are nobody's.
 */

const VIDEO = 'S6Sjj6OtyvY';
const playerStub = readFileSync(fixture('browser', 'youtube-iframe-api-stub.js'), 'utf8');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let session: BrowserSession;

/** The transcript page with the stand-in player; nothing else from YouTube loads. */
async function open(context = session.browser): Promise<Page> {
  return openPage(context, `${session.url}/videos/${VIDEO}`, (route) =>
    route.request().url().endsWith('/iframe_api') ? route.fulfill({ contentType: 'text/javascript', body: playerStub }) : route.abort('internetdisconnected'),
  );
}

/** The stand-in player's clock, moved as if the video had played on to `seconds`. */
async function playTo(page: Page, seconds: number): Promise<void> {
  await page.evaluate((t) => {
    (window as unknown as { __player: { time: number } }).__player.time = t;
  }, seconds);
}

describeWhen(hasChromium, 'speaker mode in a real browser (Chromium)', 'Chromium is not installed (/usr/bin/chromium)', () => {
  jest.setTimeout(60_000);

  session = browserSession();

  it('tags three turns with the keyboard while the video plays, undoes one, and finds them on the passages and in speaker: search', async () => {
    const page = await open();
    const mode = page.locator('#speaker-mode');
    await mode.waitFor({ state: 'visible' });
    // The sample suggests nobody: the roster starts empty but for "Unknown".
    expect(await page.locator('#speaker-mode-roster button').allTextContents()).toEqual(['u Unknown']);
    for (const name of ['Ana Example', 'Bo Example']) {
      await page.fill('#speaker-mode-name', name);
      await page.keyboard.press('Enter');
    }
    expect(await page.locator('#speaker-mode-roster button').allTextContents()).toEqual(['1 Ana Example', '2 Bo Example', 'u Unknown']);
    expect(await page.locator('#speaker-mode-status').textContent()).toBe('Bo Example is number 2.');

    // Play: a timestamp seeks the player and starts it.
    await page.locator('#note-now').waitFor({ state: 'visible' });
    const stamp = page.locator('.transcript a.ts').nth(5);
    await stamp.scrollIntoViewIfNeeded();
    await stamp.click();
    const toggle = page.locator('#speaker-mode-toggle');
    await toggle.focus();
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');

    const status = page.locator('#speaker-mode-status');
    await playTo(page, 1400);
    await page.keyboard.press('1');
    await expectText(status, 'Ana Example speaks from 23:20.');
    await playTo(page, 1460);
    await page.keyboard.press('2');
    await expectText(status, 'Bo Example speaks from 24:20.');
    await playTo(page, 1520);
    await page.keyboard.press('1');
    await expectText(status, 'Ana Example speaks from 25:20.');
    await page.keyboard.press('z');
    await expectText(status, 'Undone: Ana Example from 25:20.');

    const list = await page.locator('#turn-list li').allTextContents();
    expect(list.map((t) => t.replace(/\s+/g, ' ').replace(' remove', '').trim())).toEqual(['23:20–24:20 Ana Example', '24:20–53:06 Bo Example']);
    const labelled = await page
      .locator('.passage')
      .evaluateAll((ps) =>
        ps.map((p) => [Number((p as HTMLElement).dataset.start), Number((p as HTMLElement).dataset.end), p.querySelector('.speaker')?.textContent ?? null]),
      );
    const at = (second: number) => labelled.find(([start, end]) => (start as number) <= second && second < (end as number))?.[2];
    expect([at(1430), at(1500), at(1600), at(1200)]).toEqual(['Ana Example', 'Bo Example', 'Bo Example', null]);

    // What was tagged is what is saved: a reload shows it, and search by speaker finds it.
    const saved = (await (await fetch(`${session.url}/api/videos/${VIDEO}/speakers`)).json()) as { turns: { start: number; name: string }[] };
    expect(saved.turns.map((t) => [t.start, t.name])).toEqual([
      [1400, 'Ana Example'],
      [1460, 'Bo Example'],
    ]);
    await page.goto(`${session.url}/search?q=speaker:ana+interrupts`);
    const speakers = await page.locator('.result .speaker').allTextContents();
    expect(speakers.length).toBeGreaterThan(0);
    expect(new Set(speakers)).toEqual(new Set(['Ana Example']));
    const ats = await page.locator('.result').evaluateAll((rs) => rs.map((r) => Number((r as HTMLElement).dataset.at)));
    for (const second of ats) expect(second >= 1400 - 40 && second < 1460).toBe(true);
    await page.close();
  });

  it('works with the keyboard alone and reads well to a screen reader: named buttons, a pressed state, a status line; axe finds nothing', async () => {
    // axe is injected as a script, which the page's Content-Security-Policy rightly forbids.
    const context = await launch({ bypassCSP: true });
    const page = await open(context);
    await page.locator('#speaker-mode').waitFor({ state: 'visible' });
    const toggle = page.locator('#speaker-mode-toggle');
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    expect(await page.locator('#speaker-mode-roster').getAttribute('role')).toBe('group');
    expect(await page.locator('#speaker-mode-status').getAttribute('role')).toBe('status');
    expect(await page.locator('#speaker-mode-roster button').first().getAttribute('aria-keyshortcuts')).toMatch(/^[1-9u]$/);
    // Keys do nothing while the mode is off.
    await page.keyboard.press('u');
    expect(await page.locator('#speaker-mode-status').textContent()).toBe('');
    await page.addScriptTag({ content: axeSource });
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (context: string, options: object) => Promise<{ violations: { id: string }[] }> } }).axe;
      return (await axe.run('#speakers', { runOnly: ['wcag2a', 'wcag2aa', 'best-practice'] })).violations.map((v) => v.id);
    });
    expect(violations).toEqual([]);
    await context.close();
  });
});

async function expectText(locator: ReturnType<Page['locator']>, text: string): Promise<void> {
  await locator.filter({ hasText: text }).waitFor({ timeout: 10_000 });
  expect(await locator.textContent()).toBe(text);
}
