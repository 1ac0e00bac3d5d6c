import { copyFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../server/cli/program.js';
import { SAMPLE_DIR } from '../server/config.js';
import { loadLibrary, loadTranscript } from '../server/library.js';
import type { FetchLike } from '../server/youtube/types.js';
import { fakeYouTube, ok, status, watchPageFor, workingYouTubeFor, youtubeFixture, youTubeOf, type FakeYouTube } from './support/fakeYouTube.js';

/**
 * Many talks at once (`panelnotes fetch` of a list): paced, slowing down on 429, a line per
 * talk with what it got or why not, a summary, exit codes by how many made it, and a batch
 * interrupted half-way that the same command finishes.
 */
const [ONE, TWO, THREE, FOUR, FIVE] = ['kvmTalk0001', 'kvmTalk0002', 'kvmTalk0003', 'kvmTalk0004', 'kvmTalk0005'] as const;
const newLibrary = (): Promise<string> => mkdtemp(join(tmpdir(), 'panelnotes-batch-'));

/** A video YouTube answers with a player response of ours (bot check, no captions). */
const answering = (player: string): FakeYouTube =>
  fakeYouTube({ player: ok(youtubeFixture(player), 'application/json'), watch: ok(watchPageFor(youtubeFixture(player)), 'text/html') });
const blocked = (): FakeYouTube => answering('player-bot-check.json');
const captionsOff = (): FakeYouTube => answering('player-no-captions.json');

async function cli(argv: string[], fetch: FetchLike, more: { signal?: AbortSignal; waits?: number[] } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    env: {},
    fetch,
    sleep: async (ms) => void more.waits?.push(ms),
    ...(more.signal ? { signal: more.signal } : {}),
  });
  return { code, out, err: err.join('\n') };
}

describe('a batch of five talks: one blocked, one with captions disabled, three that work', () => {
  it('is interrupted after the third, then finished by the same command, which skips what is there', async () => {
    const library = await newLibrary();
    const list = join(library, 'talks.txt');
    await writeFile(list, `# KVM Forum 2016\n${ONE}\nhttps://www.youtube.com/watch?v=${TWO}\n\nhttps://youtu.be/${THREE}\n${FOUR}  # no captions\n${FIVE}\n`);
    const interrupt = new AbortController();
    const youtube = youTubeOf({
      [ONE]: workingYouTubeFor(ONE),
      [TWO]: blocked(),
      [THREE]: workingYouTubeFor(THREE),
      [FOUR]: captionsOff(),
      [FIVE]: workingYouTubeFor(FIVE),
    });
    const interruptingAtThree: FetchLike = (input, init) => {
      if (youtube.asked.length === 2 && typeof init?.body === 'string' && init.body.includes(THREE)) interrupt.abort(); // Ctrl-C while the third is fetched
      return youtube.fetch(input, init);
    };
    const waits: number[] = [];

    const first = await cli(['fetch', '--from', list, '--library', library], interruptingAtThree, { signal: interrupt.signal, waits });

    expect(first.code).toBe(130);
    expect(first.out).toEqual([
      expect.stringMatching(/^\[1\/5\] kvmTalk0001 fetched ".+": en, manual, \d+ segments$/),
      expect.stringMatching(/^\[2\/5\] kvmTalk0002 failed: YouTube refused this machine: "Sign in to confirm/),
      expect.stringMatching(/^\[3\/5\] kvmTalk0003 fetched ".+": en, manual, \d+ segments$/),
      '5 talk(s): 2 fetched, 0 already there, 1 failed (1 refused by YouTube), 2 not tried',
    ]);
    expect(first.err).toMatch(/hint: fetch through a proxy \(--proxy URL or HTTPS_PROXY\), or import a caption file/);
    expect(first.err).toContain('run the same command again to go on');
    expect(waits).toEqual([2000, 2000]); // paced: a pause before each talk after the first
    expect(youtube.asked).toEqual([ONE, TWO, THREE]);
    expect((await loadLibrary(library)).videos.map((v) => v.videoId).sort()).toEqual([ONE, THREE]);

    const second = await cli(['fetch', '--from', list, '--library', library], youtube.fetch);

    expect(second.code).toBe(20);
    expect(second.out).toEqual([
      expect.stringMatching(/^\[1\/5\] kvmTalk0001 skipped: already in the library \(youtube \(manual\), \d{4}-\d\d-\d\d\)$/),
      expect.stringMatching(/^\[2\/5\] kvmTalk0002 failed: YouTube refused this machine/),
      expect.stringMatching(/^\[3\/5\] kvmTalk0003 skipped: already in the library/),
      expect.stringMatching(/^\[4\/5\] kvmTalk0004 failed: video kvmTalk0004 has no captions YouTube will serve/),
      expect.stringMatching(/^\[5\/5\] kvmTalk0005 fetched /),
      '5 talk(s): 1 fetched, 2 already there, 2 failed (1 refused by YouTube, 1 captions disabled)',
    ]);
    expect(youtube.asked).toEqual([ONE, TWO, THREE, TWO, FOUR, FIVE]); // one and three were not asked again
    expect((await loadLibrary(library)).videos.map((v) => v.videoId).sort()).toEqual([ONE, THREE, FIVE]);

    const refreshed = await cli(['fetch', ONE, THREE, '--refresh', '--library', library], youtube.fetch);
    expect(refreshed.code).toBe(0);
    expect(youtube.asked.slice(-2)).toEqual([ONE, THREE]);
  });
});

describe('pacing and exit codes', () => {
  it('waits longer and longer when YouTube answers 429, then gets the talk', async () => {
    const library = await newLibrary();
    const slow = fakeYouTube({
      player: [status(429), status(429), ok(youtubeFixture('player-ok.json').replaceAll('S6Sjj6OtyvY', ONE), 'application/json')],
      watch: status(429, youtubeFixture('watch-captcha.html')),
      timedtext: ok(youtubeFixture('timedtext-srv1.xml'), 'text/xml'),
    });
    const waits: number[] = [];

    const run = await cli(['fetch', ONE, TWO, '--library', library], youTubeOf({ [ONE]: slow, [TWO]: workingYouTubeFor(TWO) }).fetch, { waits });

    expect(run.code).toBe(0);
    expect(waits).toEqual([60_000, 120_000, 2000]);
    expect(run.out).toContain('  YouTube answered 429 (too many requests): waiting 60 s before asking again');
    expect(run.out.at(-1)).toBe('2 talk(s): 2 fetched, 0 already there, 0 failed');
  });

  it('stops after three refusals in a row rather than asking on, and exits 21 when none made it', async () => {
    const library = await newLibrary();
    const youtube = youTubeOf({ [ONE]: blocked(), [TWO]: blocked(), [THREE]: blocked(), [FOUR]: workingYouTubeFor(FOUR) });

    const run = await cli(['fetch', ONE, TWO, THREE, FOUR, '--library', library], youtube.fetch);

    expect(run.code).toBe(21);
    expect(youtube.asked).toEqual([ONE, TWO, THREE]);
    expect(run.out.at(-1)).toBe('4 talk(s): 0 fetched, 0 already there, 3 failed (3 refused by YouTube), 1 not tried');
    expect(run.err).toMatch(/^stopped: YouTube refused/m);
  });

  it('a shipped sample is not "already there": it is fetched, and replaced', async () => {
    const library = await newLibrary();
    await copyFile(join(SAMPLE_DIR, 'S6Sjj6OtyvY.json'), join(library, 'S6Sjj6OtyvY.json'));
    const run = await cli(
      ['fetch', 'S6Sjj6OtyvY', ONE, '--library', library],
      youTubeOf({ S6Sjj6OtyvY: workingYouTubeFor('S6Sjj6OtyvY'), [ONE]: workingYouTubeFor(ONE) }).fetch,
    );
    expect(run.code).toBe(0);
    expect((await loadTranscript(library, 'S6Sjj6OtyvY')).source).toBe('youtube');
  });

  it('one talk already there: said, not fetched, exit 0', async () => {
    const library = await newLibrary();
    const youtube = youTubeOf({ [ONE]: workingYouTubeFor(ONE) });
    expect((await cli(['fetch', ONE, '--library', library], youtube.fetch)).code).toBe(0);
    const again = await cli(['fetch', ONE, '--library', library], youtube.fetch);
    expect(again.code).toBe(0);
    expect(again.out[0]).toMatch(/^kvmTalk0001 is already in the library \(".+", fetched \d{4}-\d\d-\d\d\); --refresh fetches it again$/);
    expect(youtube.asked).toEqual([ONE]);
  });

  it.each([
    [['fetch'], /nothing to fetch/],
    [['fetch', '--from', 'talks.txt'], /talks\.txt, line 2: not a YouTube video: "not a video"/],
    [['fetch', '--playlist-json', 'talks.txt'], /talks\.txt is not a playlist listed by yt-dlp.*yt-dlp --flat-playlist -J/],
    [['fetch', ONE, '--delay', 'soon'], /--delay must be a number of seconds/],
  ])('%j: exit 2 before anything is fetched', async (argv, message) => {
    const library = await newLibrary();
    await writeFile(join(library, 'talks.txt'), `${ONE}\nnot a video\n`);
    const youtube = youTubeOf({});
    const run = await cli(
      argv.map((a) => (a === 'talks.txt' ? join(library, a) : a)),
      youtube.fetch,
    );
    expect(run.code).toBe(2);
    expect(run.err).toMatch(message);
    expect(youtube.asked).toEqual([]);
  });
});
