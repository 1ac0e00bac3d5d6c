import type { CaptionFormat } from './types.js';

export type DetectedFormat = Exclude<CaptionFormat, 'json3'> | 'json-any';

/**
 * Recognises a caption file by its content (never by its name: downloads are often misnamed). Returns undefined for anything else.
 */
export function detectFormat(text: string): DetectedFormat | undefined {
  const head = text.trimStart().slice(0, 2000);
  if (/^WEBVTT(?:[ \t\n\r]|$)/.test(head)) return 'webvtt';
  if (head.startsWith('{') || head.startsWith('[')) return 'json-any';
  if (head.startsWith('<')) {
    if (/<timedtext[^>]*format="3"|<p\s+t="\d/.test(head)) return 'srv3';
    if (/<transcript\b|<text\s+start=/.test(head)) return 'timedtext';
    return undefined;
  }
  // `(?<!\d)`: tried once per run of digits, not from each digit of it.
  if (/(?<!\d)\d+:\d{1,2}(?::\d{1,2})?(?:[,.]\d{1,3})?[ \t]*-->/.test(head)) {
    // Without the WEBVTT signature a file is not WebVTT to a spec parser; the lenient SRT
    // parser reads the unsigned files people do have (both formats time cues the same way).
    return 'srt';
  }
  return undefined;
}
