import { readFileSync } from 'node:fs';
import { fetchFromYouTube } from '../server/youtube/fetchTranscript.js';
import { fakeYouTube, ok, status, type Answer, type FakeYouTube } from './support/fakeYouTube.js';
import { describeConformance, shared } from './support/sharedFixtures.js';
import { rejection } from './support/expectations.js';

/**
 * YouTube's EU cookie-consent page, as youtube-transcript-api recorded it (with and without the
 * hidden `v` value the consent cookie is built from), met on either of youtube-transcript's two
 * paths: its InnerTube player request, and the watch page it falls back to.
 */
const API = 'youtube-transcript-api';
const recorded = (name: string, contentType: string): Answer => ok(readFileSync(shared('youtube', API, name), 'utf8'), contentType);
const CONSENT = (): Answer => recorded('youtube_consent_page.html.static', 'text/html');
const CONSENT_WITHOUT_V = (): Answer => recorded('youtube_consent_page_invalid.html.static', 'text/html');
const COOKIE = 'CONSENT=YES+cb.20210328-17-p0.de+FX+119';

const options = (yt: FakeYouTube) => ({ fetch: yt.fetch, sleep: async () => {}, timeoutMs: 500 });
const cookies = (yt: FakeYouTube) => yt.calls.map((c) => `${c.endpoint}:${c.headers.cookie ?? '-'}`);

describeConformance('the cookie-consent page', () => {
  it('on the InnerTube path: answered with the cookie from its `v`, asked once more, and the cookie sent with the track request', async () => {
    const yt = fakeYouTube({
      player: [CONSENT(), recorded('youtube.innertube.json.static', 'application/json')],
      timedtext: recorded('transcript.xml.static', 'text/xml'),
    });

    const result = await fetchFromYouTube('GJLlxj_dtq8', options(yt));

    expect(cookies(yt)).toEqual(['player:-', `player:${COOKIE}`, `timedtext:${COOKIE}`]);
    expect(result).toMatchObject({ language: 'en', captionKind: 'manual' });
    expect(result.segments).toHaveLength(3);
    expect(result.provenance).toEqual({ via: 'youtube', client: 'innertube-android', format: 'srv1', proxy: false, consent: true });
  });

  it('on the watch-page path: the same, and the package never sees the consent page', async () => {
    const yt = fakeYouTube({
      player: status(403, 'Forbidden'),
      watch: [CONSENT(), recorded('youtube.html.static', 'text/html')],
      timedtext: recorded('transcript.xml.static', 'text/xml'),
    });

    const result = await fetchFromYouTube('GJLlxj_dtq8', options(yt));

    expect(cookies(yt)).toEqual(['player:-', 'watch:-', `watch:${COOKIE}`, `timedtext:${COOKIE}`]);
    expect(result).toMatchObject({ language: 'en', captionKind: 'manual', title: 'Surface Go Review - It’s Awesome' });
    expect(result.provenance).toMatchObject({ client: 'watch-page', consent: true });
  });

  it.each([
    ['the InnerTube path (then the watch page)', { player: CONSENT_WITHOUT_V(), watch: CONSENT_WITHOUT_V() }],
    ['the watch-page path', { player: status(403, 'Forbidden'), watch: CONSENT_WITHOUT_V() }],
  ])('without its `v` value, on %s: its own error, no cookie invented', async (_path, routes) => {
    const yt = fakeYouTube(routes);

    const error = await rejection(fetchFromYouTube('GJLlxj_dtq8', options(yt)));

    expect(error.code).toBe('UPSTREAM_FAILED');
    expect(error.message).toMatch(/cookie-consent page .*without the consent value.*no consent cookie could be made/);
    expect(error.hint).toMatch(/proxy outside the EU.*panelnotes import <file> --video GJLlxj_dtq8/);
    expect(yt.calls.every((c) => c.headers.cookie === undefined)).toBe(true);
    expect(yt.count('watch')).toBe(1);
  });

  it('shown again after the cookie was sent: asked once more only, then a clear error', async () => {
    const yt = fakeYouTube({ player: status(403, 'Forbidden'), watch: CONSENT() });

    const error = await rejection(fetchFromYouTube('GJLlxj_dtq8', options(yt)));

    expect(error.message).toMatch(/cookie-consent page again after panelnotes accepted it/);
    expect(cookies(yt)).toEqual(['player:-', 'watch:-', `watch:${COOKIE}`]);
  });
});
