import { z } from 'zod';
import { MAX_ROSTER, parseRoster } from '../../index/roster.js';
import { momentField, speakerName } from '../notes/validate.js';
import { VIDEO_ID } from '../videoId.js';

/**
 * What people send about speakers beyond a hand-set span (server/notes/validate.ts has that):
 * a roster to suggest from, suggestions to accept, turns to confirm, a turn tagged while
 * watching and its undo. Checked once, at the edge; the API's contract (server/contracts/) is
 * these very schemas.
 */

/** The kinds of cue a suggestion gives (index/turnSpans.ts). */
export const CUE_KINDS = ['turn-mark', 'voice', 'introduction', 'hand-off', 'thanks', 'chair', 'answer'] as const;

/** Why a speaker was suggested: the kind of cue, its words, and the second they were said. */
export const speakerCueSchema = z.object({
  kind: z
    .enum(CUE_KINDS)
    .describe(
      'turn-mark: `>>` in the captions; voice: `<v Name>`; introduction: "hi, I\'m Ana"; hand-off: "Bo, what do you think?"; ' +
        'thanks: "thanks, Ana" (names who just spoke); chair: the moderator\'s words (welcomes, next question); answer: where an answer starts',
    ),
  text: z.string().max(500).describe('the words of the cue, as the captions have them'),
  at: z.number().min(0),
});

/** A speaker turn as the API answers it (and as an undo puts it back). */
export const speakerTurnSchema = z.object({
  id: z.uuid(),
  videoId: z.string().regex(VIDEO_ID).describe("YouTube's 11-character video id"),
  start: z.number().min(0),
  end: z.number().min(0),
  name: z.string(),
  createdAt: z.iso.datetime({ offset: true }),
  author: z.string().optional().describe("who set it, in team mode (a user's name); absent in single-user mode"),
  suggested: z.literal(true).optional().describe('suggested from the captions and not yet confirmed by a person (absent once confirmed, or when set by hand)'),
  confidence: z.number().min(0).max(1).optional().describe("a suggestion's confidence, 0 to 1"),
  cues: z.array(speakerCueSchema).max(20).optional().describe('why it was suggested'),
});

/** Names as a list, or one string separated by commas, semicolons or new lines. */
const roster = z
  .union([
    z.array(z.string().max(100)).max(MAX_ROSTER),
    z
      .string()
      .max(MAX_ROSTER * 101)
      .transform(parseRoster),
  ])
  .pipe(z.array(speakerName).max(MAX_ROSTER, `a roster holds at most ${MAX_ROSTER} names`))
  .describe(
    `who may be named: a list, or one string of names separated by commas; at most ${MAX_ROSTER}. ` +
      "Unless given, the video's panelists (none for a synthetic sample)",
  );

/** POST /api/videos/{id}/speakers/suggest: whom to suggest, and whether to write the suggestions. */
export const suggestBody = z.strictObject({
  roster: roster.optional(),
  moderator: speakerName.optional().describe('who chairs: their turns are those that welcome, hand over, thank and take questions'),
  apply: z.boolean().optional().describe('write the named suggestions as speaker turns marked suggested (replacing earlier unconfirmed ones)'),
  accept: z.array(z.int().min(0)).max(10_000).optional().describe('write only these suggestions (their positions in `turns`), marked suggested'),
});
export type SuggestRequest = z.output<typeof suggestBody>;

/** POST /api/videos/{id}/speakers/confirm: the suggested turns a person confirms. */
export const confirmBody = z.strictObject({
  ids: z.array(z.uuid()).max(10_000).optional().describe("the turns confirmed; all the video's suggested turns when left out"),
});

/** POST /api/videos/{id}/speakers/tag: a turn starting at a moment, tagged while watching. */
export const tagBody = z.strictObject({
  at: momentField,
  name: speakerName.nullable().optional().describe('who starts speaking; null or left out: someone unknown (the turn playing ends there)'),
});

/** POST /api/videos/{id}/speakers/undo: a tag undone, as its answer's `undo` says. */
export const undoBody = z.strictObject({
  remove: z.array(z.uuid()).max(20).default([]).describe('turns to remove'),
  put: z.array(speakerTurnSchema).max(20).default([]).describe('turns to put back as they were'),
});

/** GET /api/videos/{id}/questions: who chairs, and whom the speakers not yet set may be. */
export const questionsRequest = z.strictObject({
  moderator: speakerName.optional().describe('who chairs (else whoever accepted suggestions found chairing)'),
  roster: roster.optional(),
});
