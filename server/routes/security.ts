import cookieParser from 'cookie-parser';
import { doubleCsrf } from 'csrf-csrf';
import type { CookieOptions, Request, RequestHandler, Response } from 'express';
import { MemoryStore } from 'express-rate-limit';
import { randomBytes } from 'node:crypto';
import { PanelnotesError } from '../errors.js';
import type { User, UsersRepository } from '../store/types.js';
import { parseToken } from '../store/userTokens.js';
import { addressKey } from './rateLimits.js';
import { sameToken } from '../token.js';

/** Methods that change nothing; every other one is a write. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const FORM_EXPIRED = 'this form has expired or came from another site; reload the page and try again';
const OTHER_SITE = 'writes from another site are refused';

export interface SecurityOptions {
  /** When set (required beyond loopback), writes need this token. */
  token?: string | undefined;
  /**
   * Team mode: every write needs one of these users' tokens (whatever the bind address; the
   * server's own `token` is not used), and the writer is put in `res.locals.user`.
   */
  users?: Pick<UsersRepository, 'userByToken'> | undefined;
  /** The address a reverse proxy serves the app at: its origin is this server's own; https makes cookies `Secure`. */
  publicUrl?: URL | undefined;
  /**
   * Wrong tokens one address may send in a minute (10 unless told); beyond that every token it
   * sends is refused until the minute is over. In team mode as many again per user name.
   */
  tokenFailures?: number | undefined;
}

/** What a request's token (a Bearer header, or the token cookie the token form set) amounts to. */
type TokenStatus = 'none' | 'valid' | 'wrong' | 'blocked';

/**
 * Write protection, in three layers, each enough against a page of another site:
 *
 * 1. **Origin.** A write must come from this server's own pages: `Sec-Fetch-Site` of
 *    `same-origin` or `none` and, where the browser sends no fetch metadata, an `Origin` (or
 *    `Referer`) equal to this server's origin, `http://` + the Host that passed the host check
 *    (or the public URL). `same-site` is refused: on plain http every port of a host shares its
 *    cookies, so a page on another port of 127.0.0.1 is the attacker this stops. A request with
 *    none of these headers is a program's, not a page's: it may write with the token as a
 *    Bearer header, or on a server without a token when it sends no cookies.
 * 2. **CSRF token.** Page forms carry a csrf-csrf double-submit token bound to a random
 *    per-browser cookie. An attacker can fetch a pair of its own and toss the cookie onto the
 *    host from another port; the origin check is what refuses the form it then submits.
 * 3. **The token.** When the server listens beyond loopback, writes need PANELNOTES_TOKEN, sent
 *    as `Authorization: Bearer …` or entered once in the browser (kept in an httpOnly cookie).
 *    It is compared in constant time, and an address that sends too many wrong ones is refused
 *    (429) for the rest of the minute, its right ones too, so guessing learns nothing.
 *    In team mode (`users`) every write needs a user's own token (`NAME.SECRET`), sent the same
 *    two ways, whatever the bind address. Wrong ones are counted per address *and* per the name
 *    they claim: behind one proxy address, or a guesser's own, a guesser locks out only itself
 *    and the name it guesses at (for the rest of the minute), not the rest of the team, and
 *    spreading guesses at one name over many addresses is stopped by that name's count.
 *
 * Cookies are `httpOnly`, `SameSite=Strict` and `path=/`; behind an https public URL also
 * `Secure` with the `__Host-` prefix, so no other origin can set or shadow them.
 */
export function security({ token, users, publicUrl, tokenFailures = 10 }: SecurityOptions) {
  const required = users !== undefined || token !== undefined;
  const secure = publicUrl?.protocol === 'https:';
  const prefix = secure ? '__Host-' : '';
  const names = { session: `${prefix}pn_session`, csrf: `${prefix}pn_csrf`, token: `${prefix}pn_token` };
  const cookie: CookieOptions = { httpOnly: true, sameSite: 'strict', path: '/', secure };
  const secret = randomBytes(32).toString('hex');
  const { generateCsrfToken, doubleCsrfProtection } = doubleCsrf({
    getSecret: () => secret,
    getSessionIdentifier: (req) => cookiesOf(req)[names.session] ?? '',
    cookieName: names.csrf,
    cookieOptions: cookie,
    getCsrfTokenFromRequest: (req) => ((req.body as Record<string, unknown> | undefined)?._csrf as string | undefined) ?? req.headers['x-csrf-token'],
    errorConfig: { statusCode: 403, message: FORM_EXPIRED, code: 'CSRF' },
  });
  const failures = new FailureCounter(tokenFailures);
  const tooManyWrong = (): PanelnotesError =>
    new PanelnotesError('RATE_LIMITED', `too many wrong tokens from this address${users ? ' or for this user' : ''}; wait a minute and try again`);
  const needsToken = (): PanelnotesError =>
    users
      ? new PanelnotesError(
          'UNAUTHORIZED',
          'changes on this server need your own token',
          'send Authorization: Bearer <your token>, or enter it on the page; `panelnotes users add NAME` makes one',
        )
      : new PanelnotesError(
          'UNAUTHORIZED',
          'this server needs its token for changes',
          'send Authorization: Bearer <PANELNOTES_TOKEN>, or enter it on the page',
        );

  /** Who a token belongs to: the user (team mode), `true` for the server's own token, or undefined. */
  async function holderOf(given: string): Promise<User | true | undefined> {
    if (users) return users.userByToken(given);
    return token !== undefined && sameToken(given, token) ? true : undefined;
  }

  /** The keys a wrong token counts against: its address, and in team mode the name it claims. */
  function keysOf(req: Request, given: string): string[] {
    const name = users ? parseToken(given)?.name : undefined;
    return name === undefined ? [addressKey(req)] : [addressKey(req), `user:${name}`];
  }

  /** The request's token, judged once per request (a wrong one is counted once). */
  async function tokenStatus(req: Request, res: Response): Promise<TokenStatus> {
    const known = res.locals.tokenStatus as TokenStatus | undefined;
    if (known) return known;
    let status: TokenStatus = 'none';
    const given = bearer(req) ?? cookiesOf(req)[names.token];
    if (required && given !== undefined) {
      const keys = keysOf(req, given);
      // A blocked token is not even looked up: guessing learns nothing until the minute is over.
      const holder = (await failures.blocked(keys)) ? 'blocked' : await holderOf(given);
      if (holder === 'blocked') status = 'blocked';
      else if (holder !== undefined) {
        status = 'valid';
        if (holder !== true) res.locals.user = holder;
      } else {
        status = 'wrong';
        await failures.add(keys);
        // A cookie left from an earlier token is dropped, so a browser sends it (and is counted) once.
        if (bearer(req) === undefined) res.clearCookie(names.token, cookie);
      }
    }
    res.locals.tokenStatus = status;
    return status;
  }

  /** The origins this request may come from: this server as the browser addressed it, or its public URL. */
  function ownOrigins(req: Request): string[] {
    const host = (req.headers.host ?? '').toLowerCase();
    if (publicUrl && publicUrl.host === host) return [publicUrl.origin];
    return [originOf(`http://${host}`), ...(publicUrl ? [publicUrl.origin] : [])].filter((o): o is string => o !== undefined);
  }

  /**
   * Why a write does not come from this server's own pages, or undefined when it does;
   * `program` for a request that shows no sign of a browser (no fetch metadata, Origin or Referer).
   */
  function foreign(req: Request): string | undefined {
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined && site !== 'same-origin' && site !== 'none') return OTHER_SITE;
    const { origin, referer } = req.headers;
    // The browser's own word (same-origin) stands when a referrer policy made the Origin `null`.
    if (site !== undefined && origin === 'null') return undefined;
    if (origin !== undefined) return ownOrigins(req).includes(origin.toLowerCase()) ? undefined : OTHER_SITE;
    if (site !== undefined) return undefined;
    if (referer !== undefined) return ownOrigins(req).includes(originOf(referer) ?? '') ? undefined : OTHER_SITE;
    return 'program';
  }

  /** Every write: from this server's own pages, or from a program that shows it may write. */
  const sameOrigin: RequestHandler = async (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const from = foreign(req);
    if (from === undefined) return next();
    if (from !== 'program') return next(new PanelnotesError('FORBIDDEN', from));
    // A program with the token sends it as a header; a cookie is what a browser sends for any page.
    if (required) {
      if (bearer(req) !== undefined) return next();
      const status = await tokenStatus(req, res);
      if (status === 'blocked') return next(tooManyWrong());
      if (status !== 'valid') return next(needsToken());
    } else if (req.headers.cookie === undefined) return next();
    next(
      new PanelnotesError(
        'FORBIDDEN',
        "a change sent with cookies must come from this server's own pages, and this one does not say where it came from",
        'a browser sends Origin or Sec-Fetch-Site; a program should send no cookies (or the token as Authorization: Bearer …)',
      ),
    );
  };

  /** Every write, where a token is set or in team mode: it must come with the token (a user's own, in team mode). */
  const requireToken: RequestHandler = async (req, res, next) => {
    if (!required || SAFE_METHODS.has(req.method)) return next();
    const status = await tokenStatus(req, res);
    if (status === 'valid') return next();
    next(status === 'blocked' ? tooManyWrong() : needsToken());
  };

  /** Gives the browser its session cookie and the page its CSRF token (`csrfToken` in templates). */
  const pageSession: RequestHandler = async (req, res, next) => {
    const cookies = cookiesOf(req);
    if (!cookies[names.session]) {
      cookies[names.session] = randomBytes(16).toString('hex');
      res.cookie(names.session, cookies[names.session], cookie);
    }
    res.locals.csrfToken = generateCsrfToken(req, res, { overwrite: false });
    res.locals.tokenNeeded = required && (await tokenStatus(req, res)) !== 'valid';
    res.locals.teamMode = users !== undefined;
    next();
  };

  /** For form posts, after their body is parsed: the CSRF token must match. */
  const checkForm: RequestHandler = (req, res, next) => {
    doubleCsrfProtection(req, res, (error?: unknown) => next(error ? new PanelnotesError('FORBIDDEN', FORM_EXPIRED) : undefined));
  };

  /**
   * The token form: a right token is kept in the browser's token cookie; a wrong one is
   * counted against the address (and the name it claims) like any other.
   * @throws PanelnotesError UNAUTHORIZED (wrong token), RATE_LIMITED (too many wrong ones)
   */
  async function acceptToken(req: Request, res: Response, given: string): Promise<void> {
    const keys = keysOf(req, given);
    if (await failures.blocked(keys)) throw tooManyWrong();
    const holder = required ? await holderOf(given) : undefined;
    if (holder === undefined) {
      await failures.add(keys);
      throw users
        ? new PanelnotesError('UNAUTHORIZED', "that is not a user's token here", 'it is the token `panelnotes users add NAME` printed for you')
        : new PanelnotesError('UNAUTHORIZED', "that is not this server's token", 'it is the PANELNOTES_TOKEN the server was started with');
    }
    if (holder !== true) res.locals.user = holder;
    res.cookie(names.token, given, cookie);
  }

  return { cookies: cookieParser(), sameOrigin, requireToken, pageSession, checkForm, acceptToken };
}

/**
 * Wrong tokens per key (an address, or in team mode `user:NAME`), in fixed one-minute windows:
 * express-rate-limit's store. A token is refused when any of its keys is at the limit.
 */
class FailureCounter {
  private readonly store = new MemoryStore();

  constructor(private readonly limit: number) {
    this.store.init({ windowMs: 60_000 } as Parameters<MemoryStore['init']>[0]);
  }

  async blocked(keys: readonly string[]): Promise<boolean> {
    for (const key of keys) if (((await this.store.get(key))?.totalHits ?? 0) >= this.limit) return true;
    return false;
  }

  async add(keys: readonly string[]): Promise<void> {
    for (const key of keys) await this.store.increment(key);
  }
}

function cookiesOf(req: Request): Record<string, string> {
  return (req.cookies as Record<string, string> | undefined) ?? {};
}

/** The token of an `Authorization: Bearer …` header. */
function bearer(req: Request): string | undefined {
  const header = req.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7) : undefined;
}

/** `http://127.0.0.1:3000` for any URL there; undefined for what is not a URL (or has an opaque origin). */
function originOf(url: string): string | undefined {
  try {
    const { origin } = new URL(url);
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

export type Security = ReturnType<typeof security>;

/** The user writing, in team mode (set by the token check before any write's handler runs); undefined in single-user mode. */
export function writerOf(res: Response): User | undefined {
  return res.locals.user as User | undefined;
}
