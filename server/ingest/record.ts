import { basename } from 'node:path';
import type { CaptionImport } from '../captions/index.js';
import type { CaptionKind, Provenance, TranscriptRecord, VideoMetadata } from '../transcript/types.js';
import { TRANSCRIPT_FORMAT_VERSION } from '../transcript/types.js';
import { onYouTube, watchUrl } from '../videoId.js';
import { titleFromFile } from './talk.js';
import type { FetchedTranscript } from '../youtube/types.js';

/*
 * Where captions (a file) and YouTube (a fetch) become a library record. It sits above both,
 * beside the code that saves what they give, so the transcript layer below knows neither.
 */

/** What a list of talks said of one (a playlist's title for it, the playlist's name): kept where YouTube says nothing. */
export interface TalkListing {
  title?: string;
  playlist?: string;
}

/** Builds the library record for captions fetched from YouTube. */
export function recordFromYouTube(fetched: FetchedTranscript, fetchedAt: Date, known?: TranscriptRecord, listing: TalkListing = {}): TranscriptRecord {
  return {
    formatVersion: TRANSCRIPT_FORMAT_VERSION,
    videoId: fetched.videoId,
    title: fetched.title ?? known?.title ?? listing.title ?? fetched.videoId,
    url: watchUrl(fetched.videoId),
    language: fetched.language,
    captionKind: fetched.captionKind,
    source: 'youtube',
    fetchedAt: fetchedAt.toISOString(),
    provenance: fetched.provenance,
    metadata: keepKnown({ ...(listing.playlist ? { playlist: listing.playlist } : {}), ...fetched.metadata }, known),
    segments: fetched.segments,
  };
}

/**
 * What is known about a caption file beyond its cues: how it came in, and what yt-dlp's
 * info.json beside it says about the video (see ingest/ytdlpFiles.ts).
 */
export interface FileOrigin {
  /** How it came in; the file's name and format are filled in from the file itself. */
  provenance: Provenance;
  title?: string;
  /** The video's page, when it is not the watch URL of its id. */
  url?: string;
  captionKind?: CaptionKind;
  language?: string;
  metadata?: VideoMetadata;
}

/** A file name as provenance keeps it: no folder (a path says nothing of the captions and may say much of the user), bounded. */
export function fileLabel(fileName: string): string {
  return basename(fileName.replaceAll('\\', '/')).slice(0, 200) || 'captions';
}

/**
 * Builds the library record for an imported caption file. What the importer was told wins
 * (`--title`, `--lang`), then what yt-dlp's files say (`origin`), then the file's own
 * language, then what the library knew. A talk not on YouTube links to the URL given or
 * known, and is named after its file unless told. Captions marked as panelnotes's synthetic
 * sample stay a sample, notice and all (see captions/sampleMark.ts).
 */
export function recordFromFile(
  videoId: string,
  captions: CaptionImport,
  options: { title?: string; importedAt: Date; known?: TranscriptRecord; language?: string; url?: string; fileName?: string; origin?: FileOrigin },
): TranscriptRecord {
  const { origin, known } = options;
  const local = !onYouTube(videoId);
  const url = local ? (options.url ?? known?.url) : (origin?.url ?? watchUrl(videoId));
  return {
    formatVersion: TRANSCRIPT_FORMAT_VERSION,
    videoId,
    title: options.title ?? origin?.title ?? known?.title ?? (local && options.fileName ? titleFromFile(options.fileName) : videoId),
    ...(url ? { url } : {}),
    language: options.language ?? origin?.language ?? captions.language ?? known?.language ?? 'und',
    captionKind: origin?.captionKind ?? 'unknown',
    source: captions.sample ? 'sample' : 'file',
    fetchedAt: options.importedAt.toISOString(),
    // The sample says what it is in its notice; provenance is for captions that came from somewhere.
    ...(captions.sample
      ? { notice: captions.sample }
      : {
          provenance: {
            format: captions.format,
            ...(options.fileName ? { file: fileLabel(options.fileName) } : {}),
            ...(origin?.provenance ?? { via: 'upload' as const }),
          },
        }),
    metadata: keepKnown(origin?.metadata ?? {}, known),
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
