import { Command, CommanderError, Option } from 'commander';
import { loadConfig } from '../config.js';
import { isPanelnotesError } from '../errors.js';
import { fetchIntoLibrary, importIntoLibrary } from '../ingest.js';
import { loadLibrary, loadTranscript } from '../library.js';
import { formatTime, parseTime } from '../time.js';
import { parseVideoId } from '../videoId.js';
import type { FetchLike } from '../youtube/types.js';
import { formatLibrary, formatSegments, formatSkipped, transcriptLength } from './format.js';

export interface CliIO {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Injected by tests; the real network otherwise. */
  fetch?: FetchLike;
}

/**
 * Runs the `panelnotes` command line and resolves to the exit code. User errors print one
 * line (and a hint) on stderr, never a stack trace; only bugs show one.
 */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (isPanelnotesError(error)) {
      io.err(`panelnotes: ${error.message}${error.hint ? ` (hint: ${error.hint})` : ''}`);
      return error.exitCode;
    }
    io.err(`panelnotes: unexpected error (a bug; please report it):\n${(error as Error).stack ?? String(error)}`);
    return 1;
  }
}

function buildProgram(io: CliIO): Command {
  const program = new Command('panelnotes')
    .description('Search and annotate video transcripts.')
    .addOption(new Option('--library <dir>', 'transcripts folder (env PANELNOTES_LIBRARY, default transcripts/)'))
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .showHelpAfterError('(add --help for usage)');
  const library = (command: Command): string => loadConfig(io.env, command.optsWithGlobals()).libraryDir;

  program
    .command('fetch')
    .description('fetch a video\'s captions from YouTube into the library')
    .argument('<url-or-id>', 'a YouTube URL (watch, youtu.be, embed, shorts) or an 11-character video id')
    .option('--lang <code>', 'caption language, e.g. en or pt-BR (default: English, else the first track)')
    .action(async (input: string, options: { lang?: string }, command: Command) => {
      parseVideoId(input); // refuse a bad id before anything else happens
      const { record, path } = await fetchIntoLibrary(library(command), input, { ...options, ...(io.fetch ? { fetch: io.fetch } : {}) });
      io.out(`fetched "${record.title}" (${record.videoId}): ${record.segments.length} segments, ${formatTime(transcriptLength(record))}, language ${record.language} (${record.captionKind === 'asr' ? 'auto-generated' : record.captionKind})`);
      io.out(`saved ${path}`);
    });

  program
    .command('import')
    .description('import a caption file (WebVTT, SRT, YouTube timedtext/srv3/json3, JSON) as a video\'s transcript')
    .argument('<file>', 'the caption file')
    .requiredOption('--video <id-or-url>', 'the YouTube video these captions belong to')
    .option('--title <title>', 'the video\'s title')
    .action(async (file: string, options: { video: string; title?: string }, command: Command) => {
      const { record, captions, path } = await importIntoLibrary(library(command), file, options.video, options.title);
      if (captions.skipped.length) io.err(formatSkipped(captions.skipped));
      io.out(`imported ${file} (${captions.format}) as ${record.videoId}: ${record.segments.length} segments, ${formatTime(transcriptLength(record))}`);
      io.out(`saved ${path}`);
    });

  program
    .command('list')
    .description('list the videos in the library')
    .action(async (_options: unknown, command: Command) => {
      const dir = library(command);
      const { videos, problems } = await loadLibrary(dir);
      io.out(formatLibrary(videos));
      for (const p of problems) io.err(`panelnotes: skipped ${p.path}: ${p.problem}`);
    });

  program
    .command('show')
    .description('print a video\'s transcript with timestamps')
    .argument('<id>', 'video id or URL')
    .option('--from <time>', 'start at this moment (90, 1:30, 01:01:30)')
    .option('--to <time>', 'stop at this moment')
    .action(async (id: string, options: { from?: string; to?: string }, command: Command) => {
      const videoId = parseVideoId(id);
      const from = options.from === undefined ? 0 : parseTime(options.from);
      const to = options.to === undefined ? Infinity : parseTime(options.to);
      const record = await loadTranscript(library(command), videoId);
      if (record.notice) io.err(`note: ${record.notice}`);
      io.out(`${record.title} (${record.url})`);
      io.out(formatSegments(record.segments.filter((s) => s.start + s.duration > from && s.start < to)));
    });

  return program;
}
