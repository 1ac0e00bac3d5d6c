import request from 'supertest';
import type { SpeakerTurn } from '../server/notes/types.js';
import { apiError, json, type Body } from './support/api.js';
import { formAgent } from './support/formAgent.js';
import { attr, byClass, classes, find, page, seeOther, text } from './support/html.js';
import { search } from './support/routes.js';
import { APP_ENGINES, freshApps, type TestApp } from './support/testApp.js';

/**
 * Speakers from the captions (server/routes/speakers.ts, server/services/speakers.ts): the
 * suggestions and what writing, accepting and confirming them does, tagging while watching and
 * its undo, who answered what, and search telling suggested speakers from confirmed ones.
 * A panel of invented people, imported as a caption file; the sample is only asked what it
 * would suggest (nothing: its words are nobody's).
 */

const SAMPLE = 'S6Sjj6OtyvY';
const TALK = 'spkrTalk001';
const ROSTER = 'Ines Moreau, Pavel Dorn, Quinn Asher';
const MODERATOR = 'Rosa Lind';

/** A panel in human captions: `>>` at each change of speaker, six seconds a turn. */
const LINES = [
  '>> Good morning and welcome to the storage panel. Ines, do you want to start us off?',
  ">> Sure. Hi, I'm Ines Moreau, I maintain the snapshot code.",
  ">> And I'm Pavel Dorn, I work on the network block device.",
  '>> Thanks, Pavel. First question: why is copy on write slow? Quinn, what do you think?',
  '>> Mostly because every write walks a chain of backing files before it lands.',
  '>> I would add that the metadata cache is tiny by default, which hurts.',
  '>> Someone online asks whether snapshots work with encrypted images.',
  '>> They do, since last year, with a small cost on every write.',
  '>> We are out of time. Thank you all.',
];
const VTT = [
  'WEBVTT',
  '',
  ...LINES.flatMap((line, i) => [`00:00:${String(i * 6).padStart(2, '0')}.000 --> 00:00:${String(i * 6 + 5).padStart(2, '0')}.900`, line, '']),
].join('\n');

describe.each(APP_ENGINES)('on %s', (engine) => {
  const { fresh } = freshApps({ engine });

  async function withTalk(): Promise<TestApp> {
    const app = await fresh();
    await app.imports.file(Buffer.from(VTT), 'panel.vtt', TALK, { title: 'Storage panel' });
    return app;
  }

  const suggest = async (app: TestApp, body: object, status = 200): Promise<Body> =>
    json(await request(app.app).post(`/api/videos/${TALK}/speakers/suggest`).send(body), status);
  const turnsOf = async (app: TestApp): Promise<SpeakerTurn[]> => json(await request(app.app).get(`/api/videos/${TALK}/speakers`), 200).turns as SpeakerTurn[];

  describe('POST /api/videos/:id/speakers/suggest', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await withTalk();
    });

    it('suggests turns from the cues, names only those a cue names, says why, and writes nothing', async () => {
      const answer = await suggest(app, { roster: ROSTER, moderator: MODERATOR });
      expect(answer).toMatchObject({ videoId: TALK, roster: ['Ines Moreau', 'Pavel Dorn', 'Quinn Asher'], moderator: MODERATOR });
      const turns = answer.turns as {
        speaker: string | null;
        start: number;
        end: number;
        confidence: number;
        cues: { kind: string; text: string; at: number }[];
      }[];
      expect(turns.map((t) => [t.start, t.speaker])).toEqual([
        [0, MODERATOR],
        [6, 'Ines Moreau'],
        [12, 'Pavel Dorn'],
        [18, MODERATOR],
        [24, 'Quinn Asher'],
        [30, null],
        [36, MODERATOR],
        [42, null],
        [48, MODERATOR],
      ]);
      expect(turns.at(-1)?.end).toBe(53.9);
      const quinn = turns[4];
      expect(quinn?.cues).toEqual([
        { kind: 'turn-mark', text: '>>', at: 24 },
        { kind: 'hand-off', text: 'Quinn, what do you think?', at: expect.any(Number) },
      ]);
      expect(quinn?.confidence).toBe(0.8);
      expect(turns[5]).toMatchObject({ speaker: null, confidence: 0, cues: [{ kind: 'turn-mark' }] });
      expect(await turnsOf(app)).toEqual([]);
    });

    it('without a roster (and no panelists) names nobody, and says why', async () => {
      const answer = await suggest(app, {});
      expect((answer.turns as { speaker: string | null }[]).every((t) => t.speaker === null)).toBe(true);
      expect(answer.notice).toMatch(/^No roster/);
    });

    it.each<[string, object, RegExp]>([
      ['a roster that is not names', { roster: 5 }, /^roster: /],
      ['an unknown field', { rooster: 'Ines' }, /unknown field "rooster"/],
      ['an empty moderator', { moderator: ' ' }, /a speaker needs a name/],
      ['a suggestion that is not there', { roster: ROSTER, accept: [99] }, /^there is no suggestion 99: this video has 9 \(0 to 8\)$/],
      ['a suggestion that names nobody', { roster: ROSTER, accept: [5] }, /^suggestion 5 names nobody/],
    ])('refuses %s with 400, writing nothing', async (_name, body, message) => {
      apiError(await request(app.app).post(`/api/videos/${TALK}/speakers/suggest`).send(body), 400, 'USAGE', message);
      expect(await turnsOf(app)).toEqual([]);
    });

    it('an unknown video is 404, a malformed id 400', async () => {
      apiError(await request(app.app).post('/api/videos/ZZZZZZZZZZZ/speakers/suggest').send({}), 404, 'NOT_FOUND');
      apiError(await request(app.app).post('/api/videos/nope/speakers/suggest').send({}), 400, 'INVALID_VIDEO_ID');
    });

    it("the synthetic sample's panelists are never suggested, even when given as the roster", async () => {
      const { record } = app.catalog.get(SAMPLE);
      const panelists = (record.metadata.panelists ?? []).map((p) => p.name);
      expect(panelists.length).toBeGreaterThan(0);
      const answer = await request(app.app).post(`/api/videos/${SAMPLE}/speakers/suggest`).send({ roster: panelists, moderator: panelists[0], apply: true });
      const body = json(answer, 200);
      expect(body.notice).toMatch(/synthetic/);
      expect((body.turns as { speaker: string | null }[]).filter((t) => t.speaker !== null)).toEqual([]);
      expect(body.applied).toEqual([]);
      expect(json(await request(app.app).post(`/api/videos/${SAMPLE}/speakers/suggest`).send({}), 200).roster).toEqual([]);
    });
  });

  describe('writing, accepting and confirming suggestions; search tells them apart', () => {
    it('apply writes the named turns marked suggested; search by speaker finds them and says so; confirming clears the mark', async () => {
      const app = await withTalk();
      const answer = await suggest(app, { roster: ROSTER, moderator: MODERATOR, apply: true });
      const applied = answer.applied as SpeakerTurn[];
      expect(applied.map((t) => [t.start, t.name, t.suggested])).toEqual([
        [0, MODERATOR, true],
        [6, 'Ines Moreau', true],
        [12, 'Pavel Dorn', true],
        [18, MODERATOR, true],
        [24, 'Quinn Asher', true],
        [36, MODERATOR, true],
        [48, MODERATOR, true],
      ]);
      expect((await turnsOf(app)).map((t) => t.id)).toEqual(applied.map((t) => t.id));

      const found = await search(app, 'speaker:quinn chain backing files');
      expect(found.results.map((r) => [r.videoId, r.speaker, r.speakerSuggested])).toEqual([[TALK, 'Quinn Asher', true]]);

      const quinn = applied[4] as SpeakerTurn;
      const confirmed = json(
        await request(app.app)
          .post(`/api/videos/${TALK}/speakers/confirm`)
          .send({ ids: [quinn.id] }),
        200,
      );
      expect(confirmed).toEqual({ confirmed: [{ ...quinn, suggested: undefined }].map(({ suggested: _s, ...t }) => t) });
      const after = await search(app, 'speaker:quinn chain backing files');
      expect(after.results.map((r) => [r.speaker, 'speakerSuggested' in r])).toEqual([['Quinn Asher', false]]);

      // Applying again replaces the unconfirmed suggestions only: the confirmed turn stays as it is.
      await suggest(app, { roster: ROSTER, moderator: MODERATOR, apply: true });
      const now = await turnsOf(app);
      expect(now.filter((t) => !t.suggested)).toEqual([{ ...quinn, suggested: undefined }].map(({ suggested: _s, ...t }) => t));
      expect(now).toHaveLength(7);

      expect(json(await request(app.app).post(`/api/videos/${TALK}/speakers/confirm`).send({}), 200).confirmed).toHaveLength(6);
      expect((await turnsOf(app)).some((t) => t.suggested)).toBe(false);
    });

    it('accepting one writes that one; suggestions fill the time around turns a person set', async () => {
      const app = await withTalk();
      const hand = await app.notes.addTurn(TALK, { start: 26, end: 28, name: 'Someone Else' });
      const answer = await suggest(app, { roster: ROSTER, moderator: MODERATOR, accept: [4] });
      expect((answer.applied as SpeakerTurn[]).map((t) => [t.start, t.end, t.name, t.suggested])).toEqual([
        [24, 26, 'Quinn Asher', true],
        [28, 30, 'Quinn Asher', true],
      ]);
      expect((await turnsOf(app)).map((t) => t.name)).toEqual(['Quinn Asher', hand.name, 'Quinn Asher']);
    });
  });

  describe('tagging while watching: POST …/speakers/tag and …/speakers/undo', () => {
    it('each tag starts a turn where the one playing ends; a second press at the same moment renames; undo puts things back', async () => {
      const app = await withTalk();
      const tag = async (body: object): Promise<Body> => json(await request(app.app).post(`/api/videos/${TALK}/speakers/tag`).send(body), 201);
      const undo = async (body: unknown): Promise<SpeakerTurn[]> =>
        json(
          await request(app.app)
            .post(`/api/videos/${TALK}/speakers/undo`)
            .send(body as object),
          200,
        ).turns as SpeakerTurn[];
      const spans = (turns: SpeakerTurn[]): [number, number, string][] => turns.map((t) => [t.start, t.end, t.name]);

      const first = await tag({ at: '0:06', name: 'Ines Moreau' });
      expect(first.turn).toMatchObject({ start: 6, end: 53.9, name: 'Ines Moreau' });
      const second = await tag({ at: 12, name: 'Pavel Dorn' });
      expect(spans(second.turns as SpeakerTurn[])).toEqual([
        [6, 12, 'Ines Moreau'],
        [12, 53.9, 'Pavel Dorn'],
      ]);
      const renamed = await tag({ at: 12.4, name: 'Quinn Asher' });
      expect(spans(renamed.turns as SpeakerTurn[])).toEqual([
        [6, 12, 'Ines Moreau'],
        [12, 53.9, 'Quinn Asher'],
      ]);
      const unknown = await tag({ at: 30 });
      expect(unknown.turn).toBeNull();
      expect(spans(unknown.turns as SpeakerTurn[])).toEqual([
        [6, 12, 'Ines Moreau'],
        [12, 30, 'Quinn Asher'],
      ]);

      expect(spans(await undo(unknown.undo))).toEqual([
        [6, 12, 'Ines Moreau'],
        [12, 53.9, 'Quinn Asher'],
      ]);
      expect(spans(await undo(renamed.undo))).toEqual([
        [6, 12, 'Ines Moreau'],
        [12, 53.9, 'Pavel Dorn'],
      ]);
      expect(spans(await undo(second.undo))).toEqual([[6, 53.9, 'Ines Moreau']]);
      expect(await search(app, 'speaker:ines chain backing files')).toMatchObject({ total: 1 });
      expect(await undo(first.undo)).toEqual([]);
    });

    it.each<[string, string, object, RegExp]>([
      ['a moment past the end', 'tag', { at: '9:00', name: 'Ines Moreau' }, /^the video is 0:53 long; a speaker span must start between 0:00 and 0:58$/],
      ['a moment that is not a time', 'tag', { at: 'soon', name: 'Ines Moreau' }, /^at: not a time/],
      ['a name of 101 characters', 'tag', { at: 6, name: 'x'.repeat(101) }, /a speaker needs a name of 1 to 100 characters/],
      [
        'an undo putting back a turn of another video',
        'undo',
        { put: [{ id: '00000000-0000-4000-8000-000000000001', videoId: SAMPLE, start: 1, end: 2, name: 'X', createdAt: '2026-12-01T00:00:00.000Z' }] },
        /is not of video/,
      ],
      ['an undo that is not one', 'undo', { remove: 'all' }, /^remove: /],
    ])('refuses %s with 400', async (_name, path, body, message) => {
      const app = await withTalk();
      apiError(await request(app.app).post(`/api/videos/${TALK}/speakers/${path}`).send(body), 400, 'USAGE', message);
      expect(await turnsOf(app)).toEqual([]);
    });
  });

  describe('who answered what', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await withTalk();
      await suggest(app, { roster: ROSTER, moderator: MODERATOR, apply: true });
    });

    it('GET /api/videos/:id/questions: questions with their asker, topic and answers, and speaking time', async () => {
      const view = json(await request(app.app).get(`/api/videos/${TALK}/questions`), 200);
      expect(view).toMatchObject({ videoId: TALK, title: 'Storage panel', moderator: MODERATOR, speakers: 'turns' });
      const questions = view.questions as { text: string; asker: string; answers: { speaker: string | null; suggested: boolean; words: string }[] }[];
      expect(questions.map((q) => [q.asker, q.text, q.answers.map((a) => [a.speaker, a.suggested])])).toEqual([
        [
          'moderator',
          'Ines, do you want to start us off?',
          [
            ['Ines Moreau', true],
            ['Pavel Dorn', true],
          ],
        ],
        [
          'moderator',
          'First question: why is copy on write slow? Quinn, what do you think?',
          [
            ['Quinn Asher', true],
            [null, false],
          ],
        ],
        ['online', 'Someone online asks whether snapshots work with encrypted images.', [[null, false]]],
      ]);
      const rows = view.speakingTime as { speaker: string; total: number }[];
      expect(rows.map((r) => r.speaker)).toEqual([MODERATOR, 'Ines Moreau', 'Pavel Dorn', 'Quinn Asher']);
    });

    it('the page shows them, with links to each moment and the table; the Markdown is a download', async () => {
      const { main } = page(await request(app.app).get(`/videos/${TALK}/questions`), 200);
      const questions = byClass(main, 'question');
      expect(questions.map((q) => text(q).split(' Ines Moreau')[0]?.split(' Quinn Asher')[0])).toEqual([
        expect.stringMatching(/^0:0\d \S+( \S+)? Rosa Lind \(the moderator\) asks: Ines, do you want to start us off\? 0:06$/),
        expect.stringMatching(
          /^0:1\d \S+( \S+)? Rosa Lind \(the moderator\) asks: First question: why is copy on write slow\? Quinn, what do you think\? 0:24$/,
        ),
        expect.stringMatching(
          /^0:36 \S+( \S+)? someone online \(read by Rosa Lind\) asks: Someone online asks whether snapshots work with encrypted images\. 0:42 unknown:/,
        ),
      ]);
      expect(find(questions[1] as never, (el) => el.name === 'a').map((a) => attr(a, 'href'))).toContain(`/videos/${TALK}?t=24`);
      const table = find(main, (el) => classes(el).includes('speaking-time'))[0];
      expect(table && text(table)).toContain('Quinn Asher suggested');

      const md = await request(app.app).get(`/videos/${TALK}/questions.md`);
      expect(md.status).toBe(200);
      expect(md.headers['content-type']).toBe('text/markdown; charset=utf-8');
      expect(md.headers['content-disposition']).toBe(`attachment; filename=${TALK}-questions.md`);
      expect(md.text).toContain('# Who answered what: Storage panel');
      expect(md.text).toContain(`[0:24](https://www.youtube.com/watch?v=${TALK}&t=24s) Quinn Asher (suggested): Mostly because every write walks`);
    });
  });

  describe('the suggestions page and the transcript page', () => {
    it('suggest, accept all, see them marked on the transcript page with their cues, confirm them', async () => {
      const app = await withTalk();
      const browser = await formAgent(app.app, `/videos/${TALK}/speakers/suggest?roster=${encodeURIComponent(ROSTER)}&moderator=${MODERATOR}`);
      const shown = page(await browser.agent.get(`/videos/${TALK}/speakers/suggest?roster=${encodeURIComponent(ROSTER)}&moderator=${MODERATOR}`), 200);
      const rows = byClass(shown.main, 'suggestion');
      expect(rows).toHaveLength(9);
      expect(text(rows[4] as never)).toMatch(/^0:24–0:30 Quinn Asher 80% sure accept why turn-mark at 0:24: >> hand-off at 0:2\d: Quinn, what do you think\?$/);
      expect(attr(byClass(rows[4] as never, 'speaker')[0] as never, 'title')).toMatch(/^turn-mark at 0:24: >>\nhand-off at 0:2\d: Quinn, what do you think\?$/);
      expect(text(rows[5] as never)).toMatch(/^0:30–0:36 unknown/);

      // Accept one, then all.
      const one = seeOther(await browser.post(`/videos/${TALK}/speakers/suggest`, { roster: ROSTER, moderator: MODERATOR, accept: 4 }));
      expect(one).toBe(`/videos/${TALK}/speakers/suggest?roster=Ines+Moreau%2C+Pavel+Dorn%2C+Quinn+Asher&moderator=Rosa+Lind#suggestion-4`);
      expect((await app.notes.turns(TALK)).map((t) => t.name)).toEqual(['Quinn Asher']);
      const after = page(await browser.agent.get(one.split('#')[0] as string), 200);
      expect(text(byClass(after.main, 'suggestion')[4] as never)).toContain('accepted');
      seeOther(await browser.post(`/videos/${TALK}/speakers/suggest`, { roster: ROSTER, moderator: MODERATOR }));
      expect((await app.notes.turns(TALK)).filter((t) => t.suggested)).toHaveLength(7);

      const transcript = page(await browser.agent.get(`/videos/${TALK}`), 200);
      const list = byClass(transcript.main, 'turns')[0];
      expect(list && text(list)).toContain('0:24–0:30 Quinn Asher suggested, 80% sure confirm remove');
      const passage = byClass(transcript.main, 'passage').find((p) => byClass(p, 'speaker').some((s) => text(s) === 'Quinn Asher'));
      expect(passage && classes(byClass(passage, 'speaker')[0] as never)).toContain('suggested');

      seeOther(await browser.post(`/videos/${TALK}/speakers/confirm`));
      expect((await app.notes.turns(TALK)).some((t) => t.suggested)).toBe(false);
      const confirmed = page(await browser.agent.get(`/videos/${TALK}`), 200);
      expect(byClass(confirmed.main, 'speaker', 'suggested')).toEqual([]);
    });
  });

  describe('GET /api/videos/:id/transcript?format=md', () => {
    it('ends the whole talk with who answered what, as the questions view has it; a range leaves it out', async () => {
      const app = await withTalk();
      await suggest(app, { roster: ROSTER, moderator: MODERATOR, apply: true });
      const whole = await request(app.app).get(`/api/videos/${TALK}/transcript`).query({ format: 'md' });
      expect(whole.status).toBe(200);
      const questions = await request(app.app).get(`/videos/${TALK}/questions.md`);
      const [, section] = whole.text.split('\n## Who answered what: Storage panel\n');
      // The same view, its headings one level down.
      expect(section).toBeDefined();
      expect(questions.status).toBe(200);
      expect(`## Who answered what: Storage panel\n${section}`).toBe(questions.text.replace(/^(#+) /gm, '#$1 '));
      expect(section).toContain('### Questions');
      const range = await request(app.app).get(`/api/videos/${TALK}/transcript`).query({ format: 'md', from: '0:20' });
      expect(range.text).not.toContain('Who answered what');
    });

    it('tells suggested speakers from confirmed ones in the transcript itself', async () => {
      const app = await withTalk();
      await suggest(app, { roster: ROSTER, moderator: MODERATOR, apply: true });
      const words = async () => (await request(app.app).get(`/api/videos/${TALK}/transcript`).query({ format: 'txt' })).text;
      expect(await words()).toMatch(/^\[\d+:\d\d\] [^\n]+ \(suggested\): /m);
    });
  });
});
