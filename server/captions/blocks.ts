import type { SkippedCue } from './types.js';

/**
 * Line bookkeeping shared by the WebVTT and SRT adapters. Their parsers drop bad blocks
 * silently or without saying where; a person fixing a file needs the line.
 */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** 1-based numbers of the lines that hold a cue timing (`-->`), outside NOTE blocks. */
export function timingLines(lines: string[]): number[] {
  const found: number[] = [];
  let inNote = false;
  lines.forEach((line, i) => {
    if (!line.trim()) inNote = false;
    else if (/^NOTE(?:\s|$)/.test(line)) inNote = true;
    else if (!inNote && line.includes('-->')) found.push(i + 1);
  });
  return found;
}

const NON_CUE_BLOCK = /^(?:WEBVTT|NOTE|STYLE|REGION|Kind:|Language:)/;

/**
 * Blocks with text but no timing line, which parsers drop without a word. In WebVTT only an
 * empty line ends a block (yt-dlp writes lines of one space inside cues); SRT files in the wild
 * use whitespace-only lines as blank ones.
 */
export function untimedBlocks(lines: string[], format: 'webvtt' | 'srt'): SkippedCue[] {
  const blank = format === 'webvtt' ? (line: string) => line === '' : (line: string) => !line.trim();
  const skipped: SkippedCue[] = [];
  let start = -1;
  let block: string[] = [];
  const flush = (): void => {
    const first = block[0] ?? '';
    const onlyNumber = block.length === 1 && /^\d+$/.test(first.trim());
    if (block.length && !NON_CUE_BLOCK.test(first) && !onlyNumber && !block.some((l) => l.includes('-->')))
      skipped.push({ line: start + 1, reason: 'text without a timing line' });
    block = [];
  };
  lines.forEach((line, i) => {
    if (blank(line)) return flush();
    if (!block.length) start = i;
    block.push(line);
  });
  flush();
  return skipped;
}
