import type { Command } from 'commander';
import { loadLibrary, loadTranscript } from '../library.js';
import { parseTime } from '../time.js';
import { describeProvenance } from '../transcript/provenance.js';
import { parseVideoId } from '../videoId.js';
import type { CliContext } from './context.js';
import { formatLibrary, formatSegments } from './format.js';

/** `list` and `show`: reading the library. */
export function registerLibraryCommands(program: Command, { io, config }: CliContext): void {
  program
    .command('list')
    .description('list the videos in the library')
    .action(async (_options: unknown, command: Command) => {
      const { videos, problems } = await loadLibrary(config(command).libraryDir);
      io.out(formatLibrary(videos));
      for (const p of problems) io.err(`panelnotes: skipped ${p.path}: ${p.problem}`);
    });

  program
    .command('show')
    .description("print a video's transcript with timestamps")
    .argument('<id>', 'video id or URL')
    .option('--from <time>', 'start at this moment (90, 1:30, 01:01:30)')
    .option('--to <time>', 'stop at this moment')
    .action(async (id: string, options: { from?: string; to?: string }, command: Command) => {
      const videoId = parseVideoId(id);
      const from = options.from === undefined ? 0 : parseTime(options.from);
      const to = options.to === undefined ? Infinity : parseTime(options.to);
      const record = await loadTranscript(config(command).libraryDir, videoId);
      if (record.notice) io.err(`note: ${record.notice}`);
      else io.err(`captions: ${describeProvenance(record)}`);
      io.out(`${record.title} (${record.url})`);
      io.out(formatSegments(record.segments.filter((s) => s.start + s.duration > from && s.start < to)));
    });
}
