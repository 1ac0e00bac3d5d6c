import request from 'supertest';
import { loadConfig, trustProxy } from '../server/config.js';
import { servedHosts } from '../server/servedHosts.js';
import { apiError, json } from './support/api.js';
import { freshApps } from './support/testApp.js';

/**
 * Behind a reverse proxy (PANELNOTES_TRUST_PROXY, PANELNOTES_PUBLIC_URL): the client address the
 * per-address limits count is `req.ip` as Express resolves it, from X-Forwarded-For only when
 * the peer is a trusted proxy; the public URL's host is served, its origin is the expected one,
 * and its https makes the cookies Secure.
 */

const SAMPLE = 'S6Sjj6OtyvY';
const NOTES = `/api/videos/${SAMPLE}/notes`;
const { fresh } = freshApps();

describe('PANELNOTES_TRUST_PROXY', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['0', false],
    ['1', 1],
    ['2', 2],
    ['loopback', ['loopback']],
    [' 127.0.0.1 , 10.0.0.0/8,::1, fd00::/8, Uniquelocal', ['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8', 'uniquelocal']],
  ])('reads %j as %j', (value, expected) => {
    expect(trustProxy(value)).toEqual(expected);
    expect(loadConfig(value === undefined ? {} : { PANELNOTES_TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  // `true` would let any client name its own address; names would need a lookup per request.
  it.each(['true', '*', 'proxy.example', '10.0.0.0/33', '::1/129', '1.2.3', '10.0.0.1/8/8', '-1', ','])('refuses %j, saying what it takes', (value) => {
    expect(() => trustProxy(value)).toThrow(
      /^PANELNOTES_TRUST_PROXY: ".*" is not a proxy address: give addresses or ranges of the proxies in front of the app/,
    );
  });
});

describe('the client address the limits count', () => {
  const limits = { fetches: 1000, writes: 2, tokenFailures: 1000 };
  const from = (address: string): Record<string, string> => ({ 'X-Forwarded-For': address });
  const write = (app: Awaited<ReturnType<typeof fresh>>, address: string): request.Test =>
    request(app.app).post(NOTES).set(from(address)).send({ start: 1, text: 'x' });

  it('behind a trusted proxy, is the X-Forwarded-For client: each has its own limit', async () => {
    const app = await fresh({ rateLimits: limits, trustProxy: ['loopback'] });
    for (const address of ['203.0.113.1', '203.0.113.1', '203.0.113.2', '203.0.113.2']) json(await write(app, address), 201);
    apiError(await write(app, '203.0.113.1'), 429, 'RATE_LIMITED');
    json(await write(app, '203.0.113.3'), 201);
  });

  it.each([
    ['no proxy is trusted', undefined],
    ['the peer is not the trusted proxy', ['10.0.0.1']],
  ])('when %s, is the connection’s own: X-Forwarded-For cannot buy a fresh limit', async (_when, trusted) => {
    const app = await fresh({ rateLimits: limits, ...(trusted ? { trustProxy: trusted } : {}) });
    json(await write(app, '203.0.113.1'), 201);
    json(await write(app, '203.0.113.2'), 201);
    apiError(await write(app, '203.0.113.3'), 429, 'RATE_LIMITED');
  });
});

describe('at a public https URL, behind a trusted proxy', () => {
  const publicUrl = new URL('https://notes.example.org');
  const proxied = { Host: 'notes.example.org', 'X-Forwarded-For': '203.0.113.5', 'X-Forwarded-Proto': 'https' };
  const make = () => fresh({ publicUrl, trustProxy: ['loopback'], hosts: servedHosts({ host: '127.0.0.1', port: 3000, publicUrl }, {}) });

  it('answers to the public host and no other', async () => {
    const app = await make();
    json(await request(app.app).get('/api/videos').set(proxied), 200);
    const other = await request(app.app)
      .get('/api/videos')
      .set({ ...proxied, Host: 'notes.example.org.evil.example' });
    expect([other.status, (other.body as { error: { code: string } }).error.code]).toEqual([421, 'MISDIRECTED']);
  });

  it('sets its cookies Secure with the __Host- prefix', async () => {
    const app = await make();
    const res = await request(app.app).get('/videos/new').set(proxied);
    const cookies = (res.headers['set-cookie'] as unknown as string[]) ?? [];
    expect(cookies.length).toBeGreaterThan(0);
    for (const cookie of cookies) expect(cookie).toMatch(/^__Host-pn_\w+=[^;]+;.*; Secure/);
  });

  it('takes writes from its own origin, and refuses the http one and other sites', async () => {
    const app = await make();
    json(
      await request(app.app)
        .post(NOTES)
        .set({ ...proxied, Origin: 'https://notes.example.org' })
        .send({ start: 1, text: 'from the page' }),
      201,
    );
    for (const origin of ['http://notes.example.org', 'https://evil.example', 'https://notes.example.org:8443'])
      apiError(
        await request(app.app)
          .post(NOTES)
          .set({ ...proxied, Origin: origin })
          .send({ start: 1, text: 'x' }),
        403,
        'FORBIDDEN',
      );
  });
});
