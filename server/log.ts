import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { LogLevel } from './config.js';

export type { Logger } from 'pino';

/**
 * The server's logger (the only file that makes one): one JSON object a line on stdout, which a
 * log collector reads as it is; on a terminal, the same lines made readable (pino-pretty, run
 * in this process so a line is written before the process can exit).
 *
 * What goes into a line is chosen field by field where it is logged (routes/requestLog.ts,
 * routes/errors.ts): never a whole request, its headers, its query or its body, so tokens,
 * cookies and note texts cannot reach the log however a route is written.
 *
 * @example createLogger({ level: 'info', pretty: process.stdout.isTTY === true }).info({ videos: 3 }, 'serving')
 */
export function createLogger({ level, pretty: readable = false }: { level: LogLevel; pretty?: boolean }): Logger {
  const options = { level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime };
  if (!readable) return pino(options);
  return pino(options, pretty({ colorize: true, sync: true, singleLine: true, ignore: 'pid', translateTime: 'SYS:HH:MM:ss' }));
}

/** A logger that writes nothing: the app made without one (tests) stays quiet. */
export const SILENT: Logger = pino({ level: 'silent' });
