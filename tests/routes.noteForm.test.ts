import { PanelnotesError } from '../server/errors.js';
import { fieldErrors, noteFields, typedFields } from '../server/routes/noteForm.js';
import { formatTime } from '../server/time.js';
import { formAgent, type FormAgent } from './support/formAgent.js';
import { attr, byClass, byId, classes, enclosing, errorMessage, find, link, one, page, seeOther, tag, text, textarea, type El } from './support/html.js';
import { transcript } from './support/routes.js';
import { APP_ENGINES, freshApps, type TestApp } from './support/testApp.js';

/*
 * Notes written at their passage: "note here" (a small page of its own without JavaScript),
 * and a note form the notes cannot take coming back with the message beside its field and what
 * was typed, whichever form it was.
 */

const SAMPLE = 'S6Sjj6OtyvY';
const LONG = 'dQw4w9WgXcQ';

describe('the note form, field by field', () => {
  it.each<[string, PanelnotesError, Record<string, string>]>([
    ['a field named in front', new PanelnotesError('USAGE', 'start: not a time: "soon"', undefined, { field: 'start' }), { start: 'not a time: "soon"' }],
    ['a list item', new PanelnotesError('USAGE', 'tags[1]: "a.b" is not a tag', undefined, { field: 'tags' }), { tags: '"a.b" is not a tag' }],
    [
      'a field not named in front',
      new PanelnotesError('USAGE', 'a note must end after it starts', undefined, { field: 'end' }),
      { end: 'a note must end after it starts' },
    ],
    ['no field', new PanelnotesError('NOT_FOUND', 'no video x'), { form: 'no video x' }],
    ['a field the form does not have', new PanelnotesError('USAGE', 'videoId: bad', undefined, { field: 'videoId' }), { form: 'videoId: bad' }],
  ])('fieldErrors places %s beside its field', (_what, error, expected) => {
    expect(fieldErrors(error)).toEqual(expected);
  });

  it('shows a stored note as its times in m:ss and its tags separated by spaces; a posted form as typed', () => {
    expect(noteFields({ start: 3725, end: 3730.5, text: 'x', tags: ['hw', 'apic'] })).toEqual({ start: '1:02:05', end: '1:02:10', text: 'x', tags: 'hw apic' });
    expect(noteFields({ start: 5, text: 'x', tags: [] })).toEqual({ start: '0:05', end: '', text: 'x', tags: '' });
    expect(typedFields({ start: ' 75:00 ', text: ['twice', 'sent'], _csrf: 'x' })).toEqual({ start: ' 75:00 ', end: '', text: '', tags: '' });
  });
});

describe('"note here": the note form at its passage', () => {
  describe.each(APP_ENGINES)('on %s', (engine) => {
    const { fresh } = freshApps({ engine });
    let app: TestApp;
    let browser: FormAgent;
    beforeAll(async () => {
      app = await fresh();
      // A talk of an hour and a half, to write notes past the hour in.
      const vtt = ['WEBVTT', '', '00:00:01.000 --> 00:00:05.000', 'The opening words.', '', '01:29:55.000 --> 01:30:00.000', 'The closing words.', ''].join(
        '\n',
      );
      await app.imports.file(Buffer.from(vtt), 'long.vtt', LONG, { title: 'A long talk' });
      browser = await formAgent(app.app, `/videos/${SAMPLE}`);
    });

    it('every passage of the transcript page has a "note here" link to the form at a second inside that passage', async () => {
      const { main } = await transcript(browser);
      const passages = byClass(main, 'passage');
      expect(passages.length).toBe(app.catalog.get(SAMPLE).passages.length);
      for (const passage of passages) {
        const here = one(passage, (el) => classes(el).includes('note-here'), 'note here');
        const match = new RegExp(`^/videos/${SAMPLE}/notes/new\\?t=(\\d+)$`).exec(attr(here, 'href') ?? '');
        const t = Number(match?.[1]);
        expect(t).toBeGreaterThanOrEqual(Number(attr(passage, 'data-start')));
        expect(t).toBeLessThan(Number(attr(passage, 'data-end')));
      }
    });

    it('without JavaScript, the link opens a page with the passage and the form at its moment; Cancel goes back to the passage', async () => {
      const passage = app.catalog.get(SAMPLE).passages.find((p) => p.start <= 1420 && 1420 < p.end) as { index: number; start: number; text: string };
      const at = Math.ceil(passage.start);
      const { main, doc } = page(await browser.open(`/videos/${SAMPLE}/notes/new?t=${at}`), 200);
      const clock = formatTime(at);
      expect(text(tag(main, 'h1')[0] as El)).toBe(`A note on the passage at ${formatTime(passage.start)}`);
      expect(text(tag(doc, 'title')[0] as El)).toBe(`Note – ${app.catalog.get(SAMPLE).record.title} · panelnotes`);
      expect(text(one(main, (el) => classes(el).includes('passage-quote'), 'the passage'))).toContain(passage.text);
      expect(byClass(main, 'sample-notice')).toHaveLength(1);
      const form = byId(main, 'add-note');
      expect(form.attribs).toMatchObject({ action: `/videos/${SAMPLE}/notes`, method: 'post' });
      expect(one(form, (el) => el.attribs.name === '_csrf', '_csrf').attribs.value).toBe(browser.token);
      expect(byId(form, 'note-start').attribs.value).toBe(clock);
      const back = `/videos/${SAMPLE}?t=${Math.floor(passage.start)}#p-${passage.index}`;
      expect(text(link(form, back))).toBe('Cancel');

      // Saved, it lands on its passage on the transcript page, the note shown in it.
      const location = seeOther(await browser.post(`/videos/${SAMPLE}/notes`, { at, start: clock, text: 'From the small page', tags: '' }));
      const id = location.split('#note-')[1] as string;
      expect(location).toBe(`/videos/${SAMPLE}?t=${at}&note=${id}#note-${id}`);
      const landed = await transcript(browser, `?t=${at}&note=${id}`);
      const inPassage = enclosing(byId(landed.main, `note-${id}`), (el) => classes(el).includes('passage')) as El;
      expect(attr(inPassage, 'id')).toBe(`p-${passage.index}`);
      expect(classes(inPassage)).toContain('current');
    });

    it('a refused note comes back on that page: the passage it was written at, the message beside the field, everything typed kept', async () => {
      const before = (await app.notes.list(SAMPLE)).length;
      const { main } = page(await browser.post(`/videos/${SAMPLE}/notes`, { at: '1420', start: '23:4O', end: '', text: 'Typed with care', tags: 'hw' }), 400);
      expect(text(tag(main, 'h1')[0] as El)).toBe('A note on the passage at 23:37');
      expect(text(byId(main, 'note-start-error'))).toMatch(/^not a time: "23:4O"/);
      expect(byId(main, 'note-start').attribs).toMatchObject({ value: '23:4O', 'aria-invalid': 'true', 'aria-describedby': 'note-start-error' });
      expect(textarea(byId(main, 'note-text'))).toBe('Typed with care');
      expect(byId(main, 'note-tags').attribs.value).toBe('hw');
      expect(find(main, (el) => el.attribs['aria-invalid'] === 'true')).toHaveLength(1);
      expect(await app.notes.list(SAMPLE)).toHaveLength(before);
    });

    it.each([
      ['seconds', '4500', 4500],
      ['minutes past 59', '75:00', 4500],
      ['h:mm:ss', '1:15:00', 4500],
      ['m:ss', '2:05', 125],
    ])('takes a time as %s (%s) on a talk of 1:30:00', async (_what, start, seconds) => {
      const location = seeOther(await browser.post(`/videos/${LONG}/notes`, { start, text: `at ${start}` }));
      expect(location).toMatch(new RegExp(`^/videos/${LONG}\\?t=${seconds}&note=`));
    });

    it('refuses a time past the end of the talk, naming its length, beside the At field', async () => {
      const { main } = page(await browser.post(`/videos/${LONG}/notes`, { start: '95:00', text: 'too late' }), 400);
      expect(text(byId(main, 'note-start-error'))).toBe('the video is 1:30:00 long; a note must start between 0:00 and 1:30:05');
      expect(byId(main, 'note-start').attribs.value).toBe('95:00');
    });

    it('the note-here page of a video not in the library is 404; a time that is not one is 400', async () => {
      expect(errorMessage(await browser.agent.get('/videos/aaaaaaaaaaa/notes/new?t=5'), 404)).toBe('no video aaaaaaaaaaa in the library');
      expect(errorMessage(await browser.agent.get(`/videos/${SAMPLE}/notes/new?t=soon`), 400)).toMatch(/^not a time: "soon"/);
    });
  });
});
