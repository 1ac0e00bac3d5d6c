import { Command, CommanderError, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PROJECT_ROOT } from '../config.js';
import { isPanelnotesError } from '../errors.js';
import { ExitStatus } from './batchReport.js';
import { cliContext, type CliIO } from './context.js';
import { registerIngestCommands } from './ingestCommands.js';
import { registerLibraryCommands } from './libraryCommands.js';
import { registerMigrateCommand } from './migrateCommand.js';
import { registerNotesCommands } from './notesCommands.js';
import { registerPublishCommand } from './publishCommand.js';
import { NoResults, registerSearchCommands } from './searchCommands.js';
import { registerTokenCommands } from './tokenCommands.js';
import { registerUsersCommands } from './usersCommands.js';

export type { CliIO } from './context.js';

/**
 * Runs the `panelnotes` command line and resolves to the exit code. User errors print one
 * line (with a hint where there is a way out) on stderr, never a stack trace; only bugs do.
 */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const program = new Command('panelnotes')
    .description('Search and annotate video transcripts.')
    .version(packageVersion(), '-V, --version', 'print the version of panelnotes')
    .addOption(new Option('--library <dir>', 'transcripts folder (env PANELNOTES_LIBRARY, default transcripts/)'))
    .addOption(new Option('--db <file>', 'notes database (env PANELNOTES_DB, default data/panelnotes.db)'))
    .addOption(new Option('--proxy <url>', 'HTTP proxy for every YouTube request, e.g. http://user:pass@host:3128 (env HTTPS_PROXY; NO_PROXY honoured)'))
    .addOption(new Option('--database-url <url>', 'team mode: the PostgreSQL database, postgres://user:password@host/db (env PANELNOTES_DATABASE_URL)'))
    .addOption(
      new Option(
        '--token <token>',
        'team mode: your own token, so what you add carries your name (env PANELNOTES_USER_TOKEN, better kept out of shell history)',
      ),
    )
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .showHelpAfterError('(add --help for usage)');
  const context = cliContext(io);
  registerIngestCommands(program, context);
  registerLibraryCommands(program, context);
  registerSearchCommands(program, context);
  registerNotesCommands(program, context);
  registerTokenCommands(program, context);
  registerUsersCommands(program, context);
  registerMigrateCommand(program, context);
  registerPublishCommand(program, context);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof NoResults) return 1;
    if (error instanceof ExitStatus) return error.code;
    if (isPanelnotesError(error)) {
      io.err(`panelnotes: ${error.message}${error.hint ? ` (hint: ${error.hint})` : ''}`);
      return error.exitCode;
    }
    io.err(`panelnotes: unexpected error (a bug; please report it):\n${(error as Error).stack ?? String(error)}`);
    return 1;
  }
}

/** The version in panelnotes's own package.json, the one place it is written. */
function packageVersion(): string {
  return (JSON.parse(readFileSync(resolve(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
}
