import type { Command } from 'commander';
import { loadVocabulary } from '../search/vocabulary.js';
import { PanelnotesError } from '../errors.js';
import { readRegularFile } from '../regularFile.js';
import { exportFormat } from '../notes/export.js';
import { parseNotesImport } from '../notes/import.js';
import { normalTag } from '../notes/tags.js';
import { EXPORT_FORMATS, type Note } from '../notes/types.js';
import { openNotes } from '../services/open.js';
import { cliStore } from './store.js';
import { formatTime } from '../time.js';
import { parseTalkId } from '../videoId.js';
import type { CliContext } from './context.js';
import { writeOutFile } from './outFile.js';
import { cliAuthor } from './author.js';
import { registerSpeakerCommands, type CliServices, type WithServices } from './speakerCommands.js';

/** As much as the web app's notes import takes (25 MB). */
const MAX_NOTES_IMPORT_BYTES = 25 * 1024 * 1024;

/** `notes …` and `speakers …`: annotating from the command line, in the same database as the app. */
export function registerNotesCommands(program: Command, { io, config }: CliContext): void {
  /**
   * The notes service over the database and the library's records: no search index is loaded
   * or built to save a note. `reading`: the command only reads notes, so the database is neither
   * created nor written (and in team mode needs no token).
   */
  const withServices: WithServices = async <T>(command: Command, work: (services: CliServices) => Promise<T> | T, reading = false): Promise<T> => {
    const settings = config(command);
    const store = await cliStore(settings, { readOnly: reading });
    try {
      // A team database is written only by one of its users, named by their token (refused
      // without one, before anything is read); what they add carries their name.
      const by = reading ? undefined : await cliAuthor(store, settings);
      return await work({ ...(await openNotes(store, loadVocabulary(settings.vocabularyDir))), ...(by ? { by } : {}) });
    } finally {
      await store.close();
    }
  };
  const line = (n: Note): string => {
    const span = `${formatTime(n.start)}${n.end === undefined ? '' : `-${formatTime(n.end)}`}`;
    const tags = n.tags.length ? `  ${n.tags.map((t) => `#${t}`).join(' ')}` : '';
    return `${n.id}  ${n.videoId}  ${span}  ${n.text.replace(/\s+/g, ' ')}${tags}`;
  };

  /** A group of commands on the notes database, which `--db` chooses. */
  const group = (name: string, description: string): Command =>
    program.command(name).description(description).option('--db <file>', 'the notes database (default data/panelnotes.db)');

  const notes = group('notes', 'notes pinned to moments of a video (database: --db or PANELNOTES_DB)');

  notes
    .command('add')
    .description('add a note at a moment')
    .argument('<video>', 'video id or URL')
    .argument('<time>', 'when: 90, 1:30 or 01:01:30')
    .argument('<text>', 'the note (up to 10,000 characters)')
    .option('--end <time>', 'the note covers a span until this moment')
    .option('--tag <tag...>', 'tags (short words)')
    .action(async (video: string, time: string, text: string, options: { end?: string; tag?: string[] }, command: Command) => {
      const note = await withServices(command, ({ notes: service, by }) =>
        service.add(parseTalkId(video), { start: time, text, ...(options.end ? { end: options.end } : {}), ...(options.tag ? { tags: options.tag } : {}) }, by),
      );
      io.out(`added ${line(note)}`);
    });

  notes
    .command('list')
    .description('list notes, of one video or all')
    .argument('[video]', 'video id or URL')
    .option('--tag <tag>', 'only notes with this tag')
    .action(async (video: string | undefined, options: { tag?: string }, command: Command) => {
      const tag = options.tag === undefined ? undefined : normalTag(options.tag);
      if (tag === '') throw new PanelnotesError('USAGE', '--tag needs a tag, e.g. --tag hw');
      const list = await withServices(command, ({ notes: service }) => service.list(video === undefined ? undefined : parseTalkId(video), tag), true);
      if (list.length) io.out(list.map(line).join('\n'));
      else io.out(tag === undefined ? 'no notes yet; add one: panelnotes notes add <video> <time> "<text>"' : `no notes tagged #${tag}`);
    });

  notes
    .command('rm')
    .description('delete a note')
    .argument('<id>', "the note id, or enough of its start to be one note's alone (see notes list)")
    .action(async (id: string, _options: unknown, command: Command) => {
      const note = await withServices(command, async ({ notes: service, by }) => service.remove((await service.byIdOrPrefix(id)).id, { by }));
      io.out(`deleted ${line(note)}`);
    });

  notes
    .command('export')
    .description("export a video's notes")
    .argument('<video>', 'video id or URL')
    .option('--format <format>', `one of ${EXPORT_FORMATS.join(', ')}`, 'md')
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (video: string, options: { format: string; out?: string }, command: Command) => {
      const format = exportFormat(options.format);
      const videoId = parseTalkId(video);
      const file = await withServices(command, ({ notes: service }) => service.exportFile(videoId, format), true);
      if (options.out) {
        await writeOutFile(options.out, file.body);
        io.err(`wrote ${options.out}`);
      } else io.out(file.body.trimEnd());
    });

  notes
    .command('import')
    .description('restore notes from a JSON export (notes already there are skipped)')
    .argument('<file>', 'a file written by notes export --format json')
    .action(async (file: string, _options: unknown, command: Command) => {
      // Only a regular file, and no bigger than the web app takes: `/dev/zero` or a FIFO is refused, not read forever.
      const read = await readRegularFile(file, { maxBytes: MAX_NOTES_IMPORT_BYTES, anyLink: true });
      if ('problem' in read) throw new PanelnotesError(read.tooLarge ? 'FILE_TOO_LARGE' : 'FILE_UNREADABLE', `cannot read ${file}: ${read.problem}`);
      const backup = parseNotesImport(read.text, file);
      const { added, skipped } = await withServices(command, ({ notes: service }) => service.import(backup.notes, file));
      io.out(`imported ${added} note(s) into ${backup.videoId}${skipped ? `; ${skipped} already there` : ''}`);
    });

  const speakers = group('speakers', 'who speaks when');

  speakers
    .command('set')
    .description('say who speaks from one moment to another (passages and the index follow)')
    .argument('<video>', 'video id or URL')
    .argument('<from>', 'start: 90, 1:30 or 01:01:30')
    .argument('<to>', 'end')
    .argument('<name>', 'the speaker')
    .action(async (video: string, from: string, to: string, name: string, _options: unknown, command: Command) => {
      const turn = await withServices(command, ({ notes: service, by }) => service.addTurn(parseTalkId(video), { start: from, end: to, name }, by));
      io.out(`${turn.name} speaks ${formatTime(turn.start)}-${formatTime(turn.end)} in ${turn.videoId} (${turn.id})`);
    });

  speakers
    .command('list')
    .argument('<video>', 'video id or URL')
    .action(async (video: string, _options: unknown, command: Command) => {
      const turns = await withServices(command, ({ notes: service }) => service.turns(parseTalkId(video)), true);
      io.out(
        turns.length
          ? turns.map((t) => `${t.id}  ${formatTime(t.start)}-${formatTime(t.end)}  ${t.name}${t.suggested ? '  (suggested)' : ''}`).join('\n')
          : 'no speakers set',
      );
    });

  registerSpeakerCommands(program, speakers, withServices, io);

  speakers
    .command('rm')
    .argument('<id>', 'the turn id (see speakers list)')
    .action(async (id: string, _options: unknown, command: Command) => {
      const turn = await withServices(command, ({ notes: service }) => service.removeTurn(id));
      io.out(`removed ${turn.name} ${formatTime(turn.start)}-${formatTime(turn.end)}`);
    });
}
