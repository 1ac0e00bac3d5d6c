import { YoutubeTranscript } from 'youtube-transcript';
import { cuesToSegments } from '../captions/segments.js';
import { parseJsonCaptions } from '../captions/json.js';
import { parseTimedText } from '../captions/timedtext.js';
import { PanelnotesError } from '../errors.js';
import { parseVideoId } from '../videoId.js';
import { explainFailure, isDeadNetwork, isTimeout, type Observation } from './failures.js';
import { captionTracks, embeddableJson, inlinePlayerResponse, playability, videoMetadata, withOnlyTrack } from './playerResponse.js';
import { chooseTrack } from './tracks.js';
import { goesThroughProxy, proxiedFetch, proxyTrouble, redactProxy } from './proxy.js';
import type { FetchedTranscript, FetchLike, FetchOptions } from './types.js';
import type { Provenance } from '../transcript/types.js';

/**
 * Fetches a video's captions from YouTube. The only module that imports youtube-transcript.
 *
 * The package owns the conversation with YouTube (InnerTube player API first, the watch page
 * as fallback, captcha detection). We wrap the `fetch` it is given to see what it sees:
 * which track to take (the package takes the first listed), the title, why a request failed,
 * and the raw timedtext, which we parse ourselves to keep word times and units straight.
 *
 * @example await fetchFromYouTube('https://youtu.be/S6Sjj6OtyvY', { lang: 'en' })
 * @throws PanelnotesError with a code per failure (NETWORK_DOWN, RATE_LIMITED, ...)
 */
export async function fetchFromYouTube(input: string, options: FetchOptions = {}): Promise<FetchedTranscript> {
  const videoId = parseVideoId(input);
  const { retries = 2, backoffMs = 1000, sleep = delay } = options;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fetchOnce(videoId, options);
    } catch (error) {
      const transient = (error as { transient?: boolean }).transient === true;
      if (!transient || attempt >= retries) throw error;
      await sleep(backoffMs * 2 ** attempt);
    }
  }
}

async function fetchOnce(videoId: string, options: FetchOptions): Promise<FetchedTranscript> {
  const timeoutMs = options.timeoutMs ?? 8000;
  const viaProxy = goesThroughProxy(options.proxy, 'https://www.youtube.com/');
  const seen: Observation = { statuses: [], ...(options.proxy && viaProxy ? { proxy: redactProxy(options.proxy.url) } : {}) };
  const network = options.proxy ? proxiedFetch(options.proxy, options.fetch) : (options.fetch ?? globalThis.fetch);
  const wire = observingFetch(network, seen, timeoutMs, options.lang);
  let items: { text: string; offset: number; duration: number }[];
  try {
    items = await YoutubeTranscript.fetchTranscript(videoId, { fetch: wire.fetch });
  } catch (error) {
    const { error: explained, transient, blocked } = explainFailure(videoId, seen, error, timeoutMs);
    throw Object.assign(explained, { transient, blocked });
  }
  const parsed = (wire.transcriptBody && parseTimedText(wire.transcriptBody)) || undefined;
  const cues = parsed?.cues.length ? parsed.cues : (parseJsonCaptions(items)?.cues ?? []);
  const segments = cuesToSegments(cues);
  if (!segments.length) {
    const poToken = seen.trackUrl?.includes('exp=xpe') ? ' (this track needs a proof-of-origin token that YouTube only gives browsers)' : '';
    throw new PanelnotesError(
      'TRANSCRIPT_EMPTY',
      `YouTube returned an empty transcript for ${videoId}${poToken}`,
      `import a caption file instead: panelnotes import <file> --video ${videoId}`,
    );
  }
  const choice = seen.choice && 'track' in seen.choice ? seen.choice : undefined;
  const format = parsed?.cues.length ? (parsed.format === 'timedtext' ? 'srv1' : parsed.format) : undefined;
  return {
    videoId,
    ...(wire.title ? { title: wire.title } : {}),
    language: choice?.language ?? 'und',
    captionKind: choice?.captionKind ?? 'unknown',
    segments,
    metadata: wire.metadata,
    provenance: {
      via: 'youtube',
      ...(wire.client ? { client: wire.client } : {}),
      ...(format ? { format } : {}),
      proxy: viaProxy,
      ...(seen.consent === 'answered' ? { consent: true } : {}),
    },
  };
}

/** YouTube's EU cookie-consent page: a form posting to consent.youtube.com, in place of the page asked for. */
const CONSENT_FORM = 'action="https://consent.youtube.com/s"';
/** The hidden input whose value the consent cookie carries (`CONSENT=YES+<v>`), as youtube-transcript-api builds it. */
const CONSENT_VALUE = /name="v" value="([^"]*)"/;

/**
 * A fetch that records statuses and failures, rewrites player responses to list only the
 * track we chose, and keeps the transcript body. A dead network fails every later request at
 * once, so the whole fetch gives up in one timeout at most.
 *
 * On the cookie-consent page (either of the package's requests may meet it) it builds the
 * consent cookie from the page's hidden `v` value, asks once more with it, and sends it with
 * every request after; the package never sees the consent page unless that fails.
 */
function observingFetch(base: FetchLike, seen: Observation, timeoutMs: number, lang: string | undefined) {
  const wire = {
    title: undefined as string | undefined,
    metadata: {} as FetchedTranscript['metadata'],
    transcriptBody: undefined as string | undefined,
    /** Whose answer listed the track fetched: the InnerTube player API or the watch page. */
    client: undefined as Provenance['client'],
    cookie: undefined as string | undefined,
    fetch: undefined as unknown as FetchLike,
  };
  const inspect = (player: Record<string, unknown>, client: NonNullable<Provenance['client']>): Record<string, unknown> => {
    seen.playability = playability(player) ?? seen.playability;
    const info = videoMetadata(player);
    wire.title ??= info.title;
    wire.metadata = { ...info.metadata, ...wire.metadata };
    const choice = chooseTrack(captionTracks(player), lang);
    if (choice) seen.choice = choice;
    const track = choice && 'track' in choice ? choice.track : undefined;
    if (track) {
      seen.trackUrl = track.baseUrl;
      wire.client = client;
    }
    return withOnlyTrack(player, track);
  };
  const send = async (url: string, init: RequestInit | undefined): Promise<Response> => {
    if (seen.networkDown) throw seen.networkDown;
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, name) => (headers[name] = value));
    if (wire.cookie) headers.cookie = wire.cookie;
    let response: Response;
    try {
      response = await base(url, { ...init, headers, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const dead = isDeadNetwork(error);
      if (dead) seen.networkDown = error as Error;
      else if (isTimeout(error)) seen.timedOut = true;
      if (seen.proxy) seen.proxyTrouble ??= proxyTrouble(error, dead);
      throw error;
    }
    seen.statuses.push(response.status);
    return response;
  };
  wire.fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    let response = await send(url, init);
    if (!response.ok) return response;
    let body = await response.text();
    if (isConsentPage(body)) {
      const value = CONSENT_VALUE.exec(body)?.[1];
      if (!value) seen.consent = 'no-value';
      else if (wire.cookie) seen.consent = 'refused';
      else {
        wire.cookie = `CONSENT=YES+${value}`;
        seen.consent = 'answered';
        response = await send(url, init);
        if (!response.ok) return response;
        body = await response.text();
        if (isConsentPage(body)) seen.consent = 'refused';
      }
    }
    if (url.includes('/youtubei/v1/player')) {
      try {
        body = JSON.stringify(inspect(JSON.parse(body) as Record<string, unknown>, 'innertube-android'));
      } catch {
        // Not JSON: leave it for the package, which falls back to the watch page.
      }
    } else if (url.includes('/watch?')) {
      const inline = inlinePlayerResponse(body);
      if (inline) body = body.slice(0, inline.start) + embeddableJson(inspect(inline.value, 'watch-page')) + body.slice(inline.end);
    } else if (url.includes('/api/timedtext')) {
      wire.transcriptBody = body;
    }
    return new Response(body, { status: response.status, headers: { 'content-type': response.headers.get('content-type') ?? 'text/plain' } });
  };
  return wire;
}

function isConsentPage(body: string): boolean {
  return body.includes(CONSENT_FORM) && !body.includes('"playabilityStatus"');
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
