#!/usr/bin/env node
import { runCli } from './cli/program.js';

// Ctrl-C: a batch finishes the talk under way (saved whole or not at all) and stops; a second one stops at once.
const interrupt = new AbortController();
process.on('SIGINT', () => {
  if (interrupt.signal.aborted) process.exit(130);
  interrupt.abort();
});

const code = await runCli(process.argv.slice(2), {
  signal: interrupt.signal,
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
  tty: process.stdout.isTTY === true,
});
process.exitCode = code;
