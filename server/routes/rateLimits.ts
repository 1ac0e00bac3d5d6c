import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { PanelnotesError } from '../errors.js';

const FETCHES = /^\/(?:api\/)?videos(?:\/upload)?\/?$/;
const WRITES = /^\/(?:api\/)?(?:videos\/[^/]+\/(?:notes|speakers)|notes|speakers)(?:\/|$)/;

/**
 * Limits per address and minute: fetching from YouTube and importing files (each costs a
 * download or a parse and an index build), and note or speaker writes (each is a disk write).
 * Reading and searching are not limited.
 */
export function rateLimits(limits: { fetches: number; writes: number }): RequestHandler {
  const refuse = (what: string) => (_req: Request, _res: Response, next: NextFunction) =>
    next(new PanelnotesError('RATE_LIMITED', `too many ${what} from this address; wait a minute and try again`));
  const options = { windowMs: 60_000, standardHeaders: 'draft-8' as const, legacyHeaders: false };
  const fetches = rateLimit({ ...options, limit: limits.fetches, handler: refuse('fetches and imports') });
  const writes = rateLimit({ ...options, limit: limits.writes, handler: refuse('changes') });
  return (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    if (FETCHES.test(req.path)) return fetches(req, res, next);
    if (WRITES.test(req.path)) return writes(req, res, next);
    next();
  };
}
