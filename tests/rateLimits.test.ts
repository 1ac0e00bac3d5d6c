import request from 'supertest';
import { freshApps } from './support/testApp.js';

const { fresh } = freshApps();
const SAMPLE = 'S6Sjj6OtyvY';

describe('rate limits', () => {
  it('refuses fetches beyond the limit with 429 and a JSON error, and keeps searching open', async () => {
    const { app, jobs } = await fresh({ rateLimits: { fetches: 2, writes: 100 } });
    const statuses = [];
    for (const id of ['aaaaaaaaaaa', 'bbbbbbbbbbb', 'ccccccccccc']) statuses.push((await request(app).post('/api/videos').send({ url: id })).status);
    expect(statuses).toEqual([202, 202, 429]);
    const refused = await request(app).post('/api/videos').send({ url: 'ddddddddddd' });
    expect(refused.body).toEqual({ error: { code: 'RATE_LIMITED', message: 'too many fetches and imports from this address; wait a minute and try again' } });
    expect(refused.headers.ratelimit).toBeDefined();
    expect((await request(app).get('/api/search').query({ q: 'qemu' })).status).toBe(200);
    await jobs.idle();
  });

  it('refuses note writes beyond the limit, on the API and the pages alike', async () => {
    const { app, notes } = await fresh({ rateLimits: { fetches: 100, writes: 3 } });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await request(app).post(`/api/videos/${SAMPLE}/notes`).send({ start: i, text: `note ${i}` })).status);
    expect(statuses).toEqual([201, 201, 201, 429]);
    expect(notes.list(SAMPLE)).toHaveLength(3);
    expect((await request(app).post(`/videos/${SAMPLE}/notes`).type('form').send({ start: 1, text: 'x' })).status).toBe(429);
    expect((await request(app).get(`/api/videos/${SAMPLE}/notes`)).status).toBe(200);
  });
});
