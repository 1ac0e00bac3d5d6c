import { PanelnotesError } from '../errors.js';
import type { TrackChoice } from './tracks.js';
import type { Playability } from './types.js';

/** What the adapter saw on the wire during one attempt; the package's own errors say less. */
export interface Observation {
  statuses: number[];
  networkDown?: Error;
  timedOut?: boolean;
  /** The EU cookie-consent page: answered with the cookie it asks for, without the value to build it, or shown again after it. */
  consent?: 'answered' | 'no-value' | 'refused';
  /** The proxy YouTube's requests went through, as a log may show it (no credentials). */
  proxy?: string;
  /** The proxy was the trouble: out of reach, or refusing the tunnel with an HTTP status. */
  proxyTrouble?: { refused: number } | { unreachable: true };
  playability?: Playability;
  choice?: TrackChoice;
  trackUrl?: string;
}

export interface Failure {
  error: PanelnotesError;
  /** Worth another try after a pause: YouTube's servers failed, not our request. */
  transient: boolean;
  /** YouTube refused this address: `rate` (HTTP 429, a captcha: it passes with time), `bot` (its bot check: it does not). */
  blocked?: 'rate' | 'bot';
}

/**
 * How YouTube refused the address a failed fetch came from, if it did (see Failure.blocked): a
 * batch of fetches slows down for `rate` and stops hammering for `bot`.
 */
export function blockedBy(error: unknown): 'rate' | 'bot' | undefined {
  const blocked = (error as { blocked?: unknown } | undefined)?.blocked;
  return blocked === 'rate' || blocked === 'bot' ? blocked : undefined;
}

const DEAD_NETWORK = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN']);
const RESET = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ETIMEDOUT']);

/** The system error code under a fetch failure (`TypeError: fetch failed` hides it in `cause`). */
export function networkErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const { code, cause, errors } = current as { code?: unknown; cause?: unknown; errors?: unknown[] };
    if (typeof code === 'string' && code !== 'ERR_INVALID_ARG_TYPE') return code;
    current = cause ?? errors?.[0];
  }
  return undefined;
}

export const isDeadNetwork = (error: unknown): boolean => DEAD_NETWORK.has(networkErrorCode(error) ?? '');
export const isTimeout = (error: unknown): boolean => (error as Error | undefined)?.name === 'TimeoutError';

/**
 * Explains why a fetch failed, from what was seen on the wire first and the package's error
 * class second: the package reports a bot check, a 5xx and a dead network all as other things.
 */
export function explainFailure(videoId: string, seen: Observation, error: unknown, timeoutMs: number): Failure {
  const importCommand = `panelnotes import <file> --video ${videoId}`;
  const importHint = `import a caption file instead: ${importCommand}`;
  // When YouTube refuses the address, only another address or a file gets the captions.
  const waysOut = seen.proxy
    ? `try another proxy (residential addresses are refused least), or import a caption file: ${importCommand} (yt-dlp can write one with your browser's cookies)`
    : `fetch through a proxy (--proxy URL or HTTPS_PROXY), or import a caption file: ${importCommand} (yt-dlp can write one with your browser's cookies)`;
  const who = seen.proxy ? `the proxy's address (${seen.proxy})` : 'this machine';
  const fail = (code: PanelnotesError['code'], message: string, hint?: string, transient = false, blocked?: Failure['blocked']): Failure => ({
    error: new PanelnotesError(code, message, hint, { cause: error }),
    transient,
    ...(blocked ? { blocked } : {}),
  });
  const errorName = (error as Error | undefined)?.constructor?.name ?? '';

  const trouble = seen.proxyTrouble;
  if (trouble && 'unreachable' in trouble)
    return fail(
      'NETWORK_DOWN',
      `cannot reach the proxy ${seen.proxy ?? ''} (${networkErrorCode(seen.networkDown ?? error) ?? 'no answer'})`,
      `check the proxy address (--proxy or HTTPS_PROXY), or ${importHint}`,
    );
  if (trouble && 'refused' in trouble)
    return fail(
      'UPSTREAM_FAILED',
      `the proxy ${seen.proxy ?? ''} refused to connect to YouTube (HTTP ${trouble.refused}${trouble.refused === 407 ? ': it wants another user or password' : ''})`,
      `check the proxy's settings, or ${importHint}`,
    );
  if (seen.networkDown)
    return fail('NETWORK_DOWN', `cannot reach YouTube (${networkErrorCode(seen.networkDown)}): this machine seems to be offline`, importHint);
  if (seen.statuses.includes(429) || errorName === 'YoutubeTranscriptTooManyRequestError')
    return fail(
      'RATE_LIMITED',
      `YouTube is refusing requests from ${who} for now (too many requests; it asks for a captcha)`,
      `wait an hour and try again, or ${waysOut}`,
      false,
      'rate',
    );

  const play = seen.playability;
  if (play && play.status !== 'OK') {
    const reason = [play.reason, ...play.subreasons].filter(Boolean).join(' ');
    if (/bot/i.test(play.reason ?? ''))
      return fail('RATE_LIMITED', `YouTube refused ${who}: "${play.reason}" (it blocks many cloud and server addresses)`, waysOut, false, 'bot');
    if (play.status === 'LOGIN_REQUIRED')
      return fail('VIDEO_UNAVAILABLE', `video ${videoId} needs a signed-in YouTube account${reason ? `: ${reason}` : ''}`, importHint);
    return fail('VIDEO_UNAVAILABLE', `video ${videoId} is not available (${play.status}${reason ? `: ${reason}` : ''})`);
  }
  // A clear answer about the video wins over trouble on another request; otherwise trouble is worth a retry.
  if (seen.timedOut) return fail('UPSTREAM_FAILED', `YouTube did not answer within ${timeoutMs / 1000} s`, importHint, true);
  if (seen.statuses.some((s) => s >= 500))
    return fail('UPSTREAM_FAILED', `YouTube answered with a server error (HTTP ${seen.statuses.find((s) => s >= 500)})`, importHint, true);
  if (RESET.has(networkErrorCode(error) ?? ''))
    return fail('UPSTREAM_FAILED', `the connection to YouTube broke (${networkErrorCode(error)})`, importHint, true);
  if (seen.choice && 'unavailable' in seen.choice)
    return fail(
      'LANGUAGE_UNAVAILABLE',
      `video ${videoId} has no captions in "${seen.choice.unavailable}"; it has: ${seen.choice.available.join(', ')}`,
      `choose one with --lang ${seen.choice.available[0] ?? 'en'}`,
    );
  if (seen.consent === 'no-value')
    return fail(
      'UPSTREAM_FAILED',
      'YouTube showed its cookie-consent page (as it does to EU addresses) without the consent value it takes, so no consent cookie could be made',
      `try again later, or through a proxy outside the EU (--proxy URL), or ${importHint}`,
    );
  if (seen.consent === 'refused')
    return fail(
      'UPSTREAM_FAILED',
      'YouTube showed its cookie-consent page again after panelnotes accepted it',
      `try again later, or through a proxy outside the EU (--proxy URL), or ${importHint}`,
    );
  const disabled = (): Failure =>
    fail(
      'CAPTIONS_DISABLED',
      `video ${videoId} has no captions YouTube will serve: captions are disabled, or YouTube refused this machine (it answers cloud addresses this way)`,
      importHint,
    );
  if (play?.status === 'OK' && !seen.choice) return disabled();
  switch (errorName) {
    case 'YoutubeTranscriptVideoUnavailableError':
      return fail('VIDEO_UNAVAILABLE', `video ${videoId} is not available on YouTube (removed, private, or never existed)`);
    case 'YoutubeTranscriptDisabledError':
      return disabled();
    case 'YoutubeTranscriptNotAvailableError':
      return fail('CAPTIONS_DISABLED', `YouTube lists captions for ${videoId} but did not serve them`, importHint);
    default:
      return fail('UPSTREAM_FAILED', `fetching ${videoId} from YouTube failed: ${(error as Error)?.message ?? String(error)}`, importHint);
  }
}
