import { Option, type Command } from 'commander';
import { loadVocabulary } from '../search/vocabulary.js';
import { readTranscriptParts, TRANSCRIPT_FORMATS, transcriptFile, transcriptFormat } from '../services/transcripts.js';
import { writeOutFile } from './outFile.js';
import { requireTranscript } from '../services/transcripts.js';
import { parseTime } from '../time.js';
import { describeProvenance } from '../transcript/provenance.js';
import { parseTalkId } from '../videoId.js';
import { cliStore } from './store.js';
import type { CliContext } from './context.js';
import { formatLibrary, formatSegments } from './format.js';

/** `list` and `show`: reading the library. */
export function registerLibraryCommands(program: Command, { io, config }: CliContext): void {
  program
    .command('list')
    .description('list the videos in the library')
    .action(async (_options: unknown, command: Command) => {
      const store = await cliStore(config(command), { readOnly: true });
      const { videos, problems } = await store.loadTranscripts().finally(() => store.close());
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
      const videoId = parseTalkId(id);
      const from = options.from === undefined ? 0 : parseTime(options.from);
      const to = options.to === undefined ? Infinity : parseTime(options.to);
      const store = await cliStore(config(command), { readOnly: true });
      const record = await requireTranscript(store, videoId).finally(() => store.close());
      if (record.notice) io.err(`note: ${record.notice}`);
      else io.err(`captions: ${describeProvenance(record)}`);
      // A talk not on YouTube may have no address to give.
      io.out(record.url ? `${record.title} (${record.url})` : record.title);
      io.out(formatSegments(record.segments.filter((s) => s.start + s.duration > from && s.start < to)));
    });

  program
    .command('export')
    .description("export a video's transcript (speakers and chapters where known); notes have their own: notes export")
    .argument('<video>', 'video id or URL')
    .addOption(new Option('--format <format>', 'the file format').choices([...TRANSCRIPT_FORMATS]).default('txt'))
    .option('--from <time>', 'start at this moment (90, 1:30, 01:01:30)')
    .option('--to <time>', 'stop at this moment')
    .option('-o, --out <file>', 'write to this file instead of standard output')
    .action(async (video: string, options: { format: string; from?: string; to?: string; out?: string }, command: Command) => {
      const videoId = parseTalkId(video);
      const format = transcriptFormat(options.format);
      const settings = config(command);
      const store = await cliStore(settings, { readOnly: true });
      let parts;
      try {
        parts = await readTranscriptParts(store, loadVocabulary(settings.vocabularyDir), videoId);
      } finally {
        await store.close();
      }
      const file = transcriptFile(parts, format, { ...(options.from ? { from: options.from } : {}), ...(options.to ? { to: options.to } : {}) });
      if (parts.record.notice) io.err(`note: ${parts.record.notice}`);
      if (options.out) {
        await writeOutFile(options.out, file.body);
        io.err(`wrote ${options.out}`);
      } else io.out(file.body.trimEnd());
    });
}
