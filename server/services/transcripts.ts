import { compileCues } from '../../index/cues.js';
import { withSpeakers, type Turn } from '../../index/speakers.js';
import type { Chapter } from '../../index/types.js';
import { exportTranscript, inRange, type ExportedTranscript, type TitledChapter, type TranscriptFormat } from '../captions/export.js';
import { PanelnotesError } from '../errors.js';
import { formatTime, parseTime } from '../time.js';
import type { TranscriptRecord } from '../transcript/types.js';
import type { TranscriptsRepository } from '../store/types.js';
import { momentUrl } from '../videoId.js';
import type { Store } from '../store/types.js';
import type { Vocabulary } from '../search/vocabulary.js';
import { questionsMarkdown } from '../speakers/questionsMarkdown.js';
import type { Catalog } from './catalog.js';
import { questionsView, type QuestionsView } from './questions.js';
import { recordVideos } from './videos.js';

export { TRANSCRIPT_FORMATS, transcriptFormat, type ExportedTranscript, type TranscriptFormat } from '../captions/export.js';

/** What a transcript export is made from: the record, who speaks when, and the chapters. */
export interface TranscriptParts {
  record: TranscriptRecord;
  /** Speaker turns; one still only suggested (issue 15) is exported as `Name (suggested)`, so a reader tells it from a confirmed one. */
  turns: readonly (Turn & { suggested?: true })[];
  chapters: readonly Chapter[];
  topicLabel: (id: string) => string;
  /** Who answered what: the Markdown export of the whole talk ends with it, when it found anything. */
  questions?: QuestionsView;
}

/** A range of a talk as a person gives it (`90`, `1:30`, `1:01:30`); either end may be left out. */
export interface TimeRange {
  from?: string | number;
  to?: string | number;
}

/**
 * A talk's transcript as a file, the same from the page, the API and the CLI: speakers as
 * the turns people set say (else as the captions did), chapters titled (a chapter's own
 * title where it has one, else its topic's label), only the range asked for.
 *
 * @example transcriptFile(parts, 'srt', { from: '1:00', to: '2:00' }).body
 * @throws PanelnotesError INVALID_TIME for a time that is not one, USAGE for a range that ends before it starts or holds no words
 */
export function transcriptFile(parts: TranscriptParts, format: TranscriptFormat, range: TimeRange = {}, exportedAt = new Date()): ExportedTranscript {
  const { record } = parts;
  const from = range.from === undefined || range.from === '' ? undefined : seconds(range.from);
  const to = range.to === undefined || range.to === '' ? undefined : seconds(range.to);
  if (from !== undefined && to !== undefined && to <= from)
    throw new PanelnotesError('USAGE', `the range ends (${formatTime(to)}) before it starts (${formatTime(from)})`);
  const turns = parts.turns.map((t) => (t.suggested ? { ...t, name: `${t.name} (suggested)` } : t));
  const spoken = turns.length ? withSpeakers(record.segments, turns) : record.segments;
  const segments = inRange(spoken, from, to);
  if (!segments.length)
    throw new PanelnotesError(
      'USAGE',
      `nothing is said in ${record.videoId} between ${formatTime(from ?? 0)} and ${to === undefined ? 'the end' : formatTime(to)}`,
    );
  const first = segments[0]?.start ?? 0;
  const last = segments.at(-1) ?? { start: 0, duration: 0 };
  // A range past the end is the range to the end (`--to 99:00:00` on a talk of an hour).
  const until = to === undefined ? undefined : Math.min(to, last.start + last.duration);
  const chapters: TitledChapter[] = parts.chapters
    .filter((c) => c.end > first && c.start < last.start + last.duration)
    .map((c) => ({ start: c.start, end: c.end, title: chapterTitle(c, parts.topicLabel) }));
  const file = exportTranscript(format, {
    videoId: record.videoId,
    title: record.title,
    ...(record.url ? { url: record.url } : {}),
    link: (at) => momentUrl(record.videoId, at, record.url),
    language: record.language,
    source: record.source,
    ...(record.notice ? { notice: record.notice } : {}),
    segments,
    chapters,
    ...(from === undefined ? {} : { from }),
    ...(until === undefined ? {} : { to: until }),
    exportedAt,
  });
  // The questions view is of the whole talk: a range's file would list questions it does not hold.
  const { questions } = parts;
  if (format !== 'md' || !questions || from !== undefined || to !== undefined || (!questions.questions.length && !questions.speakingTime.length)) return file;
  return { ...file, body: `${file.body}\n${questionsMarkdown(questions, 2)}` };
}

/** A chapter's own title where it has one (chapters from the talk's description), else its topic's label. */
function chapterTitle(chapter: Chapter, topicLabel: (id: string) => string): string {
  const own = (chapter as Chapter & { title?: unknown }).title;
  return typeof own === 'string' && own.trim() ? own : topicLabel(chapter.topic);
}

/** The parts of one talk's export in the server: from its catalog, with the speaker turns set. @throws PanelnotesError NOT_FOUND */
export function catalogParts(catalog: Pick<Catalog, 'get' | 'topics'>, videoId: string, turns: TranscriptParts['turns']): TranscriptParts {
  const { record, chapters } = catalog.get(videoId);
  const labels = new Map(catalog.topics().map((t) => [t.id, t.label]));
  return { record, chapters, turns, topicLabel: (id) => labels.get(id) ?? id };
}

/**
 * The parts of one talk's export for the CLI, read from the store (only read: nothing is
 * created) and the vocabulary, without loading any search index.
 * @throws PanelnotesError NOT_FOUND
 */
export async function readTranscriptParts(
  store: Pick<Store, 'getTranscript' | 'listTurns'>,
  vocabulary: Vocabulary,
  videoId: string,
): Promise<TranscriptParts> {
  const record = await requireTranscript(store, videoId);
  const turns = await store.listTurns(videoId);
  const { chapters, topicLabel } = recordVideos([record], vocabulary, () => turns).exportSource(videoId);
  const questions = questionsView({ record, chapters, topicLabel, turns, transitions: compileCues(vocabulary.topics) });
  return { record, turns, chapters, topicLabel, questions };
}

/**
 * A talk's transcript from the library, for commands that name one.
 * @throws PanelnotesError NOT_FOUND when the library has none, LIBRARY_CORRUPT when it cannot be read
 */
export async function requireTranscript(transcripts: Pick<TranscriptsRepository, 'getTranscript'>, videoId: string): Promise<TranscriptRecord> {
  const record = await transcripts.getTranscript(videoId);
  if (!record) throw new PanelnotesError('NOT_FOUND', `no video ${videoId} in the library`, 'list the library: panelnotes list');
  return record;
}

function seconds(value: string | number): number {
  return typeof value === 'number' ? value : parseTime(value);
}
