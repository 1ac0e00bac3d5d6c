import { PanelnotesError } from '../errors.js';
import type { Segment } from '../transcript/types.js';
import { decodeCaptionBytes } from './decode.js';
import { detectFormat } from './detect.js';
import { parseJsonCaptions } from './json.js';
import { checkCueCount, checkTextLength, checkTimeline, TooComplexError } from './limits.js';
import { cuesToSegments } from './segments.js';
import { parseTimedText } from './timedtext.js';
import type { CaptionFormat, ParsedCaptions, SkippedCue } from './types.js';
import { parseSrt } from './srt.js';
import { parseWebVtt } from './webvtt.js';
import { jsonSampleNotice, takeSampleMark } from './sampleMark.js';

export interface CaptionImport {
  format: CaptionFormat;
  segments: Segment[];
  /** Cues that could not be used, with the line and reason; the import goes on without them. */
  skipped: SkippedCue[];
  language?: string;
  /** The file is an export of panelnotes's synthetic sample, never real captions: its notice (see sampleMark.ts). */
  sample?: string;
}

const SUPPORTED = 'WebVTT, SRT, YouTube timedtext XML (srv1 or srv3), YouTube json3, or a JSON array of {text, start|offset, duration}';

/**
 * Parses a caption file of any supported format into clean transcript segments.
 *
 * @example await parseCaptions(readFileSync('talk.en.vtt'), 'talk.en.vtt')
 *   // { format: 'webvtt', segments: [{start: 0.5, duration: 2.1, text: '...'}], skipped: [] }
 * @throws PanelnotesError CAPTIONS_UNRECOGNISED for other content, CAPTIONS_EMPTY when no cue is usable,
 *   CAPTIONS_TOO_COMPLEX past a limit of limits.ts (too many cues or lines, past 24 hours, nested too deep)
 */
export async function parseCaptions(bytes: Uint8Array, fileName = 'captions'): Promise<CaptionImport> {
  try {
    return await parseCaptionFile(bytes, fileName);
  } catch (error) {
    if (error instanceof TooComplexError) throw new TooComplexError(error.detail, fileName);
    throw error;
  }
}

async function parseCaptionFile(bytes: Uint8Array, fileName: string): Promise<CaptionImport> {
  const text = decodeCaptionBytes(bytes);
  if (!text.trim()) throw new PanelnotesError('CAPTIONS_EMPTY', `${fileName} is empty`);
  const parsed = takeSampleMark(await parseCaptionText(text, fileName), text);
  // Each parser refuses too many cues as soon as it can count them; this holds whatever the parser.
  checkCueCount(parsed.cues.length);
  checkTimeline(parsed.cues);
  const segments = cuesToSegments(parsed.cues);
  checkTextLength(segments);
  if (!segments.length) {
    const why = parsed.skipped.length ? `; ${parsed.skipped.length} cue(s) skipped, first: ${describeSkipped(parsed.skipped[0] as SkippedCue)}` : '';
    throw new PanelnotesError('CAPTIONS_EMPTY', `${fileName}: no usable captions in this ${parsed.format} file${why}`);
  }
  return {
    format: parsed.format,
    segments,
    skipped: parsed.skipped,
    ...(parsed.language ? { language: parsed.language } : {}),
    ...(parsed.sample ? { sample: parsed.sample } : {}),
  };
}

/** Parses caption text into the cues the file states, before clean-up (for tools and tests). */
export async function parseCaptionText(text: string, fileName = 'captions'): Promise<ParsedCaptions> {
  const format = detectFormat(text);
  switch (format) {
    case 'webvtt':
      return parseWebVtt(text);
    case 'srt':
      return parseSrt(text);
    case 'srv3':
    case 'timedtext':
      return parseTimedText(text);
    case 'json-any': {
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch (error) {
        throw new PanelnotesError(
          'CAPTIONS_UNRECOGNISED',
          `${fileName}: looks like JSON but does not parse (${(error as Error).message})`,
          `supported: ${SUPPORTED}`,
        );
      }
      const parsed = parseJsonCaptions(data);
      const sample = jsonSampleNotice(data);
      if (parsed) return sample ? { ...parsed, sample } : parsed;
      throw new PanelnotesError('CAPTIONS_UNRECOGNISED', `${fileName}: JSON, but neither json3 events nor an array of captions`, `supported: ${SUPPORTED}`);
    }
    default:
      throw new PanelnotesError('CAPTIONS_UNRECOGNISED', `${fileName}: not a caption file this tool reads`, `supported: ${SUPPORTED}`);
  }
}

export function describeSkipped(skip: SkippedCue): string {
  return `${skip.line ? `line ${skip.line}: ` : ''}${skip.reason}`;
}
