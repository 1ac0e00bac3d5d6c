import request from 'supertest';
import { SITE_CSP } from '../server/publish/pages.js';
import { YOUTUBE_PLAYER } from '../server/youtube/playerSources.js';
import { errorMessage } from './support/html.js';
import { freshApps } from './support/testApp.js';

/**
 * Publishing as an attacker sees it (issue 17 review): what a published page's policy lets run,
 * and what one person can make a server do with the Publish zip.
 */

const VIDEO = 'S6Sjj6OtyvY';

const directivesOf = (policy: string): Map<string, string[]> =>
  new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/) as [string, ...string[]])
      .map(([name, ...sources]) => [name, sources]),
  );

/** Scripts only from the site and the YouTube player's own paths: a host's every script would include JSONP endpoints. */
function expectPlayerScriptsOnly(scripts: string[]): void {
  expect(scripts).toContain("'self'");
  for (const source of scripts.filter((s) => s !== "'self'")) expect(new URL(source).pathname).not.toBe('/');
  expect(scripts.join(' ')).not.toMatch(/'unsafe-inline'|'unsafe-eval'|\*|data:|https?:(\s|$)/);
}

describe("the app's own pages' Content-Security-Policy", () => {
  const { fresh } = freshApps();

  it('lets scripts come only from the app and the YouTube player’s own paths, as a published page does', async () => {
    const app = await fresh();
    const page = await request(app.app).get(`/videos/${VIDEO}`);
    expect(page.status).toBe(200);
    expectPlayerScriptsOnly(directivesOf(String(page.headers['content-security-policy'])).get('script-src') ?? []);
  });
});

describe("a published page's Content-Security-Policy", () => {
  const directives = directivesOf(SITE_CSP);

  it('lets scripts come only from the site and the YouTube player’s own paths, never a whole other host', () => {
    expectPlayerScriptsOnly(directives.get('script-src') ?? []);
  });

  it('keeps the same player sources as the app', () => {
    const scripts = directives.get('script-src') ?? [];
    expect(scripts.filter((s) => s !== "'self'")).toEqual([...YOUTUBE_PLAYER.scripts]);
  });

  it('allows no plugins, no <base> and no form posts elsewhere, and connects to the site only', () => {
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('default-src')).toEqual(["'self'"]);
  });
});

describe('the Publish zip', () => {
  const { fresh } = freshApps();

  it('is limited per address: a loop of requests cannot keep a server building whole sites', async () => {
    const app = await fresh({ rateLimits: { fetches: 100, writes: 100, publishes: 1 } });
    const first = await request(app.app).get(`/publish.zip?video=${VIDEO}`).buffer(true);
    expect(first.status).toBe(200);
    expect(errorMessage(await request(app.app).get(`/publish.zip?video=${VIDEO}`), 429)).toBe(
      'too many sites published from this address; wait a minute and try again',
    );
  });
});
