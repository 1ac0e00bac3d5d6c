import type { Command } from 'commander';
import { resolve } from 'node:path';
import { PanelnotesError } from '../errors.js';
import { copyToTeam, readSingleUserSetup, type Copied } from '../services/migrateToTeam.js';
import type { CliContext } from './context.js';

/**
 * `migrate --from-sqlite FILE --library DIR --database-url URL`: a single-user setup copied into
 * a team database (services/migrateToTeam.ts), with one line of counts per kind.
 */
export function registerMigrateCommand(program: Command, { io, config }: CliContext): void {
  program
    .command('migrate')
    .description('copy a single-user setup (notes database and library folder) into a team database; run again, it adds nothing')
    .requiredOption('--from-sqlite <file>', 'the notes database to copy from (e.g. data/panelnotes.db); only read')
    .option('--database-url <url>', 'the team database to copy into, postgres://user:password@host/db (env PANELNOTES_DATABASE_URL)')
    .action(async (options: { fromSqlite: string; databaseUrl?: string }, command: Command) => {
      const settings = config(command);
      // The team database: this command's flag, else the configured one (--database-url before the command, PANELNOTES_DATABASE_URL).
      const url = options.databaseUrl ?? (settings as { databaseUrl?: string }).databaseUrl;
      if (!url)
        throw new PanelnotesError('USAGE', 'migrate needs the team database to copy into', 'give --database-url postgres://… or set PANELNOTES_DATABASE_URL');
      const setup = await readSingleUserSetup({ dbFile: resolve(options.fromSqlite), libraryDir: settings.libraryDir });
      // Loaded only here: a single-user setup never loads the PostgreSQL driver.
      const { openPostgresStore } = await import('../store/postgres/engine.js');
      const target = await openPostgresStore({ url });
      try {
        const report = await copyToTeam(setup, target);
        const line = (what: string, copied: Copied): string => `${what}: ${copied.added} added, ${copied.alreadyThere} already there`;
        io.out(line('transcripts', report.transcripts));
        io.out(line('notes', report.notes));
        io.out(line('speaker turns', report.speakerTurns));
        io.out(line('users', report.users));
        io.out(line('jobs', report.jobs));
        if (report.transcripts.differing.length)
          io.err(
            `panelnotes: ${report.transcripts.differing.length} transcript(s) differ from the team database's, which were kept: ${report.transcripts.differing.join(', ')}`,
          );
        if (report.transcripts.unreadable)
          io.err(`panelnotes: ${report.transcripts.unreadable} library file(s) could not be read and were not copied (see panelnotes list)`);
      } finally {
        await target.close();
      }
    });
}
