import { passageAt } from '../index/searchIndex.js';
import type { Passage } from '../index/types.js';
import { layoutNotes } from '../server/notes/layout.js';
import type { NoteSpot } from '../server/notes/types.js';

/** What a transcript page shows of many notes (server/notes/layout.ts), without a server. */

// Passages of 10 s: the note at 25 s is in passage 2.
const passageOf = (seconds: number): number => Math.floor(seconds / 10);
const spots = (...starts: number[]): NoteSpot[] => starts.map((start, i) => ({ id: `n${i}`, start }));
const options = { perPassage: 2, pageSize: 3 };

describe('layoutNotes', () => {
  it('shows up to perPassage notes after each passage and counts the rest, with the panel page of the first hidden', () => {
    const layout = layoutNotes(spots(1, 2, 3, 4, 15, 31), passageOf, options);
    expect(layout.inline).toEqual(new Map([[0, ['n0', 'n1']], [1, ['n4']], [3, ['n5']]]));
    expect(layout.hidden).toEqual(new Map([[0, { count: 2, firstId: 'n2', page: 1 }]]));
    expect(layout.hidden.get(1)).toBeUndefined();
    // The 4th hidden note is the 4th of the talk: page 2 when pages hold 3.
    expect(layoutNotes(spots(1, 2, 3, 4, 5), passageOf, { perPassage: 3, pageSize: 3 }).hidden.get(0)).toEqual({ count: 2, firstId: 'n3', page: 2 });
  });

  it('gives the panel one page of ids, the first by default, and says how many pages there are', () => {
    const all = spots(1, 12, 23, 34, 45, 56, 67);
    expect(layoutNotes(all, passageOf, options)).toMatchObject({ total: 7, page: 1, pages: 3, pageSize: 3, panel: ['n0', 'n1', 'n2'] });
    expect(layoutNotes(all, passageOf, { ...options, page: 3 }).panel).toEqual(['n6']);
    // Past the last page: an empty panel, and the page number as asked, for the caller to refuse.
    expect(layoutNotes(all, passageOf, { ...options, page: 4 })).toMatchObject({ page: 4, pages: 3, panel: [] });
  });

  it('always shows a focused note inline, and opens the panel at its page unless a page is asked for', () => {
    const crowd = spots(1, 2, 3, 4, 5, 6, 7);
    const layout = layoutNotes(crowd, passageOf, { ...options, focus: 'n5' });
    expect(layout.inline.get(0)).toEqual(['n0', 'n1', 'n5']);
    expect(layout.hidden.get(0)).toEqual({ count: 4, firstId: 'n2', page: 1 });
    expect(layout.page).toBe(2);
    expect(layout.panel).toContain('n5');
    expect(layoutNotes(crowd, passageOf, { ...options, focus: 'n5', page: 1 }).page).toBe(1);
    // An id that is not there changes nothing.
    expect(layoutNotes(crowd, passageOf, { ...options, focus: 'gone' })).toEqual(layoutNotes(crowd, passageOf, options));
  });

  it('has one empty page for a talk without notes', () => {
    expect(layoutNotes([], passageOf, options)).toEqual({ total: 0, page: 1, pages: 1, pageSize: 3, inline: new Map(), hidden: new Map(), panel: [] });
  });
});

describe('passageAt: the passage playing at a second, where a note shows', () => {
  const video = { passages: [[0, 10], [10, 25], [25, 40]].map(([start, end], index) => ({ index, start, end }) as Passage) };

  it('is the passage whose span holds the second, the next one from its end on', () => {
    expect([0, 9.99, 10, 24.5, 25, 39.9].map((t) => passageAt(video, t))).toEqual([0, 0, 1, 1, 2, 2]);
  });

  it('is the last passage once the talk is over, and the first for a talk without passages', () => {
    expect([40, 1000].map((t) => passageAt(video, t))).toEqual([2, 2]);
    expect(passageAt({ passages: [] }, 5)).toBe(0);
  });
});
