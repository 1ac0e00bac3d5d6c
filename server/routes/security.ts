import cookieParser from 'cookie-parser';
import { doubleCsrf } from 'csrf-csrf';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { PanelnotesError } from '../errors.js';

const SESSION_COOKIE = 'pn_session';
const TOKEN_COOKIE = 'pn_token';

/**
 * Write protection. Page forms carry a CSRF token (csrf-csrf's double submit, bound to a
 * random per-browser cookie); every write refuses a request another site's page sent; and when
 * the server listens beyond loopback, writes need the PANELNOTES_TOKEN, sent as
 * `Authorization: Bearer …` or entered once in the browser (kept in an httpOnly cookie).
 */
export function security(token: string | undefined) {
  const secret = randomBytes(32).toString('hex');
  const { generateCsrfToken, doubleCsrfProtection } = doubleCsrf({
    getSecret: () => secret,
    getSessionIdentifier: (req) => (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE] ?? '',
    cookieName: 'pn_csrf',
    cookieOptions: { sameSite: 'strict', secure: false, httpOnly: true, path: '/' },
    getCsrfTokenFromRequest: (req) => ((req.body as Record<string, unknown> | undefined)?._csrf as string | undefined) ?? req.headers['x-csrf-token'],
    errorConfig: { statusCode: 403, message: 'this form has expired or came from another site; reload the page and try again', code: 'CSRF' },
  });

  /** Gives the browser its session cookie and the page its CSRF token (`csrfToken` in templates). */
  const pageSession: RequestHandler = (req, res, next) => {
    const cookies = req.cookies as Record<string, string>;
    if (!cookies[SESSION_COOKIE]) {
      cookies[SESSION_COOKIE] = randomBytes(16).toString('hex');
      res.cookie(SESSION_COOKIE, cookies[SESSION_COOKIE], { httpOnly: true, sameSite: 'strict', path: '/' });
    }
    res.locals.csrfToken = generateCsrfToken(req, res, { overwrite: false });
    res.locals.tokenNeeded = token !== undefined && !hasToken(req, token);
    next();
  };

  /** For form posts, after their body is parsed: the CSRF token must match. */
  const checkForm: RequestHandler = (req, res, next) => {
    doubleCsrfProtection(req, res, (error?: unknown) => next(error ? new PanelnotesError('FORBIDDEN', 'this form has expired or came from another site; reload the page and try again') : undefined));
  };

  /** Every write: not from another site's page, and with the token where one is set. */
  const writeAccess: RequestHandler = (req: Request, _res: Response, next: NextFunction) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    if (req.headers['sec-fetch-site'] === 'cross-site') return next(new PanelnotesError('FORBIDDEN', 'writes from another site are refused'));
    // Handing over the token is the one write that cannot already carry it.
    if (token !== undefined && req.path !== '/token' && !hasToken(req, token))
      return next(new PanelnotesError('UNAUTHORIZED', 'this server needs its token for changes', 'send Authorization: Bearer <PANELNOTES_TOKEN>, or enter it on the page'));
    next();
  };

  /** Whether `given` is this server's token (for the page's token form). */
  const isToken = (given: string): boolean => token !== undefined && equal(given, token);

  return { cookies: cookieParser(), pageSession, checkForm, writeAccess, isToken, TOKEN_COOKIE };
}

function hasToken(req: Request, token: string): boolean {
  const header = req.headers.authorization;
  const given = header?.startsWith('Bearer ') ? header.slice(7) : (req.cookies as Record<string, string> | undefined)?.[TOKEN_COOKIE];
  return given !== undefined && equal(given, token);
}

function equal(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export { TOKEN_COOKIE };
