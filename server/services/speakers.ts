import type { CompiledCues } from '../../index/cues.js';
import { suggestSpeakers, type SuggestedTurn } from '../../index/suggestSpeakers.js';
import { PanelnotesError } from '../errors.js';
import type { Store, WriteContext } from '../store/types.js';
import type { NewTurn, SpeakerTurn } from '../notes/types.js';
import { check, checkMoments } from '../notes/validate.js';
import { confirmBody, questionsRequest, suggestBody, tagBody, undoBody } from '../speakers/requests.js';
import { rosterFor } from '../speakers/roster.js';
import type { NotesIndex } from './notes.js';
import { mayChange, type Writer } from './writers.js';
import { questionsView, type QuestionsView } from './questions.js';
import type { NotesVideos } from './videos.js';

/** A talk's speaker suggestions: whom they could name, and the turns. */
export interface Suggestions {
  videoId: string;
  roster: string[];
  moderator?: string;
  /** Anything to know about what was suggested (a sample names nobody; no roster names few). */
  notice?: string;
  turns: SuggestedTurn[];
  /** The turns written, when the suggestions were applied or accepted. */
  applied?: SpeakerTurn[];
}

/** A turn tagged while watching, what it changed, and how to undo it (POST it to …/speakers/undo). */
export interface Tagged {
  turn: SpeakerTurn | null;
  undo: { remove: string[]; put: SpeakerTurn[] };
  turns: SpeakerTurn[];
}

/** Two presses this close are one moment: the second renames the turn the first started. */
const SAME_MOMENT = 1;
/** A suggestion cut around turns a person set keeps only pieces at least this long. */
const LEAST_PIECE = 1;

/**
 * Speakers beyond hand-set spans: suggestions from the captions' cues (shown, applied or
 * accepted one by one, then confirmed), and turns tagged while watching with their undo. Every
 * write goes to the store in one transaction, then the video's index is rebuilt (where there is
 * a live one) so `speaker:` finds it on the next search.
 */
export class SpeakersService {
  constructor(
    private readonly store: Store,
    private readonly videos: NotesVideos,
    private readonly transitions: CompiledCues,
    private readonly index?: Pick<NotesIndex, 'refreshSpeakers'>,
  ) {}

  /** The suggestions for a video (`body`: roster, moderator, as suggestBody reads them); written when `apply` or `accept` says so. */
  async suggest(videoId: string, body: unknown, by?: Writer): Promise<Suggestions> {
    const request = check(suggestBody, body ?? {});
    const record = this.videos.record(videoId);
    const { roster, never, notice } = rosterFor(record, request.roster);
    const turns = suggestSpeakers(record.segments, {
      roster,
      ...(request.moderator ? { moderator: request.moderator } : {}),
      transitions: this.transitions,
      never,
    });
    const moderator = request.moderator !== undefined && !never.includes(request.moderator) ? request.moderator : undefined;
    const suggestions: Suggestions = { videoId, roster, ...(moderator ? { moderator } : {}), ...(notice ? { notice } : {}), turns };
    if (!request.apply && !request.accept) return suggestions;
    return { ...suggestions, applied: await this.write(videoId, turns, request.accept, by) };
  }

  /**
   * Writes named suggestions as turns marked suggested: all (replacing the video's earlier
   * unconfirmed ones), or those at `accept` (replacing the suggested turns they overlap). Turns
   * a person set or confirmed stay: a suggestion only fills the time around them.
   */
  private async write(videoId: string, turns: readonly SuggestedTurn[], accept: readonly number[] | undefined, by: Writer | undefined): Promise<SpeakerTurn[]> {
    for (const i of accept ?? []) {
      const turn = turns[i];
      if (!turn) throw new PanelnotesError('USAGE', `there is no suggestion ${i}: this video has ${turns.length} (0 to ${turns.length - 1})`);
      if (turn.speaker === null) throw new PanelnotesError('USAGE', `suggestion ${i} names nobody (unknown): there is nothing to accept`);
    }
    const chosen = accept ? [...new Set(accept)].map((i) => turns[i] as SuggestedTurn) : turns.filter((t) => t.speaker !== null);
    const existing = await this.store.listTurns(videoId);
    const kept = existing.filter((t) => !t.suggested);
    const pieces: NewTurn[] = chosen.flatMap((t) =>
      around(t, kept).map(([start, end]) => ({ start, end, name: t.speaker as string, suggested: true, confidence: t.confidence, cues: t.cues })),
    );
    // All suggestions applied replace every earlier one; accepted ones, those they overlap.
    const replaced = existing.filter((t) => t.suggested && (!accept || pieces.some((p) => p.start < t.end && t.start < p.end)));
    for (const turn of replaced) mayChange(turn, by, `speaker turn ${turn.id}`);
    let added: SpeakerTurn[];
    if (!accept) added = (await this.store.replaceSuggested(videoId, pieces, context(by))).added;
    else added = await this.store.changeTurns(videoId, { remove: replaced.map((t) => t.id), add: pieces }, context(by));
    await this.index?.refreshSpeakers(videoId);
    return added;
  }

  /**
   * Marks suggested turns as confirmed by a person (`body.ids`, or all of the video's; in team
   * mode all of the writer's own, an admin's all). Returns those confirmed.
   * @throws PanelnotesError FORBIDDEN for another's turn named in `ids` (team mode)
   */
  async confirm(videoId: string, body: unknown, by?: Writer): Promise<SpeakerTurn[]> {
    this.videos.record(videoId);
    const { ids } = check(confirmBody, body ?? {});
    if (!by || by.admin) return this.store.confirmTurns(videoId, ids);
    const suggested = (await this.store.listTurns(videoId)).filter((t) => t.suggested);
    if (ids === undefined)
      return this.store.confirmTurns(
        videoId,
        suggested.filter((t) => t.author === by.name).map((t) => t.id),
      );
    for (const turn of suggested) if (ids.includes(turn.id)) mayChange(turn, by, `speaker turn ${turn.id}`);
    return this.store.confirmTurns(videoId, ids);
  }

  /**
   * A turn starting at a moment, tagged while watching (`body`: at, name; no name for someone
   * unknown). The turn playing then ends there; the new one runs to where that one ended, or to
   * the next turn (the video's end when none). A press within SAME_MOMENT of a turn's start
   * renames that turn instead. The answer says how to undo it.
   */
  async tag(videoId: string, body: unknown, by?: Writer): Promise<Tagged> {
    const { at, name } = check(tagBody, body ?? {});
    const length = this.videos.duration(videoId);
    checkMoments({ start: at }, length, 'speaker span');
    const turns = await this.store.listTurns(videoId);
    const playing = turns.filter((t) => t.start <= at + SAME_MOMENT / 2 && at < t.end).at(-1);
    const next = turns.find((t) => t.start > at + SAME_MOMENT / 2)?.start ?? Math.max(length, at + SAME_MOMENT);
    const who = name ?? null;
    let change: { remove?: string[]; put?: SpeakerTurn[]; add?: NewTurn[] };
    let undo: Tagged['undo'];
    // Ending or renaming the turn playing changes it: in team mode, the writer's own (or an admin's doing).
    if (playing) mayChange(playing, by, `speaker turn ${playing.id}`);
    if (playing && Math.abs(playing.start - at) < SAME_MOMENT) {
      change = { remove: [playing.id], ...(who === null ? {} : { add: [{ start: playing.start, end: playing.end, name: who }] }) };
      undo = { remove: [], put: [playing] };
    } else if (playing) {
      change = { put: [{ ...playing, end: at }], ...(who === null ? {} : { add: [{ start: at, end: playing.end, name: who }] }) };
      undo = { remove: [], put: [playing] };
    } else {
      change = who === null ? {} : { add: [{ start: at, end: next, name: who }] };
      undo = { remove: [], put: [] };
    }
    const [turn] = await this.store.changeTurns(videoId, change, context(by));
    if (turn) undo.remove.push(turn.id);
    await this.index?.refreshSpeakers(videoId);
    return { turn: turn ?? null, undo, turns: await this.store.listTurns(videoId) };
  }

  /**
   * Who answered what in a video: its questions and their answers, and its speaking time by
   * person and topic (see questionsView). `query`: who chairs (`moderator`) and whom the
   * speakers not yet set may be (`roster`), as questionsRequest reads them.
   */
  async questions(videoId: string, query: unknown = {}): Promise<QuestionsView> {
    const { moderator, roster } = check(questionsRequest, query);
    const { chapters, topicLabel } = this.videos.exportSource(videoId);
    const record = this.videos.record(videoId);
    return questionsView({
      record,
      chapters,
      topicLabel,
      turns: await this.store.listTurns(videoId),
      transitions: this.transitions,
      ...(moderator ? { moderator } : {}),
      ...(roster ? { roster } : {}),
    });
  }

  /** Undoes a tag: removes the turns it added, puts back those it changed (`body` as the tag's `undo` said). */
  async undo(videoId: string, body: unknown, by?: Writer): Promise<SpeakerTurn[]> {
    const { remove, put } = check(undoBody, body ?? {});
    const length = this.videos.duration(videoId);
    // The body is the client's word: every turn it removes or replaces is checked as it stands
    // now, and every turn it puts back as it would stand (its author is not taken on trust).
    for (const id of remove) {
      const now = await this.store.getTurn(id);
      if (now?.videoId === videoId) mayChange(now, by, `speaker turn ${id}`);
    }
    for (const turn of put) {
      if (turn.videoId !== videoId) throw new PanelnotesError('USAGE', `speaker turn ${turn.id} is not of video ${videoId}`);
      if (!(turn.end > turn.start)) throw new PanelnotesError('USAGE', 'a speaker span must end after it starts');
      checkMoments(turn, length, 'speaker span');
      const now = await this.store.getTurn(turn.id);
      if (now && now.videoId !== videoId) throw new PanelnotesError('USAGE', `speaker turn ${turn.id} is not of video ${videoId}`);
      if (now) mayChange(now, by, `speaker turn ${turn.id}`);
      mayChange(turn, by, `speaker turn ${turn.id}`);
    }
    await this.store.changeTurns(videoId, { remove, put }, context(by));
    await this.index?.refreshSpeakers(videoId);
    return this.store.listTurns(videoId);
  }
}

/** What a write of turns records of its writer: their name as author (team mode). */
function context(by: Writer | undefined): WriteContext {
  return by ? { author: by.name } : {};
}

/** The stretches of `turn` that no turn of `kept` covers, each at least LEAST_PIECE long. */
function around(turn: { start: number; end: number }, kept: readonly { start: number; end: number }[]): [number, number][] {
  let pieces: [number, number][] = [[turn.start, turn.end]];
  for (const k of kept)
    pieces = pieces.flatMap(([s, e]): [number, number][] =>
      k.end <= s || k.start >= e
        ? [[s, e]]
        : [
            [s, k.start],
            [k.end, e],
          ],
    );
  return pieces.filter(([s, e]) => e - s >= LEAST_PIECE);
}
