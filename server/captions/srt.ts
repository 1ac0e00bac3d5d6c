import { parseTextStream } from 'media-captions';
import { splitLines, timingLines, untimedBlocks } from './blocks.js';
import { readCueText } from './cueText.js';
import { checkCueCount, checkLineCount, excerpt } from './limits.js';
import type { Cue, ParsedCaptions, SkippedCue } from './types.js';

/**
 * SRT through media-captions (vidstack's caption parser), which copes with the variants real
 * files have: BOM, CR-only lines, dot or comma before milliseconds, missing milliseconds,
 * missing sequence numbers. Unpadded fields (`0:0:7,560`) are padded first, since it refuses them.
 */
export async function parseSrt(text: string): Promise<ParsedCaptions> {
  checkLineCount(text);
  const original = splitLines(text);
  const timings = timingLines(original);
  checkCueCount(timings.length);
  const { chunks, lineOf } = parserChunks(original);
  const result = await parseTextStream(pulled(chunks), { type: 'srt', errors: true, strict: false });
  const errorLines = new Set(result.errors.map((e) => lineOf[e.line - 1] as number));
  const skipped: SkippedCue[] = [
    ...untimedBlocks(original, 'srt'),
    ...[...errorLines].map((line) => ({ line, reason: `bad cue timing "${excerpt(original[line - 1]?.trim() ?? '')}"` })),
  ];
  const cueLines = timings.filter((line) => !errorLines.has(line));
  const linesKnown = cueLines.length === result.cues.length;
  const cues: Cue[] = [];
  result.cues.forEach((srtCue, i) => {
    const line = linesKnown ? cueLines[i] : undefined;
    // SRT files sometimes carry a coordinates line ("X1:40 X2:600 ...") that is not speech.
    const raw = srtCue.text.replace(/^X1:\d+ X2:\d+ Y1:\d+ Y2:\d+\s*/, '');
    const content = readCueText(raw, srtCue.startTime, 'markup');
    if (!content.text) {
      skipped.push({ line, reason: 'cue has no text' });
      return;
    }
    cues.push({ start: srtCue.startTime, end: srtCue.endTime, ...content, ...(line ? { line } : {}) });
  });
  skipped.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
  return { format: 'srt', cues, skipped };
}

/**
 * What the parser is fed, one call per chunk, and the file line each chunk starts at (its
 * errors give the chunk's number). The parser reads a file line by line, and a line costs
 * an `await`; so the lines it treats alike go as one: a run of blank lines as one blank line
 * (a blank ends a cue, a second one does nothing more), a run of text lines as one text joined
 * by "\n" (the parser joins a cue's lines so itself), and the lines before a timing line that
 * only name the cue not at all. Timing lines go alone, padded and with
 * their whitespace runs made one space: the parser splits them with `/[\s\t]*-->[\s\t]+/`,
 * which retries a run of spaces from each of its characters (40,000 spaces: 1.6 s).
 */
function parserChunks(lines: readonly string[]): { chunks: string[]; lineOf: number[] } {
  const chunks: string[] = [];
  const lineOf: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    lineOf.push(i + 1);
    if (line.includes('-->')) chunks.push(padTiming(line).replace(/\s+/g, ' '));
    else if (line === '') {
      while (lines[i + 1] === '') i++;
      chunks.push('');
    } else {
      let last = i;
      while (last + 1 < lines.length && lines[last + 1] !== '' && !(lines[last + 1] as string).includes('-->')) last++;
      // Between a blank line and a timing line (sequence numbers), lines change nothing the
      // parser gives back; they are left out.
      if ((i === 0 || lines[i - 1] === '') && (lines[last + 1] ?? '').includes('-->')) lineOf.pop();
      else chunks.push(last === i ? line : lines.slice(i, last + 1).join('\n'));
      i = last;
    }
  }
  return { chunks, lineOf };
}

/**
 * A stream that hands out one chunk each time the parser asks. Not media-captions' own
 * `parseText`: that enqueues every line up front, and the stream takes each from the front of
 * one array (`shift`), so 200,000 lines took 15 s.
 */
function pulled(chunks: readonly string[]): ReadableStream<string> {
  let next = 0;
  return new ReadableStream<string>({
    pull(controller) {
      if (next < chunks.length) controller.enqueue(chunks[next++]);
      else controller.close();
    },
  });
}

function padTiming(line: string): string {
  return line.replace(
    /\b(\d{1,2}):(\d{1,2}):(\d{1,2})([,.]\d+)?/g,
    (_m, h: string, m: string, s: string, frac = '') => `${h.padStart(2, '0')}:${m.padStart(2, '0')}:${s.padStart(2, '0')}${frac}`,
  );
}
