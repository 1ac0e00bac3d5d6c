/**
 * How a labelled talk is scored (the rules of ../shared/eval/README.md), as pure functions so
 * the scoring itself is tested: topic accuracy over labelled seconds, and for each query
 * whether a top-3 result hits the moment with the right topic and whether its link lands well.
 */

export interface LabelledStretch {
  topic: string;
  start: number;
  end: number;
}

export interface Stretch {
  topic: string;
  start: number;
  end: number;
}

/** A result as scoring sees it: its passage's bounds, its topic, and the second its link opens. */
export interface ScoredResult {
  start: number;
  end: number;
  at: number;
  topic: string;
}

/** A query hits within this many seconds of the moment. */
export const HIT_SECONDS = 10;
/** A jump is precise from this many seconds before the moment… */
export const EARLY_SECONDS = 10;
/** …to this many after it. */
export const LATE_SECONDS = 3;

/** The topic of the chapter holding second `t` (the nearest one outside them all). */
export function topicAt(chapters: readonly Stretch[], t: number): string | undefined {
  let nearest: Stretch | undefined;
  let distance = Infinity;
  for (const c of chapters) {
    if (t >= c.start && t < c.end) return c.topic;
    const d = t < c.start ? c.start - t : t - c.end;
    if (d < distance) {
      distance = d;
      nearest = c;
    }
  }
  return nearest?.topic;
}

/** Share of labelled seconds (each whole second, at its middle) whose chapter topic is the label's. */
export function topicAccuracy(labels: readonly LabelledStretch[], chapters: readonly Stretch[]): { right: number; seconds: number } {
  let right = 0;
  let seconds = 0;
  for (const label of labels) {
    for (let t = Math.floor(label.start); t < Math.ceil(label.end); t++) {
      const middle = t + 0.5;
      if (middle < label.start || middle >= label.end) continue;
      seconds++;
      if (topicAt(chapters, middle) === label.topic) right++;
    }
  }
  return { right, seconds };
}

export interface QueryScore {
  /** A top-3 result overlaps the moment within HIT_SECONDS and has the right topic. */
  hit: boolean;
  /** The link of the result that hit opens from EARLY_SECONDS before to LATE_SECONDS after the moment (no hit: not precise). */
  precise: boolean;
}

/** Scores one query's top results against the moment it is about (`at`, `topic`). */
export function scoreQuery(results: readonly ScoredResult[], at: number, topic: string): QueryScore {
  const top = results.slice(0, 3);
  const hitting = top.find((r) => r.start - HIT_SECONDS <= at && at <= r.end + HIT_SECONDS && r.topic === topic);
  return { hit: hitting !== undefined, precise: hitting !== undefined && hitting.at >= at - EARLY_SECONDS && hitting.at <= at + LATE_SECONDS };
}

/** A labelled turn (NAME.speakers.json), or a suggested one (speaker null: unknown). */
export interface SpeakerStretch {
  speaker: string | null;
  start: number;
  end: number;
}

export interface SpeakerScore {
  /** Labelled seconds (each whole second, at its middle, inside a labelled turn). */
  seconds: number;
  /** Of those, the seconds whose suggested speaker is the labelled one (names compared by their words, any case). */
  right: number;
  /** The seconds no suggestion names. */
  unknown: number;
  /** The seconds a suggestion names, right or not: `right / named` is the precision of named seconds. */
  named: number;
}

/**
 * How well suggested speakers match labelled ones, second by second: the share of spoken
 * seconds whose suggested speaker is right (`right / seconds`), the share left unknown
 * (`unknown / seconds`), and the precision of the named seconds (`right / named`).
 */
export function speakerScore(labels: readonly SpeakerStretch[], suggested: readonly SpeakerStretch[]): SpeakerScore {
  const score: SpeakerScore = { seconds: 0, right: 0, unknown: 0, named: 0 };
  const key = (name: string): string => name.toLowerCase().replace(/\s+/g, ' ').trim();
  for (const label of labels) {
    for (let t = Math.floor(label.start); t < Math.ceil(label.end); t++) {
      const middle = t + 0.5;
      if (middle < label.start || middle >= label.end || label.speaker === null) continue;
      score.seconds++;
      const said = suggested.find((s) => s.start <= middle && middle < s.end)?.speaker ?? null;
      if (said === null) score.unknown++;
      else {
        score.named++;
        if (key(said) === key(label.speaker)) score.right++;
      }
    }
  }
  return score;
}
