import type { NotesLayout } from './types.js';

export interface LayoutOptions {
  /** The panel page asked for; without it, the page holding `focus`, else the first. */
  page?: number;
  /** The position of a note that must show (the one just added or linked to). */
  focus?: number;
  perPassage: number;
  pageSize: number;
  /** How many notes the panel pages through, when not all (a tag narrows it). */
  panelTotal?: number;
}

/**
 * Chooses what a transcript page shows of a video's notes, from their start times alone
 * (sorted, as the panel orders them). `passageOf` maps a second to the passage playing then.
 * The page asked for may be past the last one: the caller decides what that means.
 */
export function layoutNotes(starts: readonly number[], passageOf: (seconds: number) => number, options: LayoutOptions): NotesLayout {
  const { perPassage, pageSize, focus } = options;
  const byPassage = new Map<number, { count: number; first: number }>();
  starts.forEach((start, i) => {
    const passage = passageOf(start);
    const seen = byPassage.get(passage);
    if (seen) seen.count++;
    else byPassage.set(passage, { count: 1, first: i });
  });
  const panelTotal = options.panelTotal ?? starts.length;
  const page = options.page ?? (focus !== undefined && options.panelTotal === undefined ? Math.floor(focus / pageSize) + 1 : 1);
  return { total: starts.length, panelTotal, page, pages: Math.max(1, Math.ceil(panelTotal / pageSize)), pageSize, perPassage, byPassage };
}
