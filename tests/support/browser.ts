import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page, type Route } from 'playwright-core';
import { listen, testApp, type TestApp } from './testApp.js';

/** Debian's Chromium; `npx playwright install` cannot download a browser here. */
export const CHROMIUM = process.env.PANELNOTES_CHROMIUM ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

/** A fresh headless Chromium with an empty profile and no background traffic. */
export function launch(
  options: { colorScheme?: 'light' | 'dark'; width?: number; height?: number; bypassCSP?: boolean; javaScriptEnabled?: boolean } = {},
): Promise<BrowserContext> {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'panelnotes-chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: options.width ?? 1100, height: options.height ?? 900 },
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    colorScheme: options.colorScheme ?? 'light',
    bypassCSP: options.bypassCSP ?? false,
  });
}

/** What a browser suite works with: the app, the address it listens on, and Chromium. */
export interface BrowserSession {
  app: TestApp;
  url: string;
  browser: BrowserContext;
}

/**
 * The app over a fresh library on a free loopback port, and a fresh Chromium: made before the
 * tests of the suite this is called in, closed after them.
 */
export function browserSession(): BrowserSession {
  const session = {} as BrowserSession;
  let close = async (): Promise<void> => undefined;
  beforeAll(async () => {
    session.app = await testApp();
    const server = await listen(session.app.app);
    session.url = server.url;
    session.browser = await launch();
    close = async () => {
      await session.browser.close();
      await server.close();
      await session.app.store.close();
    };
  });
  afterAll(() => close());
  return session;
}

/** YouTube's hosts: the player, its scripts and thumbnails. */
const YOUTUBE = /youtube(-nocookie)?\.com|ytimg\.com/;

/**
 * A new page of `context` at `url`, with every request to YouTube answered by `youtube`: by
 * default refused, as on this machine and any offline one.
 */
export async function openPage(
  context: BrowserContext,
  url: string,
  youtube: (route: Route) => Promise<void> = (route) => route.abort('internetdisconnected'),
): Promise<Page> {
  const page = await context.newPage();
  await page.route(YOUTUBE, youtube);
  await page.goto(url);
  return page;
}
