import type { CompiledCues } from '../../index/cues.js';
import { findQuestions, type AttributedSpan, type Question } from '../../index/questions.js';
import { speakingTime, type SpeakerRow } from '../../index/speakingTime.js';
import { nameSpans, type NamedSpan } from '../../index/suggestSpeakers.js';
import type { SpokenWord } from '../../index/spokenWords.js';
import type { Chapter, TopicId } from '../../index/types.js';
import type { SpeakerTurn } from '../notes/types.js';
import type { TranscriptRecord } from '../transcript/types.js';
import { rosterFor } from '../speakers/roster.js';

/** Who answered what in one talk: its questions with their answers, and who spoke how long on each topic. */
export interface QuestionsView {
  videoId: string;
  title: string;
  /** Where the talk can be watched; a talk not on YouTube imported without a URL has none. */
  url?: string;
  moderator?: string;
  /** Where the named speakers come from: turns people set or accepted, suggestions made now, or both. */
  speakers: 'turns' | 'suggestions' | 'both';
  notice?: string;
  questions: Question[];
  /** The topics the talk's chapters have, in the order they first come up. */
  topics: { id: TopicId; label: string }[];
  speakingTime: SpeakerRow[];
}

export interface QuestionsInput {
  record: TranscriptRecord;
  chapters: readonly Chapter[];
  topicLabel: (id: TopicId) => string;
  /** The video's speaker turns (set by hand, accepted, confirmed). */
  turns: readonly SpeakerTurn[];
  transitions: CompiledCues;
  moderator?: string;
  /** Whom the speakers not yet set may be, besides the panelists and the names of the turns. */
  roster?: readonly string[];
}

/**
 * The questions view of a talk. Turns are where speakers change: the captions' turns and the
 * cues' (index/turnSpans.ts), and the edges of the turns people set; each is named by the turn
 * a person set or accepted that covers most of it, else by the suggestion, marked suggested.
 * The moderator is the one given, else whoever the accepted suggestions found chairing.
 */
export function questionsView(input: QuestionsInput): QuestionsView {
  const { record, turns } = input;
  const moderator = input.moderator ?? chairOf(turns);
  const given = [...new Set([...(input.roster ?? []), ...turns.map((t) => t.name), ...(moderator ? [moderator] : [])])];
  const { roster, never, notice } = rosterFor(record, record.source === 'sample' ? given : [...(record.metadata.panelists ?? []).map((p) => p.name), ...given]);
  const reading = nameSpans(record.segments, { roster, ...(moderator ? { moderator } : {}), transitions: input.transitions, never });
  const spans = attribute(reading.words, reading.spans, turns);
  const topicAt = (second: number): TopicId | undefined =>
    input.chapters.find((c) => second >= c.start && second < c.end)?.topic ?? input.chapters.at(-1)?.topic;
  const questions = findQuestions(reading.words, spans, { ...(moderator ? { moderator } : {}), punctuated: reading.punctuated, topicAt });
  const topics: TopicId[] = [];
  for (const c of input.chapters) if (!topics.includes(c.topic)) topics.push(c.topic);
  const fromTurns = spans.some((s) => s.speaker !== null && s.set);
  const fromSuggestions = spans.some((s) => s.speaker !== null && !s.set);
  return {
    videoId: record.videoId,
    title: record.title,
    ...(record.url ? { url: record.url } : {}),
    ...(moderator ? { moderator } : {}),
    speakers: fromTurns && fromSuggestions ? 'both' : fromTurns ? 'turns' : 'suggestions',
    ...(notice && !turns.length ? { notice } : {}),
    questions,
    topics: topics.map((id) => ({ id, label: input.topicLabel(id) })),
    speakingTime: speakingTime(spans, input.chapters),
  };
}

/** The name most of the chair's cues went to, in the turns accepted from suggestions. */
function chairOf(turns: readonly SpeakerTurn[]): string | undefined {
  const counts = new Map<string, number>();
  for (const t of turns) if (t.cues?.some((c) => c.kind === 'chair')) counts.set(t.name, (counts.get(t.name) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/**
 * The spans cut also where a turn people set starts or ends, each named by the set turn that
 * covers most of it, else by its suggestion.
 */
function attribute(words: readonly SpokenWord[], spans: readonly NamedSpan[], turns: readonly SpeakerTurn[]): (AttributedSpan & { set: boolean })[] {
  const cuts = new Set(spans.map((s) => s.from));
  for (const t of turns) for (const edge of [t.start, t.end]) cuts.add(firstWordFrom(words, edge));
  const froms = [...cuts].filter((i) => i < words.length).sort((a, b) => a - b);
  const last = spans.at(-1);
  let k = 0; // the span the piece is in: both lists rise
  return froms.map((from, n) => {
    const to = froms[n + 1] ?? words.length;
    while (k + 1 < spans.length && (spans[k + 1] as NamedSpan).from <= from) k++;
    const span = spans[k] as NamedSpan;
    const start = (words[from] as SpokenWord).at;
    const end = to < words.length ? (words[to] as SpokenWord).at : (last?.end ?? start);
    const set = mostOverlap(turns, start, end);
    const chair = span.namings.some((n) => n.cue.kind === 'chair');
    if (set) return { from, to, start, end, speaker: set.name, suggested: set.suggested === true, chair, set: true };
    return { from, to, start, end, speaker: span.speaker, suggested: span.speaker !== null, chair, set: false };
  });
}

/** The first word said at `second` or later (a few hundredths early allowed); words.length when none. */
function firstWordFrom(words: readonly SpokenWord[], second: number): number {
  let lo = 0;
  let hi = words.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((words[mid] as SpokenWord).at < second - 0.05) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function mostOverlap(turns: readonly SpeakerTurn[], start: number, end: number): SpeakerTurn | undefined {
  let best: SpeakerTurn | undefined;
  let most = 0;
  for (const t of turns) {
    const overlap = Math.min(end, t.end) - Math.max(start, t.start);
    if (overlap > most || (overlap >= most && overlap > 0 && best === undefined)) {
      best = t;
      most = overlap;
    }
  }
  return most >= (end - start) / 2 ? best : undefined;
}
