import { formatTime } from '../server/time.js';
import type { Chapter, TopicId } from './types.js';

/** A WebVTT chapters track (`<track kind="chapters">`), one cue per chapter. */
export function chaptersAsVtt(chapters: Chapter[], labels: Record<TopicId, string>): string {
  const cues = chapters.map((c, i) => `${i + 1}\n${vttTime(c.start)} --> ${vttTime(c.end)}\n${labels[c.topic] ?? c.topic}`);
  return `WEBVTT\n\n${cues.join('\n\n')}\n`;
}

/**
 * The `0:00 Title` lines YouTube turns into chapters when pasted in a description. YouTube
 * wants the first at 0:00 and each at least 10 s long, so shorter ones join the one before.
 */
export function chaptersAsYouTube(chapters: Chapter[], labels: Record<TopicId, string>): string {
  const kept = chapters.filter((c, i) => i === 0 || c.end - c.start >= 10);
  return kept.map((c, i) => `${formatTime(i === 0 ? 0 : c.start)} ${labels[c.topic] ?? c.topic}`).join('\n');
}

function vttTime(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)}`;
}
