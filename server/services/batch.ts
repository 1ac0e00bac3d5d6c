import { PanelnotesError } from '../errors.js';
import type { TranscriptRecord } from '../transcript/types.js';
import { parseVideoId } from '../videoId.js';
import { blockedBy } from '../youtube/failures.js';

/**
 * Fetching many talks (a conference playlist) the way YouTube tolerates and a user can resume:
 * one at a time with a pause between them, a longer and longer wait when YouTube answers 429,
 * a stop after several talks in a row were refused (asking on only digs the block deeper),
 * talks already in the library skipped, and an interruption honoured between talks. Each talk
 * is saved whole or not at all, so running the same batch again goes on where it stopped.
 * The CLI's `fetch` and the web page's list of URLs both run through here.
 */

/**
 * The talks of a list a person wrote (a file for `fetch --from`, the add-video page's text
 * area): one YouTube URL or id a line, blank lines and `#` comments skipped, a bad line
 * refused by its number (`where` names the list in the message).
 *
 * @example talkList('https://youtu.be/S6Sjj6OtyvY  # keynote\n\n# day 2\n') // ['S6Sjj6OtyvY']
 * @throws PanelnotesError INVALID_VIDEO_ID
 */
export function talkList(text: string, where?: string): string[] {
  return text.split(/\r?\n/).flatMap((raw, i) => {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) return [];
    try {
      return [parseVideoId(line)];
    } catch (error) {
      throw new PanelnotesError('INVALID_VIDEO_ID', `${where ? `${where}, line` : 'line'} ${i + 1}: ${(error as Error).message}`);
    }
  });
}

export interface BatchTalk {
  videoId: string;
  /** Its title as the list gave it (a playlist's), for the progress line and a record YouTube gives none. */
  title?: string;
}

export type TalkOutcome =
  { state: 'fetched'; record: TranscriptRecord } | { state: 'skipped'; record: TranscriptRecord } | { state: 'failed'; error: PanelnotesError };

export interface BatchSummary {
  total: number;
  fetched: number;
  skipped: number;
  failed: number;
  /** Talks not reached: the batch was interrupted, or stopped as YouTube kept refusing. */
  notTried: number;
  interrupted: boolean;
  /** Stopped after `maxBlockedInARow` refusals in a row. */
  stoppedBlocked: boolean;
  outcomes: { talk: BatchTalk; outcome: TalkOutcome }[];
}

export interface BatchDeps {
  /** Fetches, saves and indexes one talk. */
  fetchOne(talk: BatchTalk): Promise<TranscriptRecord>;
  /** The library's transcript of a video, if it has one (a shipped sample is not one: it is there to be replaced). */
  existing(videoId: string): Promise<TranscriptRecord | undefined>;
}

export interface BatchOptions {
  /** Fetch again the talks already in the library. */
  refresh?: boolean;
  /** Pause between two talks that ask YouTube (2 s unless told). */
  delayMs?: number;
  /** First wait after YouTube answered 429 (60 s unless told); it doubles at each retry. */
  backoffMs?: number;
  /** How many times a talk answered with 429 is tried again (3). */
  rateRetries?: number;
  /** Refusals in a row (429s that outlasted their retries, bot checks, a network down) after which the batch stops (3). */
  maxBlockedInARow?: number;
  /** Waits; resolves early when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Aborted (Ctrl-C): the talk under way finishes, no other starts. */
  signal?: AbortSignal;
  /** Told as each talk starts, and when a 429 makes the batch wait. */
  onStart?: (index: number, talk: BatchTalk) => void;
  onWait?: (ms: number, talk: BatchTalk) => void;
  /** Told as each talk is done, with what it got or why not. */
  onTalk?: (index: number, talk: BatchTalk, outcome: TalkOutcome) => void;
}

/**
 * Runs a batch of talks; never throws for a talk (each failure is an outcome).
 *
 * @example await fetchBatch([{ videoId: 'S6Sjj6OtyvY' }], { fetchOne, existing }, { delayMs: 2000 })
 *   // { total: 1, fetched: 1, skipped: 0, failed: 0, notTried: 0, ... }
 */
export async function fetchBatch(talks: BatchTalk[], deps: BatchDeps, options: BatchOptions = {}): Promise<BatchSummary> {
  const { delayMs = 2000, backoffMs = 60_000, rateRetries = 3, maxBlockedInARow = 3, sleep = abortableSleep, signal } = options;
  const summary: BatchSummary = {
    total: talks.length,
    fetched: 0,
    skipped: 0,
    failed: 0,
    notTried: 0,
    interrupted: false,
    stoppedBlocked: false,
    outcomes: [],
  };
  let askedYouTube = false;
  let blockedInARow = 0;
  for (const [index, talk] of talks.entries()) {
    if (signal?.aborted) summary.interrupted = true;
    if (summary.interrupted || summary.stoppedBlocked) {
      summary.notTried++;
      continue;
    }
    options.onStart?.(index, talk);
    const known = options.refresh ? undefined : await deps.existing(talk.videoId);
    let outcome: TalkOutcome;
    if (known) outcome = { state: 'skipped', record: known };
    else {
      if (askedYouTube) await sleep(delayMs, signal);
      askedYouTube = true;
      outcome = await fetchWithBackoff(talk, deps, {
        backoffMs,
        rateRetries,
        sleep,
        ...(signal ? { signal } : {}),
        ...(options.onWait ? { onWait: options.onWait } : {}),
      });
    }
    summary[outcome.state]++;
    summary.outcomes.push({ talk, outcome });
    options.onTalk?.(index, talk, outcome);
    blockedInARow = outcome.state === 'failed' && refused(outcome.error) ? blockedInARow + 1 : outcome.state === 'skipped' ? blockedInARow : 0;
    if (blockedInARow >= maxBlockedInARow && index < talks.length - 1) summary.stoppedBlocked = true;
  }
  return summary;
}

/** YouTube refused this address, or could not be reached: the next talk would meet the same. */
const refused = (error: PanelnotesError): boolean => blockedBy(error) !== undefined || error.code === 'NETWORK_DOWN';

/** One talk; a 429 waits `backoffMs`, then twice that, ... before giving up on it. */
async function fetchWithBackoff(
  talk: BatchTalk,
  deps: BatchDeps,
  o: { backoffMs: number; rateRetries: number; sleep: NonNullable<BatchOptions['sleep']>; signal?: AbortSignal; onWait?: BatchOptions['onWait'] },
): Promise<TalkOutcome> {
  for (let attempt = 0; ; attempt++) {
    try {
      return { state: 'fetched', record: await deps.fetchOne(talk) };
    } catch (error) {
      const known = error instanceof PanelnotesError ? error : new PanelnotesError('UPSTREAM_FAILED', `fetching failed: ${(error as Error).message}`);
      if (blockedBy(error) !== 'rate' || attempt >= o.rateRetries || o.signal?.aborted) return { state: 'failed', error: known };
      const wait = o.backoffMs * 2 ** attempt;
      o.onWait?.(wait, talk);
      await o.sleep(wait, o.signal);
      if (o.signal?.aborted) return { state: 'failed', error: known };
    }
  }
}

/** `setTimeout` as a promise that an abort ends at once. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted || ms <= 0) return resolve();
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
