import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { runCli } from '../server/cli/program.js';
import { SAMPLE_DIR } from '../server/config.js';
import { freshApps } from './support/testApp.js';

/**
 * `panelnotes publish OUT_DIR`: the static site it writes (pages, search files, assets), and its
 * refusals, run in-process over a copy of the sample with its own notes database, cache and
 * output folders in a temporary folder. Then the app's Publish action, the same site as a zip.
 */

const VIDEO = 'S6Sjj6OtyvY';
let root: string;
let env: Record<string, string>;

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const read = (...path: string[]): Promise<string> => readFile(join(root, ...path), 'utf8');

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'panelnotes-cli-publish-'));
  await mkdir(join(root, 'library'));
  await copyFile(join(SAMPLE_DIR, `${VIDEO}.json`), join(root, 'library', `${VIDEO}.json`));
  env = { PANELNOTES_DB: join(root, 'notes.db'), PANELNOTES_CACHE: join(root, 'cache'), PANELNOTES_LIBRARY: join(root, 'library') };
  expect((await cli('notes', 'add', VIDEO, '5:00', 'Posted interrupts, see https://example.org/pi', '--tag', 'public')).code).toBe(0);
  expect((await cli('notes', 'add', VIDEO, '12:00', 'a private aside', '--tag', 'mine')).code).toBe(0);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('panelnotes publish', () => {
  it('writes the library, a search page, a page per talk, search files and assets', async () => {
    const run = await cli('publish', join(root, 'site'), '--notes', '--base-url', 'https://example.org/panel');
    expect(run).toMatchObject({ code: 0, err: '' });
    expect(run.out).toMatch(/published 1 talk to .*site/);
    expect(run.out).toMatch(/npx serve/);
    expect((await readdir(join(root, 'site'))).sort()).toEqual(['assets', 'index.html', 'search', 'search.html', 'talks']);
    expect((await readdir(join(root, 'site', 'search', 'talks', VIDEO))).sort()).toEqual(
      expect.arrayContaining(['notes.json', 'passages.json', 'security.json']),
    );
    const talk = await read('site', 'talks', `${VIDEO}.html`);
    // Timestamps link to the second on YouTube and seek the player in place.
    expect(talk).toMatch(/<a class="ts" href="https:\/\/www\.youtube\.com\/watch\?v=S6Sjj6OtyvY&amp;t=\d+s" data-seek="\d+">\d+:\d\d<\/a>/);
    expect(talk).toContain('id="yt-player"');
    expect(talk).toContain('id="player-fallback"');
    expect(talk).toContain('class="chapter-bar"');
    // Notes inline and in the panel, their links clickable.
    expect(talk).toMatch(/class="note inline-note"[^>]*>[\s\S]*Posted interrupts/);
    expect(talk).toMatch(/class="notes-panel"[\s\S]*a private aside/);
    expect(talk).toContain('<a href="https://example.org/pi" rel="noopener noreferrer nofollow">');
    expect(talk).toContain('<link rel="canonical" href="https://example.org/panel/talks/S6Sjj6OtyvY.html">');
  });

  it('every page carries the CSP, the sample notice and relative links only', async () => {
    for (const page of ['index.html', 'search.html', `talks/${VIDEO}.html`]) {
      const html = await read('site', ...page.split('/'));
      expect(html).toContain(
        `<meta http-equiv="Content-Security-Policy" content="default-src &#39;self&#39;; script-src &#39;self&#39; https://www.youtube.com`,
      );
      expect(html).toMatch(/class="notice sample-notice"[^>]*><strong>Sample\.<\/strong> <bdi>Synthetic sample/);
      expect(html).not.toMatch(/(href|src|action)="\/(?!\/)/);
      expect(html).not.toMatch(/<script>|<style|style="/);
    }
  });

  it('--notes-tag publishes only the notes with that tag; no --notes, none', async () => {
    expect((await cli('publish', join(root, 'tagged'), '--notes-tag', '#Public')).code).toBe(0);
    const tagged = await read('tagged', 'talks', `${VIDEO}.html`);
    expect(tagged).toContain('Posted interrupts');
    expect(tagged).not.toContain('a private aside');
    expect(tagged).toContain('tagged #<bdi>public</bdi>');
    expect((await cli('publish', join(root, 'bare'))).code).toBe(0);
    expect(await read('bare', 'talks', `${VIDEO}.html`)).not.toContain('Posted interrupts, see');
    expect(await readdir(join(root, 'bare', 'search', 'talks', VIDEO))).not.toContain('notes.json');
  });

  it('refuses an unknown video, naming it, and writes nothing', async () => {
    const run = await cli('publish', join(root, 'unknown'), '--video', 'AAAAAAAAAAA');
    expect(run.code).toBe(3);
    expect(run.err).toBe('panelnotes: no video AAAAAAAAAAA in the library (hint: panelnotes list shows the talks there are)');
    await expect(readdir(join(root, 'unknown'))).rejects.toThrow(/ENOENT/);
  });

  it('refuses a folder that is not empty unless --force, and leaves it as it was', async () => {
    const out = join(root, 'busy');
    await mkdir(out);
    await writeFile(join(out, 'thesis.md'), 'my own file');
    const run = await cli('publish', out);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/busy is not empty \(1 entries\) \(hint: .*--force/);
    expect(await readdir(out)).toEqual(['thesis.md']);
    expect((await cli('publish', out, '--force')).code).toBe(0);
    expect((await readdir(out)).sort()).toEqual(['assets', 'index.html', 'search', 'search.html', 'talks']);
    // No staging folder is left beside it.
    expect((await readdir(root)).filter((name) => name.includes('publishing'))).toEqual([]);
  });

  it('refuses a folder it cannot write, with the reason', async () => {
    await writeFile(join(root, 'a-file'), 'not a folder');
    const inside = await cli('publish', join(root, 'a-file', 'site'));
    expect(inside.code).toBe(4);
    expect(inside.err).toMatch(/^panelnotes: cannot write the site to .*a-file\/site: a part of the path is a file/);
    const file = await cli('publish', join(root, 'a-file'));
    expect(file.code).toBe(2);
    expect(file.err).toMatch(/a-file is a file, not a folder/);
  });

  it('refuses a --base-url that is not http(s)', async () => {
    const run = await cli('publish', join(root, 'base'), '--base-url', 'javascript:alert(1)');
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/--base-url must be http or https/);
  });
});

describe('the Publish action', () => {
  const { fresh } = freshApps();

  it('GET /publish.zip sends the same site as a zip, one folder inside', async () => {
    const app = await fresh();
    await app.notes.add(VIDEO, { start: 30, text: 'shared remark', tags: ['public'] });
    const res = await request(app.app)
      .get(`/publish.zip?video=${VIDEO}&tag=public`)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toBe(`attachment; filename=${VIDEO}-site.zip`);
    const zip = res.body as Buffer;
    expect(zip.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    for (const name of ['index.html', 'search.html', `talks/${VIDEO}.html`, 'search/site.json', `search/talks/${VIDEO}/notes.json`, 'assets/search.js'])
      expect(zip.includes(`${VIDEO}-site/${name}`)).toBe(true);
  });

  it('an unknown talk is a 404 page, not a broken zip', async () => {
    const app = await fresh();
    const res = await request(app.app).get('/publish.zip?video=AAAAAAAAAAA');
    expect(res.status).toBe(404);
    expect(res.text).toContain('no video AAAAAAAAAAA in the library');
  });

  it('the library and transcript pages offer it', async () => {
    const app = await fresh();
    expect((await request(app.app).get('/')).text).toMatch(/<form class="stack" action="\/publish.zip" method="get">/);
    expect((await request(app.app).get(`/videos/${VIDEO}`)).text).toContain(`<input type="hidden" name="video" value="${VIDEO}">`);
  });
});
