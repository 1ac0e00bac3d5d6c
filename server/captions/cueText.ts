import { plainText, takeTurnMarker, type TagStyle } from './text.js';
import type { Token } from './types.js';
import type { Word } from '../transcript/types.js';

const INLINE_TIMESTAMP = /<((?:\d+:)?\d{2}:\d{2}[.,]\d{3})>/;

export interface CueText {
  text: string;
  turnAt?: number;
  speaker?: string;
  words?: Word[];
}

/**
 * Reads the markup of one WebVTT or SRT cue: the voice (`<v Name>`), a leading `>>` turn
 * marker, and inline word times (`word<00:01:02.345><c> next</c>`) as YouTube auto-captions
 * carry them. The rest of the markup is dropped.
 *
 * @example readCueText('<v Ann>hi<00:00:01.500><c> there</c>', 1, 'webvtt')
 *   // { text: 'hi there', speaker: 'Ann', words: [{start: 1, text: 'hi'}, {start: 1.5, text: 'there'}] }
 */
export function readCueText(raw: string, cueStart: number, tags: TagStyle): CueText {
  const parts = raw.split(INLINE_TIMESTAMP);
  // split() with a capture group alternates text and timestamps: [text, ts, text, ts, text].
  const tokens: Token[] = [{ text: parts[0] ?? '', start: cueStart }];
  for (let i = 1; i < parts.length; i += 2) tokens.push({ start: parseClock(parts[i] as string), text: parts[i + 1] ?? '' });
  const { text, turnAt } = takeTurnMarker(plainText(tokens.map((t) => t.text).join(''), tags));
  const speaker = voiceName(raw);
  return {
    text,
    ...(turnAt === undefined ? {} : { turnAt }),
    ...(speaker ? { speaker } : {}),
    ...(tokens.length > 1 ? { words: timedWords(tokens, tags) } : {}),
  };
}

/**
 * The name in a cue's first voice tag (`<v Ann>`, `<v.loud Ann Smith>`), read as the regular
 * expression `/<v(?:\.[^\s>]*)?[ \t]+([^>]+)>/` reads it (the group, trimmed), in one pass. That
 * expression went on to the end of the cue from every space after a `<v`: `<v` and 40,000 spaces
 * took 1.5 s. Here the two scans that can run far (to the end of a class, to the next `>`) are
 * remembered, so each stretch of the cue is read once whatever the number of `<v`.
 *
 * @example voiceName('<v.loud  Ann >hi') // 'Ann'
 */
export function voiceName(raw: string): string | undefined {
  let stop = -1; // the first whitespace or `>` at or after the last place asked: where a class ends
  let close = -1; // the first `>` at or after the last place asked
  for (let at = raw.indexOf('<v'); at !== -1; at = raw.indexOf('<v', at + 1)) {
    let name = at + 2;
    if (raw[name] === '.') {
      if (stop < name + 1) stop = classEnd(raw, name + 1);
      name = stop;
    }
    if (raw[name] !== ' ' && raw[name] !== '\t') continue;
    if (close < name) close = raw.indexOf('>', name);
    if (close === -1) return undefined; // no `>` after this `<v`, so none after any later one
    // A match needs a space or tab and at least one more character before the `>`.
    if (close - name >= 2) return raw.slice(name, close).trim();
  }
  return undefined;
}

function classEnd(raw: string, from: number): number {
  let at = from;
  while (at < raw.length && raw[at] !== '>' && !/\s/.test(raw[at] as string)) at++;
  return at;
}

/** Each timed run's words take the run's start; runs usually hold one word. */
export function timedWords(tokens: Token[], tags: TagStyle = 'markup'): Word[] {
  return tokens.flatMap((token) =>
    plainText(token.text, tags)
      .split(' ')
      .filter((w) => w && w !== '>>')
      .map((w) => ({ start: token.start ?? 0, text: w })),
  );
}

function parseClock(clock: string): number {
  const fields = clock.replace(',', '.').split(':').map(Number);
  return fields.reduce((total, field) => total * 60 + field, 0);
}
