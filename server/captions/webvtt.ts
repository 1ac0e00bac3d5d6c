import webvttParser from 'webvtt-parser';
import { splitLines, timingLines, untimedBlocks } from './blocks.js';
import { readCueText } from './cueText.js';
import type { Cue, ParsedCaptions, SkippedCue } from './types.js';

/**
 * WebVTT through webvtt-parser, the W3C's reference implementation of the spec's parsing
 * algorithm: it agrees with browsers on the edge cases (hours past 99, a timing line right
 * after cue text, odd headers) that looser parsers get wrong.
 */
export function parseWebVtt(text: string): ParsedCaptions {
  const { cues: parsed, errors } = new webvttParser.WebVTTParser().parse(text, 'metadata');
  const lines = splitLines(text);
  // The signature line may carry text that looks like a timing; it belongs to the header.
  const timings = timingLines(lines)
    .filter((line) => line > 1)
    .map((line) => ({ line, start: timingStart(lines[line - 1] as string) }));
  const errorAt = new Map<number, string>();
  for (const e of errors) if (!errorAt.has(e.line)) errorAt.set(e.line, e.message);
  const skipped: SkippedCue[] = untimedBlocks(lines, 'webvtt');
  const dropped = (line: number): SkippedCue => ({ line, reason: `bad cue timing: ${errorAt.get(line) ?? 'not "start --> end"'}` });

  // Cues come out in file order. Each is matched to the next timing line with its start time;
  // the timing lines passed over on the way are the cues the parser dropped.
  const cues: Cue[] = [];
  let next = 0;
  for (const vttCue of parsed) {
    let line: number | undefined;
    const at = timings.findIndex((t, j) => j >= next && Math.abs(t.start - vttCue.startTime) < 0.0005);
    if (at >= 0) {
      for (let j = next; j < at; j++) skipped.push(dropped((timings[j] as { line: number }).line));
      line = (timings[at] as { line: number }).line;
      next = at + 1;
    }
    const content = readCueText(vttCue.text, vttCue.startTime, 'webvtt');
    if (content.text) cues.push({ start: vttCue.startTime, end: vttCue.endTime, ...content, ...(line ? { line } : {}) });
    else skipped.push({ ...(line ? { line } : {}), reason: 'cue has no text' });
  }
  for (let j = next; j < timings.length; j++) skipped.push(dropped((timings[j] as { line: number }).line));
  skipped.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
  const language = headerLanguage(lines);
  return { format: 'webvtt', cues, skipped, ...(language ? { language } : {}) };
}

/** Seconds at the start of a timing line, NaN when it does not start with a timestamp. */
function timingStart(line: string): number {
  const match = /^\s*(?:(\d+):)?(\d+):(\d+(?:\.\d+)?)/.exec(line);
  if (!match) return Number.NaN;
  return Number(match[1] ?? 0) * 3600 + Number(match[2]) * 60 + Number(match[3]);
}

/** YouTube and yt-dlp write `Language: en` into the header. */
function headerLanguage(lines: string[]): string | undefined {
  for (const line of lines.slice(1, 30)) {
    if (!line.trim() || line.includes('-->')) break;
    const match = /^Language:\s*([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)\s*$/.exec(line);
    if (match) return match[1];
  }
  return undefined;
}
