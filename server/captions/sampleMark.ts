import type { ParsedCaptions } from './types.js';
import { vttComment } from './vttText.js';

/*
 * How an export of panelnotes's synthetic sample says so, and how an import reads it back, so a
 * round trip never turns synthetic text into "captions": the sample notice travels with the
 * words and comes back as the record's `source: 'sample'` and `notice`.
 *
 * - WebVTT: a comment block `NOTE panelnotes-sample: <notice>` after the header (players skip
 *   it; the importer reads it).
 * - SRT, and WebVTT too: a first cue whose text starts `[panelnotes-sample] `, which players
 *   show over the first seconds; the importer drops it from the words.
 * - JSON (panelnotes's transcript export): `"source": "sample"` and `"notice"`.
 *
 * The mark is one fixed token that no speech contains; an ordinary caption file never has it.
 */

/** The token that marks the sample in an export. */
export const SAMPLE_MARK = 'panelnotes-sample';

/** Said when a marked file carries no notice of its own. */
const DEFAULT_NOTICE = 'Synthetic sample: this transcript was written for panelnotes as a stand-in; it is not what was said.';

/** The notice as one line that neither a WebVTT comment nor a cue can be ended by. */
export function noticeLine(notice: string): string {
  return vttComment(notice) || DEFAULT_NOTICE;
}

/** The WebVTT comment block marking the sample. @example sampleNote('Synthetic.') // 'NOTE panelnotes-sample: Synthetic.' */
export function sampleNote(notice: string): string {
  return `NOTE ${SAMPLE_MARK}: ${noticeLine(notice)}`;
}

/** The text of the cue marking the sample. @example sampleCueText('Synthetic.') // '[panelnotes-sample] Synthetic.' */
export function sampleCueText(notice: string): string {
  return `[${SAMPLE_MARK}] ${noticeLine(notice)}`;
}

const NOTE_LINE = new RegExp(`^NOTE[ \\t]+${SAMPLE_MARK}:[ \\t]*(.*)$`, 'm');
const CUE_START = `[${SAMPLE_MARK}]`;

/**
 * Captions with the sample's mark read: its cue dropped from the words, and its notice as
 * `sample`. Captions without a mark come back as they were.
 *
 * @example takeSampleMark(parseSrt(exported), exported).sample // 'Synthetic sample: …'
 */
export function takeSampleMark(parsed: ParsedCaptions, text: string): ParsedCaptions {
  // A cheap test first: a file without the token is every file but our exports.
  if (!text.includes(SAMPLE_MARK)) return parsed;
  const note = parsed.format === 'webvtt' ? NOTE_LINE.exec(text)?.[1]?.trim() : undefined;
  const marked = parsed.cues.findIndex((cue) => cue.text.startsWith(CUE_START));
  if (note === undefined && marked < 0) return parsed;
  const fromCue = marked < 0 ? undefined : (parsed.cues[marked]?.text.slice(CUE_START.length).trim() ?? '');
  const cues = marked < 0 ? parsed.cues : parsed.cues.filter((_, i) => i !== marked);
  return { ...parsed, cues, sample: note || fromCue || DEFAULT_NOTICE };
}

/** A panelnotes transcript export (JSON) of the sample: its notice, else undefined. */
export function jsonSampleNotice(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const { format, source, notice } = data as Record<string, unknown>;
  if (format !== 'panelnotes-transcript' || source !== 'sample') return undefined;
  return typeof notice === 'string' && notice.trim() ? notice : DEFAULT_NOTICE;
}
