import { readFileSync } from 'node:fs';
import type { FetchLike } from '../../server/youtube/types.js';
import { fixture } from './sharedFixtures.js';

/**
 * A stand-in for YouTube behind an injected `fetch`: no test touches the network.
 *
 * Requests are sorted into the three endpoints youtube-transcript talks to (the InnerTube
 * `player` API, the `watch` page and the `timedtext` track URL); anything else, or any other
 * host, answers 404 and is still recorded. Each endpoint gets a Route:
 *   - one Answer, given to every request;
 *   - a list of Answers, one per request in turn, the last repeating (503, 503, then 200);
 *   - a function of the request URL (to serve a track by its `lang` and `kind`).
 */
export type Answer = { status?: number; body?: string; contentType?: string } | { deadNetwork: true } | { reset: true } | { hang: true };

export type Route = Answer | Answer[] | ((url: URL) => Answer);

export type Endpoint = 'player' | 'watch' | 'timedtext';

export interface Call {
  endpoint: Endpoint | 'other';
  url: URL;
  method: string;
  body?: string;
  /** Request headers, names in lower case. */
  headers: Record<string, string>;
}

export interface FakeYouTube {
  fetch: FetchLike;
  calls: Call[];
  /** Requests made to one endpoint, or to all when none is named. */
  count(endpoint?: Endpoint | 'other'): number;
}

export const ok = (body: string, contentType = 'text/plain'): Answer => ({ status: 200, body, contentType });
export const status = (code: number, body = ''): Answer => ({ status: code, body });
/** What Node's fetch throws when DNS cannot resolve the host: the machine is offline. */
export const deadNetwork: Answer = { deadNetwork: true };
/** The connection breaks mid-request (a transient failure). */
export const reset: Answer = { reset: true };
/** Never answers; rejects with the signal's reason once the request's AbortSignal fires. */
export const hang: Answer = { hang: true };

export function fakeYouTube(routes: Partial<Record<Endpoint, Route>>): FakeYouTube {
  const calls: Call[] = [];
  const served = new Map<Endpoint, number>();

  const answerFor = (endpoint: Endpoint | 'other', url: URL): Answer => {
    const route = endpoint === 'other' ? undefined : routes[endpoint];
    if (route === undefined || endpoint === 'other') return status(404, 'Not Found');
    if (typeof route === 'function') return route(url);
    if (!Array.isArray(route)) return route;
    const n = served.get(endpoint) ?? 0;
    served.set(endpoint, n + 1);
    const answer = route[Math.min(n, route.length - 1)];
    if (!answer) throw new Error(`fake YouTube: empty answer list for ${endpoint}`);
    return answer;
  };

  const fetch: FetchLike = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const endpoint = endpointOf(url);
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, name) => (headers[name] = value));
    calls.push({
      endpoint,
      url,
      method: init?.method ?? 'GET',
      headers,
      ...(typeof init?.body === 'string' ? { body: init.body } : {}),
    });
    const answer = answerFor(endpoint, url);
    if ('deadNetwork' in answer) throw networkError('getaddrinfo ENOTFOUND www.youtube.com', 'ENOTFOUND');
    if ('reset' in answer) throw networkError('read ECONNRESET', 'ECONNRESET');
    if ('hang' in answer) return hangUntilAborted(init?.signal ?? undefined, url);
    return new Response(answer.body ?? '', {
      status: answer.status ?? 200,
      headers: { 'content-type': answer.contentType ?? 'text/plain' },
    });
  };

  return {
    fetch,
    calls,
    count: (endpoint) => (endpoint ? calls.filter((c) => c.endpoint === endpoint).length : calls.length),
  };
}

function endpointOf(url: URL): Endpoint | 'other' {
  if (url.hostname !== 'www.youtube.com') return 'other';
  if (url.pathname === '/youtubei/v1/player') return 'player';
  if (url.pathname === '/watch') return 'watch';
  if (url.pathname === '/api/timedtext') return 'timedtext';
  return 'other';
}

/** Shaped like undici's: `TypeError: fetch failed` with the system error as its cause. */
function networkError(message: string, code: string): TypeError {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(message), { code }) });
}

function hangUntilAborted(signal: AbortSignal | undefined, url: URL): Promise<Response> {
  if (!signal) return Promise.reject(new Error(`fake YouTube: asked to hang on ${url.href}, but the request has no AbortSignal, so it would hang forever`));
  return new Promise<Response>((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

/** A track URL's `lang` and `kind`, e.g. `en`, `en/asr`. */
export const trackKey = (url: URL): string => [url.searchParams.get('lang'), url.searchParams.get('kind')].filter(Boolean).join('/');

/** A timedtext route serving each track by `trackKey`; unknown tracks answer 404. */
export function tracks(bodies: Record<string, string>): (url: URL) => Answer {
  return (url) => {
    const body = bodies[trackKey(url)];
    return body === undefined ? status(404) : ok(body, 'text/xml');
  };
}

/** Text of one of our own fixtures under tests/fixtures/youtube. */
export function youtubeFixture(name: string): string {
  return readFileSync(fixture('youtube', name), 'utf8');
}

/** A minimal watch page embedding `player` the way YouTube does. */
export function watchPageFor(player: object | string): string {
  const json = typeof player === 'string' ? player.trim() : JSON.stringify(player);
  return `<!DOCTYPE html><html><body><script nonce="x">var ytInitialPlayerResponse = ${json};var meta = document.createElement('meta');</script></body></html>`;
}

/** A YouTube that serves the recorded captions as those of `videoId` (the recorded responses re-addressed). */
export function workingYouTubeFor(videoId: string): FakeYouTube {
  const recorded = (name: string): string => youtubeFixture(name).replaceAll('S6Sjj6OtyvY', videoId);
  return fakeYouTube({
    player: ok(recorded('player-ok.json'), 'application/json'),
    watch: ok(recorded('watch-ok.html'), 'text/html'),
    timedtext: ok(youtubeFixture('timedtext-srv1.xml'), 'text/xml'),
  });
}

/**
 * A YouTube of several videos, each served by its own fake: a request goes to the video its
 * player request names (the InnerTube body's `videoId`) or its URL does (`v=`). `asked` lists the
 * video of each player request, in order; a video not listed answers 404.
 */
export function youTubeOf(videos: Record<string, FakeYouTube>): { fetch: FetchLike; asked: string[] } {
  const asked: string[] = [];
  const fetch: FetchLike = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const body = typeof init?.body === 'string' ? init.body : '';
    const videoId = url.searchParams.get('v') ?? /"videoId":"([^"]+)"/.exec(body)?.[1] ?? '';
    if (url.pathname === '/youtubei/v1/player') asked.push(videoId);
    const video = videos[videoId];
    return video ? video.fetch(input, init) : new Response('Not Found', { status: 404 });
  };
  return { fetch, asked };
}
