import { parseVideoId } from '../server/videoId.js';
import { fetchFromYouTube } from '../server/youtube/fetchTranscript.js';
import type { CaptionTrack, FetchOptions } from '../server/youtube/types.js';
import { deadNetwork, fakeYouTube, hang, ok, reset, status, trackKey, watchPageFor, youtubeFixture, type FakeYouTube } from './support/fakeYouTube.js';
import { rejection } from './support/expectations.js';

const VIDEO = 'S6Sjj6OtyvY';
const playerOk = youtubeFixture('player-ok.json');
const watchOk = youtubeFixture('watch-ok.html');
const srv1 = youtubeFixture('timedtext-srv1.xml');
const srv3 = youtubeFixture('timedtext-srv3.xml');

type Player = { captions: { playerCaptionsTracklistRenderer: { captionTracks: CaptionTrack[] } } };
const okTracks = (): CaptionTrack[] => (JSON.parse(playerOk) as Player).captions.playerCaptionsTracklistRenderer.captionTracks;

/** player-ok.json listing only the tracks `keep` accepts. */
function playerWithTracks(keep: (track: CaptionTrack) => boolean): string {
  const player = JSON.parse(playerOk) as Player;
  player.captions.playerCaptionsTracklistRenderer.captionTracks = okTracks().filter(keep);
  return JSON.stringify(player);
}

/** A YouTube that works: InnerTube answers, every track serves the srv1 fixture. */
function workingYouTube(player = playerOk): FakeYouTube {
  return fakeYouTube({ player: ok(player, 'application/json'), watch: ok(watchOk, 'text/html'), timedtext: ok(srv1, 'text/xml') });
}

/** Fast options: no real pauses between retries, short per-request timeout. */
function quick(yt: FakeYouTube, extra: FetchOptions = {}): FetchOptions {
  return { fetch: yt.fetch, sleep: async () => {}, timeoutMs: 50, ...extra };
}

/** The tracks (`lang/kind`) whose captions were downloaded. */
const fetchedTracks = (yt: FakeYouTube): string[] => yt.calls.filter((c) => c.endpoint === 'timedtext').map((c) => trackKey(c.url));

describe('fetchFromYouTube: success through InnerTube', () => {
  it('takes the English track a person wrote, though the automatic one is listed first', async () => {
    const kinds = okTracks().map((t) => `${t.languageCode}/${t.kind ?? 'manual'}`);
    expect(kinds.indexOf('en/asr')).toBeLessThan(kinds.indexOf('en/manual'));
    const yt = workingYouTube();

    const result = await fetchFromYouTube(VIDEO, quick(yt));

    expect(result).toMatchObject({ videoId: VIDEO, language: 'en', captionKind: 'manual' });
    expect(fetchedTracks(yt)).toEqual(['en']);
    expect(yt.calls.map((c) => c.endpoint)).toEqual(['player', 'timedtext']);
    expect(yt.calls[0]?.method).toBe('POST');
  });

  it('records the title and the video metadata', async () => {
    const result = await fetchFromYouTube(VIDEO, quick(workingYouTube()));

    expect(result.title).toBe('Panel: The Future of Captions');
    expect(result.metadata).toEqual({
      channel: 'Caption Conference',
      description: 'Four panelists on captions, transcripts and search.\nRecorded live.',
      lengthSeconds: 3725,
    });
  });

  it('gives segments in seconds, sorted, with entities decoded (also the double-escaped apostrophe)', async () => {
    const { segments } = await fetchFromYouTube(VIDEO, quick(workingYouTube()));

    expect(segments).toEqual([
      { start: 0, duration: 1.5, text: 'Welcome to the panel on captions' },
      { start: 1.5, duration: 3, text: 'Q&A comes later' },
      { start: 4.5, duration: 2.25, text: "and that's our first speaker" },
    ]);
  });

  it('reads an srv3 body in seconds, not milliseconds, and keeps the word times', async () => {
    const yt = fakeYouTube({ player: ok(playerOk), timedtext: ok(srv3, 'text/xml') });

    const { segments } = await fetchFromYouTube(VIDEO, quick(yt));

    expect(segments).toEqual([
      {
        start: 1,
        duration: 2.5,
        text: 'hello world',
        words: [
          { start: 1, text: 'hello' },
          { start: 1.4, text: 'world' },
        ],
      },
      {
        start: 3.5,
        duration: 1.2,
        text: "it's the panel",
        words: [
          { start: 3.5, text: "it's" },
          { start: 3.8, text: 'the' },
          { start: 4.1, text: 'panel' },
        ],
      },
    ]);
  });

  it.each([
    ['de', 'de', 'de'],
    ['en-GB', 'en-GB', 'en-GB'],
    ['EN-gb', 'en-GB', 'en-GB'],
  ])('lang %p fetches the %p track', async (lang, language, track) => {
    const yt = workingYouTube();

    const result = await fetchFromYouTube(VIDEO, quick(yt, { lang }));

    expect(result).toMatchObject({ language, captionKind: 'manual' });
    expect(fetchedTracks(yt)).toEqual([track]);
  });

  it("lang 'en' takes a regional English track when there is no plain one", async () => {
    const yt = workingYouTube(playerWithTracks((t) => t.languageCode !== 'en'));

    const result = await fetchFromYouTube(VIDEO, quick(yt, { lang: 'en' }));

    expect(result.language).toBe('en-GB');
    expect(fetchedTracks(yt)).toEqual(['en-GB']);
  });

  it('without lang and without any English, takes the first track listed', async () => {
    const yt = workingYouTube(playerWithTracks((t) => !t.languageCode.startsWith('en')));

    const result = await fetchFromYouTube(VIDEO, quick(yt));

    expect(result).toMatchObject({ language: 'de', captionKind: 'manual' });
  });

  it('falls back to the watch page when InnerTube answers 400, and still prefers the manual track', async () => {
    const yt = fakeYouTube({ player: status(400), watch: ok(watchOk, 'text/html'), timedtext: ok(srv1, 'text/xml') });

    const result = await fetchFromYouTube(VIDEO, quick(yt));

    expect(yt.calls.map((c) => c.endpoint)).toEqual(['player', 'watch', 'timedtext']);
    expect(fetchedTracks(yt)).toEqual(['en']);
    expect(result).toMatchObject({ language: 'en', captionKind: 'manual', title: 'Panel: The Future of Captions' });
    expect(result.metadata).toMatchObject({ channel: 'Caption Conference', published: '2016-09-01', lengthSeconds: 3725 });
    expect(result.segments).toHaveLength(3);
  });

  it('sends YouTube the id read from a URL', async () => {
    const yt = workingYouTube();

    const result = await fetchFromYouTube(`https://youtu.be/${VIDEO}?t=42`, quick(yt));

    expect(result.videoId).toBe(VIDEO);
    expect(JSON.parse(yt.calls[0]?.body ?? '{}')).toMatchObject({ videoId: VIDEO });
  });
});

describe('fetchFromYouTube: what YouTube refuses', () => {
  /** YouTube answering every request for the player and the watch page with this player response. */
  const answering = (player: string): FakeYouTube => fakeYouTube({ player: ok(player), watch: ok(watchPageFor(player), 'text/html') });
  const captcha = youtubeFixture('watch-captcha.html');
  const importHint = `panelnotes import <file> --video ${VIDEO}`;

  interface Refusal {
    youtube: () => FakeYouTube;
    lang?: string;
    code: string;
    exitCode: number;
    /** Each text the message contains, or pattern it matches. */
    message: (string | RegExp)[];
    hint?: string | RegExp;
    /** Requests made to each endpoint: a refusal is not retried, and no captions are asked for in vain. */
    calls?: Partial<Record<'player' | 'watch' | 'timedtext', number>>;
  }

  it.each<[string, Refusal]>([
    [
      'a language the video lacks, listing the languages it has',
      {
        youtube: () => workingYouTube(),
        lang: 'fr',
        code: 'LANGUAGE_UNAVAILABLE',
        exitCode: 14,
        message: ['"fr"', ...new Set(okTracks().map((t) => t.languageCode))],
        hint: '--lang ',
        calls: { timedtext: 0 },
      },
    ],
    [
      'captions disabled, saying YouTube may have refused this machine',
      {
        youtube: () => answering(youtubeFixture('player-no-captions.json')),
        code: 'CAPTIONS_DISABLED',
        exitCode: 13,
        message: [VIDEO, /refused this machine/],
        hint: importHint,
        calls: { player: 1 },
      },
    ],
    [
      "a bot check ('Sign in to confirm you're not a bot')",
      {
        youtube: () => answering(youtubeFixture('player-bot-check.json')),
        code: 'RATE_LIMITED',
        exitCode: 11,
        message: ["confirm you're not a bot"],
        hint: 'panelnotes import',
        calls: { player: 1 },
      },
    ],
    [
      'a captcha page instead of the watch page',
      {
        youtube: () => fakeYouTube({ player: status(400), watch: ok(captcha, 'text/html') }),
        code: 'RATE_LIMITED',
        exitCode: 11,
        message: [/too many requests/],
        hint: /^wait an hour .*panelnotes import/,
        calls: { player: 1 },
      },
    ],
    [
      'HTTP 429 with a captcha page',
      {
        youtube: () => fakeYouTube({ player: status(429), watch: status(429, captcha) }),
        code: 'RATE_LIMITED',
        exitCode: 11,
        message: [/too many requests/],
        hint: /^wait an hour .*panelnotes import/,
        calls: { player: 1 },
      },
    ],
    [
      'HTTP 429 with an empty body',
      {
        youtube: () => fakeYouTube({ player: status(429), watch: status(429) }),
        code: 'RATE_LIMITED',
        exitCode: 11,
        message: [/too many requests/],
        hint: /^wait an hour .*panelnotes import/,
        calls: { player: 1 },
      },
    ],
    [
      "an unavailable video, with YouTube's reason",
      {
        youtube: () => answering(youtubeFixture('player-unavailable.json')),
        code: 'VIDEO_UNAVAILABLE',
        exitCode: 12,
        message: [VIDEO, 'This video is unavailable'],
        calls: { player: 1 },
      },
    ],
    [
      'an age-restricted video, saying it needs signing in',
      {
        youtube: () => answering(youtubeFixture('player-age.json')),
        code: 'VIDEO_UNAVAILABLE',
        exitCode: 12,
        message: [/signed-in YouTube account/, 'Sign in to confirm your age'],
      },
    ],
    [
      'a transcript with no words',
      {
        youtube: () => fakeYouTube({ player: ok(playerOk), timedtext: ok(youtubeFixture('timedtext-empty.xml'), 'text/xml') }),
        code: 'TRANSCRIPT_EMPTY',
        exitCode: 15,
        message: [new RegExp(`^YouTube returned an empty transcript for ${VIDEO}$`)],
        hint: importHint,
      },
    ],
  ])('%s', async (_case, refusal) => {
    const yt = refusal.youtube();

    const error = await rejection(fetchFromYouTube(VIDEO, quick(yt, refusal.lang ? { lang: refusal.lang } : {})));

    expect(error).toMatchObject({ code: refusal.code, exitCode: refusal.exitCode });
    for (const part of refusal.message) {
      if (typeof part === 'string') expect(error.message).toContain(part);
      else expect(error.message).toMatch(part);
    }
    if (typeof refusal.hint === 'string') expect(error.hint).toContain(refusal.hint);
    else if (refusal.hint) expect(error.hint).toMatch(refusal.hint);
    for (const [endpoint, count] of Object.entries(refusal.calls ?? {})) expect([endpoint, yt.count(endpoint as 'player')]).toEqual([endpoint, count]);
  });
});

describe('fetchFromYouTube: retries, network, time', () => {
  /** Options that record each pause instead of sleeping. */
  function recordingPauses(yt: FakeYouTube, extra: FetchOptions = {}): { options: FetchOptions; pauses: number[] } {
    const pauses: number[] = [];
    return { options: { ...quick(yt, extra), sleep: async (ms) => void pauses.push(ms) }, pauses };
  }

  it('503, 503, then 200: retried after doubling pauses, and succeeds', async () => {
    const yt = fakeYouTube({ player: [status(503), status(503), ok(playerOk)], watch: status(503), timedtext: ok(srv1) });
    const { options, pauses } = recordingPauses(yt, { backoffMs: 100 });

    const result = await fetchFromYouTube(VIDEO, options);

    expect(result.segments).toHaveLength(3);
    expect(yt.count('player')).toBe(3);
    expect(yt.count('timedtext')).toBe(1);
    expect(pauses).toEqual([100, 200]);
  });

  it.each([0, 1, 3])('503 forever with retries=%p: UPSTREAM_FAILED after retries+1 attempts', async (retries) => {
    const yt = fakeYouTube({ player: status(503), watch: status(503) });
    const { options, pauses } = recordingPauses(yt, { retries, backoffMs: 100 });

    const error = await rejection(fetchFromYouTube(VIDEO, options));

    expect(error).toMatchObject({ code: 'UPSTREAM_FAILED', exitCode: 16 });
    expect(error.message).toContain('HTTP 503');
    expect(error.hint).toContain('panelnotes import');
    expect(yt.count('player')).toBe(retries + 1);
    expect(pauses).toEqual(Array.from({ length: retries }, (_, i) => 100 * 2 ** i));
  });

  it('a broken connection is retried like a server error', async () => {
    const yt = fakeYouTube({ player: reset, watch: reset });
    const { options, pauses } = recordingPauses(yt, { retries: 2, backoffMs: 10 });

    const error = await rejection(fetchFromYouTube(VIDEO, options));

    expect(error).toMatchObject({ code: 'UPSTREAM_FAILED' });
    expect(error.message).toMatch(/connection to YouTube broke \(ECONNRESET\)/);
    expect(yt.count('player')).toBe(3);
    expect(pauses).toEqual([10, 20]);
  });

  it('a dead network: NETWORK_DOWN after the first failed request, with the import hint, and no retry', async () => {
    const yt = fakeYouTube({ player: deadNetwork, watch: deadNetwork, timedtext: deadNetwork });
    const { options, pauses } = recordingPauses(yt);

    const error = await rejection(fetchFromYouTube(VIDEO, options));

    expect(error).toMatchObject({ code: 'NETWORK_DOWN', exitCode: 10 });
    expect(error.message).toMatch(/ENOTFOUND.*offline/);
    expect(error.hint).toContain(`panelnotes import <file> --video ${VIDEO}`);
    expect(pauses).toEqual([]);
    // The package would go on to the watch page; a network seen dead is not asked again.
    expect(yt.count()).toBe(1);
  });

  it('a dead network gives up well within 10 s with the default options', async () => {
    const yt = fakeYouTube({ player: deadNetwork, watch: deadNetwork, timedtext: deadNetwork });
    const started = Date.now();

    const error = await rejection(fetchFromYouTube(VIDEO, { fetch: yt.fetch }));

    expect(error.code).toBe('NETWORK_DOWN');
    // Even one default backoff (1 s, then 2 s) would break this bound.
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('a server that never answers: UPSTREAM_FAILED saying it did not answer, after the timeout', async () => {
    const yt = fakeYouTube({ player: hang, watch: hang, timedtext: hang });

    const error = await rejection(fetchFromYouTube(VIDEO, quick(yt, { timeoutMs: 30, retries: 1 })));

    expect(error).toMatchObject({ code: 'UPSTREAM_FAILED', exitCode: 16 });
    expect(error.message).toBe('YouTube did not answer within 0.03 s');
    expect(yt.count('player')).toBe(2);
  });
});

describe('video ids', () => {
  it.each(['not-a-video', `https://example.com/watch?v=${VIDEO}`, '', `https://www.youtube.com/watch?v=${VIDEO.slice(1)}`])(
    'refuses %p with INVALID_VIDEO_ID before any request',
    async (input) => {
      const yt = workingYouTube();

      const error = await rejection(fetchFromYouTube(input, quick(yt)));

      expect(error).toMatchObject({ code: 'INVALID_VIDEO_ID', exitCode: 2 });
      expect(error.message).toContain(`"${input}"`);
      expect(yt.count()).toBe(0);
    },
  );

  it.each([
    VIDEO,
    ` ${VIDEO}\n`,
    `https://www.youtube.com/watch?v=${VIDEO}`,
    `https://www.youtube.com/watch?v=${VIDEO}&t=42s&list=PLx`,
    `https://www.youtube.com/watch?feature=share&v=${VIDEO}`,
    `https://youtu.be/${VIDEO}`,
    `https://youtu.be/${VIDEO}?t=42`,
    `https://www.youtube.com/embed/${VIDEO}?start=3`,
    `https://www.youtube-nocookie.com/embed/${VIDEO}`,
    `https://www.youtube.com/shorts/${VIDEO}`,
    `https://www.youtube.com/live/${VIDEO}?si=abc`,
    `https://m.youtube.com/watch?v=${VIDEO}`,
    `youtube.com/watch?v=${VIDEO}`,
    `youtu.be/${VIDEO}`,
    `http://youtube.com/v/${VIDEO}`,
  ])('reads the id from %p', (input) => {
    expect(parseVideoId(input)).toBe(VIDEO);
  });
});

describe('watch-page fallback with odd text', () => {
  // The adapter re-serialises the watch page's player response for youtube-transcript, whose
  // inline-JSON reader counts braces without minding strings: one unbalanced brace in any string
  // (here the description) would cut the JSON short and hide the captions.
  it('watch-page fallback: a brace inside the description does not hide the captions', async () => {
    const player = JSON.parse(playerOk) as Record<string, unknown> & { videoDetails: Record<string, unknown> };
    player.videoDetails.shortDescription = 'Slides: see the links below :-}';
    const yt = fakeYouTube({ player: status(400), watch: ok(watchPageFor(player), 'text/html'), timedtext: ok(srv1) });

    const result = await fetchFromYouTube(VIDEO, quick(yt));

    expect(result.segments).toHaveLength(3);
  });
});
