import { APP_ENGINES, freshApps } from './support/testApp.js';

describe.each(APP_ENGINES)('on %s', (engine) => {
  const { fresh } = freshApps({ engine });
  const SAMPLE = 'S6Sjj6OtyvY';
  const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'];

  /** Note hits for a word, as ids, whatever their order. */
  function hits(app: Awaited<ReturnType<typeof fresh>>, word: string): string[] {
    return app.catalog
      .search(word, { kind: 'note', limit: 10_000 })
      .results.map((r) => r.noteId as string)
      .sort();
  }

  describe('notes in the search index, one change at a time', () => {
    it('finds exactly what a full re-index finds, as notes are added, edited and deleted across chunk boundaries', async () => {
      const app = await fresh();
      const ids: string[] = [];
      for (let i = 0; i < 600; i++) ids.push((await app.notes.add(SAMPLE, { start: i, text: `${WORDS[i % 8]} note ${i}` })).id);
      for (let i = 0; i < 600; i += 7) await app.notes.update(ids[i] as string, { text: `${WORDS[(i + 1) % 8]} edited ${i}` });
      for (let i = 0; i < 600; i += 11) await app.notes.remove(ids[i] as string);

      const incremental = WORDS.map((w) => hits(app, w));
      await app.catalog.refreshNotes(SAMPLE);
      expect(WORDS.map((w) => hits(app, w))).toEqual(incremental);
      const stored = await app.notes.list(SAMPLE);
      expect(incremental.flat()).toHaveLength(stored.length);
      expect(hits(app, 'alpha')).toEqual(
        stored
          .filter((n) => n.text.startsWith('alpha'))
          .map((n) => n.id)
          .sort(),
      );
    });
  });

  describe('a word only a note has, found with * and ~', () => {
    it('expands prefixes and typos against the words of notes as they are added, edited and deleted', async () => {
      const app = await fresh();
      const ids = (q: string): string[] => app.catalog.search(q, { kind: 'note' }).results.map((r) => r.noteId as string);
      expect(app.catalog.search('narwh*').total).toBe(0);
      const note = await app.notes.add(SAMPLE, { start: 60, text: 'the narwhal slide' });
      expect(ids('narwh*')).toEqual([note.id]);
      expect(ids('narwhl~1')).toEqual([note.id]);
      await app.notes.update(note.id, { text: 'the walrus slide' });
      expect(ids('narwh*')).toEqual([]);
      expect(ids('walru*')).toEqual([note.id]);
      await app.notes.remove(note.id);
      expect(ids('walru*')).toEqual([]);
      // Spoken words still expand as before.
      expect(app.catalog.search('migrtion~1', { kind: 'transcript' }).total).toBeGreaterThan(0);
    });
  });
});
