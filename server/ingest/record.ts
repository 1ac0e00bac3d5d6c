import type { CaptionImport } from '../captions/index.js';
import type { TranscriptRecord, VideoMetadata } from '../transcript/types.js';
import { TRANSCRIPT_FORMAT_VERSION } from '../transcript/types.js';
import { onYouTube, watchUrl } from '../videoId.js';
import { titleFromFile } from './talk.js';
import type { FetchedTranscript } from '../youtube/types.js';

/*
 * Where captions (a file) and YouTube (a fetch) become a library record. It sits above both,
 * beside the code that saves what they give, so the transcript layer below knows neither.
 */

/** Builds the library record for captions fetched from YouTube. */
export function recordFromYouTube(fetched: FetchedTranscript, fetchedAt: Date, known?: TranscriptRecord): TranscriptRecord {
  return {
    formatVersion: TRANSCRIPT_FORMAT_VERSION,
    videoId: fetched.videoId,
    title: fetched.title ?? known?.title ?? fetched.videoId,
    url: watchUrl(fetched.videoId),
    language: fetched.language,
    captionKind: fetched.captionKind,
    source: 'youtube',
    fetchedAt: fetchedAt.toISOString(),
    metadata: keepKnown(fetched.metadata, known),
    segments: fetched.segments,
  };
}

/**
 * Builds the library record for an imported caption file. A language given (`--lang`) wins
 * over the file's own, which wins over the one known. A talk not on YouTube links to the URL
 * given or known, and is named after its file unless told. Captions marked as panelnotes's
 * synthetic sample stay a sample, notice and all (see captions/sampleMark.ts).
 */
export function recordFromFile(
  videoId: string,
  captions: CaptionImport,
  options: { title?: string; importedAt: Date; known?: TranscriptRecord; language?: string; url?: string; fileName?: string },
): TranscriptRecord {
  const local = !onYouTube(videoId);
  const url = local ? (options.url ?? options.known?.url) : watchUrl(videoId);
  return {
    formatVersion: TRANSCRIPT_FORMAT_VERSION,
    videoId,
    title: options.title ?? options.known?.title ?? (local && options.fileName ? titleFromFile(options.fileName) : videoId),
    ...(url ? { url } : {}),
    language: options.language ?? captions.language ?? options.known?.language ?? 'und',
    captionKind: 'unknown',
    source: captions.sample ? 'sample' : 'file',
    fetchedAt: options.importedAt.toISOString(),
    ...(captions.sample ? { notice: captions.sample } : {}),
    metadata: keepKnown({}, options.known),
    segments: captions.segments,
  };
}

/**
 * New captions replace old ones, but what a person or the sample recorded about the video
 * (panelists, event, date) stays unless the new source says otherwise.
 */
function keepKnown(fresh: VideoMetadata, known: TranscriptRecord | undefined): VideoMetadata {
  return { ...(known?.metadata ?? {}), ...fresh };
}
