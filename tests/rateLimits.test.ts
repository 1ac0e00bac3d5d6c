import request from 'supertest';
import { formAgent } from './support/formAgent.js';
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
    for (let i = 0; i < 4; i++)
      statuses.push(
        (
          await request(app)
            .post(`/api/videos/${SAMPLE}/notes`)
            .send({ start: i, text: `note ${i}` })
        ).status,
      );
    expect(statuses).toEqual([201, 201, 201, 429]);
    expect(await notes.list(SAMPLE)).toHaveLength(3);
    expect((await request(app).post(`/videos/${SAMPLE}/notes`).type('form').send({ start: 1, text: 'x' })).status).toBe(429);
    expect((await request(app).get(`/api/videos/${SAMPLE}/notes`)).status).toBe(200);
  });

  // Express routes paths without regard to case (and with a trailing slash): a limiter matched
  // against the path by a regex of its own let `/API/VIDEOS` through unlimited. Attached to
  // the routes, the limits go wherever routing goes.
  it('counts fetches and imports however the path is written: /API/VIDEOS, /Api/Videos/, /VIDEOS/UPLOAD', async () => {
    const { app, jobs } = await fresh({ rateLimits: { fetches: 3, writes: 100 } });
    const browser = await formAgent(app);
    const statuses = [
      (await request(app).post('/API/VIDEOS').send({ url: 'aaaaaaaaaaa' })).status,
      (await request(app).post('/Api/Videos/').send({ url: 'bbbbbbbbbbb' })).status,
      (await browser.post('/VIDEOS', { url: 'ccccccccccc' })).status,
      (await request(app).post('/api/videos').send({ url: 'ddddddddddd' })).status,
      (
        await browser
          .upload('/VIDEOS/UPLOAD')
          .field('video', 'eeeeeeeeeee')
          .attach('file', Buffer.from('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhi\n'), 'x.vtt')
      ).status,
    ];
    expect(statuses).toEqual([202, 202, 303, 429, 429]);
    await jobs.idle();
  });

  it('counts note and speaker writes however the path is written, on the API and the pages', async () => {
    const { app, notes } = await fresh({ rateLimits: { fetches: 100, writes: 6 } });
    const browser = await formAgent(app);
    const note = await notes.add(SAMPLE, { start: 1, text: 'target' });
    const statuses = [
      (await request(app).post(`/api/Videos/${SAMPLE}/Notes`).send({ start: 1, text: 'a' })).status,
      (await request(app).patch(`/API/NOTES/${note.id}`).send({ text: 'b' })).status,
      (await request(app).post(`/api/VIDEOS/${SAMPLE}/SPEAKERS`).send({ start: 1, end: 2, name: 'Speaker A' })).status,
      (await request(app).post('/Api/Notes/Import').send({ format: 'panelnotes-notes', version: 1, notes: [] })).status,
      (await browser.post(`/Videos/${SAMPLE}/Notes/`, { start: '1', text: 'c' })).status,
      (await browser.post(`/NOTES/${note.id}`, { start: '1', text: 'd' })).status,
      (await request(app).delete(`/api/notes/${note.id}`)).status,
      (await browser.post(`/Notes/${note.id}/Delete`)).status,
      (await request(app).delete('/API/Speakers/00000000-0000-0000-0000-000000000000')).status,
    ];
    expect(statuses.slice(0, 6)).not.toContain(429);
    expect(statuses.slice(6)).toEqual([429, 429, 429]);
    expect((await notes.get(note.id)).text).toBe('d');
  });
});
