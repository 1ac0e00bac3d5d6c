import type { Command } from 'commander';
import { Imports } from '../services/imports.js';
import { formatTime } from '../time.js';
import { parseVideoId } from '../videoId.js';
import type { CliContext } from './context.js';
import { formatSkipped, transcriptLength } from './format.js';

/** `fetch` and `import`: getting a transcript into the library. */
export function registerIngestCommands(program: Command, { io, config }: CliContext): void {
  // Saved to the library only: the command line keeps no live index (its next search reads the library).
  const imports = (command: Command): Imports => {
    const { libraryDir, cacheDir, proxy } = config(command);
    return new Imports(libraryDir, cacheDir, undefined, { ...(io.fetch ? { fetch: io.fetch } : {}), ...(proxy ? { proxy } : {}) });
  };
  program
    .command('fetch')
    .description("fetch a video's captions from YouTube into the library")
    .argument('<url-or-id>', 'a YouTube URL (watch, youtu.be, embed, shorts) or an 11-character video id')
    .option('--lang <code>', 'caption language, e.g. en or pt-BR (default: English, else the first track)')
    .action(async (input: string, options: { lang?: string }, command: Command) => {
      parseVideoId(input); // refuse a bad id before anything else happens
      const { record, path } = await imports(command).fetch(input, options);
      const kind = record.captionKind === 'asr' ? 'auto-generated' : record.captionKind;
      io.out(
        `fetched "${record.title}" (${record.videoId}): ${record.segments.length} segments, ${formatTime(transcriptLength(record))}, language ${record.language} (${kind})`,
      );
      io.out(`saved ${path}`);
    });

  program
    .command('import')
    .description("import a caption file (WebVTT, SRT, YouTube timedtext/srv3/json3, JSON) as a video's transcript")
    .argument('<file>', 'the caption file')
    .requiredOption('--video <id-or-url>', 'the YouTube video these captions belong to')
    .option('--title <title>', "the video's title")
    .action(async (file: string, options: { video: string; title?: string }, command: Command) => {
      const { record, captions, path } = await imports(command).path(file, options.video, options.title);
      if (captions?.skipped.length) io.err(formatSkipped(captions.skipped));
      io.out(
        `imported ${file} (${captions?.format ?? 'captions'}) as ${record.videoId}: ${record.segments.length} segments, ${formatTime(transcriptLength(record))}`,
      );
      io.out(`saved ${path}`);
    });
}
