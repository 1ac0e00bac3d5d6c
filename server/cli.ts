#!/usr/bin/env node
import { runCli } from './cli/program.js';

const code = await runCli(process.argv.slice(2), {
  // While a list of talks is fetched, Ctrl-C finishes the talk under way (saved whole or not at
  // all) and stops; a second one stops at once. Otherwise Ctrl-C stops the command as ever.
  interrupts: () => {
    const controller = new AbortController();
    const onInterrupt = (): void => {
      if (controller.signal.aborted) process.exit(130);
      controller.abort();
      process.stderr.write('\npanelnotes: stopping after this talk (Ctrl-C again to stop at once)\n');
    };
    process.on('SIGINT', onInterrupt);
    return { signal: controller.signal, done: () => void process.off('SIGINT', onInterrupt) };
  },
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
  tty: process.stdout.isTTY === true,
});
process.exitCode = code;
