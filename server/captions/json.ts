import { plainText, takeTurnMarker } from './text.js';
import { timedWords } from './cueText.js';
import { checkCueCount, excerpt } from './limits.js';
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
  checkCueCount(events.length, 'events');
  const cues: Cue[] = [];
  const skipped: SkippedCue[] = [];
  events.forEach((event, i) => {
    if (!isObject(event) || !Array.isArray(event.segs)) return; // window and style events carry no text
    const start = toNumber(event.tStartMs) / 1000;
    const duration = toNumber(event.dDurationMs ?? 0) / 1000;
    if (!validTime(start) || !validTime(duration)) {
      skipped.push({ reason: `event ${i}: unusable time (tStartMs=${describe(event.tStartMs)})` });
      return;
    }
    const tokens: Token[] = event.segs.filter(isObject).map((seg) => ({
      text: typeof seg.utf8 === 'string' ? seg.utf8 : '',
      start: start + (toNumber(seg.tOffsetMs ?? 0) / 1000 || 0),
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
  checkCueCount(items.length, 'items');
  const cues: Cue[] = [];
  const skipped: SkippedCue[] = [];
  // Tools disagree on units: youtube-transcript gives milliseconds for srv3 tracks and seconds
  // for srv1 ones. Milliseconds are whole numbers, and a typical caption lasts a few seconds:
  // whole-number times with a median duration of 50 or more are milliseconds.
  const objects = items.filter(isObject);
  const times = objects.flatMap((item) => [toNumber(item.offset ?? item.start), toNumber(item.duration ?? item.dur ?? 0)]);
  const durations = objects.map((item) => toNumber(item.duration ?? item.dur ?? 0)).sort((a, b) => a - b);
  const median = durations[Math.floor(durations.length / 2)] ?? 0;
  const scale = times.every(Number.isInteger) && median >= 50 ? 1000 : 1;
  items.forEach((item, i) => {
    if (!isObject(item) || typeof item.text !== 'string') {
      skipped.push({ reason: `item ${i}: no text field` });
      return;
    }
    const start = toNumber(item.offset ?? item.start) / scale;
    const duration = toNumber(item.duration ?? item.dur ?? 0) / scale;
    if (!validTime(start) || !validTime(duration)) {
      skipped.push({ reason: `item ${i}: unusable time (offset/start=${describe(item.offset ?? item.start)})` });
      return;
    }
    const { text, turnAt } = takeTurnMarker(plainText(item.text));
    if (text) cues.push({ start, end: start + duration, text, ...(turnAt === undefined ? {} : { turnAt }) });
    else skipped.push({ reason: `item ${i}: empty text` });
  });
  return { format: 'json', cues, skipped };
}

/**
 * A time as JSON may give it: a number, or a string holding one (`"1200"`). Not `Number(value)`
 * on anything: an array nested 100,000 deep turns into a string recursively and overflows the
 * stack, and `[5]` or `true` are no times.
 */
function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim()) return Number(value);
  return Number.NaN;
}

/** A JSON value as a message may quote it: short, and never stringified in depth. */
function describe(value: unknown): string {
  if (typeof value === 'string') return excerpt(JSON.stringify(value));
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}

function validTime(value: number): boolean {
  return Number.isFinite(value) && value >= 0;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
