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
  const timings = timingLines(lines);
  const skipped: SkippedCue[] = untimedBlocks(lines);

  // Cues come out in file order, one per timing line that parsed: when no timing line was
  // dropped, zipping them gives each cue its line; the dropped ones are those with an error.
  const dropped = timings.length - parsed.length;
  if (dropped > 0) {
    const errorAt = new Map(errors.map((e) => [e.line, e.message]));
    const failing = timings.filter((line) => errorAt.has(line)).slice(0, dropped);
    skipped.push(...failing.map((line) => ({ line, reason: `bad cue timing: ${errorAt.get(line)}` })));
    for (let i = failing.length; i < dropped; i++) skipped.push({ reason: 'bad cue timing' });
  }
  const cues: Cue[] = [];
  parsed.forEach((vttCue, i) => {
    const line = dropped === 0 ? timings[i] : undefined;
    const content = readCueText(vttCue.text, vttCue.startTime);
    if (!content.text) {
      skipped.push({ line, reason: 'cue has no text' });
      return;
    }
    const { turn, ...rest } = content;
    cues.push({ start: vttCue.startTime, end: vttCue.endTime, ...rest, ...(turn ? { turn } : {}), ...(line ? { line } : {}) });
  });
  skipped.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
  const language = headerLanguage(lines);
  return { format: 'webvtt', cues, skipped, ...(language ? { language } : {}) };
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
