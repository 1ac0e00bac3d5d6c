import request from 'supertest';
import type { SpeakerTurn } from '../server/notes/types.js';
import { formAgent } from './support/formAgent.js';
import { apiError, json } from './support/api.js';
import { attr, byClass, classes, one, page, seeOther, text } from './support/html.js';
import { APP_ENGINES, freshApps, type TestApp } from './support/testApp.js';
import { search, transcript } from './support/routes.js';

/**
 * The speakers area (server/routes/speakers.ts): who speaks when, set and removed through the
 * API and the transcript page's forms, and what it changes in search. Speaker names are
 * invented: the sample's words are synthetic.
 */

const SAMPLE = 'S6Sjj6OtyvY';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const TOO_LARGE = 'the request body is too large';

describe.each(APP_ENGINES)('on %s', (engine) => {
  const { fresh } = freshApps({ engine });

  describe('speaker spans: /api/videos/:id/speakers and /api/speakers/:id', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await fresh();
    });

    const passages = async (target: TestApp) =>
      json(await request(target.app).get(`/api/videos/${SAMPLE}`), 200).passages as { start: number; end: number; speaker: string | null }[];

    it('a span makes search by speaker find only the passages in it, and the video shows them with the name', async () => {
      // "interrupts" is said inside 23:20–25:00 and outside it.
      const everywhere = await search(app, 'interrupts');
      expect(everywhere.results.some((r) => (r.start as number) >= 1500)).toBe(true);
      expect(json(await request(app.app).get(`/api/videos/${SAMPLE}/speakers`), 200)).toEqual({ turns: [] });

      const res = await request(app.app).post(`/api/videos/${SAMPLE}/speakers`).send({ start: '23:20', end: '25:00', name: '  Ann Example ' });
      const turn = json(res, 201) as unknown as SpeakerTurn;
      expect(turn).toEqual({
        id: expect.stringMatching(UUID),
        videoId: SAMPLE,
        start: 1400,
        end: 1500,
        name: 'Ann Example',
        createdAt: expect.stringMatching(ISO_MS),
      });
      expect(json(await request(app.app).get(`/api/videos/${SAMPLE}/speakers`), 200)).toEqual({ turns: [turn] });

      for (const q of ['speaker:ann interrupts', 'speaker:example interrupts', 'speaker:EXAMPLE interrupts']) {
        const found = await search(app, q);
        expect([q, found.total > 0]).toEqual([q, true]);
        expect(found.total).toBeLessThan(everywhere.total);
        for (const r of found.results) {
          expect(r).toMatchObject({ kind: 'transcript', speaker: 'Ann Example' });
          expect(r.start as number).toBeLessThan(1500);
          expect(r.end as number).toBeGreaterThan(1400);
        }
      }
      expect((await search(app, 'interrupts', { speaker: 'ann' })).total).toBe((await search(app, 'speaker:ann interrupts')).total);
      expect((await search(app, 'speaker:bob interrupts')).total).toBe(0);

      const named = (await passages(app)).filter((p) => p.speaker === 'Ann Example');
      expect(named.length).toBeGreaterThan(0);
      for (const p of named) {
        expect(p.start).toBeLessThan(1500);
        expect(p.end).toBeGreaterThan(1400);
      }
      // Passages well away from the span have no speaker.
      expect((await passages(app)).filter((p) => p.end < 1300 || p.start > 1600).every((p) => p.speaker === null)).toBe(true);

      // Removing the span: 200 {deleted}, the filter then finds nothing, the passages lose the name.
      expect(json(await request(app.app).delete(`/api/speakers/${turn.id}`), 200)).toEqual({ deleted: turn });
      expect((await search(app, 'speaker:ann interrupts')).total).toBe(0);
      expect((await passages(app)).some((p) => p.speaker !== null)).toBe(false);
      expect(json(await request(app.app).get(`/api/videos/${SAMPLE}/speakers`), 200)).toEqual({ turns: [] });
      apiError(await request(app.app).delete(`/api/speakers/${turn.id}`), 404, 'NOT_FOUND', `no speaker turn ${turn.id}`);
    });

    it.each<[string, object, RegExp]>([
      ['an end before the start', { start: 100, end: 50, name: 'Speaker A' }, /^end: a speaker span must end after it starts$/],
      ['no end', { start: 100, name: 'Speaker A' }, /^end: /],
      ['no name', { start: 100, end: 150 }, /^name: /],
      ['an empty name', { start: 100, end: 150, name: '  ' }, /a speaker needs a name of 1 to 100 characters/],
      ['a name of 101 characters', { start: 100, end: 150, name: 'A'.repeat(101) }, /a speaker needs a name of 1 to 100 characters/],
      ['a start that is not a time', { start: 'later', end: 150, name: 'Speaker A' }, /^start: not a time/],
    ])('refuses %s with 400', async (_name, body, message) => {
      apiError(await request(app.app).post(`/api/videos/${SAMPLE}/speakers`).send(body), 400, 'USAGE', message);
      expect(json(await request(app.app).get(`/api/videos/${SAMPLE}/speakers`), 200)).toEqual({ turns: [] });
    });

    it('an unknown video is 404, a malformed id 400, an unknown span 404', async () => {
      apiError(await request(app.app).post('/api/videos/ZZZZZZZZZZZ/speakers').send({ start: 1, end: 2, name: 'Speaker A' }), 404, 'NOT_FOUND');
      apiError(await request(app.app).get('/api/videos/ZZZZZZZZZZZ/speakers'), 404, 'NOT_FOUND');
      apiError(await request(app.app).get('/api/videos/bad/speakers'), 400, 'INVALID_VIDEO_ID');
      apiError(await request(app.app).delete('/api/speakers/nope'), 404, 'NOT_FOUND', 'no speaker turn nope');
      apiError(
        await request(app.app)
          .post(`/api/videos/${SAMPLE}/speakers`)
          .send({ start: 1, end: 2, name: 'x'.repeat(65 * 1024) }),
        413,
        'FILE_TOO_LARGE',
        TOO_LARGE,
      );
    });
  });

  describe('the speaker facet', () => {
    it('counts the matches of each named speaker, links to them, and keeps counting with a speaker chosen', async () => {
      const app = await fresh();
      expect((await search(app, 'interrupts', { limit: '1' })).speakers).toEqual({});
      json(await request(app.app).post(`/api/videos/${SAMPLE}/speakers`).send({ start: '23:20', end: '25:00', name: 'Ann Example' }), 201);
      const inside = await search(app, 'speaker:ann interrupts', { limit: '100' });
      const counted = await search(app, 'interrupts', { limit: '1' });
      // Before paging: every match of Ann's is counted, though one result is shown.
      expect(counted.speakers).toEqual({ 'Ann Example': inside.total });
      expect(inside.total).toBeGreaterThan(1);

      const facets = async (path: string) => {
        const nav = one(
          page(await request(app.app).get(path), 200).doc,
          (el) => el.name === 'nav' && classes(el).includes('speaker-facets'),
          'nav.speaker-facets',
        );
        return byClass(nav, 'facet').map((a) => [text(a), attr(a, 'href'), attr(a, 'aria-current') ?? null]);
      };
      expect(await facets('/search?q=interrupts')).toEqual([[`Ann Example (${inside.total})`, '/search?q=interrupts&speaker=Ann+Example', null]]);
      // Chosen, the facet still counts as if it were not, and says which is chosen.
      expect(await facets('/search?q=interrupts&speaker=Ann+Example')).toEqual([
        [`Ann Example (${inside.total})`, '/search?q=interrupts&speaker=Ann+Example', 'true'],
      ]);
    });
  });

  describe('speaker spans on the transcript page', () => {
    it('setting and removing a speaker span through the page forms', async () => {
      const own = await fresh();
      const agent = await formAgent(own.app, `/videos/${SAMPLE}`);
      const location = seeOther(await agent.post(`/videos/${SAMPLE}/speakers`, { start: '23:20', end: '25:00', name: 'Speaker A' }));
      // What the page says comes from a fixed code and the turn read back from the store, not from URL text.
      const turnId = ((await own.notes.turns(SAMPLE))[0] as SpeakerTurn).id;
      expect(location).toBe(`/videos/${SAMPLE}?t=1400&done=speaker-added&turn=${turnId}#speakers`);
      const { main } = page(await agent.agent.get(location.split('#')[0] as string), 200);
      expect(byClass(main, 'notice').map(text)).toContain('Speaker A speaks from 23:20 to 25:00');
      const turns = one(main, (el) => classes(el).includes('turns'), 'turn list');
      expect(text(turns)).toContain('23:20–25:00 Speaker A');
      const named = byClass(main, 'passage').filter((p) => byClass(p, 'speaker').some((s) => text(s) === 'Speaker A'));
      expect(named.length).toBeGreaterThan(0);
      for (const p of named) {
        expect(Number(p.attribs['data-start'])).toBeLessThan(1500);
        expect(Number(p.attribs['data-end'])).toBeGreaterThan(1400);
      }
      const turn = (await own.notes.turns(SAMPLE))[0] as SpeakerTurn;
      expect(one(turns, (el) => el.name === 'form', 'remove form').attribs.action).toBe(`/speakers/${turn.id}/delete`);
      expect(seeOther(await agent.post(`/speakers/${turn.id}/delete`))).toBe(`/videos/${SAMPLE}#speakers`);
      expect(await own.notes.turns(SAMPLE)).toEqual([]);
      expect(byClass((await transcript(agent)).main, 'turns')).toEqual([]);
    });
  });
});
