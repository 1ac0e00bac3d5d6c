import { pino, type DestinationStream, type Logger } from 'pino';
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
 * @param to where lines go instead of stdout (tests read them)
 */
export function createLogger({ level, pretty: readable = false, to }: { level: LogLevel; pretty?: boolean; to?: DestinationStream }): Logger {
  const options = { level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime };
  if (!readable) return to ? pino(options, to) : pino(options);
  return pino(
    options,
    pretty({
      colorize: readable && !to,
      sync: true,
      singleLine: true,
      ignore: 'pid,method,route,status',
      translateTime: 'SYS:HH:MM:ss',
      ...(to ? { destination: to } : {}),
    }),
  );
}

/** A logger that writes nothing: the app made without one (tests) stays quiet. */
export const SILENT: Logger = pino({ level: 'silent' });
