import type { Command } from 'commander';
import { loadConfig, type Config } from '../config.js';
import type { openStore } from '../store/open.js';
import type { FetchLike } from '../youtube/types.js';

export interface CliIO {
  out: (text: string) => void;
  err: (text: string) => void;
  env: NodeJS.ProcessEnv;
  /** Injected by tests; the real network otherwise. */
  fetch?: FetchLike;
  /** Whether stdout is a terminal (colours, progress bars). */
  tty?: boolean;
  /** Aborted on Ctrl-C: a batch finishes the talk under way and stops (tests pass their own). */
  signal?: AbortSignal;
  /** Takes Ctrl-C over while a batch runs, until `done`: the real terminal's way to `signal`. */
  interrupts?: () => { signal: AbortSignal; done(): void };
  /** How a batch waits between talks; tests pass one that does not. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Opens the store (store/open.ts's openStore unless a test passes its own). */
  openStore?: typeof openStore;
}

/** What every command needs: where to print, and the configuration its flags select. */
export interface CliContext {
  io: CliIO;
  config: (command: Command) => Config;
}

export function cliContext(io: CliIO): CliContext {
  return { io, config: (command) => loadConfig(io.env, command.optsWithGlobals()) };
}
