import { DomUtils } from 'htmlparser2';
import request from 'supertest';
import type { Note, NotesExport } from '../server/notes/types.js';
import { formAgent, type FormAgent } from './support/formAgent.js';
import { apiError, json, type Body } from './support/api.js';
import { byClass, byId, classes, enclosing, errorMessage, find, isTag, one, page, seeOther, text, textarea, type El, type Page } from './support/html.js';
import { APP_ENGINES, freshApps, type TestApp } from './support/testApp.js';
import { search, transcript } from './support/routes.js';

/**
 * The notes area (server/routes/notes.ts), pages and API: adding, changing and deleting notes,
 * the transcript page's notes, exports and imports, the one rule for where a note may be.
 * Driven with supertest; page forms are posted the way a browser does, with the page's CSRF
 * token (tests/support/formAgent.ts).
 */

const SAMPLE = 'S6Sjj6OtyvY';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const TOO_LARGE = 'the request body is too large';
const watchSample = (seconds: number): string => `https://www.youtube.com/watch?v=${SAMPLE}&t=${Math.floor(seconds)}s`;
const NOTES = `/api/videos/${SAMPLE}/notes`;

/** A note through the API; its JSON. */
async function addNote(app: TestApp, body: object, headers: Record<string, string> = {}): Promise<Note> {
  return json(await request(app.app).post(NOTES).set(headers).send(body), 201) as unknown as Note;
}

describe.each(APP_ENGINES)('on %s', (engine) => {
  const { fresh } = freshApps({ engine });

  describe('GET/POST /api/videos/:id/notes', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await fresh();
    });

    it('starts with no notes', async () => {
      const empty = await fresh();
      expect(json(await request(empty.app).get(NOTES), 200)).toEqual({ total: 0, notes: [] });
    });

    it('adds a note: 201, Location /api/notes/<id>, the note with its id and times; GET lists it', async () => {
      const before = Date.now();
      const res = await request(app.app)
        .post(NOTES)
        .send({ start: 90, text: '  The first note.  ', tags: ['kvm'] });
      const note = json(res, 201) as unknown as Note;
      expect(res.headers.location).toBe(`/api/notes/${note.id}`);
      expect(note).toEqual({
        id: expect.stringMatching(UUID),
        videoId: SAMPLE,
        start: 90,
        text: 'The first note.',
        tags: ['kvm'],
        createdAt: expect.stringMatching(ISO_MS),
        updatedAt: note.createdAt,
      });
      expect(Object.keys(note)).not.toContain('end');
      expect(Date.parse(note.createdAt)).toBeGreaterThanOrEqual(before - 1000);
      const list = json(await request(app.app).get(NOTES), 200).notes as Note[];
      expect(list).toContainEqual(note);
    });

    it.each<[string, unknown, number]>([
      ['seconds', 90, 90],
      ['seconds with a fraction', 90.25, 90.25],
      ['seconds as text', '90', 90],
      ['m:ss', '1:30', 90],
      ['mm:ss', '23:45', 1425],
      ['h:mm:ss', '0:01:30', 90],
      ['zero', 0, 0],
    ])('start as %s (%j) is %d seconds', async (_name, start, seconds) => {
      const note = await addNote(app, { start, text: 'a moment' });
      expect(note.start).toBe(seconds);
    });

    it('end is optional and, when given (seconds or m:ss), must be after start', async () => {
      expect(await addNote(app, { start: '1:30', end: '1:45', text: 'a span' })).toMatchObject({ start: 90, end: 105 });
      expect(await addNote(app, { start: 90, end: 90.5, text: 'a short span' })).toMatchObject({ start: 90, end: 90.5 });
      for (const end of ['', null]) expect(Object.keys(await addNote(app, { start: 90, end, text: 'no end' }))).not.toContain('end');
      apiError(await request(app.app).post(NOTES).send({ start: 90, end: 80, text: 'backwards' }), 400, 'USAGE', 'end: a note must end after it starts');
      apiError(await request(app.app).post(NOTES).send({ start: 90, end: '1:30', text: 'no length' }), 400, 'USAGE', 'end: a note must end after it starts');
    });

    it.each<[string, unknown, string[]]>([
      ['an array', ['kvm', 'qemu'], ['kvm', 'qemu']],
      ['one string of words ("a b")', 'kvm qemu', ['kvm', 'qemu']],
      ['words separated by commas', 'kvm, qemu,vfio', ['kvm', 'qemu', 'vfio']],
      ['#tags in capitals, repeated', '#KVM kvm Qemu', ['kvm', 'qemu']],
      ['an empty string', '', []],
      ['none given', undefined, []],
    ])('tags as %s', async (_name, tags, expected) => {
      const note = await addNote(app, { start: 10, text: 'tagged', ...(tags === undefined ? {} : { tags }) });
      expect(note.tags).toEqual(expected);
    });

    it('takes a text of exactly 10,000 characters, whole', async () => {
      const long = `${'word '.repeat(1999)}last!`;
      expect(long).toHaveLength(10_000);
      const note = await addNote(app, { start: 5, text: long });
      expect(note.text).toBe(long);
      expect((json(await request(app.app).get(NOTES), 200).notes as Note[]).find((n) => n.id === note.id)?.text).toBe(long);
    });

    it('refuses a text of 10,001 characters with 413, saying the limit, and adds nothing', async () => {
      const count = (json(await request(app.app).get(NOTES), 200).notes as Note[]).length;
      const error = apiError(
        await request(app.app)
          .post(NOTES)
          .send({ start: 5, text: 'x'.repeat(10_001) }),
        413,
        'FILE_TOO_LARGE',
      );
      expect(error.message).toBe('text: a note holds at most 10,000 characters; this one has 10,001');
      expect((json(await request(app.app).get(NOTES), 200).notes as Note[]).length).toBe(count);
    });

    it.each<[string, object, RegExp]>([
      ['empty text', { start: 1, text: '' }, /^text: a note needs some text$/],
      ['text of spaces and line breaks', { start: 1, text: ' \n\t ' }, /^text: a note needs some text$/],
      ['no text', { start: 1 }, /^text: /],
      ['no start', { text: 'when?' }, /^start: /],
      ['a start that is not a time', { start: 'soon', text: 'x' }, /^start: not a time: "soon"/],
      ['a negative start', { start: -1, text: 'x' }, /^start: not a time: -1/],
      ['"start": true', { start: true, text: 'x' }, /^start: /],
      ['"start": {}', { start: {}, text: 'x' }, /^start: /],
      ['"text": 5', { start: 1, text: 5 }, /^text: /],
      ['"text": ["a"]', { start: 1, text: ['a'] }, /^text: /],
      ['"tags": 5', { start: 1, text: 'x', tags: 5 }, /^tags: /],
      ['a tag with markup', { start: 1, text: 'x', tags: ['<b>'] }, /is not a tag/],
      ['21 tags', { start: 1, text: 'x', tags: Array.from({ length: 21 }, (_, i) => `t${i}`) }, /at most 20 tags/],
    ])('refuses %s with 400', async (_name, body, message) => {
      apiError(await request(app.app).post(NOTES).send(body), 400, 'USAGE', message);
    });

    it('refuses JSON that is not an object, or does not parse, with 400', async () => {
      apiError(await request(app.app).post(NOTES).set('content-type', 'application/json').send('"just text"'), 400, 'USAGE');
      apiError(
        await request(app.app).post(NOTES).set('content-type', 'application/json').send('{"start": '),
        400,
        'USAGE',
        'the request body is not valid JSON',
      );
      apiError(
        await request(app.app)
          .post(NOTES)
          .send([{ start: 1, text: 'x' }]),
        400,
        'USAGE',
      );
    });

    it('a video not in the library is 404; a malformed video id is 400 (listing and adding)', async () => {
      apiError(await request(app.app).get('/api/videos/ZZZZZZZZZZZ/notes'), 404, 'NOT_FOUND', 'no video ZZZZZZZZZZZ in the library');
      apiError(
        await request(app.app).post('/api/videos/ZZZZZZZZZZZ/notes').send({ start: 1, text: 'x' }),
        404,
        'NOT_FOUND',
        'no video ZZZZZZZZZZZ in the library',
      );
      apiError(await request(app.app).get('/api/videos/not-an-id/notes'), 400, 'INVALID_VIDEO_ID', 'not a video id: "not-an-id"');
      apiError(await request(app.app).post('/api/videos/..%2F..%2Fetc/notes').send({ start: 1, text: 'x' }), 400, 'INVALID_VIDEO_ID');
    });

    it('a JSON body over 64 kB is 413, even with a valid note in it', async () => {
      apiError(
        await request(app.app)
          .post(NOTES)
          .send({ start: 1, text: 'fits', padding: 'x'.repeat(65 * 1024) }),
        413,
        'FILE_TOO_LARGE',
        TOO_LARGE,
      );
    });

    it('lists notes by time', async () => {
      const other = await fresh();
      await addNote(other, { start: 300, text: 'third' });
      await addNote(other, { start: 10, text: 'first' });
      await addNote(other, { start: '2:00', text: 'second' });
      expect((json(await request(other.app).get(NOTES), 200).notes as Note[]).map((n) => n.text)).toEqual(['first', 'second', 'third']);
    });

    it('notes are data in the API: markup comes back exactly as written, as JSON', async () => {
      const payload = '<script>alert(1)</script> "><img src=x onerror=alert(1)> javascript:alert(1)';
      const note = await addNote(app, { start: 1, text: payload });
      expect(note.text).toBe(payload);
      const res = await request(app.app).get(NOTES);
      expect((json(res, 200).notes as Note[]).find((n) => n.id === note.id)?.text).toBe(payload);
    });
  });

  describe('PATCH and DELETE /api/notes/:id', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await fresh();
    });

    it('PATCH changes what it is given; GET and search show the change at once', async () => {
      const note = await addNote(app, { start: 100, end: 110, text: 'about the quokka', tags: 'animal' });
      expect((await search(app, 'quokka')).results.map((r) => r.noteId)).toEqual([note.id]);

      const res = await request(app.app).patch(`/api/notes/${note.id}`).send({ text: 'about the wombat instead' });
      const changed = json(res, 200) as unknown as Note;
      expect(changed).toMatchObject({
        id: note.id,
        videoId: SAMPLE,
        start: 100,
        end: 110,
        text: 'about the wombat instead',
        tags: ['animal'],
        createdAt: note.createdAt,
      });
      expect(Date.parse(changed.updatedAt)).toBeGreaterThanOrEqual(Date.parse(note.updatedAt));

      expect((json(await request(app.app).get(NOTES), 200).notes as Note[]).find((n) => n.id === note.id)).toEqual(changed);
      const found = await search(app, 'wombat');
      expect(found.results.map((r) => r.noteId)).toEqual([note.id]);
      expect(found.results[0]).toMatchObject({ kind: 'note', snippet: 'about the <mark>wombat</mark> instead' });
      expect((await search(app, 'quokka')).total).toBe(0);
    });

    it('PATCH takes start, end (also "" or null to remove it), tags; validates like POST', async () => {
      const note = await addNote(app, { start: 100, end: 110, text: 'movable' });
      const patch = (body: unknown) =>
        request(app.app)
          .patch(`/api/notes/${note.id}`)
          .send(body as object);
      expect(json(await patch({ start: '2:00', end: '2:30' }), 200)).toMatchObject({ start: 120, end: 150 });
      expect(json(await patch({ tags: 'a b' }), 200)).toMatchObject({ tags: ['a', 'b'] });
      expect(Object.keys(json(await patch({ end: null }), 200))).not.toContain('end');
      expect(json(await patch({ end: 130 }), 200)).toMatchObject({ start: 120, end: 130 });
      expect(Object.keys(json(await patch({ end: '' }), 200))).not.toContain('end');

      apiError(await patch({ start: 200, end: 150 }), 400, 'USAGE', /end after it starts/);
      await patch({ end: 130 });
      apiError(await patch({ start: 140 }), 400, 'USAGE', 'a note must end after it starts');
      apiError(await patch({}), 400, 'USAGE', /^nothing to change/);
      apiError(await patch({ text: '' }), 400, 'USAGE', 'text: a note needs some text');
      apiError(await patch({ start: true }), 400, 'USAGE', /^start: /);
      apiError(await patch({ text: 'y'.repeat(10_001) }), 413, 'FILE_TOO_LARGE', 'text: a note holds at most 10,000 characters; this one has 10,001');
      apiError(await patch({ text: 'fits', padding: 'x'.repeat(65 * 1024) }), 413, 'FILE_TOO_LARGE', TOO_LARGE);
      // None of the refused changes reached the note.
      expect((json(await request(app.app).get(NOTES), 200).notes as Note[]).find((n) => n.id === note.id)).toMatchObject({
        start: 120,
        end: 130,
        text: 'movable',
        tags: ['a', 'b'],
      });
    });

    it('DELETE answers 200 {deleted: <the note>}; then it is gone (404) from the API and search', async () => {
      const note = await addNote(app, { start: 100, text: 'a short-lived pangolin' });
      expect((await search(app, 'pangolin')).total).toBe(1);
      expect(json(await request(app.app).delete(`/api/notes/${note.id}`), 200)).toEqual({ deleted: note });
      expect((json(await request(app.app).get(NOTES), 200).notes as Note[]).map((n) => n.id)).not.toContain(note.id);
      expect((await search(app, 'pangolin')).total).toBe(0);
      apiError(await request(app.app).delete(`/api/notes/${note.id}`), 404, 'NOT_FOUND', `no note ${note.id}`);
      apiError(await request(app.app).patch(`/api/notes/${note.id}`).send({ text: 'x' }), 404, 'NOT_FOUND', `no note ${note.id}`);
    });

    it('an unknown id is 404 for PATCH and DELETE', async () => {
      apiError(await request(app.app).patch('/api/notes/00000000-0000-0000-0000-000000000000').send({ text: 'x' }), 404, 'NOT_FOUND');
      apiError(await request(app.app).delete('/api/notes/nope'), 404, 'NOT_FOUND', 'no note nope');
    });

    it('the note the 201 Location names is where PATCH and DELETE reach it', async () => {
      const res = await request(app.app).post(NOTES).send({ start: 1, text: 'located' });
      const location = String(res.headers.location);
      expect(json(await request(app.app).patch(location).send({ text: 'relocated' }), 200)).toMatchObject({ text: 'relocated' });
      expect(json(await request(app.app).delete(location), 200)).toMatchObject({ deleted: { text: 'relocated' } });
    });

    // A client follows the 201's Location to read what it made.
    it('GET on the Location of a new note answers the note', async () => {
      const res = await request(app.app).post(NOTES).send({ start: 1, text: 'find me again' });
      const note = json(res, 201);
      expect(json(await request(app.app).get(String(res.headers.location)), 200)).toEqual(note);
    });
  });

  describe('exporting and importing notes', () => {
    let app: TestApp;
    let notes: Note[];
    beforeAll(async () => {
      app = await fresh();
      notes = [
        await addNote(app, { start: 1425, end: 1440, text: 'Posted interrupts: see the slide <b>.', tags: 'hw apic' }),
        await addNote(app, { start: 12, text: 'Opening remarks\nsecond line' }),
        await addNote(app, { start: 3000, text: 'Near the end', tags: ['wrap-up'] }),
      ];
    });

    const exportOf = (target: TestApp, format?: string) =>
      request(target.app)
        .get(`${NOTES}/export`)
        .query(format ? { format } : {});

    it.each<[string, string, string]>([
      ['md', 'text/markdown; charset=utf-8', 'md'],
      ['json', 'application/json; charset=utf-8', 'json'],
      ['vtt', 'text/vtt; charset=utf-8', 'vtt'],
      ['annotation', 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"; charset=utf-8', 'jsonld'],
    ])('?format=%s is a download: %s, named <video>-notes.<ext>', async (format, type, extension) => {
      const res = await exportOf(app, format);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe(type);
      expect(res.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="?${SAMPLE}-notes\\.${extension}"?$`));
    });

    // attachment() sets a type from the file name: the format's own type, with its profile, must win.
    it('?format=annotation is served with the Web Annotation profile in its Content-Type', async () => {
      const res = await exportOf(app, 'annotation');
      expect(res.headers['content-type']).toBe('application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"; charset=utf-8');
    });

    it('the JSON export (the default format) holds every note, by time, exactly', async () => {
      const res = await exportOf(app);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      const file = JSON.parse(res.text) as NotesExport;
      expect(file).toEqual({
        format: 'panelnotes-notes',
        version: 1,
        exportedAt: expect.stringMatching(ISO_MS),
        videoId: SAMPLE,
        title: app.catalog.get(SAMPLE).record.title,
        url: `https://www.youtube.com/watch?v=${SAMPLE}`,
        notes: [notes[1], notes[0], notes[2]],
      });
    });

    it('the Markdown export: a heading, a watch link, each note a timestamp link with its text (escaped) and #tags', async () => {
      const res = await exportOf(app, 'md');
      const md = res.text;
      expect(md.startsWith(`# ${app.catalog.get(SAMPLE).record.title.replace(/[[\]]/g, (c) => `\\${c}`)}\n`)).toBe(true);
      expect(md).toContain(`[Watch the video](https://www.youtube.com/watch?v=${SAMPLE})`);
      expect(md).toContain(`- [23:45](${watchSample(1425)})–24:00 Posted interrupts: see the slide \\<b>.`);
      expect(md).toContain('  #hw #apic');
      expect(md).toContain(`- [0:12](${watchSample(12)}) Opening remarks\n  second line`);
      expect(md).toMatch(/^## .+\(\d+:\d\d–\d+:\d\d\)$/m);
    });

    it('the WebVTT export: one cue per note (id = note id), escaped, tags last; 5 s when a note has no end', async () => {
      const vtt = (await exportOf(app, 'vtt')).text;
      expect(vtt.startsWith('WEBVTT\n')).toBe(true);
      expect(vtt).toContain(`${notes[0]?.id}\n00:23:45.000 --> 00:24:00.000\nPosted interrupts: see the slide &lt;b&gt;.\n#hw #apic`);
      expect(vtt).toContain(`${notes[1]?.id}\n00:00:12.000 --> 00:00:17.000\nOpening remarks\nsecond line`);
    });

    it('the Web Annotation export: a collection of the notes with media-fragment selectors and tags', async () => {
      const body = JSON.parse((await exportOf(app, 'annotation')).text) as {
        type: string;
        total: number;
        first: { items: { id: string; body: { value: string; purpose: string }[]; target: { source: string; selector: { value: string } } }[] };
      };
      expect(body).toMatchObject({ '@context': 'http://www.w3.org/ns/anno.jsonld', type: 'AnnotationCollection', total: 3 });
      const first = body.first.items.find((a) => a.id === `urn:uuid:${notes[0]?.id}`);
      expect(first?.target).toMatchObject({ source: `https://www.youtube.com/watch?v=${SAMPLE}`, selector: { value: 't=1425,1440' } });
      expect(first?.body.map((b) => [b.purpose, b.value])).toEqual([
        ['commenting', 'Posted interrupts: see the slide <b>.'],
        ['tagging', 'hw'],
        ['tagging', 'apic'],
      ]);
    });

    it('the transcript page offers the same downloads (Markdown by default)', async () => {
      const res = await request(app.app).get(`/videos/${SAMPLE}/notes/export`);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/markdown; charset=utf-8');
      expect(res.headers['content-disposition']).toMatch(new RegExp(`^attachment; filename="?${SAMPLE}-notes\\.md"?$`));
      expect(res.text).toBe((await exportOf(app, 'md')).text);
    });

    it('an unknown format is 400, an unknown video 404, a malformed id 400', async () => {
      apiError(await exportOf(app, 'pdf'), 400, 'USAGE', 'no export format "pdf"; choose md, json, vtt, annotation');
      apiError(await request(app.app).get('/api/videos/ZZZZZZZZZZZ/notes/export'), 404, 'NOT_FOUND');
      apiError(await request(app.app).get('/api/videos/bad/notes/export'), 400, 'INVALID_VIDEO_ID');
    });

    it('POST /api/notes/import of a JSON export into a fresh app adds them all; a second import adds none', async () => {
      const file = JSON.parse((await exportOf(app, 'json')).text) as NotesExport;
      const target = await fresh();
      expect(json(await request(target.app).post('/api/notes/import').send(file), 200)).toEqual({ added: 3, skipped: 0 });
      expect(json(await request(target.app).post('/api/notes/import').send(file), 200)).toEqual({ added: 0, skipped: 3 });
      const imported = json(await request(target.app).get(NOTES), 200).notes as Note[];
      expect(imported).toEqual(file.notes);
      // Imported notes are searchable at once.
      expect((await search(target, 'kind:note slide')).results.map((r) => r.noteId)).toEqual([notes[0]?.id]);
    });

    it('round trip: export, delete every note, import, and the notes are as they were', async () => {
      const target = await fresh();
      for (const n of notes)
        await request(target.app)
          .post('/api/notes/import')
          .send({ ...JSON.parse((await exportOf(app, 'json')).text), notes: [n] });
      const before = JSON.parse((await exportOf(target, 'json')).text) as NotesExport;
      expect(before.notes).toHaveLength(3);
      for (const n of before.notes) json(await request(target.app).delete(`/api/notes/${n.id}`), 200);
      expect(json(await request(target.app).get(NOTES), 200)).toEqual({ total: 0, notes: [] });
      expect((await search(target, 'kind:note slide')).total).toBe(0);

      expect(json(await request(target.app).post('/api/notes/import').send(before), 200)).toEqual({ added: 3, skipped: 0 });
      const after = JSON.parse((await exportOf(target, 'json')).text) as NotesExport;
      expect({ ...after, exportedAt: '' }).toEqual({ ...before, exportedAt: '' });
      expect((await search(target, 'kind:note slide')).total).toBe(1);
    });

    it('refuses what is not a valid JSON export with 400, adding nothing', async () => {
      const target = await fresh();
      const file = JSON.parse((await exportOf(app, 'json')).text) as NotesExport;
      const bad = { ...file, notes: [{ ...file.notes[0], text: '' }, file.notes[1]] };
      apiError(await request(target.app).post('/api/notes/import').send(bad), 400, 'FILE_UNREADABLE', /notes\[0\]\.text/);
      apiError(await request(target.app).post('/api/notes/import').send({ notes: [] }), 400, 'FILE_UNREADABLE', /not a panelnotes notes export/);
      apiError(
        await request(target.app)
          .post('/api/notes/import')
          .type('text/markdown')
          .send((await exportOf(app, 'md')).text),
        400,
        'USAGE',
        /only the JSON export can be imported/,
      );
      expect(json(await request(target.app).get(NOTES), 200)).toEqual({ total: 0, notes: [] });
    });

    it('refuses notes on a video not in the library with 404, adding nothing', async () => {
      const target = await fresh();
      const file = JSON.parse((await exportOf(app, 'json')).text) as NotesExport;
      const elsewhere = { ...file, videoId: 'dQw4w9WgXcQ', notes: file.notes.map((n) => ({ ...n, videoId: 'dQw4w9WgXcQ' })) };
      apiError(await request(target.app).post('/api/notes/import').send(elsewhere), 404, 'NOT_FOUND', 'no video dQw4w9WgXcQ in the library');
      expect(json(await request(target.app).get(NOTES), 200)).toEqual({ total: 0, notes: [] });
    });
  });

  describe('notes on the transcript page', () => {
    let app: TestApp;
    let browser: FormAgent;
    beforeAll(async () => {
      app = await fresh();
      browser = await formAgent(app.app, `/videos/${SAMPLE}`);
    });

    it('has an add-note form that posts with a CSRF token, every field labelled', async () => {
      const { main, doc } = await transcript(browser, '?t=1425');
      const form = byId(main, 'add-note');
      expect(form.attribs).toMatchObject({ action: `/videos/${SAMPLE}/notes`, method: 'post' });
      const csrf = one(form, (el) => el.attribs.name === '_csrf', '_csrf');
      expect(csrf.attribs).toMatchObject({ type: 'hidden', value: browser.token });
      expect(byId(form, 'note-start').attribs.value).toBe('23:45');
      for (const id of ['note-start', 'note-end', 'note-text', 'note-tags']) {
        expect(find(doc, (el) => el.name === 'label' && el.attribs.for === id)).toHaveLength(1);
      }
      expect(byId(form, 'note-text').attribs.maxlength).toBe('10000');
    });

    it('adding a note redirects (303) to it; it shows inline after the passage playing at its moment, and in the notes panel', async () => {
      const location = seeOther(
        await browser.post(`/videos/${SAMPLE}/notes`, { start: '23:45', end: '', text: 'Ask about the descriptor slide', tags: 'hw apic' }),
      );
      const note = (await app.notes.list(SAMPLE)).find((n) => n.text === 'Ask about the descriptor slide') as Note;
      expect(note).toMatchObject({ start: 1425, tags: ['hw', 'apic'] });
      expect(Object.keys(note)).not.toContain('end');
      expect(location).toBe(`/videos/${SAMPLE}?t=1425&note=${note.id}#note-${note.id}`);

      const { main } = page(await browser.agent.get(location.split('#')[0] as string), 200);
      const inline = byId(main, `note-${note.id}`);
      expect(classes(inline)).toEqual(expect.arrayContaining(['note', 'inline-note']));
      expect(text(inline)).toContain('Ask about the descriptor slide');
      expect(text(inline)).toContain('#hw #apic');
      const ts = one(inline, (el) => el.name === 'a' && classes(el).includes('ts'), 'timestamp');
      expect(ts.attribs.href).toBe(watchSample(1425));
      expect(text(ts)).toBe('23:45');
      expect(one(inline, (el) => classes(el).includes('edit-note'), 'edit link').attribs.href).toBe(`/notes/${note.id}/edit`);

      const passage = enclosing(inline, (el) => classes(el).includes('passage')) as El;
      expect(Number(passage.attribs['data-start'])).toBeLessThanOrEqual(1425);
      expect(Number(passage.attribs['data-end'])).toBeGreaterThan(1425);
      expect(classes(passage)).toContain('current');
      // After the passage's words.
      const children = passage.children.filter(isTag);
      expect(children.indexOf(inline)).toBeGreaterThan(children.findIndex((el) => el.name === 'p'));

      const panel = one(main, (el) => el.attribs['data-note'] === note.id, 'panel note');
      expect(enclosing(panel, (el) => classes(el).includes('notes-panel'))).toBeDefined();
      expect(text(panel)).toContain('Ask about the descriptor slide');
      expect(one(panel, (el) => el.name === 'form', 'delete form').attribs.action).toBe(`/notes/${note.id}/delete`);
    });

    it('a note over a span shows its span', async () => {
      const location = seeOther(await browser.post(`/videos/${SAMPLE}/notes`, { start: '1:00', end: '1:30', text: 'A spanning remark' }));
      const id = location.split('#note-')[1] as string;
      const { main } = await transcript(browser);
      expect(text(one(byId(main, `note-${id}`), (el) => classes(el).includes('ts'), 'ts'))).toBe('1:00–1:30');
    });

    // A note past the last passage's end belongs to the last passage, as search places it.
    it('a note at the very end of the talk shows after the last passage, not the first', async () => {
      const own = await fresh();
      const agent = await formAgent(own.app, `/videos/${SAMPLE}`);
      const last = own.catalog.get(SAMPLE).passages.at(-1) as { index: number; end: number };
      const location = seeOther(await agent.post(`/videos/${SAMPLE}/notes`, { start: String(Math.ceil(last.end)), text: 'Closing thought' }));
      const id = location.split('#note-')[1] as string;
      const { main } = await transcript(agent);
      const passage = enclosing(byId(main, `note-${id}`), (el) => classes(el).includes('passage')) as El;
      expect(passage.attribs.id).toBe(`p-${last.index}`);
    });

    it('a note the form cannot take comes back in the form (400 / 413): the message beside its field, what was typed kept, nothing added', async () => {
      const count = (await app.notes.list(SAMPLE)).length;
      const refused = async (fields: Record<string, string>, status: number): Promise<Record<string, string>> => {
        const { main } = page(await browser.post(`/videos/${SAMPLE}/notes`, fields), status);
        expect(textarea(byId(main, 'note-text')).trim()).toBe(fields.text?.trim());
        expect(byId(main, 'note-start').attribs.value).toBe(fields.start);
        return Object.fromEntries(byClass(main, 'field-error').map((el) => [el.attribs['data-field'] as string, text(el)]));
      };
      expect(await refused({ start: '23:45', text: '   ' }, 400)).toEqual({ text: 'a note needs some text' });
      expect(await refused({ start: 'soon', text: 'x' }, 400)).toEqual({ start: expect.stringMatching(/^not a time: "soon"/) as string });
      expect(await refused({ start: '2:00', end: '1:00', text: 'x' }, 400)).toEqual({ end: 'a note must end after it starts' });
      expect(await refused({ start: '1', text: 'x'.repeat(10_001) }, 413)).toEqual({ text: 'a note holds at most 10,000 characters; this one has 10,001' });
      // A body past the form limit is not read at all: nothing to show again.
      expect(errorMessage(await browser.post(`/videos/${SAMPLE}/notes`, { start: '1', text: 'x'.repeat(129 * 1024) }), 413)).toBe(TOO_LARGE);
      expect(await app.notes.list(SAMPLE)).toHaveLength(count);
    });

    it('takes a note of 10,000 characters from the form', async () => {
      const long = 'y'.repeat(10_000);
      seeOther(await browser.post(`/videos/${SAMPLE}/notes`, { start: '3', text: long }));
      expect((await app.notes.list(SAMPLE)).some((n) => n.text === long)).toBe(true);
    });

    // A browser percent-encodes a form: 10,000 CJK characters are about 90 kB, which the form limit must take.
    it('takes a note of 10,000 characters in any script from the form (CJK is 9 bytes a character in a form body)', async () => {
      const long = '注'.repeat(10_000);
      json(await request(app.app).post(NOTES).send({ start: 4, text: long }), 201);
      seeOther(await browser.post(`/videos/${SAMPLE}/notes`, { start: '4', text: long }));
    });

    it('the edit page shows the note in a form; saving changes it (303 back to it), in the page and in search', async () => {
      const note = await addNote(app, { start: 600, end: 615, text: 'Draft about the axolotl', tags: ['draft', 'todo'] });
      const edit = page(await browser.agent.get(`/notes/${note.id}/edit`), 200);
      const form = one(edit.main, (el) => el.name === 'form' && el.attribs.action === `/notes/${note.id}`, 'edit form');
      expect(form.attribs.method).toBe('post');
      expect(byId(form, 'note-start').attribs.value).toBe('10:00');
      expect(byId(form, 'note-end').attribs.value).toBe('10:15');
      expect(textarea(byId(form, 'note-text'))).toBe('Draft about the axolotl');
      expect(byId(form, 'note-tags').attribs.value).toBe('draft todo');
      expect(one(form, (el) => el.attribs.name === '_csrf', '_csrf').attribs.value).toBe(browser.token);

      const location = seeOther(await browser.post(`/notes/${note.id}`, { start: '10:05', end: '', text: 'Final words on the capybara', tags: 'done' }));
      expect(location).toBe(`/videos/${SAMPLE}?t=605&note=${note.id}#note-${note.id}`);
      const changed = await app.notes.get(note.id);
      expect(changed).toMatchObject({ id: note.id, start: 605, text: 'Final words on the capybara', tags: ['done'], createdAt: note.createdAt });
      expect(Object.keys(changed)).not.toContain('end');

      const { main } = await transcript(browser);
      expect(text(byId(main, `note-${note.id}`))).toContain('Final words on the capybara');
      expect((await search(app, 'capybara')).results.map((r) => r.noteId)).toEqual([note.id]);
      expect((await search(app, 'axolotl')).total).toBe(0);
    });

    it('a change the edit form cannot take comes back to the form (400) with the message and what was typed', async () => {
      const note = await addNote(app, { start: 700, text: 'Keep me' });
      const { main } = page(await browser.post(`/notes/${note.id}`, { start: '11:40', end: '11:00', text: 'Typed but refused', tags: 'x' }), 400);
      expect(text(one(main, (el) => el.attribs.role === 'alert', 'alert'))).toBe('a note must end after it starts');
      expect(byId(main, 'note-start').attribs.value).toBe('11:40');
      expect(byId(main, 'note-end').attribs.value).toBe('11:00');
      expect(textarea(byId(main, 'note-text'))).toBe('Typed but refused');
      expect((await app.notes.get(note.id)).text).toBe('Keep me');
    });

    it('the edit page of an unknown note is 404', async () => {
      expect(errorMessage(await browser.agent.get('/notes/nope/edit'), 404)).toBe('no note nope');
      expect(errorMessage(await browser.post('/notes/nope', { start: '1', text: 'x' }), 404)).toBe('no note nope');
    });

    it('deleting offers Undo, which restores the note with the same id and times', async () => {
      const note = await addNote(app, { start: 900, end: 930, text: 'Deleted by mistake: the narwhal', tags: ['oops'] });
      const location = seeOther(await browser.post(`/notes/${note.id}/delete`));
      expect(location).toBe(`/videos/${SAMPLE}?deleted=${note.id}#notes`);
      await expect(app.notes.get(note.id)).rejects.toThrow(/no note/);
      expect((await search(app, 'narwhal')).total).toBe(0);

      const { main } = page(await browser.agent.get(location.split('#')[0] as string), 200);
      expect(find(main, (el) => el.attribs.id === `note-${note.id}`)).toEqual([]);
      const undo = one(main, (el) => el.name === 'form' && classes(el).includes('undo'), 'undo form');
      expect(undo.attribs).toMatchObject({ action: `/notes/${note.id}/restore`, method: 'post', role: 'status' });
      expect(text(undo)).toBe('Note deleted. Undo');
      expect(one(undo, (el) => el.attribs.name === '_csrf', '_csrf').attribs.value).toBe(browser.token);

      expect(seeOther(await browser.post(`/notes/${note.id}/restore`))).toBe(`/videos/${SAMPLE}?t=900&note=${note.id}#note-${note.id}`);
      expect(await app.notes.get(note.id)).toEqual(note);
      expect((await search(app, 'narwhal')).results.map((r) => r.noteId)).toEqual([note.id]);
      expect(byId((await transcript(browser)).main, `note-${note.id}`)).toBeDefined();
      // Undo works once.
      expect(errorMessage(await browser.post(`/notes/${note.id}/restore`), 404)).toBe('that note can no longer be restored');
    });
  });

  describe('a talk with many notes', () => {
    // 60 notes in the passage at 0:10, 70 in the passage at 1:40, 2 near the end: 132, three
    // pages of 50 in the panel. Adding them goes through the service: the form is tested above.
    let app: TestApp;
    let atA: Note[];
    let atB: Note[];
    beforeAll(async () => {
      app = await fresh();
      const add = (start: number, text: string): Promise<Note> => app.notes.add(SAMPLE, { start, text });
      atA = [];
      for (let i = 0; i < 60; i++) atA.push(await add(10 + i / 100, `first crowd ${i}`));
      atB = [];
      for (let i = 0; i < 70; i++) atB.push(await add(100 + i / 100, `second crowd ${i}`));
      await add(3000, 'late one');
      await add(3001, 'late two');
    });
    const get = async (query: string): Promise<Page> => page(await request(app.app).get(`/videos/${SAMPLE}${query}`), 200);
    const inlineIn = (main: El, seconds: number): string[] => {
      const passage = one(
        main,
        (el) => classes(el).includes('passage') && Number(el.attribs['data-start']) <= seconds && seconds < Number(el.attribs['data-end']),
        `passage at ${seconds}`,
      );
      return byClass(passage, 'inline-note').map((el) => el.attribs.id as string);
    };
    const panelIds = (main: El): string[] =>
      byClass(main, 'notes-panel')
        .flatMap((ol) => byClass(ol, 'note'))
        .map((el) => el.attribs['data-note'] as string);
    const moreLink = (main: El, seconds: number): El => {
      const passage = enclosing(
        one(main, (el) => el.attribs.id === `note-${(seconds < 50 ? atA : atB)[0]?.id}`, 'first inline note'),
        (el) => classes(el).includes('passage'),
      ) as El;
      return one(passage, (el) => classes(el).includes('more-notes'), 'more-notes link');
    };

    it('shows the first three notes of a crowded passage inline, and links to the rest in the panel', async () => {
      const { main } = await get('');
      expect(inlineIn(main, 10)).toEqual(atA.slice(0, 3).map((n) => `note-${n.id}`));
      expect(inlineIn(main, 100)).toEqual(atB.slice(0, 3).map((n) => `note-${n.id}`));
      expect(text(moreLink(main, 10))).toBe('57 more notes here');
      expect(moreLink(main, 10).attribs.href).toBe(`/videos/${SAMPLE}?notes=1#panel-note-${atA[3]?.id}`);
      // The 4th note of the second crowd is the 64th note of the talk: page 2 of the panel.
      expect(text(moreLink(main, 100))).toBe('67 more notes here');
      const href = moreLink(main, 100).attribs.href as string;
      expect(href).toBe(`/videos/${SAMPLE}?notes=2#panel-note-${atB[3]?.id}`);
      const next = (await get(href.slice(`/videos/${SAMPLE}`.length).split('#')[0] as string)).main;
      expect(byId(next, `panel-note-${atB[3]?.id}`).attribs['data-note']).toBe(atB[3]?.id);
    });

    it('pages the notes panel, 50 at a time in time order, with links between pages that keep the moment', async () => {
      const all = (await app.notes.list(SAMPLE)).map((n) => n.id);
      expect(all).toHaveLength(132);
      const first = (await get('?t=100')).main;
      expect(panelIds(first)).toEqual(all.slice(0, 50));
      expect(text(one(first, (el) => classes(el).includes('notes-count'), 'count'))).toBe('132 notes; 1–50 below');
      const pager = one(first, (el) => el.name === 'nav' && el.attribs['aria-label'] === 'Pages of notes', 'pager');
      expect(text(pager)).toBe('Page 1 of 3 Later notes →');
      expect(one(pager, (el) => el.attribs.rel === 'next', 'next').attribs.href).toBe(`/videos/${SAMPLE}?t=100&notes=2#notes-page`);

      const last = (await get('?t=100&notes=3')).main;
      expect(panelIds(last)).toEqual(all.slice(100));
      expect(byClass(last, 'notes-panel')[0]?.attribs.start).toBe('101');
      expect(text(one(last, (el) => el.attribs.rel === 'prev', 'prev'))).toBe('← Earlier notes');
      expect(find(last, (el) => el.attribs.rel === 'next')).toEqual([]);
      // Paging the panel leaves the transcript as it was: the inline notes do not move.
      expect(inlineIn(last, 100)).toEqual(inlineIn(first, 100));
    });

    it('a link to one note (?note=, where adding or editing one lands) shows it inline and opens the panel at its page', async () => {
      const target = atB[69] as Note;
      const { main } = await get(`?t=100&note=${target.id}`);
      expect(inlineIn(main, 100)).toEqual([...atB.slice(0, 3), target].map((n) => `note-${n.id}`));
      expect(panelIds(main)).toContain(target.id);
      expect(text(one(main, (el) => el.name === 'nav' && el.attribs['aria-label'] === 'Pages of notes', 'pager'))).toContain('Page 3 of 3');
      // A note added where others crowd is where the redirect points.
      const agent = await formAgent(app.app, `/videos/${SAMPLE}`);
      const location = seeOther(await agent.post(`/videos/${SAMPLE}/notes`, { start: '1:40', text: 'one more in the crowd' }));
      const added = (await agent.agent.get(location.split('#')[0] as string)).text;
      expect(added).toContain(`id="${location.split('#')[1]}"`);
    });

    it('the API lists them in pages: offset and limit (at most 1,000), in time order, with the total', async () => {
      const all = (await app.notes.list(SAMPLE)).map((n) => n.id);
      const ids = (body: Body): string[] => (body.notes as Note[]).map((n) => n.id);
      const first = json(await request(app.app).get(NOTES), 200);
      expect([first.total, ids(first)]).toEqual([all.length, all]);
      const page = json(await request(app.app).get(NOTES).query({ offset: 100, limit: 20 }), 200);
      expect([page.total, ids(page)]).toEqual([all.length, all.slice(100, 120)]);
      expect(json(await request(app.app).get(NOTES).query({ limit: 0 }), 200)).toEqual({ total: all.length, notes: [] });
      expect(json(await request(app.app).get(NOTES).query({ offset: 5000 }), 200)).toEqual({ total: all.length, notes: [] });
      apiError(await request(app.app).get(NOTES).query({ limit: 1001 }), 400, 'USAGE', '"limit" takes a whole number from 0 to 1000, not "1001"');
      apiError(await request(app.app).get(`${NOTES}?offset=1&offset=2`), 400, 'USAGE', 'give "offset" once, as text');
    });

    it('a notes page that does not exist is a 404 that says how many there are; a malformed one a 400', async () => {
      expect(errorMessage(await request(app.app).get(`/videos/${SAMPLE}?notes=9`), 404)).toMatch(/^there is no page 9 of notes: this video has 3\b/);
      expect(errorMessage(await request(app.app).get(`/videos/${SAMPLE}?notes=0`), 400)).toMatch(/^"notes" takes a whole number from 1/);
      expect(errorMessage(await request(app.app).get(`/videos/${SAMPLE}?notes=two`), 400)).toMatch(/^"notes" takes a whole number/);
      expect(errorMessage(await request(app.app).get(`/videos/${SAMPLE}?notes=1&notes=2`), 400)).toBe('give "notes" once, as text');
      // An unknown note id is no error: the page shows as without it.
      expect(panelIds((await get('?note=00000000-0000-0000-0000-000000000000')).main)).toHaveLength(50);
    });
  });

  describe('notes narrowed to a tag', () => {
    let app: TestApp;
    let hw: Note[];
    beforeAll(async () => {
      app = await fresh();
      hw = [
        await app.notes.add(SAMPLE, { start: 30, text: 'vector', tags: ['hw'] }),
        await app.notes.add(SAMPLE, { start: 90, text: 'apic slide', tags: ['hw', 'apic'] }),
      ];
      await app.notes.add(SAMPLE, { start: 60, text: 'untagged' });
      await app.notes.add(SAMPLE, { start: 120, text: 'other tag', tags: ['process'] });
    });
    const panelIds = (main: El): string[] =>
      byClass(main, 'notes-panel')
        .flatMap((ol) => byClass(ol, 'note'))
        .map((el) => el.attribs['data-note'] as string);
    const get = async (query: string, status = 200): Promise<Page> => page(await request(app.app).get(`/videos/${SAMPLE}${query}`), status);

    it('a tag on a note links to the panel narrowed to it; the count says so and links back to all notes', async () => {
      const { main } = await get('?t=90');
      const link = one(byId(main, `note-${hw[1]?.id}`), (el) => el.name === 'a' && text(el) === '#apic', '#apic link');
      expect(link.attribs.href).toBe(`/videos/${SAMPLE}?t=90&tag=apic#notes-page`);
      const narrowed = (await get('?t=90&tag=hw')).main;
      expect(panelIds(narrowed)).toEqual(hw.map((n) => n.id));
      const count = one(narrowed, (el) => classes(el).includes('notes-count'), 'count');
      expect(text(count)).toBe('2 notes tagged #hw, of 4 · all notes');
      expect(one(count, (el) => el.name === 'a', 'all notes').attribs.href).toBe(`/videos/${SAMPLE}?t=90#notes-page`);
      // The transcript keeps every note inline: only the panel is narrowed.
      expect(byClass(narrowed, 'inline-note')).toHaveLength(4);
    });

    it('takes #hw and HW alike, and an unknown tag shows an empty panel, not an error', async () => {
      expect(panelIds((await get('?tag=%23HW')).main)).toEqual(hw.map((n) => n.id));
      const none = (await get('?tag=zeppelin')).main;
      expect(panelIds(none)).toEqual([]);
      expect(text(one(none, (el) => classes(el).includes('notes-count'), 'count'))).toBe('0 notes tagged #zeppelin, of 4 · all notes');
      expect(errorMessage(await request(app.app).get(`/videos/${SAMPLE}?tag=hw&notes=2`), 404)).toMatch(
        /^there is no page 2 of notes tagged #hw: this video has 1/,
      );
    });

    it('the API lists the notes of a video with a tag: GET /api/videos/:id/notes?tag=', async () => {
      const body = json(await request(app.app).get(NOTES).query({ tag: 'hw' }), 200);
      expect([body.total, (body.notes as Note[]).map((n) => n.id)]).toEqual([2, hw.map((n) => n.id)]);
      expect(json(await request(app.app).get(NOTES).query({ tag: 'zeppelin' }), 200)).toEqual({ total: 0, notes: [] });
      apiError(await request(app.app).get(`${NOTES}?tag=a&tag=b`), 400, 'USAGE', 'give "tag" once, as text');
    });
  });

  describe('every note is escaped wherever it is shown', () => {
    const PAYLOADS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', 'javascript:alert(1)'];

    it.each(PAYLOADS)('%s stays text: transcript (inline and panel), edit page, search page; the API gives it back as data', async (payload) => {
      const app = await fresh();
      const browser = await formAgent(app.app, `/videos/${SAMPLE}`);
      const written = `zeppelin ${payload} end`;
      const location = seeOther(await browser.post(`/videos/${SAMPLE}/notes`, { start: '1:00', text: written }));
      const id = location.split('#note-')[1] as string;

      const talk = await transcript(browser);
      const inline = byId(talk.main, `note-${id}`);
      const panel = one(talk.main, (el) => el.attribs['data-note'] === id, 'panel note');
      for (const shown of [inline, panel]) {
        const noteText = one(shown, (el) => classes(el).includes('note-text'), 'note text');
        expect(DomUtils.textContent(noteText)).toBe(written);
        expect(noteText.children.filter(isTag)).toEqual([]);
      }

      const edit = page(await browser.agent.get(`/notes/${id}/edit`), 200);
      expect(textarea(byId(edit.main, 'note-text'))).toBe(written);

      const results = page(await browser.agent.get('/search').query({ q: 'zeppelin' }), 200);
      const snippets = byClass(results.main, 'snippet');
      expect(snippets).toHaveLength(1);
      expect(text(snippets[0] as El)).toBe(written);
      expect((snippets[0] as El).children.filter(isTag).map((el) => el.name)).toEqual(['mark']);

      for (const html of [talk.html, edit.html, results.html]) {
        expect(html).not.toContain(payload.startsWith('javascript') ? 'href="javascript' : payload);
      }
      const api = await request(app.app).get(NOTES);
      expect((json(api, 200).notes as Note[])[0]?.text).toBe(written);
    });

    it('https links in a note become links with rel noopener; javascript: and other text do not', async () => {
      const app = await fresh();
      const browser = await formAgent(app.app, `/videos/${SAMPLE}`);
      const written = 'Slides: https://example.com/slides?a=1&b=2. Not a link: javascript:alert(1) or www.example.org\nNext line';
      const id = seeOther(await browser.post(`/videos/${SAMPLE}/notes`, { start: '1:00', text: written })).split('#note-')[1] as string;
      const talk = await transcript(browser);
      for (const shown of [byId(talk.main, `note-${id}`), one(talk.main, (el) => el.attribs['data-note'] === id, 'panel note')]) {
        const noteText = one(shown, (el) => classes(el).includes('note-text'), 'note text');
        const links = find(noteText, (el) => el.name === 'a');
        expect(links.map((a) => [a.attribs.href, text(a)])).toEqual([['https://example.com/slides?a=1&b=2', 'https://example.com/slides?a=1&b=2']]);
        expect((links[0] as El).attribs.rel?.split(' ')).toEqual(expect.arrayContaining(['noopener']));
        expect(find(noteText, (el) => el.name === 'br')).toHaveLength(1);
        expect(DomUtils.textContent(noteText)).toBe(written.replace('\n', ''));
      }
      expect(talk.html).toContain('href="https://example.com/slides?a=1&amp;b=2"');
    });
  });

  describe('notes and speaker spans lie within the video (the sample is 53:06 long: 0:00 to 53:11)', () => {
    const LATE_START = 'the video is 53:06 long; a note must start between 0:00 and 53:11';
    const LATE_END = 'the video is 53:06 long; a note must end between 0:00 and 53:11';
    let app: TestApp;
    beforeAll(async () => {
      app = await fresh();
    });
    const count = async (target = app): Promise<number> => json(await request(target.app).get(NOTES), 200).total as number;

    it.each<[string, unknown]>([
      ['1e308 seconds', 1e308],
      ['Number.MAX_VALUE', Number.MAX_VALUE],
      ['a day', 86_400],
      ['53:12 (past the end and its 5 s)', '53:12'],
      ['75:00 (75 minutes)', '75:00'],
      ['1:00:00', '1:00:00'],
    ])('refuses a note starting at %s with 400 naming the video’s length, adding nothing', async (_name, start) => {
      const before = await count();
      apiError(await request(app.app).post(NOTES).send({ start, text: 'too late' }), 400, 'USAGE', LATE_START);
      expect(await count()).toBe(before);
    });

    it('takes a note anywhere from 0:00 to 5 s past the last caption', async () => {
      for (const start of [0, '53:06', '53:11', 3191.279]) json(await request(app.app).post(NOTES).send({ start, text: 'in time' }), 201);
      apiError(await request(app.app).post(NOTES).send({ start: 3191.28, text: 'a hair late' }), 400, 'USAGE', LATE_START);
    });

    it('refuses an end past the video, and a PATCH that would move a note out of it, changing nothing', async () => {
      apiError(await request(app.app).post(NOTES).send({ start: '53:00', end: 1e308, text: 'too long' }), 400, 'USAGE', LATE_END);
      const note = await addNote(app, { start: 60, end: 70, text: 'stays put' });
      apiError(await request(app.app).patch(`/api/notes/${note.id}`).send({ start: 1e308 }), 400, 'USAGE', LATE_START);
      apiError(await request(app.app).patch(`/api/notes/${note.id}`).send({ end: '99:00' }), 400, 'USAGE', LATE_END);
      expect(json(await request(app.app).get(`/api/notes/${note.id}`), 200)).toEqual(note);
    });

    it('refuses a speaker span past the video, with the same rule', async () => {
      apiError(
        await request(app.app).post(`/api/videos/${SAMPLE}/speakers`).send({ start: '50:00', end: '75:00', name: 'Speaker A' }),
        400,
        'USAGE',
        'the video is 53:06 long; a speaker span must end between 0:00 and 53:11',
      );
      apiError(
        await request(app.app).post(`/api/videos/${SAMPLE}/speakers`).send({ start: 1e308, end: Number.MAX_VALUE, name: 'Speaker A' }),
        400,
        'USAGE',
        /a speaker span must start between 0:00 and 53:11/,
      );
      expect(json(await request(app.app).get(`/api/videos/${SAMPLE}/speakers`), 200)).toEqual({ turns: [] });
    });

    it('the page forms refuse it with the same message: beside the field of the note forms, on an error page for speakers', async () => {
      const browser = await formAgent(app.app, `/videos/${SAMPLE}`);
      const before = await count();
      const added = page(await browser.post(`/videos/${SAMPLE}/notes`, { start: '75:00', text: 'x' }), 400);
      expect(text(byId(added.main, 'note-start-error'))).toBe(LATE_START);
      expect(errorMessage(await browser.post(`/videos/${SAMPLE}/speakers`, { start: '99:00', end: '99:30', name: 'Speaker A' }), 400)).toBe(
        'the video is 53:06 long; a speaker span must start between 0:00 and 53:11',
      );
      expect(await count()).toBe(before);
      const note = await addNote(app, { start: 120, text: 'Keep me here' });
      const { main } = page(await browser.post(`/notes/${note.id}`, { start: '2:00', end: '60:00', text: 'Keep me here', tags: '' }), 400);
      expect(text(one(main, (el) => el.attribs.role === 'alert', 'alert'))).toBe(LATE_END);
      expect(await app.notes.get(note.id)).toEqual(note);
    });

    it('a JSON import with a note outside the video is refused, naming the note, and imports none of the file', async () => {
      const source = await fresh();
      await addNote(source, { start: 10, text: 'fine' });
      await addNote(source, { start: 20, text: 'fine too' });
      const file = JSON.parse((await request(source.app).get(`${NOTES}/export`).query({ format: 'json' })).text) as NotesExport;
      const late = { ...(file.notes[1] as Note), start: 1e308 };
      const target = await fresh();
      apiError(
        await request(target.app)
          .post('/api/notes/import')
          .send({ ...file, notes: [file.notes[0], late] }),
        400,
        'FILE_UNREADABLE',
        `the request body: notes[1] (${late.id}): ${LATE_START}`,
      );
      expect(await count(target)).toBe(0);
    });

    it('takes YouTube’s length of the video where the record has it', async () => {
      const target = await fresh();
      const record = { ...target.catalog.get(SAMPLE).record, metadata: { lengthSeconds: 3600 } };
      await target.catalog.add(record);
      json(await request(target.app).post(NOTES).send({ start: '1:00:05', text: 'at the very end' }), 201);
      apiError(
        await request(target.app).post(NOTES).send({ start: '1:00:06', text: 'past it' }),
        400,
        'USAGE',
        'the video is 1:00:00 long; a note must start between 0:00 and 1:00:05',
      );
      expect(json(await request(target.app).get(`/api/videos/${SAMPLE}`), 200).duration).toBe(3600);
    });
  });
});
