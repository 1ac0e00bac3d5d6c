import { readFileSync } from 'node:fs';
import { type ErrorCode } from '../server/errors.js';
import { fetchFromYouTube } from '../server/youtube/fetchTranscript.js';
import type { CaptionTrack } from '../server/youtube/types.js';
import { fakeYouTube, ok, status, trackKey, watchPageFor, type Answer, type Endpoint, type FakeYouTube } from './support/fakeYouTube.js';
import { describeConformance, shared } from './support/sharedFixtures.js';
import { rejection } from './support/expectations.js';

/**
 * Replays the real YouTube responses recorded by other projects (see ../shared/fixtures/SOURCES.md,
 * section youtube/) through the adapter, read in place. Where a flow needs a watch page that
 * nobody recorded, the page is the recorded player response wrapped as YouTube embeds it.
 */
const recorded = (path: string): string => readFileSync(shared('youtube', path), 'utf8');
const replay = (path: string, contentType = 'text/plain'): Answer => ok(recorded(path), contentType);
const embedded = (path: string): Answer => ok(watchPageFor(recorded(path)), 'text/html');

const API = 'youtube-transcript-api';
const INNERTUBE_OK = `${API}/youtube.innertube.json.static`;
const TRANSCRIPT = `${API}/transcript.xml.static`;

type Player = { videoDetails?: { title?: string }; captions?: { playerCaptionsTracklistRenderer?: { captionTracks?: CaptionTrack[] } } };
const playerAt = (path: string): Player => JSON.parse(recorded(path)) as Player;
const tracksOf = (player: Player): CaptionTrack[] => player.captions?.playerCaptionsTracklistRenderer?.captionTracks ?? [];

const options = (yt: FakeYouTube) => ({ fetch: yt.fetch, sleep: async () => {}, timeoutMs: 200 });
const timedtextUrls = (yt: FakeYouTube): string[] => yt.calls.filter((c) => c.endpoint === 'timedtext').map((c) => c.url.href);

describeConformance('YouTube adapter replaying recorded responses', () => {
  describe('success', () => {
    it.each([
      ['9 tracks, English manual listed before English asr', 'GJLlxj_dtq8', INNERTUBE_OK],
      ['the same video fetched with another User-Agent', 'GJLlxj_dtq8', `${API}/youtube_altered_user_agent.innertube.json.static`],
      ['two English tracks, manual and asr', 'F1xioXWb8CY', `${API}/youtube_ww1_nl_en.innertube.json.static`],
    ])('InnerTube, %s: fetches the English manual track', async (_case, videoId, playerPath) => {
      const player = playerAt(playerPath);
      const manualEnglish = tracksOf(player).find((t) => t.languageCode === 'en' && t.kind !== 'asr');
      expect(manualEnglish).toBeDefined();
      const yt = fakeYouTube({ player: replay(playerPath, 'application/json'), timedtext: replay(TRANSCRIPT, 'text/xml') });

      const result = await fetchFromYouTube(videoId, options(yt));

      expect(result).toMatchObject({ videoId, language: 'en', captionKind: 'manual', title: player.videoDetails?.title });
      expect(timedtextUrls(yt)).toEqual([manualEnglish?.baseUrl]);
      expect(yt.count('watch')).toBe(0);
      // transcript.xml.static: an escaped <i> tag, an empty <text>, fractional seconds.
      expect(result.segments).toEqual([
        { start: 0, duration: 1.54, text: 'Hey, this is just a test' },
        { start: 1.54, duration: 4.16, text: 'this is not the original transcript' },
        { start: 5.7, duration: 3.239, text: 'just something shorter, I made up for testing' },
      ]);
    });

    it('a real ASR track (youtube-transcript-dart): double-escaped apostrophes decoded, segments sorted and apart', async () => {
      const xml = recorded('youtube-transcript-dart/transcript.xml');
      expect(xml).toContain('&amp;#39;');
      const yt = fakeYouTube({
        player: replay('youtube-transcript-dart/innertube_response.json', 'application/json'),
        timedtext: ok(xml, 'text/xml'),
      });

      const { language, captionKind, segments } = await fetchFromYouTube('eF8Qqp7rjDg', options(yt));

      expect({ language, captionKind }).toEqual({ language: 'en', captionKind: 'asr' });
      expect(segments.length).toBeGreaterThan(100);
      const text = segments.map((s) => s.text).join('\n');
      expect(text).not.toMatch(/&#39;|&amp;|&quot;/);
      expect(text).toContain("what's new");
      segments.slice(1).forEach((segment, i) => {
        const previous = segments[i]!;
        expect(segment.start).toBeGreaterThan(previous.start);
        expect(previous.start + previous.duration).toBeLessThanOrEqual(segment.start + 1e-9);
      });
    });

    it.each([
      ['answers 500', status(500, 'Internal Server Error')],
      ['answers 200 with a body that is not JSON', ok('<html><body>Sorry</body></html>', 'text/html')],
    ])('when InnerTube %s, the recorded watch page is used instead', async (_case, innertube) => {
      const yt = fakeYouTube({
        player: innertube,
        watch: replay(`${API}/youtube.html.static`, 'text/html'),
        timedtext: replay(TRANSCRIPT, 'text/xml'),
      });

      const result = await fetchFromYouTube('GJLlxj_dtq8', options(yt));

      expect(yt.calls.map((c) => c.endpoint)).toEqual(['player', 'watch', 'timedtext']);
      expect(yt.calls.filter((c) => c.endpoint === 'timedtext').map((c) => trackKey(c.url))).toEqual(['en']);
      expect(result).toMatchObject({ language: 'en', captionKind: 'manual', title: 'Surface Go Review - It’s Awesome' });
      expect(result.metadata.channel).toBe('Dave2D');
      expect(result.segments).toHaveLength(3);
    });
  });

  describe('failures', () => {
    /** InnerTube refusing, so the package turns to the watch page. */
    const INNERTUBE_403 = status(403, 'Forbidden');
    const cases: [string, string, Partial<Record<Endpoint, Answer>>, ErrorCode, RegExp[]][] = [
      [
        'captions disabled (InnerTube, then the legacy watch page)',
        'dsMFmonKDD4',
        {
          player: replay(`${API}/youtube_transcripts_disabled.innertube.json.static`),
          watch: replay('youtube-transcript-api-legacy-html/youtube_transcripts_disabled.html.static'),
        },
        'CAPTIONS_DISABLED',
        [/no captions YouTube will serve/, /refused this machine/],
      ],
      [
        'captions disabled (second recording)',
        'Fjg5lYqvzUs',
        {
          player: replay(`${API}/youtube_transcripts_disabled2.innertube.json.static`),
          watch: embedded(`${API}/youtube_transcripts_disabled2.innertube.json.static`),
        },
        'CAPTIONS_DISABLED',
        [/refused this machine/],
      ],
      [
        'captions disabled (legacy watch page only)',
        'dsMFmonKDD4',
        { player: INNERTUBE_403, watch: replay('youtube-transcript-api-legacy-html/youtube_transcripts_disabled.html.static') },
        'CAPTIONS_DISABLED',
        [/refused this machine/],
      ],
      [
        'age-restricted (InnerTube, then the legacy watch page)',
        'Njp5uhTorCo',
        {
          player: replay(`${API}/youtube_age_restricted.innertube.json.static`),
          watch: replay('youtube-transcript-api-legacy-html/youtube_age_restricted.html.static'),
        },
        'VIDEO_UNAVAILABLE',
        [/signed-in YouTube account/, /inappropriate for some users/],
      ],
      [
        'age-restricted (InnerTube only)',
        'Njp5uhTorCo',
        { player: replay(`${API}/youtube_age_restricted.innertube.json.static`), watch: status(404) },
        'VIDEO_UNAVAILABLE',
        [/signed-in YouTube account/, /inappropriate for some users/],
      ],
      [
        'bot check ("Sign in to confirm you’re not a bot")',
        'GJLlxj_dtq8',
        {
          player: replay(`${API}/youtube_request_blocked.innertube.json.static`),
          watch: embedded(`${API}/youtube_request_blocked.innertube.json.static`),
        },
        'RATE_LIMITED',
        [/YouTube refused this machine/, /not a bot/],
      ],
      [
        'video unavailable',
        'GJLlxj_dtq8',
        {
          player: replay(`${API}/youtube_video_unavailable.innertube.json.static`),
          watch: embedded(`${API}/youtube_video_unavailable.innertube.json.static`),
        },
        'VIDEO_UNAVAILABLE',
        [/not available/, /This video is unavailable/],
      ],
      [
        'unplayable, with a reason and sub-reasons',
        'GJLlxj_dtq8',
        {
          player: replay(`${API}/youtube_unplayable.innertube.json.static`),
          watch: embedded(`${API}/youtube_unplayable.innertube.json.static`),
        },
        'VIDEO_UNAVAILABLE',
        [/Custom Reason/, /Sub Reason 1/, /Sub Reason 2/],
      ],
      [
        'too many requests (HTTP 429 and a reCAPTCHA page)',
        'GJLlxj_dtq8',
        { player: status(429), watch: status(429, recorded(`${API}/youtube_too_many_requests.html.static`)) },
        'RATE_LIMITED',
        [/too many requests/],
      ],
      [
        'too many requests (a reCAPTCHA page served as 200)',
        'GJLlxj_dtq8',
        { player: INNERTUBE_403, watch: replay(`${API}/youtube_too_many_requests.html.static`) },
        'RATE_LIMITED',
        [/too many requests/],
      ],
      // The cookie-consent pages: youtube.consent.test.ts, through both of the package's paths.
      [
        'a 2019 watch page whose captions JSON is broken (youtube-transcript-api-java)',
        'GJLlxj_dtq8',
        { player: INNERTUBE_403, watch: replay('youtube-transcript-api-java/youtube_malformed_captions_json.html.static') },
        'VIDEO_UNAVAILABLE',
        [/GJLlxj_dtq8/],
      ],
    ];

    it.each(cases)('%s', async (_case, videoId, routes, code, messages) => {
      const yt = fakeYouTube(routes);

      const error = await rejection(fetchFromYouTube(videoId, options(yt)));

      expect(error.code).toBe(code);
      for (const pattern of messages) expect(error.message).toMatch(pattern);
      expect(error.message).not.toContain('[YoutubeTranscript]');
      expect(yt.count('player')).toBe(1);
      expect(yt.count('timedtext')).toBe(0);
    });

    it('a track that needs a PO token, answered with an empty body: TRANSCRIPT_EMPTY naming the token', async () => {
      const playerPath = `${API}/youtube_po_token_required.innertube.json.static`;
      const english = tracksOf(playerAt(playerPath)).find((t) => t.languageCode === 'en' && t.kind !== 'asr');
      expect(english?.baseUrl).toContain('exp=xpe');
      const yt = fakeYouTube({ player: replay(playerPath, 'application/json'), timedtext: ok('', 'text/xml') });

      const error = await rejection(fetchFromYouTube('GJLlxj_dtq8', options(yt)));

      expect(error).toMatchObject({ code: 'TRANSCRIPT_EMPTY', exitCode: 15 });
      expect(error.message).toMatch(/proof-of-origin token/);
      expect(error.hint).toContain('panelnotes import <file> --video GJLlxj_dtq8');
      expect(timedtextUrls(yt)).toEqual([english?.baseUrl]);
    });
  });
});
