import type { Chapter } from '../../index/types.js';
import { formatTime, formatVttTime as vttTime } from '../time.js';

/** A WebVTT chapters track (`<track kind="chapters">`), one cue per chapter, its title the cue's text. */
export function chaptersAsVtt(chapters: readonly Chapter[]): string {
  const cues = chapters.map((c, i) => `${i + 1}\n${vttTime(c.start)} --> ${vttTime(c.end)}\n${oneLine(c.title)}`);
  return `WEBVTT\n\n${cues.join('\n\n')}\n`;
}

/** YouTube's rules for chapters in a description: the first at 0:00, at least three, each at least 10 s. */
export const YOUTUBE_MIN_CHAPTERS = 3;
export const YOUTUBE_MIN_SECONDS = 10;

export interface YouTubeChapters {
  /** `0:00 Title` lines, one per chapter, ready to paste into a video description. */
  text: string;
  /** What was changed to meet YouTube's rules, or why it cannot: for the user, not the description. */
  notices: string[];
}

/**
 * The `0:00 Title` lines YouTube turns into chapters when pasted in a description (`1:02:03
 * Title` past the hour). YouTube shows none unless the first is at 0:00, there are at least
 * three, and each lasts at least 10 s; so the first starts at 0:00, and a shorter chapter joins
 * its shorter neighbour, the longer of the two giving the title. A talk that still has fewer
 * than three is printed as it is, with a notice that YouTube will not show them. Titles lose
 * `<` and `>`, which descriptions refuse.
 *
 * @example chaptersAsYouTube(chapters).text // '0:00 Welcome\n3:57 Security: seccomp, sandbox\n20:00 Development process: code review'
 */
export function chaptersAsYouTube(chapters: readonly Chapter[]): YouTubeChapters {
  const notices: string[] = [];
  const kept = chapters.map((c) => ({ ...c }));
  if (kept[0]) kept[0].start = 0;
  for (let i = shortest(kept); i >= 0 && kept.length > 1; i = shortest(kept)) {
    const short = kept[i] as Chapter;
    // Into the shorter neighbour (the one before, on a tie): a run of short chapters pairs up
    // rather than all joining the first, and a long chapter keeps its start.
    const before = kept[i - 1];
    const after = kept[i + 1];
    const into = !after || (before && length(before) <= length(after)) ? i - 1 : i + 1;
    const target = kept[into] as Chapter;
    notices.push(
      `joined ${formatTime(short.start)} "${oneLine(short.title)}" (${seconds(short)} s) to ${formatTime(target.start)} "${oneLine(target.title)}": YouTube needs ${YOUTUBE_MIN_SECONDS} s per chapter`,
    );
    // The longer of the two names what they hold together.
    if (length(short) > length(target)) target.title = short.title;
    target.start = Math.min(target.start, short.start);
    target.end = Math.max(target.end, short.end);
    kept.splice(i, 1);
  }
  if (kept.length < YOUTUBE_MIN_CHAPTERS)
    notices.push(
      `YouTube shows chapters only when there are at least ${YOUTUBE_MIN_CHAPTERS} of ${YOUTUBE_MIN_SECONDS} s or more; this talk has ${kept.length}, so it shows none`,
    );
  return { text: kept.map((c) => `${formatTime(c.start)} ${youTubeTitle(c.title)}`).join('\n'), notices };
}

/** Index of the first chapter shorter than YouTube allows, or -1. */
function shortest(chapters: readonly Chapter[]): number {
  return chapters.findIndex((c) => length(c) < YOUTUBE_MIN_SECONDS);
}

function length(chapter: Chapter): number {
  return chapter.end - chapter.start;
}

function seconds(chapter: Chapter): string {
  return (Math.round((chapter.end - chapter.start) * 10) / 10).toString();
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function youTubeTitle(title: string): string {
  return oneLine(title.replace(/[<>]/g, ''));
}
