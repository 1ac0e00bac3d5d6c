import { readFileSync } from 'node:fs';
import { mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../server/cli/program.js';
import { loadLibrary, loadTranscript } from '../server/library.js';
import { parseInfoJson } from '../server/ytdlp/info.js';
import { idFromBase, parseCaptionFileName, trackLanguage } from '../server/ytdlp/names.js';
import { parsePlaylistJson } from '../server/ytdlp/playlist.js';
import { chooseTrackFile, type TrackFile } from '../server/ytdlp/tracks.js';
import { workingYouTubeFor, youTubeOf } from './support/fakeYouTube.js';
import { describeConformance, fixture, shared } from './support/sharedFixtures.js';

/**
 * What yt-dlp writes, imported: a caption file with its info.json beside it, a folder of a
 * playlist's captions (the best English track of each video), a playlist listing. Our own
 * files in yt-dlp's formats are in tests/fixtures/ytdlp/ (see its README); the real
 * youtube-dl files of ../shared/fixtures/webvtt/ are read in place.
 */
const FOLDER = fixture('ytdlp', 'kvm-forum-2016');
const inFolder = (name: string): string => join(FOLDER, name);
const newLibrary = (): Promise<string> => mkdtemp(join(tmpdir(), 'panelnotes-ytdlp-'));

async function cli(argv: string[], fetch?: typeof globalThis.fetch): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t), env: {}, sleep: async () => undefined, ...(fetch ? { fetch } : {}) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('yt-dlp names', () => {
  it.each([
    ['Talk [kvmTalk0001].en.vtt', { base: 'Talk [kvmTalk0001]', lang: 'en', ext: 'vtt' }],
    ['Talk [kvmTalk0001].en-orig.vtt', { base: 'Talk [kvmTalk0001]', lang: 'en-orig', ext: 'vtt' }],
    ['A. B. Talk [kvmTalk0001].pt-BR.srt', { base: 'A. B. Talk [kvmTalk0001]', lang: 'pt-BR', ext: 'srt' }],
    ['talk.vtt', { base: 'talk', ext: 'vtt' }],
    ['v1.2 final.json3', { base: 'v1.2 final', ext: 'json3' }],
  ])('%s', (name, parts) => {
    expect(parseCaptionFileName(name)).toEqual({ name, ...parts });
  });

  it.each(['Talk [kvmTalk0001].info.json', 'Talk.mp4', 'Talk [kvmTalk0001].live_chat.json', '.vtt'])('%s is no caption file', (name) => {
    expect(parseCaptionFileName(name)).toBeUndefined();
  });

  it.each([
    ['KVM Forum 2016 - Talk [kvmTalk0001]', 'kvmTalk0001'],
    ['kvmTalk0001', 'kvmTalk0001'],
    ['Talk [too-short]', undefined],
    ['Talk', undefined],
  ])('the id in %j is %j', (base, id) => expect(idFromBase(base)).toBe(id));

  it.each([
    ['en-orig', 'en'],
    ['en-US', 'en-US'],
    ['zh-Hans', 'zh-Hans'],
    ['en-nP7-2PuUl7o', 'en'],
    ['DE', 'de'],
  ])('track %s is in language %s', (lang, language) => expect(trackLanguage(lang)).toBe(language));
});

describe('the best track of a video', () => {
  const file = (name: string): TrackFile => ({ ...parseCaptionFileName(name)!, path: name });
  const info = parseInfoJson(readFileSync(inFolder('Talk One [kvmTalk0001].info.json'), 'utf8'));
  const autoOnly = parseInfoJson(readFileSync(inFolder('Talk Two [kvmTalk0002].info.json'), 'utf8'));

  it.each([
    ['a person’s track over YouTube’s automatic one', ['t.en-orig.vtt', 't.en.vtt'], info, 't.en.vtt', 'manual'],
    ['automatic: the original (en-orig) over a possible translation (en)', ['t.en.vtt', 't.en-orig.vtt', 't.de.vtt'], autoOnly, 't.en-orig.vtt', 'asr'],
    ['by name alone: en (a person’s, if there was one) over en-orig (automatic)', ['t.en-orig.vtt', 't.en.vtt'], undefined, 't.en.vtt', 'unknown'],
    ['the exact language over a regional one', ['t.en-GB.vtt', 't.en.vtt'], undefined, 't.en.vtt', 'unknown'],
    ['a regional one when that is all', ['t.de.vtt', 't.en-GB.srt'], undefined, 't.en-GB.srt', 'unknown'],
    ['WebVTT over the other formats of one track', ['t.en.srt', 't.en.json3', 't.en.vtt'], undefined, 't.en.vtt', 'unknown'],
    ['a file with no language when none names one', ['t.vtt'], undefined, 't.vtt', 'unknown'],
  ])('%s', (_rule, names, withInfo, best, kind) => {
    const chosen = chooseTrackFile(names.map(file), 'en', withInfo);
    expect(chosen).toMatchObject({ file: { name: best }, captionKind: kind });
  });

  it('none in the language: says which there are', () => {
    expect(chooseTrackFile([file('t.de.vtt'), file('t.fr.srt')], 'en')).toEqual({ unavailable: ['de', 'fr'] });
  });
});

describe('panelnotes import of yt-dlp files', () => {
  it('a caption file picks up the info.json beside it: the talk complete, linked, and marked as from yt-dlp', async () => {
    const library = await newLibrary();
    const run = await cli(['import', inFolder('Talk One [kvmTalk0001].en.vtt'), '--library', library]);
    expect(run).toMatchObject({ code: 0 });
    expect(run.out).toContain('as kvmTalk0001: 3 segments');

    const record = await loadTranscript(library, 'kvmTalk0001');
    expect(record).toMatchObject({
      title: 'Talk One: Live Migration',
      url: 'https://www.youtube.com/watch?v=kvmTalk0001',
      language: 'en',
      captionKind: 'manual',
      source: 'file',
      provenance: { via: 'yt-dlp', file: 'Talk One [kvmTalk0001].en.vtt', format: 'webvtt', tool: '2025.06.09', retrievedAt: '2025-06-21T01:24:33.000Z' },
      metadata: {
        published: '2016-08-25',
        channel: 'KVM Forum',
        lengthSeconds: 1800,
        playlist: 'KVM Forum 2016',
        chapters: [
          { start: 0, end: 600, title: 'Introduction' },
          { start: 600, end: 1800, title: 'Dirty page tracking' },
        ],
      },
    });
  });

  it("the automatic track of the same video is recorded as YouTube's automatic captions", async () => {
    const library = await newLibrary();
    expect((await cli(['import', inFolder('Talk One [kvmTalk0001].en-orig.vtt'), '--library', library])).code).toBe(0);
    expect(await loadTranscript(library, 'kvmTalk0001')).toMatchObject({ captionKind: 'asr', language: 'en' });
  });

  it('--video that contradicts the info.json is refused, and so is a local id or a YouTube --url naming another video', async () => {
    const library = await newLibrary();
    const wrong = await cli(['import', inFolder('Talk One [kvmTalk0001].en.vtt'), '--video', 'kvmTalk0002', '--library', library]);
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain("--video says kvmTalk0002, but yt-dlp's files say");
    const local = await cli(['import', inFolder('Talk One [kvmTalk0001].en.vtt'), '--video', 'local-0123456789abcdef', '--library', library]);
    expect(local.code).toBe(2);
    expect(local.err).toContain("--video says local-0123456789abcdef, but yt-dlp's files say");
    const url = await cli(['import', inFolder('Talk One [kvmTalk0001].en.vtt'), '--url', 'https://youtu.be/kvmTalk0002', '--library', library]);
    expect(url.code).toBe(2);
    expect(url.err).toContain("--url says kvmTalk0002, but yt-dlp's files say");
    expect((await loadLibrary(library)).videos).toEqual([]);
  });

  it('the [id] in a name wins over a local id without an info.json; a file naming no video is a talk not on YouTube', async () => {
    const library = await newLibrary();
    const named = await cli(['import', inFolder('Talk Three [kvmTalk0003].en.srt'), '--library', library]);
    expect(named).toMatchObject({ code: 0 });
    expect(named.out).toContain('as kvmTalk0003: 2 segments');
    expect(await loadTranscript(library, 'kvmTalk0003')).toMatchObject({ url: 'https://www.youtube.com/watch?v=kvmTalk0003', provenance: { via: 'yt-dlp' } });

    const anonymous = await cli(['import', inFolder('intro.en.vtt'), '--library', library]);
    expect(anonymous.code).toBe(0);
    const localId = /as (local-[0-9a-f]{16}):/.exec(anonymous.out)?.[1] ?? '';
    expect(anonymous.out).toContain(`a talk not on YouTube: its id ${localId} stays the same when the same file is imported again`);
    const record = await loadTranscript(library, localId);
    expect(record).toMatchObject({ title: 'intro', source: 'file', provenance: { via: 'file', file: 'intro.en.vtt' } });
    expect(record.url).toBeUndefined();

    // A name with merely the shape of an id is a person's, not yt-dlp's: no video on YouTube.
    const dir = await mkdtemp(join(tmpdir(), 'panelnotes-ytdlp-shape-'));
    await writeFile(join(dir, 'keynote2016.vtt'), readFileSync(inFolder('intro.en.vtt')));
    const shaped = await cli(['import', join(dir, 'keynote2016.vtt'), '--library', library]);
    expect(shaped.out).toMatch(/as local-[0-9a-f]{16}:/);
  });

  it('a folder: one talk per video with its best English track, the rest left out with the reason, exit 20', async () => {
    const library = await newLibrary();
    const run = await cli(['import', FOLDER, '--library', library]);

    expect(run.code).toBe(20);
    expect(run.out.split('\n')).toEqual([
      '[1/3] kvmTalk0001 imported "Talk One: Live Migration" from Talk One [kvmTalk0001].en.vtt: en, manual, 3 segments',
      expect.stringMatching(/^\[2\/3\] kvmTalk0003 imported "kvmTalk0003" from Talk Three \[kvmTalk0003\]\.en\.srt: en, unknown, 2 segments$/),
      expect.stringMatching(
        /^\[3\/3\] kvmTalk0002 imported "Talk Two: Nested Virtualization" from Talk Two \[kvmTalk0002\]\.en-orig\.vtt: en, auto-generated, \d+ segments$/,
      ),
      '3 talk(s): 3 imported, 0 failed, 3 left out',
    ]);
    expect(run.err.split('\n')).toEqual([
      'panelnotes: left out intro.en.vtt: no YouTube id: no info.json beside it and no [id] at the end of its name',
      'panelnotes: left out Talk Five [kvmTalk0005].info.json: no caption file beside it (ask yt-dlp for them: --write-subs --write-auto-subs)',
      'panelnotes: left out Talk Four [kvmTalk0004]: no captions in "en" (it has de; choose one with --lang)',
    ]);
    const { videos } = await loadLibrary(library);
    expect(videos.map((v) => [v.videoId, v.metadata.playlist, v.provenance?.via])).toEqual([
      ['kvmTalk0003', 'KVM Forum 2016', 'yt-dlp'],
      ['kvmTalk0001', 'KVM Forum 2016', 'yt-dlp'],
      ['kvmTalk0002', 'KVM Forum 2016', 'yt-dlp'],
    ]);
  });

  it('a folder with --lang de takes the German tracks', async () => {
    const library = await newLibrary();
    const run = await cli(['import', FOLDER, '--lang', 'de', '--library', library]);
    expect(run.out).toMatch(/kvmTalk0002 imported .* from Talk Two \[kvmTalk0002\]\.de\.vtt: de, manual/);
    expect(run.out).toMatch(/kvmTalk0004 imported .* from Talk Four \[kvmTalk0004\]\.de\.vtt: de, manual/);
  });

  it('an info.json imports the best caption file of its video', async () => {
    const library = await newLibrary();
    const run = await cli(['import', inFolder('Talk Two [kvmTalk0002].info.json'), '--library', library]);
    expect(run.code).toBe(0);
    expect(run.out).toContain('from Talk Two [kvmTalk0002].en-orig.vtt: en, auto-generated');
    expect((await loadLibrary(library)).videos.map((v) => v.videoId)).toEqual(['kvmTalk0002']);
  });

  it('a folder with nothing to import: a clear error, exit 4', async () => {
    const run = await cli(['import', await newLibrary(), '--library', await newLibrary()]);
    expect(run.code).toBe(4);
    expect(run.err).toMatch(/no caption file to import in .*\(hint: yt-dlp writes them with --write-subs --write-auto-subs --skip-download\)/);
  });
});

describeConformance('real youtube-dl VTT files in a yt-dlp folder', () => {
  it('imports them in place: a manual file with its info.json, an automatic one by its en-orig name', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'panelnotes-ytdlp-real-'));
    await symlink(shared('webvtt', 'vtt-test-file', '2-no-index-number-download-using-youtube-dl.vtt'), join(folder, 'Crash Course [kvmTalk0006].en.vtt'));
    await symlink(shared('webvtt', 'webvtt-py', 'youtube_dl.vtt'), join(folder, 'Rolling [kvmTalk0007].en-orig.vtt'));
    const info = JSON.parse(readFileSync(inFolder('Talk One [kvmTalk0001].info.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(join(folder, 'Crash Course [kvmTalk0006].info.json'), JSON.stringify({ ...info, id: 'kvmTalk0006', title: 'Crash Course' }));
    const library = await newLibrary();

    const run = await cli(['import', folder, '--library', library]);

    expect(run.code).toBe(0);
    const manual = await loadTranscript(library, 'kvmTalk0006');
    expect(manual).toMatchObject({ title: 'Crash Course', captionKind: 'manual', provenance: { via: 'yt-dlp', file: 'Crash Course [kvmTalk0006].en.vtt' } });
    expect(manual.segments[0]?.text).toMatch(/^Hi I’m John Green/);
    const auto = await loadTranscript(library, 'kvmTalk0007');
    expect(auto).toMatchObject({ captionKind: 'asr', language: 'en' });
    // youtube-dl's rolling auto-captions: each line once, not repeated from cue to cue.
    const words = auto.segments.map((s) => s.text).join(' ');
    expect(words.match(/will happen/g)).toHaveLength(1);
  });

  it('imports a single youtube-dl file given its video', async () => {
    const library = await newLibrary();
    const run = await cli(['import', shared('webvtt', 'webvtt-py', 'youtube_dl.vtt'), '--video', 'kvmTalk0007', '--library', library]);
    expect(run.code).toBe(0);
    expect(await loadTranscript(library, 'kvmTalk0007')).toMatchObject({ language: 'en', provenance: { via: 'file', file: 'youtube_dl.vtt' } });
  });
});

describe('a playlist yt-dlp listed (--flat-playlist -J)', () => {
  const listing = fixture('ytdlp', 'kvm-forum-2016.flat-playlist.json');

  it('reads as talks to fetch; deleted videos and repeats left out with the reason', () => {
    const playlist = parsePlaylistJson(readFileSync(listing, 'utf8'));
    expect(playlist).toEqual({
      title: 'KVM Forum 2016',
      talks: [
        { videoId: 'kvmTalk0001', title: 'Talk One: Live Migration' },
        { videoId: 'kvmTalk0002', title: 'Talk Two: Nested Virtualization' },
        { videoId: 'kvmTalk0003', title: 'Talk Three: Ballooning' },
        { videoId: 'kvmTalk0004', title: 'Talk Four: Vortrag' },
        { videoId: 'kvmTalk0005', title: 'Talk Five: No Captions' },
      ],
      skipped: [
        { entry: '[Deleted video]', reason: 'deleted video on YouTube' },
        { entry: 'Talk One: Live Migration', reason: 'listed twice (kvmTalk0001)' },
      ],
    });
    expect(parsePlaylistJson(readFileSync(fixture('ytdlp', 'kvm-forum-2016.flat-playlist.jsonl'), 'utf8'))?.talks).toHaveLength(3);
    expect(parsePlaylistJson(readFileSync(fixture('captions', 'json3.json'), 'utf8'))).toBeUndefined();
  });

  it('`import playlist.json` fetches its talks, each recorded with the playlist name', async () => {
    const ids = ['kvmTalk0001', 'kvmTalk0002', 'kvmTalk0003', 'kvmTalk0004', 'kvmTalk0005'];
    const youtube = youTubeOf(Object.fromEntries(ids.map((id) => [id, workingYouTubeFor(id)])));
    const library = await newLibrary();

    const run = await cli(['import', listing, '--library', library], youtube.fetch);

    expect(run.code).toBe(0);
    expect(youtube.asked).toEqual(ids);
    expect(run.err).toContain('panelnotes: left out "[Deleted video]": deleted video on YouTube');
    expect(run.out.split('\n').pop()).toBe('5 talk(s): 5 fetched, 0 already there, 0 failed');
    expect((await loadTranscript(library, 'kvmTalk0004')).metadata.playlist).toBe('KVM Forum 2016');
  });
});
