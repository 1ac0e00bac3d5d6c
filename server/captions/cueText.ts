import { plainText, takeTurnMarker, type TagStyle } from './text.js';
import type { Token } from './types.js';
import type { Word } from '../transcript/types.js';

const INLINE_TIMESTAMP = /<((?:\d+:)?\d{2}:\d{2}[.,]\d{3})>/;
const VOICE = /<v(?:\.[^\s>]*)?[ \t]+([^>]+)>/;

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
  for (let i = 1; i < parts.length; i += 2)
    tokens.push({ start: parseClock(parts[i] as string), text: parts[i + 1] ?? '' });
  const { text, turnAt } = takeTurnMarker(plainText(tokens.map((t) => t.text).join(''), tags));
  const speaker = VOICE.exec(raw)?.[1]?.trim();
  return {
    text,
    ...(turnAt === undefined ? {} : { turnAt }),
    ...(speaker ? { speaker } : {}),
    ...(tokens.length > 1 ? { words: timedWords(tokens, tags) } : {}),
  };
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
