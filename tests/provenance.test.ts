import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { runCli } from '../server/cli/program.js';
import { SAMPLE_DIR } from '../server/config.js';
import { loadTranscript } from '../server/library.js';
import { describeProvenance, provenanceLabel } from '../server/transcript/provenance.js';
import type { TranscriptRecord } from '../server/transcript/types.js';
import { workingYouTubeFor } from './support/fakeYouTube.js';
import { formAgent } from './support/formAgent.js';
import { freshApps } from './support/testApp.js';

/** Each transcript says how it was obtained (way, client, format, manual or auto, proxy) and when; pages and `list` show it. */
const at = '2026-12-01T14:03:09.000Z';
const record = (over: Partial<TranscriptRecord>): Pick<TranscriptRecord, 'source' | 'captionKind' | 'fetchedAt' | 'provenance'> => ({
  source: 'youtube',
  captionKind: 'manual',
  fetchedAt: at,
  ...over,
});

describe('describeProvenance and provenanceLabel', () => {
  it.each([
    [
      record({ captionKind: 'asr', provenance: { via: 'youtube', client: 'innertube-android', format: 'srv3', proxy: true } }),
      "YouTube's auto-generated captions, fetched 2026-12-01 14:03 UTC from the Android app's player API (srv3), through a proxy",
      'youtube (auto, proxy)',
    ],
    [
      record({ provenance: { via: 'youtube', client: 'watch-page', format: 'srv1', proxy: false, consent: true } }),
      "YouTube's manual captions, fetched 2026-12-01 14:03 UTC from the watch page (srv1), past the cookie-consent page",
      'youtube (manual)',
    ],
    [
      record({
        source: 'file',
        captionKind: 'asr',
        provenance: { via: 'yt-dlp', file: 'Talk [S6Sjj6OtyvY].en-orig.vtt', format: 'webvtt', tool: '2025.06.09', retrievedAt: '2025-06-21T01:24:33.000Z' },
      }),
      "YouTube's auto-generated captions from the yt-dlp file Talk [S6Sjj6OtyvY].en-orig.vtt (webvtt, yt-dlp 2025.06.09), downloaded 2025-06-21 01:24 UTC, imported 2026-12-01 14:03 UTC",
      'yt-dlp (auto)',
    ],
    [
      record({ source: 'file', captionKind: 'unknown', provenance: { via: 'upload', file: 'storage.vtt', format: 'webvtt' } }),
      'a caption file uploaded on the web page storage.vtt (webvtt), 2026-12-01 14:03 UTC',
      'upload',
    ],
    [
      record({ source: 'file', captionKind: 'unknown', provenance: { via: 'file', file: 'talk.srt', format: 'srt' } }),
      'the caption file talk.srt (srt), imported 2026-12-01 14:03 UTC',
      'file',
    ],
    [record({}), "YouTube's manual captions, fetched 2026-12-01 14:03 UTC", 'youtube (manual)'],
    [record({ source: 'file', captionKind: 'unknown' }), 'a caption file, imported 2026-12-01 14:03 UTC', 'file'],
    [record({ source: 'sample' }), 'a synthetic sample shipped with panelnotes, not the real captions', 'SAMPLE (synthetic, not the real captions)'],
  ])('%j', (described, sentence, label) => {
    expect(describeProvenance(described)).toBe(sentence);
    expect(provenanceLabel(described)).toBe(label);
  });
});

describe('where it shows', () => {
  const { fresh } = freshApps();

  it('a fetch records the client, format, manual or auto, no proxy, and when; `list` and `show` say so', async () => {
    const library = await mkdtemp(join(tmpdir(), 'panelnotes-provenance-'));
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (t: string) => out.push(t), err: (t: string) => err.push(t), env: {}, fetch: workingYouTubeFor('dQw4w9WgXcQ').fetch };
    expect(await runCli(['fetch', 'dQw4w9WgXcQ', '--library', library], io)).toBe(0);

    const saved = await loadTranscript(library, 'dQw4w9WgXcQ');
    expect(saved.provenance).toEqual({ via: 'youtube', client: 'innertube-android', format: 'srv1', proxy: false });
    expect(Date.now() - Date.parse(saved.fetchedAt)).toBeLessThan(60_000);

    out.length = 0;
    expect(await runCli(['list', '--library', library], io)).toBe(0);
    expect(out.join('\n')).toMatch(new RegExp(`^dQw4w9WgXcQ .* youtube \\(${saved.captionKind}\\)\\s+${saved.fetchedAt.slice(0, 10)}  `));

    expect(await runCli(['show', 'dQw4w9WgXcQ', '--library', library], io)).toBe(0);
    expect(err.join('\n')).toContain(`captions: YouTube's ${saved.captionKind} captions, fetched ${saved.fetchedAt.slice(0, 10)}`);
  });

  it('an upload on the web page: the transcript page and the library card say so, and the API gives it', async () => {
    const { app } = await fresh();
    const agent = await formAgent(app);
    const res = await agent
      .upload('/videos/upload')
      .field('video', 'dQw4w9WgXcQ')
      .attach('file', Buffer.from('WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nWelcome to the storage session.\n'), '../../secret/place/storage.vtt');
    expect(res.status).toBe(303);

    const page = await request(app).get('/videos/dQw4w9WgXcQ');
    expect(page.text).toMatch(/Captions: a caption file uploaded on the web page storage\.vtt \(webvtt\), \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    expect(page.text).not.toContain('secret/place');
    expect((await request(app).get('/')).text).toContain('>upload, ');
    const api = await request(app).get('/api/videos/dQw4w9WgXcQ');
    expect(api.body.provenance).toEqual({ via: 'upload', file: 'storage.vtt', format: 'webvtt' });
  });

  it('a record saved before provenance existed still loads and reads from its source', async () => {
    const library = await mkdtemp(join(tmpdir(), 'panelnotes-provenance-'));
    const old = { ...(JSON.parse(await readFile(join(SAMPLE_DIR, 'S6Sjj6OtyvY.json'), 'utf8')) as object), source: 'youtube', notice: undefined };
    await writeFile(join(library, 'S6Sjj6OtyvY.json'), JSON.stringify(old));
    const loaded = await loadTranscript(library, 'S6Sjj6OtyvY');
    expect(loaded.provenance).toBeUndefined();
    expect(describeProvenance(loaded)).toMatch(/^YouTube's .*captions, fetched \d{4}-/);
  });
});
