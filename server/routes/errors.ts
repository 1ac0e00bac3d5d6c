import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import type { ErrorBody } from '../contracts/common.js';
import { PanelnotesError } from '../errors.js';

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
  const notFound: RequestHandler = (req, _res, next) => next(new PanelnotesError('NOT_FOUND', `nothing at ${req.originalUrl.split('?')[0]}`));
  const handler: ErrorRequestHandler = (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const known = asPanelnotesError(error);
    if (known.code === 'INTERNAL') process.stderr.write(`panelnotes: ${req.method} ${req.originalUrl}: ${(error as Error)?.stack ?? String(error)}\n`);
    if (res.headersSent) return;
    res.status(known.httpStatus);
    if (format === 'json') res.json(errorBody(known));
    else res.render('error', { title: 'Error', status: known.httpStatus, error: known });
  };
  return [notFound, handler];
}
