import { PanelnotesError } from './errors.js';

// h:mm:ss, or m:ss with any number of minutes: `75:00` is how many people write an hour and a quarter.
const CLOCK = /^(?:(\d+):([0-5]?\d)|(\d+)):([0-5]\d(?:\.\d+)?)$/;
const SECONDS = /^\d+(?:\.\d+)?s?$/;

/**
 * Parses a moment as people write it: `90`, `90s`, `1:30`, `75:00` (minutes past the hour are
 * fine without hours), `01:01:30`, `1:02:03.5`.
 *
 * @example parseTime('1:30') // 90
 * @example parseTime('75:00') // 4500
 * @throws PanelnotesError INVALID_TIME with the offending text
 */
export function parseTime(input: string): number {
  const text = input.trim();
  const seconds = SECONDS.test(text) ? Number.parseFloat(text) : clockSeconds(text);
  // A run of hundreds of digits reads as Infinity: not a moment in any video.
  if (seconds !== undefined && Number.isFinite(seconds)) return seconds;
  throw new PanelnotesError('INVALID_TIME', `not a time: "${input}" (use seconds like 90, or m:ss like 1:30, or h:mm:ss like 1:01:30)`);
}

function clockSeconds(text: string): number | undefined {
  const clock = CLOCK.exec(text);
  if (!clock) return undefined;
  const [, hours = '0', minutesPastHour, minutes, seconds = '0'] = clock;
  return Number(hours) * 3600 + Number(minutesPastHour ?? minutes) * 60 + Number.parseFloat(seconds);
}

/**
 * Formats seconds the way a video player shows them: `m:ss` below an hour, `h:mm:ss` above.
 *
 * @example formatTime(3690) // '1:01:30'
 */
export function formatTime(totalSeconds: number): string {
  finite(totalSeconds);
  const whole = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const seconds = String(whole % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

// Defined by the search core, which passages' times are rounded by too.
export { roundMs } from '../index/time.js';

/**
 * A WebVTT timestamp, `hh:mm:ss.mmm`.
 *
 * @example formatVttTime(3690.5) // '01:01:30.500'
 * @throws RangeError for a time that is not a finite number of seconds from 0: a file must never say `NaN:NaN`
 */
export function formatVttTime(seconds: number): string {
  const ms = Math.round(moment(seconds) * 1000);
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor((ms % 3_600_000) / 60_000))}:${pad(Math.floor((ms % 60_000) / 1000))}.${pad(ms % 1000, 3)}`;
}

/**
 * Times reach files and pages only after validation; one that is not a number anyway is a bug
 * to stop at, not text to print (`Infinity:NaN:NaN.NaN`).
 */
function finite(seconds: number): void {
  if (!Number.isFinite(seconds)) throw new RangeError(`not a finite time: ${seconds}`);
}

/** Over 30 years: no video is this long, and every format still writes it as plain digits. */
const LATEST_MOMENT = 1e9;

/**
 * `seconds` as a moment for a file to write: finite, from 0, below LATEST_MOMENT (1e308
 * seconds are finite, but a WebVTT file would say `Infinity:NaN:NaN.NaN`).
 *
 * @example moment(90.5) // 90.5
 * @throws RangeError otherwise: a bug to stop at, not text to write
 */
export function moment(seconds: number): number {
  finite(seconds);
  if (seconds < 0 || seconds >= LATEST_MOMENT) throw new RangeError(`not a moment in a video: ${seconds} seconds`);
  return seconds;
}
