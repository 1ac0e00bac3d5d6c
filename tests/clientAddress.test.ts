import request from 'supertest';
import { addressKey } from '../server/routes/rateLimits.js';
import { apiError, json } from './support/api.js';
import { freshApps } from './support/testApp.js';

/**
 * The client address every per-address limit counts (routes/rateLimits.ts addressKey): one
 * client is one key however its address is written, so a port, a zone or another spelling of the
 * same address buys no fresh limit (an attacker's review of issue 16's proxy support).
 */

describe('addressKey', () => {
  it.each([
    ['203.0.113.7', 'ip:203.0.113.7'],
    ['203.0.113.7:51234', 'ip:203.0.113.7'],
    ['::ffff:203.0.113.7', 'ip:203.0.113.7'],
    ['[::ffff:203.0.113.7]:443', 'ip:203.0.113.7'],
    ['2001:db8:0:12::1', 'ip:2001:db8::/56'],
    ['2001:DB8:0:12:ffff::9', 'ip:2001:db8::/56'],
    ['[2001:db8::1]:8080', 'ip:2001:db8::/56'],
    ['fe80::1%eth0', 'ip:fe80::/56'],
    ['fe80::1%eth1', 'ip:fe80::/56'],
  ])('counts %s as %s', (ip, key) => {
    expect(addressKey({ ip })).toBe(key);
  });
});

describe('behind a trusted proxy that writes the client’s port', () => {
  const { fresh } = freshApps();
  const NOTES = '/api/videos/S6Sjj6OtyvY/notes';

  it('a new source port is the same client: the write limit holds, for the API and for wrong tokens', async () => {
    const app = await fresh({ rateLimits: { fetches: 1000, writes: 2, tokenFailures: 2 }, trustProxy: ['loopback'], token: 'k'.repeat(40) });
    const write = (port: number, token = 'k'.repeat(40)): request.Test =>
      request(app.app)
        .post(NOTES)
        .set({ 'X-Forwarded-For': `203.0.113.9:${port}`, Authorization: `Bearer ${token}` })
        .send({ start: 1, text: 'x' });
    json(await write(1001), 201);
    json(await write(1002), 201);
    apiError(await write(1003), 429, 'RATE_LIMITED');
    // Wrong tokens, each from another port: the address's count stops the guessing.
    const guess = (port: number): request.Test =>
      request(app.app)
        .post('/api/notes/import')
        .set({ 'X-Forwarded-For': `198.51.100.4:${port}`, Authorization: `Bearer ${'g'.repeat(40)}` })
        .send('{}');
    apiError(await guess(2001), 401, 'UNAUTHORIZED');
    apiError(await guess(2002), 401, 'UNAUTHORIZED');
    apiError(await guess(2003), 429, 'RATE_LIMITED', /^too many wrong tokens from this address/);
  });
});
