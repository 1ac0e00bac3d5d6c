import type { Request, RequestHandler, Response } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { pinoHttp } from 'pino-http';
import type { PanelnotesError } from '../errors.js';
import type { Logger } from '../log.js';

/**
 * An incoming X-Request-Id (a proxy's, so its log and ours share the id) is kept only when it
 * looks like one: no spaces, quotes or line breaks that could forge a log line or a header.
 */
const REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

/** What the error handler leaves for the request's log line (see recordFailure). */
interface Failure {
  code: string;
  /** Only for failures on our side (5xx): the cause an operator needs, never shown to the client. */
  // Not `err`: pino would run it through its own serializer, which copies every property of an error.
  error?: { type: string; code?: string; message: string; stack?: string };
}

/**
 * One JSON line per request, written when its answer is finished:
 *
 * `{"level":30,"time":"…","pid":7,"reqId":"…","method":"POST","route":"/api/videos/:videoId/notes","status":201,"durationMs":4,"msg":"POST /api/videos/:videoId/notes 201"}`
 *
 * Every field is chosen here, none copied from the request: the route is the pattern that
 * matched (never the URL, whose ids and query could be anything a user typed), and headers,
 * cookies, tokens and bodies are never read. A failure adds its `code`, and one on our side (5xx)
 * its cause and stack (`error`), which the client never sees: it gets the request id instead, in
 * the `X-Request-Id` header of every answer and in the message of a 500.
 */
export function requestLog(logger: Logger): RequestHandler {
  const middleware = pinoHttp<IncomingMessage, ServerResponse>({
    logger,
    // Only the request id is bound to the request's logger; `req` and `res` are never serialized whole.
    quietReqLogger: true,
    quietResLogger: true,
    genReqId: (req, res) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessObject: (req, res, value: { responseTime?: number }) => lineOf(req as Request, res as Response, value.responseTime),
    customErrorObject: (req, res, _error, value: { responseTime?: number }) => lineOf(req as Request, res as Response, value.responseTime),
    customSuccessMessage: (req, res) => messageOf(req as Request, res as Response),
    customErrorMessage: (req, res) => messageOf(req as Request, res as Response),
  });
  return middleware;
}

/**
 * The route pattern that answered: `/api/videos/:videoId/notes`. Mount paths are the literal
 * text that matched them (`/API` for `/api`: routing ignores case), so they are lowercased; none
 * of ours has parameters. What no route answered is its mount and `*` (`/static/*`, `*`).
 */
export function routeOf(req: Request, res: Response): string {
  const base = (req.baseUrl ?? '').toLowerCase();
  const path = (req.route as { path?: unknown } | undefined)?.path;
  if (res.locals.unrouted !== true && typeof path === 'string') return `${base}${path}`;
  return `${base}/*`.replace(/^\/\*$/, '*');
}

/**
 * Called by the error handler: the error's code goes on the request's log line, and for a
 * failure on our side its cause and stack too. An answer already sent (a stream that broke
 * half-way) has had its line: the failure gets a line of its own.
 */
export function recordFailure(req: Request, res: Response, error: unknown, known: PanelnotesError): void {
  const failure: Failure = { code: known.code };
  if (known.httpStatus >= 500) failure.error = causeOf(error);
  res.locals.failure = failure;
  const log = (req as { log?: Logger }).log;
  if (res.writableEnded && log) log.error({ route: routeOf(req, res), ...failure }, `${req.method} ${routeOf(req, res)} failed after answering`);
}

/** The parts of a thrown error an operator needs: its kind, code (EACCES, SQLITE_BUSY…), message and stack. */
function causeOf(error: unknown): Failure['error'] {
  if (!(error instanceof Error)) return { type: typeof error, message: String(error).slice(0, 500) };
  const cause = error.cause instanceof Error ? error.cause : undefined;
  const code = (error as { code?: unknown }).code ?? (cause as { code?: unknown } | undefined)?.code;
  return {
    type: error.name,
    ...(typeof code === 'string' ? { code } : {}),
    message: error.message,
    ...(error.stack ? { stack: cause?.stack ? `${error.stack}\ncaused by ${cause.stack}` : error.stack } : {}),
  };
}

function lineOf(req: Request, res: Response, durationMs: number | undefined): Record<string, unknown> {
  const failure = res.locals.failure as Failure | undefined;
  const user = (res.locals.user as { name?: string } | undefined)?.name;
  return {
    method: req.method,
    route: routeOf(req, res),
    status: res.statusCode,
    durationMs,
    ...(user ? { user } : {}),
    ...(failure ?? {}),
    ...(res.writableEnded ? {} : { aborted: true }),
  };
}

function messageOf(req: Request, res: Response): string {
  return `${req.method} ${routeOf(req, res)} ${res.statusCode}${res.writableEnded ? '' : ' (aborted)'}`;
}
