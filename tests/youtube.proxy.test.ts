import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../server/cli/program.js';
import { loadConfig } from '../server/config.js';
import { explainFailure } from '../server/youtube/failures.js';
import { fetchFromYouTube } from '../server/youtube/fetchTranscript.js';
import { bypassesProxy, proxiedFetch, redactProxy } from '../server/youtube/proxy.js';
import { deadNetwork } from './support/testApp.js';
import { fakeYouTube, ok, watchPageFor, youtubeFixture } from './support/fakeYouTube.js';
import { rejection } from './support/expectations.js';
import { testProxy, type TestProxy } from './support/testProxy.js';

/**
 * `--proxy URL` / HTTPS_PROXY / NO_PROXY, through a real proxy on 127.0.0.1 that records each
 * request line it is sent and refuses every tunnel, so nothing leaves this machine.
 */
const SECRET = 'hunter2-proxy-secret';
let proxy: TestProxy;
beforeEach(async () => {
  proxy = await testProxy();
});
afterEach(() => proxy.close());

const proxyUrl = (port = proxy.port): URL => new URL(`http://panel:${SECRET}@127.0.0.1:${port}`);
const said = (error: { message: string; hint?: string; cause?: unknown }): string => `${error.message} ${error.hint ?? ''} ${String(error.cause)}`;

describe('fetching through a proxy', () => {
  it('tunnels every YouTube request through it (CONNECT www.youtube.com:443) with its credentials, and never says them', async () => {
    const error = await rejection(fetchFromYouTube('S6Sjj6OtyvY', { proxy: { url: proxyUrl() }, retries: 0, timeoutMs: 5000 }));

    expect(proxy.lines[0]).toBe('CONNECT www.youtube.com:443 HTTP/1.1');
    expect(new Set(proxy.lines)).toEqual(new Set(['CONNECT www.youtube.com:443 HTTP/1.1']));
    expect(proxy.credentials[0]).toBe(`panel:${SECRET}`);
    expect(error.code).toBe('UPSTREAM_FAILED');
    expect(error.message).toBe(`the proxy http://***@127.0.0.1:${proxy.port} refused to connect to YouTube (HTTP 502)`);
    expect(said(error)).not.toContain(SECRET);
  });

  it('says when the proxy wants other credentials (HTTP 407)', async () => {
    const strict = await testProxy(407);
    try {
      const error = await rejection(fetchFromYouTube('S6Sjj6OtyvY', { proxy: { url: proxyUrl(strict.port) }, retries: 0 }));
      expect(error.message).toMatch(/refused to connect to YouTube \(HTTP 407: it wants another user or password\)/);
      expect(said(error)).not.toContain(SECRET);
    } finally {
      await strict.close();
    }
  });

  it('names the proxy, not YouTube, when the proxy cannot be reached', async () => {
    const gone = await testProxy();
    await gone.close();

    const error = await rejection(fetchFromYouTube('S6Sjj6OtyvY', { proxy: { url: proxyUrl(gone.port) }, retries: 0 }));

    expect(error.code).toBe('NETWORK_DOWN');
    expect(error.message).toBe(`cannot reach the proxy http://***@127.0.0.1:${gone.port} (ECONNREFUSED)`);
    expect(said(error)).not.toContain(SECRET);
  });

  it('goes around the proxy for the hosts NO_PROXY names, and the transcript says no proxy was used', async () => {
    const yt = fakeYouTube({
      player: ok(youtubeFixture('player-ok.json'), 'application/json'),
      watch: ok(watchPageFor(youtubeFixture('player-ok.json')), 'text/html'),
      timedtext: ok(youtubeFixture('timedtext-srv1.xml'), 'text/xml'),
    });

    const result = await fetchFromYouTube('S6Sjj6OtyvY', { proxy: { url: proxyUrl(), noProxy: 'localhost,.youtube.com' }, fetch: yt.fetch });

    expect(proxy.lines).toEqual([]);
    expect(yt.count('timedtext')).toBe(1);
    expect(result.provenance).toMatchObject({ via: 'youtube', proxy: false });
  });

  it('proxiedFetch: a host NO_PROXY names is asked directly, any other through the proxy', async () => {
    const target = createServer((_req, res) => res.end('direct'));
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    const port = (target.address() as AddressInfo).port;
    try {
      const direct = await proxiedFetch({ url: proxyUrl(), noProxy: '127.0.0.1' })(`http://127.0.0.1:${port}/`);
      expect(await direct.text()).toBe('direct');
      expect(proxy.lines).toEqual([]);

      const through = await proxiedFetch({ url: proxyUrl(), noProxy: 'example.org' })(`http://127.0.0.1:${port}/`).catch((e: unknown) => e);
      expect(proxy.lines).toHaveLength(1);
      expect(proxy.lines[0]).toContain(`127.0.0.1:${port}`);
      expect(String(through)).not.toContain(SECRET);
    } finally {
      target.close();
    }
  });
});

describe('NO_PROXY', () => {
  it.each([
    ['', false],
    ['*', true],
    ['youtube.com', true],
    ['.youtube.com', true],
    ['*.youtube.com', true],
    ['YOUTUBE.COM', true],
    ['tube.com', false],
    ['notyoutube.com', false],
    ['youtube.com:443', true],
    ['youtube.com:8080', false],
    ['localhost, 127.0.0.1 www.youtube.com', true],
  ])('%j sends www.youtube.com:443 around the proxy: %s', (noProxy, around) => {
    expect(bypassesProxy('www.youtube.com', 443, noProxy)).toBe(around);
  });

  it.each([
    ['http://me:secret@proxy.example:3128', 'http://***@proxy.example:3128'],
    ['http://proxy.example:3128/', 'http://proxy.example:3128'],
    ['https://token@proxy.example', 'https://***@proxy.example'],
  ])('the proxy %s is shown as %s', (url, shown) => {
    expect(redactProxy(new URL(url))).toBe(shown);
  });
});

describe('configuration', () => {
  it('takes --proxy over HTTPS_PROXY, and NO_PROXY with either', () => {
    const env = { HTTPS_PROXY: 'http://env.example:3128', NO_PROXY: 'localhost' };
    expect(loadConfig(env).proxy).toEqual({ url: new URL('http://env.example:3128'), noProxy: 'localhost' });
    expect(loadConfig(env, { proxy: 'http://flag.example:8080' }).proxy?.url.host).toBe('flag.example:8080');
    expect(loadConfig({ https_proxy: 'http://lower.example:3128' }).proxy?.url.host).toBe('lower.example:3128');
    expect(loadConfig({}).proxy).toBeUndefined();
  });

  it.each(['not a url:hunter2', 'socks5://u:hunter2@host:1080', 'file:///hunter2'])('refuses %j without quoting it (it may hold a password)', (value) => {
    expect(() => loadConfig({ HTTPS_PROXY: value })).toThrow(/HTTPS_PROXY must be the address of an HTTP proxy/);
    expect(() => loadConfig({}, { proxy: value })).toThrow(/^--proxy must be/);
    let message = '';
    try {
      loadConfig({ HTTPS_PROXY: value });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).not.toContain('hunter2');
  });
});

describe('when YouTube blocks the address', () => {
  const blocked = (player: string, statuses: number[], viaProxy?: string) =>
    explainFailure(
      'S6Sjj6OtyvY',
      { statuses, playability: { status: 'LOGIN_REQUIRED', reason: player, subreasons: [] }, ...(viaProxy ? { proxy: viaProxy } : {}) },
      new Error('x'),
      8000,
    );

  it.each([
    ['the bot check', () => blocked('Sign in to confirm you’re not a bot', [200]), 'bot'],
    ['HTTP 429', () => blocked('', [429]), 'rate'],
  ])('%s: the message names a proxy and a caption file as the ways out', (_case, failure, kind) => {
    const { error, blocked: how } = failure();
    expect(error.code).toBe('RATE_LIMITED');
    expect(how).toBe(kind);
    expect(error.hint).toMatch(/--proxy URL or HTTPS_PROXY/);
    expect(error.hint).toMatch(/panelnotes import <file> --video S6Sjj6OtyvY/);
    expect(error.hint).toMatch(/yt-dlp/);
  });

  it('through a proxy already: another proxy, or a caption file', () => {
    const { error } = blocked('Sign in to confirm you’re not a bot', [200], 'http://proxy.example:3128');
    expect(error.message).toContain("refused the proxy's address (http://proxy.example:3128)");
    expect(error.hint).toMatch(/^try another proxy .*panelnotes import <file>/);
  });
});

describe('panelnotes --proxy', () => {
  async function cli(argv: string[], env: NodeJS.ProcessEnv = {}, fetch?: typeof deadNetwork): Promise<{ code: number; err: string }> {
    const err: string[] = [];
    const code = await runCli([...argv, '--library', await mkdtemp(join(tmpdir(), 'panelnotes-proxy-'))], {
      out: () => undefined,
      err: (t) => err.push(t),
      env,
      ...(fetch ? { fetch } : {}),
    });
    return { code, err: err.join('\n') };
  }

  it('fetch --proxy: through the proxy, its password nowhere in what is printed', async () => {
    const run = await cli(['fetch', 'S6Sjj6OtyvY', '--proxy', proxyUrl().href]);
    expect(proxy.lines[0]).toBe('CONNECT www.youtube.com:443 HTTP/1.1');
    expect(run.code).toBe(16);
    expect(run.err).toContain(`the proxy http://***@127.0.0.1:${proxy.port} refused`);
    expect(run.err).not.toContain(SECRET);
  });

  it('HTTPS_PROXY in the environment does the same; NO_PROXY=youtube.com sends YouTube around it', async () => {
    expect((await cli(['fetch', 'S6Sjj6OtyvY'], { HTTPS_PROXY: proxyUrl().href })).err).toContain('refused to connect to YouTube');
    expect(proxy.lines).toHaveLength(2);

    const around = await cli(['fetch', 'S6Sjj6OtyvY'], { HTTPS_PROXY: proxyUrl().href, NO_PROXY: 'youtube.com' }, deadNetwork);
    expect(around.code).toBe(10);
    expect(around.err).toContain('cannot reach YouTube');
    expect(proxy.lines).toHaveLength(2);
  });

  it('a proxy that is not a URL: exit 2, the value not repeated', async () => {
    const run = await cli(['fetch', 'S6Sjj6OtyvY', '--proxy', `user:${SECRET}`]);
    expect(run.code).toBe(2);
    expect(run.err).toMatch(/--proxy must be the address of an HTTP proxy/);
    expect(run.err).not.toContain(SECRET);
  });
});
