import { parseText } from 'media-captions';
import { splitLines, timingLines, untimedBlocks } from './blocks.js';
import { readCueText } from './cueText.js';
import type { Cue, ParsedCaptions, SkippedCue } from './types.js';

/**
 * SRT through media-captions (vidstack's caption parser), which copes with the variants real
 * files have: BOM, CR-only lines, dot or comma before milliseconds, missing milliseconds,
 * missing sequence numbers. Unpadded fields (`0:0:7,560`) are padded first, since it refuses them.
 */
export async function parseSrt(text: string): Promise<ParsedCaptions> {
  const original = splitLines(text);
  const lines = original.map(padTiming);
  const result = await parseText(lines.join('\n'), { type: 'srt', errors: true, strict: false });
  const timings = timingLines(lines);
  const errorLines = new Set(result.errors.map((e) => e.line));
  const skipped: SkippedCue[] = [
    ...untimedBlocks(lines, 'srt'),
    ...[...errorLines].map((line) => ({ line, reason: `bad cue timing "${original[line - 1]?.trim() ?? ''}"` })),
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

function padTiming(line: string): string {
  if (!line.includes('-->')) return line;
  return line.replace(/\b(\d{1,2}):(\d{1,2}):(\d{1,2})([,.]\d+)?/g, (_m, h: string, m: string, s: string, frac = '') =>
    `${h.padStart(2, '0')}:${m.padStart(2, '0')}:${s.padStart(2, '0')}${frac}`,
  );
}
