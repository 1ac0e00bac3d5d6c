import type { Command } from 'commander';
import { newToken } from '../token.js';
import type { CliContext } from './context.js';

/** `token new`: a token for PANELNOTES_TOKEN, made here so nobody has to invent one. */
export function registerTokenCommands(program: Command, { io }: CliContext): void {
  const token = program.command('token').description('make a token for PANELNOTES_TOKEN');
  token
    .command('new')
    .description('print a new random token (43 characters of A-Z a-z 0-9 _ -)')
    .action(() => {
      // Only the token on stdout, so `PANELNOTES_TOKEN=$(panelnotes token new)` works.
      io.out(newToken());
      if (io.tty) io.err('set it as PANELNOTES_TOKEN when starting the server; give it to whoever may change notes');
    });
}
