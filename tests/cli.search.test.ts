import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../server/cli/program.js';
import { SAMPLE_DIR } from '../server/config.js';

let scratch: string;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'panelnotes-cli-search-'));
  await copyFile(join(SAMPLE_DIR, 'S6Sjj6OtyvY.json'), join(scratch, 'S6Sjj6OtyvY.json'));
  // Library, cache and notes all temporary: never the user's own (transcripts/library/, data/).
  env = { PANELNOTES_LIBRARY: scratch, PANELNOTES_CACHE: join(scratch, '.index'), PANELNOTES_DB: join(scratch, 'notes.db') };
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

/** Runs the CLI in-process on a copy of the shipped sample, in a temporary folder. */
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

interface JsonResult {
  videoId: string;
  start: number;
  end: number;
  at: number;
  url: string;
  snippet: string;
  topic: string;
  speaker: string | null;
  kind: string;
  score: number;
}

describe('panelnotes search on the sample', () => {
  it('--json returns hits linked to the second the words were said, with the words marked', async () => {
    const run = await cli('search', 'posted interrupts', '--json');
    expect(run.code).toBe(0);
    const body = JSON.parse(run.out) as { query: string; total: number; results: JsonResult[] };
    expect(body.query).toBe('posted interrupts');
    expect(body.total).toBeGreaterThan(0);
    for (const r of body.results) {
      expect(r.url).toBe(`https://www.youtube.com/watch?v=S6Sjj6OtyvY&t=${Math.floor(r.at)}s`);
      expect(r.at).toBeGreaterThanOrEqual(r.start);
      expect(r.at).toBeLessThan(r.end);
      expect(r.snippet).toMatch(/<mark>posted<\/mark> <mark>interrupts<\/mark>|<mark>interrupts?<\/mark>/);
      expect(r).toMatchObject({ videoId: 'S6Sjj6OtyvY', kind: 'transcript', speaker: null });
      expect(typeof r.score).toBe('number');
    }
    const best = body.results[0] as JsonResult;
    expect(best.snippet).toContain('<mark>posted</mark> <mark>interrupts</mark>');
  });

  it.each([
    ['migrtion~1', /<mark>migration<\/mark>/],
    ['virt*', /<mark>virtuali[sz]ation<\/mark>|<mark>virtio<\/mark>|<mark>virtual<\/mark>/],
  ])('%s finds what the user meant', async (query, mark) => {
    const run = await cli('search', query, '--json');
    expect(run.code).toBe(0);
    const body = JSON.parse(run.out) as { results: JsonResult[] };
    expect(body.results.some((r) => mark.test(r.snippet))).toBe(true);
  });

  it('prints time, topic, marked snippet and link in the human form', async () => {
    const run = await cli('search', 'posted interrupts', '--limit', '1');
    expect(run.out).toMatch(/^\d+ results match "posted interrupts", showing 1 \(1 passage\)\n/);
    expect(run.out).toMatch(/\n\d+:\d\d {2}hardware {2}\[2016\] Virtualization Developer Panel\n {2}.*\[posted\] \[interrupts\]/);
    expect(run.out).toMatch(/https:\/\/www\.youtube\.com\/watch\?v=S6Sjj6OtyvY&t=\d+s/);
  });

  it.each([
    ['foo:', 1, /note: searched for plain words instead: unknown field "foo:"/],
    ['qemu:', 0, /note: searched for plain words instead: unknown field "qemu:"/],
    ['"unclosed', 1, /note: searched for plain words instead: a quote is not closed/],
    ['+-~^', 2, /panelnotes: nothing to search for in "\+-~\^" \("\+" must be followed by a word/],
    ['', 2, /panelnotes: nothing to search for in ""/],
  ])('answers %p with exit %i and a message, no stack trace', async (query, code, message) => {
    const run = await cli('search', query);
    expect(run.code).toBe(code);
    expect(run.err).toMatch(message);
    expect(run.err).not.toMatch(/\n\s+at /);
  });

  it('exits 1 with a plain message when nothing matches', async () => {
    const run = await cli('search', 'zeppelin');
    expect(run).toMatchObject({ code: 1, out: 'no passage matches "zeppelin"' });
  });

  it('filters by topic, and refuses an unknown one with the list of topics', async () => {
    const run = await cli('search', 'migration', '--topic', 'security', '--json');
    const body = JSON.parse(run.out) as { results: JsonResult[]; topics: Record<string, number> };
    expect(body.results.every((r) => r.topic === 'security')).toBe(true);
    expect(Object.keys(body.topics)).toEqual(['security']);
    const bad = await cli('search', 'migration', '--topic', 'gardening');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('no topic "gardening"; topics are security, hardware, process, general');
  });

  it('refuses a bad --limit', async () => {
    expect((await cli('search', 'kvm', '--limit', 'lots')).code).toBe(2);
  });
});

describe('panelnotes topics', () => {
  it('shows chapters for the three panel topics on the sample, marked as a sample', async () => {
    const run = await cli('topics', 'S6Sjj6OtyvY');
    expect(run.code).toBe(0);
    expect(run.err).toMatch(/^note: Synthetic sample/);
    for (const label of ['Security', 'Hardware features', 'Development process']) expect(run.out).toContain(label);
    expect(run.out.split('\n')[0]).toMatch(/^\s+0:00 -\s+\d+:\d\d {2}\w/);
  });

  it('prints JSON, a WebVTT chapters track, or YouTube description lines', async () => {
    const json = JSON.parse((await cli('topics', 'S6Sjj6OtyvY', '--json')).out) as { topic: string; start: number; end: number }[];
    expect(json[0]).toMatchObject({ topic: expect.any(String), start: 0 });
    expect((await cli('topics', 'S6Sjj6OtyvY', '--format', 'vtt')).out).toMatch(/^WEBVTT\n\n1\n00:00:00\.000 --> /);
    expect((await cli('topics', 'S6Sjj6OtyvY', '--format', 'youtube')).out).toMatch(/^0:00 \w/);
  });

  it('says which video is missing', async () => {
    expect((await cli('topics', 'ZZZZZZZZZZZ')).code).toBe(3);
  });
});

describe('panelnotes index', () => {
  it('builds the caches, then reuses them, and --rebuild rebuilds', async () => {
    const first = await cli('index', '--rebuild');
    expect(first.out).toMatch(/^indexed 1 video\(s\), \d+ passages: 1 built, 0 from cache, in \d+ ms$/);
    const second = await cli('index');
    expect(second.out).toMatch(/0 built, 1 from cache/);
  });
});

describe('panelnotes search with filters alone (issue 12)', () => {
  it('lists the passages of a topic in a video in time order, says so, and exits 0', async () => {
    const run = await cli('search', 'topic:hardware video:S6Sjj6OtyvY', '--json', '--limit', '1000');
    expect(run.code).toBe(0);
    expect(run.err).toMatch(/^note: no words to search for, so these are the passages the filters allow, in time order$/m);
    const body = JSON.parse(run.out) as { total: number; results: JsonResult[] };
    expect(body.total).toBeGreaterThan(1);
    expect(body.results).toHaveLength(body.total);
    const starts = body.results.map((r) => r.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    for (const r of body.results) expect(r).toMatchObject({ topic: 'hardware', videoId: 'S6Sjj6OtyvY', score: 0 });
  });

  it('lists with a --topic flag and no words too', async () => {
    const run = await cli('search', '', '--topic', 'security', '--json');
    expect(run.code).toBe(0);
    expect((JSON.parse(run.out) as { results: JsonResult[] }).results.every((r) => r.topic === 'security')).toBe(true);
  });
});
