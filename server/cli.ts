#!/usr/bin/env node
import { runCli } from './cli/program.js';

const code = await runCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
  tty: process.stdout.isTTY === true,
});
process.exitCode = code;
