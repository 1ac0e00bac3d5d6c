import { passageAt } from '../index/passages.js';
import type { Passage } from '../index/types.js';
import { layoutNotes } from '../server/notes/layout.js';

/** What a transcript page shows of many notes (server/notes/layout.ts), without a server. */

// Passages of 10 s: a note at 25 s is in passage 2.
const passageOf = (seconds: number): number => Math.floor(seconds / 10);
const options = { perPassage: 2, pageSize: 3 };

describe('layoutNotes', () => {
  it('counts the notes of each passage and gives the position of its first, from the start times alone', () => {
    const layout = layoutNotes([1, 2, 3, 4, 15, 31], passageOf, options);
    expect(layout.byPassage).toEqual(
      new Map([
        [0, { count: 4, first: 0 }],
        [1, { count: 1, first: 4 }],
        [3, { count: 1, first: 5 }],
      ]),
    );
    expect(layout.perPassage).toBe(2);
  });

  it('gives the panel page asked for, the first by default, and says how many pages there are', () => {
    const starts = [1, 12, 23, 34, 45, 56, 67];
    expect(layoutNotes(starts, passageOf, options)).toMatchObject({ total: 7, page: 1, pages: 3, pageSize: 3 });
    expect(layoutNotes(starts, passageOf, { ...options, page: 3 }).page).toBe(3);
    // Past the last page: the page number as asked, for the caller to refuse.
    expect(layoutNotes(starts, passageOf, { ...options, page: 4 })).toMatchObject({ page: 4, pages: 3 });
  });

  it('opens the panel at the page of a focused note unless a page is asked for', () => {
    const starts = [1, 2, 3, 4, 5, 6, 7];
    expect(layoutNotes(starts, passageOf, { ...options, focus: 5 }).page).toBe(2);
    expect(layoutNotes(starts, passageOf, { ...options, focus: 6 }).page).toBe(3);
    expect(layoutNotes(starts, passageOf, { ...options, focus: 5, page: 1 }).page).toBe(1);
  });

  it('pages through fewer notes when a tag narrows the panel, and then opens at its first page', () => {
    const starts = [1, 2, 3, 4, 5, 6, 7];
    expect(layoutNotes(starts, passageOf, { ...options, panelTotal: 2 })).toMatchObject({ total: 7, panelTotal: 2, pages: 1 });
    expect(layoutNotes(starts, passageOf, { ...options, panelTotal: 2, focus: 6 }).page).toBe(1);
    expect(layoutNotes(starts, passageOf, { ...options, panelTotal: 0 })).toMatchObject({ panelTotal: 0, pages: 1 });
  });

  it('has one empty page for a talk without notes', () => {
    expect(layoutNotes([], passageOf, options)).toEqual({ total: 0, panelTotal: 0, page: 1, pages: 1, pageSize: 3, perPassage: 2, byPassage: new Map() });
  });
});

describe('passageAt: the passage playing at a second, where a note shows', () => {
  const video = {
    passages: [
      [0, 10],
      [10, 25],
      [25, 40],
    ].map(([start, end], index) => ({ index, start, end }) as Passage),
  };

  it('is the passage whose span holds the second, the next one from its end on', () => {
    expect([0, 9.99, 10, 24.5, 25, 39.9].map((t) => passageAt(video, t))).toEqual([0, 0, 1, 1, 2, 2]);
  });

  it('is the last passage once the talk is over, and the first for a talk without passages', () => {
    expect([40, 1000].map((t) => passageAt(video, t))).toEqual([2, 2]);
    expect(passageAt({ passages: [] }, 5)).toBe(0);
  });
});
