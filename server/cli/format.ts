import type { SkippedCue } from '../captions/types.js';
import { describeSkipped } from '../captions/index.js';
import { formatTime } from '../time.js';
import { videoLength } from '../transcript/length.js';
import { provenanceLabel } from '../transcript/provenance.js';
import type { Segment, TranscriptRecord } from '../transcript/types.js';

/** The video's length, as the pages and the notes rule see it. */
export function transcriptLength(record: TranscriptRecord): number {
  return videoLength(record);
}

/** One line per video: id, duration, segments, how the captions came and when (see provenanceLabel), title. */
export function formatLibrary(videos: TranscriptRecord[]): string {
  if (!videos.length) return 'The library is empty. Add a video: panelnotes fetch <url> or panelnotes import <file> --video <id>';
  const rows = videos.map((v) => [
    v.videoId,
    formatTime(transcriptLength(v)).padStart(8),
    `${v.segments.length} segments`.padStart(14),
    provenanceLabel(v),
    v.source === 'sample' ? '' : v.fetchedAt.slice(0, 10),
    v.title,
  ]);
  const width = Math.max(...rows.map((r) => r[3]?.length ?? 0));
  const dated = rows.some((r) => r[4]);
  return rows
    .map(([id, length, count, source, date, title]) => `${id}  ${length}  ${count}  ${source?.padEnd(width)}  ${dated ? `${date?.padEnd(10)}  ` : ''}${title}`)
    .join('\n');
}

/**
 * A transcript as lines of text, one a segment. A change of speaker the captions marked without
 * a name (`>>`) is shown as one: a blank line before, and a dash where the name would go.
 *
 * @example formatSegments([{ start: 1, duration: 2, text: 'Hi.' }, { start: 3, duration: 2, text: 'Hello.', turn: true }])
 *   // '[0:01] Hi.\n\n[0:03] — Hello.'
 */
export function formatSegments(segments: Segment[]): string {
  const stamps = segments.map((s) => formatTime(s.start));
  const width = Math.max(0, ...stamps.map((s) => s.length));
  return segments
    .map((s, i) => {
      const who = s.speaker ? `${s.speaker}: ` : s.turn ? '— ' : '';
      return `${s.turn && i > 0 ? '\n' : ''}[${stamps[i]?.padStart(width)}] ${who}${s.text}`;
    })
    .join('\n');
}

export function formatSkipped(skipped: SkippedCue[], limit = 10): string {
  const lines = skipped.slice(0, limit).map((s) => `  ${describeSkipped(s)}`);
  if (skipped.length > limit) lines.push(`  … and ${skipped.length - limit} more`);
  return `skipped ${skipped.length} cue(s) that could not be used:\n${lines.join('\n')}`;
}
