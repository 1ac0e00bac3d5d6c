import webvttParser from 'webvtt-parser';
import { splitLines, timingLines, untimedBlocks } from './blocks.js';
import { readCueText } from './cueText.js';
import { checkCueCount, checkLineCount } from './limits.js';
import type { Cue, ParsedCaptions, SkippedCue } from './types.js';

/**
 * WebVTT through webvtt-parser, the W3C's reference implementation of the spec's parsing
 * algorithm: it agrees with browsers on the edge cases (hours past 99, a timing line right
 * after cue text, odd headers) that looser parsers get wrong.
 */
export function parseWebVtt(text: string): ParsedCaptions {
  checkLineCount(text);
  // The spec's first step (the parser does it too, but reads only the skeleton below).
  const lines = splitLines(text.replace(/\0/g, '\uFFFD'));
  // The signature line may carry text that looks like a timing; it belongs to the header.
  const timings = timingLines(lines)
    .filter((line) => line > 1)
    .map((line) => ({ line, start: timingStart(lines[line - 1] as string) }));
  checkCueCount(timings.length);
  const { cues: parsed, errors } = new webvttParser.WebVTTParser().parse(skeleton(lines), 'metadata');
  const errorAt = new Map<number, string>();
  for (const e of errors) if (!errorAt.has(e.line)) errorAt.set(e.line, e.message);
  const skipped: SkippedCue[] = untimedBlocks(lines, 'webvtt');
  const dropped = (line: number): SkippedCue => ({ line, reason: `bad cue timing: ${errorAt.get(line) ?? 'not "start --> end"'}` });

  // Cues come out in file order (sorted by start, which an ordinary file already is). Each is matched to the next timing line with its start time;
  // the timing lines passed over on the way are the cues the parser dropped. The timing lines
  // of each start time are looked up by the millisecond, never searched for from the top.
  const byStart = new Map<number, { at: number[]; next: number }>();
  timings.forEach((t, j) => {
    const key = Math.round(t.start * 1000);
    const entry = byStart.get(key);
    if (entry) entry.at.push(j);
    else byStart.set(key, { at: [j], next: 0 });
  });
  const cues: Cue[] = [];
  let next = 0;
  for (const vttCue of parsed) {
    let line: number | undefined;
    const at = nextTiming(
      byStart.get(Math.round(vttCue.startTime * 1000)),
      next,
      (j) => Math.abs((timings[j] as { start: number }).start - vttCue.startTime) < 0.0005,
    );
    if (at >= 0) {
      for (let j = next; j < at; j++) skipped.push(dropped((timings[j] as { line: number }).line));
      line = (timings[at] as { line: number }).line;
      next = at + 1;
    }
    const content = readCueText(fleshOut(vttCue.text, lines), vttCue.startTime, 'webvtt');
    if (content.text) cues.push({ start: vttCue.startTime, end: vttCue.endTime, ...content, ...(line ? { line } : {}) });
    else skipped.push({ ...(line ? { line } : {}), reason: 'cue has no text' });
  }
  for (let j = next; j < timings.length; j++) skipped.push(dropped((timings[j] as { line: number }).line));
  skipped.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
  const language = headerLanguage(lines);
  return { format: 'webvtt', cues, skipped, ...(language ? { language } : {}) };
}

/**
 * The file as webvtt-parser is given it: timing lines, blank lines and the signature as they
 * are, every other line replaced by its number (`#12`; `NOTE #12` and `STYLE #12` where the
 * line starts a comment or style block, which the parser tells apart by that word). The parser
 * decides from nothing else where blocks and cues are, so it finds the same cues; but it never
 * reads their text, which it does a character at a time, building a string per character and a
 * tree of the tags it copies recursively (20 MB of cue text took minutes and gigabytes; 10,000
 * tags opened inside one another overflowed the stack). readCueText reads the real lines.
 */
function skeleton(lines: readonly string[]): string {
  return lines
    .map((line, i) => {
      if (i === 0 || line === '' || line.includes('-->')) return line;
      const keyword = /^(NOTE|STYLE)(?:$|[ \t])/.exec(line)?.[1];
      return keyword ? `${keyword} #${i}` : `#${i}`;
    })
    .join('\n');
}

/** A cue's text from the skeleton's stand-ins: the lines they stand for. */
function fleshOut(standIns: string, lines: readonly string[]): string {
  if (!standIns) return '';
  return standIns
    .split('\n')
    .map((standIn) => {
      const at = standIn.lastIndexOf('#');
      return at < 0 ? '' : (lines[Number(standIn.slice(at + 1))] ?? '');
    })
    .join('\n');
}

/**
 * The first of a start time's timing lines at or after `from` (and within half a millisecond
 * of the cue's start), or -1. `from` only grows, so each list is walked once over the whole file.
 */
function nextTiming(entry: { at: number[]; next: number } | undefined, from: number, close: (j: number) => boolean): number {
  if (!entry) return -1;
  while (entry.next < entry.at.length && ((entry.at[entry.next] as number) < from || !close(entry.at[entry.next] as number))) entry.next++;
  return entry.at[entry.next] ?? -1;
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
