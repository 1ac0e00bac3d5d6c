import fc from 'fast-check';
import request from 'supertest';
import { parseNotesImport } from '../server/notes/import.js';
import { normalTag, tagProblem } from '../server/notes/tags.js';
import type { Note, NotesExport } from '../server/notes/types.js';
import { parseNoteBody } from '../server/notes/validate.js';
import { formAgent } from './support/formAgent.js';
import { APP_ENGINES, freshApps } from './support/testApp.js';

/**
 * One rule for tags (server/notes/tags.ts): a page form, the API, the CLI and a JSON backup
 * take the same tags and store them alike, and every export gives them back as stored.
 */

const SAMPLE = 'S6Sjj6OtyvY';
const DOUBLE_STRUCK_C = 'ℂ'; // U+2102: an uppercase letter with no lowercase
const E_DECOMPOSED = 'e\u0301'; // "é" as e + combining acute
const E_COMPOSED = '\u00e9';

/** A backup of one note carrying `tags` as given. */
function backup(tags: unknown[]): string {
  const stamp = '2025-01-01T00:00:00.000Z';
  return JSON.stringify({
    format: 'panelnotes-notes',
    version: 1,
    exportedAt: stamp,
    videoId: SAMPLE,
    title: 'A talk',
    url: `https://www.youtube.com/watch?v=${SAMPLE}`,
    notes: [{ id: 'n1', videoId: SAMPLE, start: 1, text: 'a note', tags, createdAt: stamp, updatedAt: stamp }],
  });
}

/** The tags a form or the API stores for `tags`, or undefined when it refuses them. */
function formTags(tags: string[]): string[] | undefined {
  try {
    return parseNoteBody({ start: 1, text: 'a note', tags }).tags;
  } catch {
    return undefined;
  }
}

/** The tags an import reads from a backup holding `tags`, or undefined when it refuses them. */
function importTags(tags: string[]): string[] | undefined {
  try {
    return (parseNotesImport(backup(tags), 'backup.json').notes[0] as Note).tags;
  } catch {
    return undefined;
  }
}

describe('normalTag and tagProblem', () => {
  it.each<[string, string, ReturnType<typeof tagProblem>]>([
    ['hw', 'hw', undefined],
    [' #HW ', 'hw', undefined],
    [DOUBLE_STRUCK_C, DOUBLE_STRUCK_C, undefined],
    [E_DECOMPOSED, E_COMPOSED, undefined],
    ['Caf' + E_DECOMPOSED, 'caf' + E_COMPOSED, undefined],
    ['हिन्दी', 'हिन्दी', undefined], // vowel signs are marks
    ['q-and_a2', 'q-and_a2', undefined],
    ['#', '', 'empty'],
    ['x'.repeat(33), 'x'.repeat(33), 'too long'],
    ['not a tag', 'not a tag', 'not a tag'],
    ['<b>', '<b>', 'not a tag'],
    ['##hw', '#hw', 'not a tag'],
  ])('%j is stored as %j (%s)', (given, stored, problem) => {
    expect(normalTag(given)).toBe(stored);
    expect(tagProblem(normalTag(given))).toBe(problem);
  });
});

describe('form, API and import take the same tags', () => {
  const tag = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 12 }),
    fc.string({ unit: 'binary', maxLength: 12 }),
    fc.constantFrom(DOUBLE_STRUCK_C, E_DECOMPOSED, 'İstanbul', 'ǅ', 'ß', 'ﬁ', 'Ω', 'Å', 'ﬀ'),
  );

  it('any tag: accepted by both or by neither, and stored alike', () => {
    fc.assert(
      fc.property(tag, (given) => {
        expect(importTags([given])).toEqual(formTags([given]));
      }),
      { numRuns: 2000 },
    );
  });

  it('a stored tag comes back from a backup as it was stored', () => {
    fc.assert(
      fc.property(tag, (given) => {
        const stored = formTags([given]);
        if (stored) expect(importTags(stored)).toEqual(stored);
      }),
      { numRuns: 2000 },
    );
  });
});

describe.each(APP_ENGINES)(`"${DOUBLE_STRUCK_C}" and a decomposed "é" through the app on %s: form, API, export and import agree`, (engine) => {
  const { fresh } = freshApps({ engine });

  it.each([
    ['ℂ', DOUBLE_STRUCK_C, DOUBLE_STRUCK_C],
    ['decomposed é', E_DECOMPOSED, E_COMPOSED],
  ])('%s', async (_name, given, stored) => {
    const app = await fresh();
    const browser = await formAgent(app.app, `/videos/${SAMPLE}`);
    expect((await browser.post(`/videos/${SAMPLE}/notes`, { start: '0:10', text: 'from the form', tags: given })).status).toBe(303);
    const api = await request(app.app)
      .post(`/api/videos/${SAMPLE}/notes`)
      .send({ start: 20, text: 'from the API', tags: [given] });
    expect(api.status).toBe(201);
    expect((await app.notes.list(SAMPLE)).map((n) => n.tags)).toEqual([[stored], [stored]]);

    const exported = await request(app.app).get(`/api/videos/${SAMPLE}/notes/export`).query({ format: 'json' });
    expect((exported.body as NotesExport).notes.map((n) => n.tags)).toEqual([[stored], [stored]]);
    for (const format of ['md', 'vtt'])
      expect((await request(app.app).get(`/api/videos/${SAMPLE}/notes/export`).query({ format })).text).toContain(`#${stored}`);

    // The backup restores into another app, and the same tag typed there again is the same tag.
    const other = await fresh();
    const restored = await request(other.app).post('/api/notes/import').type('json').send(exported.text);
    expect([restored.status, restored.body]).toEqual([200, { added: 2, skipped: 0 }]);
    expect((await other.notes.list(SAMPLE)).map((n) => n.tags)).toEqual([[stored], [stored]]);
    expect((await request(other.app).get(`/api/videos/${SAMPLE}/notes`).query({ tag: given })).body.total).toBe(2);

    // A backup written by hand with the tag as given is read the same way.
    const byHand = await request(other.app)
      .post('/api/notes/import')
      .type('json')
      .send(backup([given]));
    expect(byHand.status).toBe(200);
    expect((await other.notes.get('n1')).tags).toEqual([stored]);
  });
});
