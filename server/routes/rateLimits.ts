import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { isIP } from 'node:net';
import { PanelnotesError } from '../errors.js';

/** The limiters, each attached to the routes it guards (each area's routes: videos.ts, notes.ts, speakers.ts, token.ts). */
export interface RouteLimits {
  /** Fetching from YouTube and importing caption files: each costs a download or a parse and an index build. */
  fetches: RequestHandler;
  /** Note, speaker and token writes: each is a disk write (or a guess at the token). */
  writes: RequestHandler;
  /** The Publish zip: each builds a whole site in memory (every page and search file of the talks asked for). */
  publishes: RequestHandler;
}

/** Publish zips one address may ask for in a minute, unless told: a person downloads one or two. */
const PUBLISHES_PER_MINUTE = 10;

/**
 * Limits per address and minute, one store per kind shared by the API and the pages. They are
 * attached to routes, not matched against paths: Express routes `/API/Videos` like
 * `/api/videos`, and a limiter on the route follows it wherever its routing goes.
 * Reading and searching are not limited.
 */
export function rateLimits(limits: { fetches: number; writes: number; publishes?: number }): RouteLimits {
  const refuse = (what: string) => (_req: Request, _res: Response, next: NextFunction) =>
    next(new PanelnotesError('RATE_LIMITED', `too many ${what} from this address; wait a minute and try again`));
  // `req.ip` is the address counted: X-Forwarded-For counts only from a proxy PANELNOTES_TRUST_PROXY
  // trusts. From anyone else the header is ignored on purpose (any client can send one), so it
  // is not worth the library's console warning either.
  const options = {
    windowMs: 60_000,
    standardHeaders: 'draft-8' as const,
    legacyHeaders: false,
    keyGenerator: addressKey,
    validate: { xForwardedForHeader: false },
  };
  return {
    fetches: rateLimit({ ...options, limit: limits.fetches, handler: refuse('fetches and imports'), identifier: 'fetches' }),
    writes: rateLimit({ ...options, limit: limits.writes, handler: refuse('changes'), identifier: 'writes' }),
    publishes: rateLimit({ ...options, limit: limits.publishes ?? PUBLISHES_PER_MINUTE, handler: refuse('sites published'), identifier: 'publishes' }),
  };
}

/**
 * The client as every per-address limit counts it (these and the failed-token count of
 * security.ts): `req.ip`, which is the connection's own address unless it comes from a proxy
 * PANELNOTES_TRUST_PROXY trusts, reduced to the address alone. A proxy may write the client's
 * port too (`203.0.113.7:51234`, `[2001:db8::1]:443`), and an IPv6 address may carry a zone
 * (`fe80::1%eth0`): each new port or zone would otherwise be a fresh limit. An IPv6 address
 * counts by its /56, what one customer is given; an IPv4-mapped one as its IPv4 address.
 *
 * @example addressKey({ ip: '203.0.113.7:51234' }) // 'ip:203.0.113.7'
 */
export function addressKey(req: Pick<Request, 'ip'> & { socket?: { remoteAddress?: string | undefined } }): string {
  let address = (req.ip ?? req.socket?.remoteAddress ?? '').trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) address = bracketed[1] as string;
  else if (/^[\d.]+:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(':'));
  address = address.replace(/%[^%]*$/, '');
  return `ip:${isIP(address) ? ipKeyGenerator(address) : address}`;
}

/** No limits (a router built on its own, as the OpenAPI test does). */
export const NO_LIMITS: RouteLimits = {
  fetches: (_req, _res, next) => next(),
  writes: (_req, _res, next) => next(),
  publishes: (_req, _res, next) => next(),
};
