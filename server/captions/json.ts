import { plainText, takeTurnMarker } from './text.js';
import { timedWords } from './cueText.js';
import type { Cue, ParsedCaptions, SkippedCue, Token } from './types.js';

/**
 * The two JSON shapes people have: YouTube's json3 (`{"events":[{"tStartMs","dDurationMs",
 * "segs":[{"utf8","tOffsetMs"}]}]}`) and a plain array of `{text, offset|start, duration}`
 * as youtube-transcript and similar tools print it (also accepted: `{segments: [...]}`).
 */
export function parseJsonCaptions(data: unknown): ParsedCaptions | undefined {
  if (isObject(data) && Array.isArray(data.events)) return parseJson3(data.events);
  const items = Array.isArray(data) ? data : isObject(data) && Array.isArray(data.segments) ? data.segments : undefined;
  return items ? parseJsonArray(items) : undefined;
}

function parseJson3(events: unknown[]): ParsedCaptions {
  const cues: Cue[] = [];
  const skipped: SkippedCue[] = [];
  events.forEach((event, i) => {
    if (!isObject(event) || !Array.isArray(event.segs)) return; // window and style events carry no text
    const start = Number(event.tStartMs) / 1000;
    const duration = Number(event.dDurationMs ?? 0) / 1000;
    if (!validTime(start) || !validTime(duration)) {
      skipped.push({ reason: `event ${i}: unusable time (tStartMs=${String(event.tStartMs)})` });
      return;
    }
    const tokens: Token[] = event.segs.filter(isObject).map((seg) => ({
      text: typeof seg.utf8 === 'string' ? seg.utf8 : '',
      start: start + (Number(seg.tOffsetMs ?? 0) / 1000 || 0),
    }));
    const { text, turnAt } = takeTurnMarker(plainText(tokens.map((t) => t.text).join('')));
    if (!text) return; // `aAppend` newline events
    cues.push({
      start,
      end: start + duration,
      text,
      ...(tokens.length > 1 ? { words: timedWords(tokens) } : {}),
      ...(turnAt === undefined ? {} : { turnAt }),
    });
  });
  return { format: 'json3', cues, skipped };
}

function parseJsonArray(items: unknown[]): ParsedCaptions {
  const cues: Cue[] = [];
  const skipped: SkippedCue[] = [];
  // Tools disagree on units: youtube-transcript gives milliseconds for srv3 tracks and seconds
  // for srv1 ones. Milliseconds are whole numbers, and a typical caption lasts a few seconds:
  // whole-number times with a median duration of 50 or more are milliseconds.
  const objects = items.filter(isObject);
  const times = objects.flatMap((item) => [Number(item.offset ?? item.start), Number(item.duration ?? item.dur ?? 0)]);
  const durations = objects.map((item) => Number(item.duration ?? item.dur ?? 0)).sort((a, b) => a - b);
  const median = durations[Math.floor(durations.length / 2)] ?? 0;
  const scale = times.every(Number.isInteger) && median >= 50 ? 1000 : 1;
  items.forEach((item, i) => {
    if (!isObject(item) || typeof item.text !== 'string') {
      skipped.push({ reason: `item ${i}: no text field` });
      return;
    }
    const start = Number(item.offset ?? item.start) / scale;
    const duration = Number(item.duration ?? item.dur ?? 0) / scale;
    if (!validTime(start) || !validTime(duration)) {
      skipped.push({ reason: `item ${i}: unusable time (offset/start=${String(item.offset ?? item.start)})` });
      return;
    }
    const { text, turnAt } = takeTurnMarker(plainText(item.text));
    if (text) cues.push({ start, end: start + duration, text, ...(turnAt === undefined ? {} : { turnAt }) });
    else skipped.push({ reason: `item ${i}: empty text` });
  });
  return { format: 'json', cues, skipped };
}

function validTime(value: number): boolean {
  return Number.isFinite(value) && value >= 0;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
