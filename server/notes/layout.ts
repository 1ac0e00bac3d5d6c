import type { NoteSpot, NotesLayout } from './types.js';

export interface LayoutOptions {
  /** The panel page asked for; without it, the page holding `focus`, else the first. */
  page?: number;
  /** A note that must show inline (the one just added or linked to). */
  focus?: string;
  perPassage: number;
  pageSize: number;
}

/**
 * Chooses what a transcript page shows of a video's notes. `spots` are in panel order (time,
 * then creation); `passageOf` maps a second to the passage playing then. The page asked for
 * may be past the last one: the caller decides what that means.
 */
export function layoutNotes(spots: readonly NoteSpot[], passageOf: (seconds: number) => number, options: LayoutOptions): NotesLayout {
  const { perPassage, pageSize, focus } = options;
  const pages = Math.max(1, Math.ceil(spots.length / pageSize));
  const focusAt = focus === undefined ? -1 : spots.findIndex((s) => s.id === focus);
  const page = options.page ?? (focusAt >= 0 ? Math.floor(focusAt / pageSize) + 1 : 1);
  const pageOf = (i: number): number => Math.floor(i / pageSize) + 1;

  const inline = new Map<number, string[]>();
  const hidden = new Map<number, { count: number; firstId: string; page: number }>();
  spots.forEach((spot, i) => {
    const passage = passageOf(spot.start);
    const shown = inline.get(passage) ?? [];
    if (shown.length < perPassage || spot.id === focus) {
      inline.set(passage, [...shown, spot.id]);
      return;
    }
    const more = hidden.get(passage);
    if (more) more.count++;
    else hidden.set(passage, { count: 1, firstId: spot.id, page: pageOf(i) });
  });
  return { total: spots.length, page, pages, pageSize, inline, hidden, panel: spots.slice((page - 1) * pageSize, page * pageSize).map((s) => s.id) };
}
