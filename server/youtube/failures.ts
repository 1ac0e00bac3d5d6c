import { PanelnotesError } from '../errors.js';
import type { TrackChoice } from './tracks.js';
import type { Playability } from './types.js';

/** What the adapter saw on the wire during one attempt; the package's own errors say less. */
export interface Observation {
  statuses: number[];
  networkDown?: Error;
  timedOut?: boolean;
  consentPage?: boolean;
  playability?: Playability;
  choice?: TrackChoice;
  trackUrl?: string;
}

export interface Failure {
  error: PanelnotesError;
  /** Worth another try after a pause: YouTube's servers failed, not our request. */
  transient: boolean;
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
  const importHint = `import a caption file instead: panelnotes import <file> --video ${videoId}`;
  const fail = (code: PanelnotesError['code'], message: string, hint?: string, transient = false): Failure => ({
    error: new PanelnotesError(code, message, hint, { cause: error }),
    transient,
  });
  const errorName = (error as Error | undefined)?.constructor?.name ?? '';

  if (seen.networkDown)
    return fail('NETWORK_DOWN', `cannot reach YouTube (${networkErrorCode(seen.networkDown)}): this machine seems to be offline`, importHint);
  if (seen.statuses.includes(429) || errorName === 'YoutubeTranscriptTooManyRequestError')
    return fail(
      'RATE_LIMITED',
      'YouTube is refusing requests from this machine for now (too many requests; it asks for a captcha)',
      `wait an hour and try again, or ${importHint}`,
    );

  const play = seen.playability;
  if (play && play.status !== 'OK') {
    const reason = [play.reason, ...play.subreasons].filter(Boolean).join(' ');
    if (/bot/i.test(play.reason ?? ''))
      return fail('RATE_LIMITED', `YouTube refused this machine: "${play.reason}" (it blocks many cloud and server addresses)`, importHint);
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
  if (seen.consentPage) return fail('UPSTREAM_FAILED', 'YouTube showed its cookie-consent page instead of the video', importHint);
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
