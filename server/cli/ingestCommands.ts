import type { Command } from 'commander';
import { Imports } from '../services/imports.js';
import type { Store } from '../store/types.js';
import { cliStore } from './store.js';
import { formatTime } from '../time.js';
import { onYouTube } from '../videoId.js';
import type { CliContext } from './context.js';
import { runFetch, type FetchFlags } from './fetchCommand.js';
import { captionFileImport, importFromYtDlp, type ImportFlags } from './importYtDlp.js';
import { formatSkipped, transcriptLength } from './format.js';

/** `fetch` and `import`: getting a transcript into the library. */
export function registerIngestCommands(program: Command, { io, config }: CliContext): void {
  // Saved to the library only: the command line keeps no live index (its next search reads the library).
  const withImports = async <T>(command: Command, work: (imports: Imports) => Promise<T>): Promise<T> => {
    const settings = config(command);
    // A fetch or an import writes transcripts only: in single-user mode the notes database is
    // not needed, so it is opened read-only (not created where there is none).
    const store: Store = await cliStore(settings, { readOnly: true });
    try {
      const { proxy } = settings;
      return await work(new Imports(store, undefined, { ...(io.fetch ? { fetch: io.fetch } : {}), ...(proxy ? { proxy } : {}) }));
    } finally {
      await store.close();
    }
  };
  program
    .command('fetch')
    .description("fetch talks' captions from YouTube into the library: one, several, a file of URLs or a yt-dlp playlist, paced and resumable")
    .argument('[url-or-id...]', 'YouTube URLs (watch, youtu.be, embed, shorts) or 11-character video ids')
    .option('--from <file>', 'a file of YouTube URLs or ids, one a line (# starts a comment)')
    .option('--playlist-json <file>', 'a playlist as yt-dlp lists it: yt-dlp --flat-playlist -J URL > playlist.json')
    .option('--refresh', 'fetch again the talks already in the library (skipped otherwise)')
    .option('--delay <seconds>', 'pause between two talks (default 2); YouTube answering 429 makes it wait longer')
    .option('--lang <code>', 'caption language, e.g. en or pt-BR (default: English, else the first track)')
    .addHelpText(
      'after',
      "\nExit codes: 0 every talk is in the library; 20 some failed or were not tried; 21 none is; 130 interrupted (run it again to go on).\nOne talk alone exits with its failure's own code (10 offline, 11 refused by YouTube, 12 unavailable, 13 no captions, ...).",
    )
    .action(async (inputs: string[], options: FetchFlags, command: Command) => {
      await withImports(command, (imports) => runFetch(inputs, options, io, imports));
    });

  program
    .command('import')
    .description(
      "import a caption file (WebVTT, SRT, YouTube timedtext/srv3/json3, JSON) as a talk's transcript, or what yt-dlp wrote: a folder, an info.json, a playlist",
    )
    .argument('<file>', 'the caption file (its yt-dlp info.json beside it is read too), a folder yt-dlp wrote, or yt-dlp --flat-playlist -J output')
    .option(
      '--video <id-or-url>',
      'the YouTube video these captions belong to, or a local id (yt-dlp files name their own); leave out for a talk not on YouTube',
    )
    .option('--url <url>', 'where a talk not on YouTube can be watched (timestamps link there; #t= for media files)')
    .option('--title <title>', "the talk's title")
    .option(
      '--lang <code>',
      "the captions' language (BCP 47, e.g. en or pt-BR) when the file does not say (SRT); from a yt-dlp folder, the one to take (default en)",
    )
    .action(async (file: string, options: ImportFlags, command: Command) => {
      if (await withImports(command, (imports) => importFromYtDlp(file, options, io, imports))) return;
      const { videoId, origin } = await captionFileImport(file, options);
      const talk = {
        ...(options.title ? { title: options.title } : {}),
        ...(options.lang ? { language: options.lang } : {}),
        ...(options.url ? { url: options.url } : {}),
      };
      const { record, captions, path } = await withImports(command, (imports) => imports.path(file, videoId, talk, origin));
      if (captions?.skipped.length) io.err(formatSkipped(captions.skipped));
      io.out(
        `imported ${file} (${captions?.format ?? 'captions'}) as ${record.videoId}: ${record.segments.length} segments, ${formatTime(transcriptLength(record))}`,
      );
      if (!onYouTube(record.videoId))
        io.out(`a talk not on YouTube: its id ${record.videoId} stays the same when the same ${options.url ? 'URL' : 'file'} is imported again`);
      if (record.source === 'sample') io.err(`note: ${record.notice ?? 'a synthetic sample, not real captions'}`);
      io.out(`saved ${path}`);
    });
}
