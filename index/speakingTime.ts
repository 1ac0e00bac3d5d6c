import type { Chapter, TopicId } from './types.js';

/** How long one person spoke on one topic, and the moments each of their turns on it starts. */
export interface SpeakingCell {
  seconds: number;
  moments: number[];
}

export interface SpeakerRow {
  speaker: string;
  /** Seconds in all. */
  total: number;
  /** Whether any of it is only suggested (no person has confirmed those turns). */
  suggested: boolean;
  cells: Partial<Record<TopicId, SpeakingCell>>;
}

/**
 * Speaking time by person and topic: each named turn cut by the chapters it crosses, its
 * seconds added to that person's cell of each topic, and where it starts (or enters the
 * chapter) remembered as a moment to jump to. People by time spoken, most first.
 *
 * @example speakingTime([{ speaker: 'Ana Ruiz', start: 60, end: 90, suggested: false }], [{ topic: 'security', start: 0, end: 120, confidence: 1 }])
 *   // [{ speaker: 'Ana Ruiz', total: 30, suggested: false, cells: { security: { seconds: 30, moments: [60] } } }]
 */
export function speakingTime(
  turns: readonly { speaker: string | null; start: number; end: number; suggested: boolean }[],
  chapters: readonly Chapter[],
): SpeakerRow[] {
  const rows = new Map<string, SpeakerRow>();
  for (const turn of turns) {
    if (turn.speaker === null || turn.end <= turn.start) continue;
    const row = rows.get(turn.speaker) ?? { speaker: turn.speaker, total: 0, suggested: false, cells: {} };
    rows.set(turn.speaker, row);
    row.suggested ||= turn.suggested;
    for (const chapter of chapters) {
      const from = Math.max(turn.start, chapter.start);
      const to = Math.min(turn.end, chapter.end);
      if (to <= from) continue;
      const cell = (row.cells[chapter.topic] ??= { seconds: 0, moments: [] });
      cell.seconds += to - from;
      cell.moments.push(from);
      row.total += to - from;
    }
  }
  for (const row of rows.values()) {
    row.total = Math.round(row.total);
    for (const cell of Object.values(row.cells)) if (cell) cell.seconds = Math.round(cell.seconds);
  }
  return [...rows.values()].sort((a, b) => b.total - a.total || a.speaker.localeCompare(b.speaker));
}
