import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import type { ErrorBody } from '../contracts/common.js';
import { PanelnotesError } from '../errors.js';
import { recordFailure } from './requestLog.js';

/** The shape every API error has: `{error: {code, message, hint?}}`, and with a CONFLICT what stands now (`current`). */
export function errorBody(error: PanelnotesError): ErrorBody {
  return {
    error: { code: error.code, message: error.message, ...(error.hint ? { hint: error.hint } : {}) },
    ...(error.current === undefined ? {} : { current: error.current }),
  };
}

/** Turns anything thrown into a PanelnotesError with the status that says what happened. */
export function asPanelnotesError(error: unknown): PanelnotesError {
  if (error instanceof PanelnotesError) return error;
  const { type, status } = error as { type?: string; status?: number };
  if (type === 'entity.too.large') return new PanelnotesError('FILE_TOO_LARGE', 'the request body is too large');
  if (type === 'entity.parse.failed') return new PanelnotesError('USAGE', 'the request body is not valid JSON');
  if (status && status >= 400 && status < 500) return new PanelnotesError('USAGE', (error as Error).message);
  return new PanelnotesError('INTERNAL', 'something went wrong on our side; it has been logged');
}

/**
 * The 404 for unknown paths, then the one error handler. The API router mounts its own pair
 * (`json`), so whatever reaches the API answers in JSON; the pages' pair renders a page.
 */
export function errorHandlers(format: 'json' | 'page' = 'page'): [RequestHandler, ErrorRequestHandler] {
  const notFound: RequestHandler = (req, res, next) => {
    // Whatever route matched on the way here passed the request on: none answered it (for the log).
    res.locals.unrouted = true;
    next(new PanelnotesError('NOT_FOUND', `nothing at ${req.originalUrl.split('?')[0]}`));
  };
  const handler: ErrorRequestHandler = (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    let known = asPanelnotesError(error);
    // The code, and for a failure on our side the cause and stack, go to the server's log only;
    // the client gets the message and the request id that finds the log line.
    recordFailure(req, res, error, known);
    const id = (req as { id?: unknown }).id;
    if (known.code === 'INTERNAL' && typeof id === 'string') known = new PanelnotesError('INTERNAL', `${known.message} as request ${id}`);
    if (res.headersSent) return;
    res.status(known.httpStatus);
    if (format === 'json') res.json(errorBody(known));
    else res.render('error', { title: 'Error', status: known.httpStatus, error: known });
  };
  return [notFound, handler];
}
