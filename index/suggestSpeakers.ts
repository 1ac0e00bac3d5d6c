import { nameKey } from './roster.js';
import { roundMs } from './time.js';
import { STRENGTH, turnSpans, type Naming, type Reading, type SpanOptions, type Span, type SpeakerCue } from './turnSpans.js';
import type { Segment } from './types.js';

export type { CueKind, SpeakerCue } from './turnSpans.js';

/**
 * Speaker suggestions: who speaks when, from what the captions themselves say. Turns come from
 * index/turnSpans.ts; here each gets the name its cues agree on, or none. A name is only ever
 * one a cue gives (an introduction, a hand-over, a thank-you, a voice, the chair's phrases for
 * the moderator); a turn no cue names stays unknown, and cues that disagree leave it unknown too.
 */

/** A suggested turn: who (null: unknown), from when to when, how sure (0 to 1), and why. */
export interface SuggestedTurn {
  speaker: string | null;
  start: number;
  end: number;
  confidence: number;
  cues: SpeakerCue[];
}

export interface SuggestOptions extends SpanOptions {
  /** Names never suggested, nor any name sharing a word with them (a synthetic sample's panelists: its words are nobody's). */
  never?: readonly string[];
}

/** A span with the name its cues give it, and its time. */
export interface NamedSpan extends Span {
  speaker: string | null;
  confidence: number;
  start: number;
  end: number;
}

/** Below this, a turn is left unknown: the cues are too weak or disagree. */
const LEAST_CONFIDENCE = 0.5;
/** Voices named by number ("Speaker 1", "SPEAKER_02", "S3"): a voice, but no name. */
const NUMBERED_VOICE = /^(?:speaker|spk|s|voice|participant|person|guest|unknown|unidentified)[\s_-]*\d*$/i;
/** Most cues kept for one turn: enough to say why. */
const MAX_CUES = 6;

/**
 * The turns of a transcript with the names cues give them, adjacent turns of one person joined.
 *
 * @example suggestSpeakers(segments, { roster: ['Ana Ruiz', 'Bo Lind'], moderator: 'Cy Moss' })[1]
 *   // { speaker: 'Bo Lind', start: 62.4, end: 118, confidence: 0.8, cues: [{ kind: 'hand-off', text: 'Bo, what do you think?', at: 60.1 }, …] }
 */
export function suggestSpeakers(segments: readonly Segment[], options: SuggestOptions = {}): SuggestedTurn[] {
  const turns: SuggestedTurn[] = [];
  for (const span of nameSpans(segments, options).spans) {
    const last = turns[turns.length - 1];
    const cues = [...span.starts, ...span.namings.map((n) => n.cue)];
    if (last && span.speaker !== null && last.speaker === span.speaker) {
      last.end = span.end;
      last.confidence = Math.max(last.confidence, span.confidence);
      last.cues = [...last.cues, ...cues].slice(0, MAX_CUES);
    } else turns.push({ speaker: span.speaker, start: span.start, end: span.end, confidence: span.confidence, cues: cues.slice(0, MAX_CUES) });
  }
  return turns;
}

/** The transcript's spans (index/turnSpans.ts), each with its name (or none), confidence and time. */
export function nameSpans(segments: readonly Segment[], options: SuggestOptions = {}): Reading & { spans: NamedSpan[] } {
  const reading = turnSpans(segments, options);
  const { words } = reading;
  const barred = new Set((options.never ?? []).flatMap((n) => nameKey(n).split(' ')).filter((w) => w.length >= 3));
  const allowed = (name: string): boolean =>
    !nameKey(name.replace(/[()]/g, ' '))
      .split(' ')
      .some((w) => barred.has(w));
  const last = segments[segments.length - 1];
  const talkEnd = last ? last.start + last.duration : 0;
  const spans: NamedSpan[] = reading.spans.map((span, k) => {
    const next = reading.spans[k + 1];
    const start = roundMs(words[span.from]?.at ?? 0);
    const end = roundMs(next ? (words[next.from]?.at ?? talkEnd) : talkEnd);
    const namings = [...span.namings, ...voiceNaming(span, reading)].filter((n) => allowed(n.name));
    return { ...span, namings, ...decide(namings), start, end: Math.max(start, end) };
  });
  propagateVoices(spans, allowed);
  return { ...reading, spans };
}

/** A voice the captions name: a name of its own, the roster's name it is a form of, or none (a numbered voice). */
function voiceNaming(span: Span, { roster, words }: Reading): Naming[] {
  if (!span.voice || NUMBERED_VOICE.test(span.voice.trim())) return [];
  const key = nameKey(span.voice);
  const entry = roster.entries.find((e) => nameKey(e.name) === key || nameKey(e.name).split(' ').includes(key));
  return [
    { name: entry?.name ?? span.voice.trim(), strength: STRENGTH.voice, cue: { kind: 'voice', text: `<v ${span.voice}>`, at: words[span.from]?.at ?? 0 } },
  ];
}

/**
 * What a span's namings say together: each name's evidence combined as independent (1 - the
 * product of the chances each cue is wrong), the best name less half the next best's; below
 * LEAST_CONFIDENCE, nobody.
 */
function decide(namings: readonly Naming[]): { speaker: string | null; confidence: number } {
  const scores = new Map<string, number>();
  for (const n of namings) scores.set(n.name, 1 - (1 - (scores.get(n.name) ?? 0)) * (1 - n.strength));
  const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked;
  if (!best) return { speaker: null, confidence: 0 };
  const confidence = Math.round(100 * (best[1] - (second ? second[1] / 2 : 0))) / 100;
  return confidence >= LEAST_CONFIDENCE ? { speaker: best[0], confidence } : { speaker: null, confidence: 0 };
}

/**
 * A numbered voice ("Speaker 2") is one person throughout: once a cue names one of its turns
 * (and no other name competes), its other turns are that person too.
 */
function propagateVoices(spans: NamedSpan[], allowed: (name: string) => boolean): void {
  const byVoice = new Map<string, NamedSpan[]>();
  for (const span of spans) if (span.voice && NUMBERED_VOICE.test(span.voice.trim())) byVoice.set(span.voice, [...(byVoice.get(span.voice) ?? []), span]);
  for (const [voice, list] of byVoice) {
    const names = new Map<string, number>();
    for (const span of list) if (span.speaker) names.set(span.speaker, (names.get(span.speaker) ?? 0) + span.confidence);
    const [best, second] = [...names.entries()].sort((a, b) => b[1] - a[1]);
    if (!best || (second && second[1] > best[1] / 2) || !allowed(best[0])) continue;
    const named = list.find((s) => s.speaker === best[0]) as NamedSpan;
    for (const span of list) {
      if (span.speaker !== null) continue;
      span.speaker = best[0];
      span.confidence = STRENGTH.handOff;
      span.namings.push({
        name: best[0],
        strength: STRENGTH.handOff,
        cue: { kind: 'voice', text: `<v ${voice}> is ${best[0]} (${named.namings[0]?.cue.kind ?? 'cue'} at ${named.start} s)`, at: span.start },
      });
    }
  }
}
