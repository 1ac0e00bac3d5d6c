import request from 'supertest';
import { SITE_CSP } from '../server/publish/pages.js';
import { errorMessage } from './support/html.js';
import { freshApps } from './support/testApp.js';

/**
 * Publishing as an attacker sees it (issue 17 review): what a published page's policy lets run,
 * and what one person can make a server do with the Publish zip.
 */

const VIDEO = 'S6Sjj6OtyvY';

describe("a published page's Content-Security-Policy", () => {
  const directives = new Map(
    SITE_CSP.split(';')
      .map((d) => d.trim().split(/\s+/) as [string, ...string[]])
      .map(([name, ...sources]) => [name, sources]),
  );

  it('lets scripts come only from the site and the YouTube player’s own paths, never a whole other host', () => {
    const scripts = directives.get('script-src') ?? [];
    expect(scripts).toContain("'self'");
    for (const source of scripts.filter((s) => s !== "'self'")) {
      // A host's every script would include JSONP endpoints: only paths of the player's scripts are allowed.
      expect(new URL(source).pathname).not.toBe('/');
    }
    expect(scripts.join(' ')).not.toMatch(/'unsafe-inline'|'unsafe-eval'|\*|data:|https?:(\s|$)/);
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
