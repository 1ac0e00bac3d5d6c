import type { RequestHandler } from 'express';
import { PanelnotesError } from '../errors.js';
import { hostServed, type HostEntry } from '../servedHosts.js';
import { errorBody } from './errors.js';
import { recordFailure } from './requestLog.js';

/**
 * Answers only requests addressed to this server by one of its own names (see servedHosts):
 * anything else gets 421 Misdirected Request, reads included, since a page that rebinds its
 * domain to this machine could otherwise read, export and change everything. The answer names
 * the host asked for, never the ones served (a rebinding page can read it).
 */
export function hostCheck(served: readonly HostEntry[]): RequestHandler {
  return (req, res, next) => {
    const host = req.headers.host;
    if (hostServed(served, host)) return next();
    const error = new PanelnotesError(
      'MISDIRECTED',
      host ? `this server does not answer to the host "${host.slice(0, 100)}"` : 'this request names no host',
      'open it by an address it listens on, or add the name to PANELNOTES_HOSTS (or PANELNOTES_PUBLIC_URL behind a proxy)',
    );
    recordFailure(req, res, error, error);
    res.status(error.httpStatus);
    if (/^\/api(?:\/|$)/i.test(req.path)) res.json(errorBody(error));
    else res.type('text').send(`${error.message}: ${error.hint}\n`);
  };
}
