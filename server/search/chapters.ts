import type { Chapter, TopicId } from '../../index/types.js';
import { formatTime, formatVttTime as vttTime } from '../time.js';

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
