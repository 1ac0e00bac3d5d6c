import { jest } from '@jest/globals';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { browserSession, hasChromium, openPage, type BrowserSession } from './support/browser.js';
import { csrfTokenIn } from './support/formAgent.js';
import { describeWhen } from './support/sharedFixtures.js';

/**
 * The attacks of issue 10 as Chromium carries them out: a page served from another port of
 * 127.0.0.1 (same-site, sharing this host's cookies) that posts to the app, and a note whose
 * right-to-left override would reverse the app's controls. What the browser sends (fetch
 * metadata, Origin, cookies) is Chromium's own, not a test's guess.
 */

const VIDEO = 'S6Sjj6OtyvY';
const OTHER = 'dQw4w9WgXcQ';
let session: BrowserSession;

/** A server on another port of 127.0.0.1 answering every request with `html`. */
async function attackerSite(html: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = await new Promise((ready) => {
    const s = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(html)).listen(0, '127.0.0.1', () => ready(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((done) => {
        server.close(() => done());
        // Chromium keeps its connection alive; the site is done with it.
        server.closeAllConnections();
      }),
  };
}

describeWhen(hasChromium, 'attacks from a page on another port, in a real browser (Chromium)', 'Chromium is not installed (/usr/bin/chromium)', () => {
  jest.setTimeout(60_000);

  session = browserSession();

  it('a page on another port that tosses its own CSRF pair onto the host and auto-submits a delete form is refused; the note stays', async () => {
    const note = await session.app.notes.add(VIDEO, { start: 30, text: 'the victim’s note' });
    // The attacker reads a page of the app (reads are open), keeping its cookies and token.
    const fetched = await fetch(`${session.url}/videos/${VIDEO}`);
    const cookies = fetched.headers.getSetCookie().map((c) => c.split(';')[0] as string);
    const token = csrfTokenIn(await fetched.text());
    const toss = cookies.map((c) => `document.cookie = ${JSON.stringify(`${c}; path=/notes`)};`).join('\n');
    const site =
      await attackerSite(`<!doctype html><form id="f" method="post" action="${session.url}/notes/${note.id}/delete"><input name="_csrf" value="${token}"></form>
<script>${toss}\ndocument.getElementById('f').submit();</script>`);
    try {
      const page = await openPage(session.browser, `${site.url}/attack.html`);
      await page.waitForURL(`${session.url}/notes/${note.id}/delete`);
      await page.locator('[role=alert]', { hasText: 'writes from another site are refused' }).waitFor();
      expect(await session.app.notes.get(note.id)).toEqual(note);
      await page.close();
    } finally {
      await site.close();
    }
  });

  it('a page on another port that imports a transcript with a no-cors fetch of FormData (cookies included) is refused', async () => {
    const site = await attackerSite(`<!doctype html><script>
const form = new FormData();
form.append('video', '${OTHER}');
form.append('file', new Blob(['WEBVTT\\n\\n00:00:01.000 --> 00:00:02.000\\nplanted\\n']), 'x.vtt');
fetch('${session.url}/api/videos', { method: 'POST', mode: 'no-cors', credentials: 'include', body: form }).then(() => { document.title = 'sent'; }, () => { document.title = 'failed'; });
</script>`);
    try {
      const page = await openPage(session.browser, `${site.url}/import.html`);
      await page.waitForFunction(() => document.title === 'sent' || document.title === 'failed');
      expect(session.app.catalog.has(OTHER)).toBe(false);
      await page.close();
    } finally {
      await site.close();
    }
  });

  it('the app’s own forms still work: a note added through the page', async () => {
    const page = await openPage(session.browser, `${session.url}/videos/${VIDEO}`);
    await page.fill('#note-text', 'added from the page itself');
    await page.locator('#add-note button[type=submit]').click();
    await page.waitForURL(/[?&]note=/);
    expect((await session.app.notes.list(VIDEO)).some((n) => n.text === 'added from the page itself')).toBe(true);
    await page.close();
  });

  it('a note holding U+202E does not reverse its edit link and delete button: they stay to the right of the note', async () => {
    const note = await session.app.notes.add(VIDEO, { start: 40, text: '\u202Ereversed words' });
    const page = await openPage(session.browser, `${session.url}/videos/${VIDEO}?note=${note.id}#panel-note-${note.id}`);
    const item = page.locator(`#panel-note-${note.id}`);
    const box = async (selector: string) => (await item.locator(selector).boundingBox()) as { x: number; width: number };
    const time = await box('a.ts');
    const text = await box('.note-text');
    const edit = await box('a[href$="/edit"]');
    const remove = await box('button');
    expect(time.x).toBeLessThan(text.x);
    expect(text.x + text.width).toBeLessThanOrEqual(edit.x);
    expect(edit.x).toBeLessThan(remove.x);
    await page.close();
  });
});
