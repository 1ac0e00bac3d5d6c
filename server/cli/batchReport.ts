import cliProgress from 'cli-progress';
import type { PanelnotesError } from '../errors.js';
import type { BatchOptions, BatchSummary, BatchTalk, TalkOutcome } from '../services/batch.js';
import { provenanceLabel } from '../transcript/provenance.js';
import type { CliIO } from './context.js';

/**
 * The exit codes of a command that handles many talks (`fetch` of a list, `import` of a
 * folder): 0 when every talk is in the library, these when not.
 */
export const BATCH_EXIT = {
  /** Some talks are in the library, some failed or were not reached. */
  SOME: 20,
  /** No talk is in the library. */
  NONE: 21,
  /** Interrupted (Ctrl-C): run the same command again to go on. */
  INTERRUPTED: 130,
} as const;

/** Ends a command with an exit code that is not an error's (see runCli). */
export class ExitStatus extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** The exit code a batch ends with. */
export function batchExitCode(summary: Pick<BatchSummary, 'total' | 'fetched' | 'skipped' | 'interrupted'>): number {
  if (summary.interrupted) return BATCH_EXIT.INTERRUPTED;
  const done = summary.fetched + summary.skipped;
  return done === summary.total ? 0 : done === 0 ? BATCH_EXIT.NONE : BATCH_EXIT.SOME;
}

const REASONS: Partial<Record<PanelnotesError['code'], string>> = {
  RATE_LIMITED: 'refused by YouTube',
  CAPTIONS_DISABLED: 'captions disabled',
  VIDEO_UNAVAILABLE: 'video unavailable',
  NETWORK_DOWN: 'network down',
  LANGUAGE_UNAVAILABLE: 'not in that language',
  TRANSCRIPT_EMPTY: 'empty transcript',
  UPSTREAM_FAILED: 'YouTube or the proxy failing',
};

/** One line per talk: what it got (language, manual or auto, segments) or why not. */
export function talkLine(index: number, total: number, talk: BatchTalk, outcome: TalkOutcome): string {
  const at = `[${String(index + 1).padStart(String(total).length)}/${total}] ${talk.videoId}`;
  switch (outcome.state) {
    case 'fetched': {
      const r = outcome.record;
      const kind = r.captionKind === 'asr' ? 'auto-generated' : r.captionKind;
      return `${at} fetched "${r.title}": ${r.language}, ${kind}, ${r.segments.length} segments`;
    }
    case 'skipped':
      return `${at} skipped: already in the library (${provenanceLabel(outcome.record)}, ${outcome.record.fetchedAt.slice(0, 10)})`;
    case 'failed':
      return `${at} failed: ${outcome.error.message}`;
  }
}

/** The lines after the last talk: the counts, the reasons, and what to do next. */
export function summaryLines(summary: BatchSummary): string[] {
  const failures = summary.outcomes.flatMap(({ outcome }) => (outcome.state === 'failed' ? [outcome.error] : []));
  const reasons = new Map<string, number>();
  for (const error of failures) reasons.set(REASONS[error.code] ?? 'other trouble', (reasons.get(REASONS[error.code] ?? 'other trouble') ?? 0) + 1);
  const because = reasons.size ? ` (${[...reasons].map(([why, n]) => `${n} ${why}`).join(', ')})` : '';
  const counts = [`${summary.fetched} fetched`, `${summary.skipped} already there`, `${summary.failed} failed${because}`];
  if (summary.notTried) counts.push(`${summary.notTried} not tried`);
  const lines = [`${summary.total} talk(s): ${counts.join(', ')}`];
  const blocked = failures.find((e) => e.code === 'RATE_LIMITED' || e.code === 'NETWORK_DOWN');
  if (summary.interrupted) lines.push('interrupted: the talks not tried are left for the next run');
  if (summary.stoppedBlocked) lines.push('stopped: YouTube refused (or could not be reached for) several talks in a row; asking on would only make it worse');
  if (blocked?.hint) lines.push(`hint: ${blocked.hint}`);
  if (summary.interrupted || summary.stoppedBlocked || summary.failed)
    lines.push('run the same command again to go on: talks already in the library are skipped (--refresh fetches them again)');
  return lines;
}

/**
 * Where a batch reports: a line per talk on stdout, and on a terminal a progress bar on
 * stderr that the lines print above.
 */
export function batchReporter(io: CliIO, total: number): Pick<BatchOptions, 'onStart' | 'onTalk' | 'onWait'> & { done(): void } {
  const bars = io.tty
    ? new cliProgress.MultiBar({ format: 'fetching [{bar}] {value}/{total} {talk}', stream: process.stderr, clearOnComplete: true, hideCursor: true })
    : undefined;
  const bar = bars?.create(total, 0, { talk: '' });
  const say = (line: string): void => (bars ? bars.log(`${line}\n`) : io.out(line));
  return {
    onStart: (index, talk) => bar?.update(index, { talk: talk.title ?? talk.videoId }),
    onWait: (ms) => say(`  YouTube answered 429 (too many requests): waiting ${Math.round(ms / 1000)} s before asking again`),
    onTalk: (index, talk, outcome) => {
      say(talkLine(index, total, talk, outcome));
      bar?.update(index + 1);
    },
    done: () => bars?.stop(),
  };
}
