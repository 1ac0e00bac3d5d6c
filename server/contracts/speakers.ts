/**
 * Speaker suggestions, tagging while watching, and who answered what, in the JSON API. The
 * request bodies are the very schemas that check them (server/speakers/requests.ts); the
 * answers' TypeScript types are the services' own, held equal to these by the checks at the end.
 */
import { z } from 'zod';
import type { Question } from '../../index/questions.js';
import type { SpeakerRow } from '../../index/speakingTime.js';
import type { SuggestedTurn } from '../../index/suggestSpeakers.js';
import type { QuestionsView } from '../services/questions.js';
import type { Suggestions, Tagged } from '../services/speakers.js';
import { confirmBody, speakerCueSchema, speakerTurnSchema, suggestBody, tagBody, undoBody } from '../speakers/requests.js';
import { sameType, secondsSchema, topicSchema, videoIdSchema } from './common.js';

export { confirmBody as confirmSpeakersSchema, suggestBody as suggestSpeakersSchema, tagBody as tagSpeakerSchema, undoBody as undoTagSchema };

const confidence = z.number().min(0).max(1);

/** A suggested turn: who (null: nobody the cues name), when, how sure, and why. */
export const suggestedTurnSchema = z.object({
  speaker: z.string().nullable().describe('null: unknown, no cue names this turn (or cues disagree)'),
  start: secondsSchema,
  end: secondsSchema,
  confidence: confidence.describe('0 for an unknown turn; else how strongly its cues agree on the name'),
  cues: z.array(speakerCueSchema).describe('where the turn starts and what names it, in that order (at most 6)'),
});

export const speakerSuggestionsSchema = z.object({
  videoId: videoIdSchema,
  roster: z.array(z.string()).describe('whom the suggestions could name'),
  moderator: z.string().optional(),
  notice: z.string().optional().describe('anything to know about the suggestions (a sample names nobody; no roster names few)'),
  turns: z.array(suggestedTurnSchema).describe('in time order, from the start of the talk to its end'),
  applied: z.array(speakerTurnSchema).optional().describe('the speaker turns written (marked suggested), when asked to apply or accept'),
});

export const confirmedSpeakersSchema = z.object({ confirmed: z.array(speakerTurnSchema).describe('the turns now confirmed') });

export const taggedSpeakerSchema = z.object({
  turn: speakerTurnSchema.nullable().describe('the turn that starts at the moment; null when tagged as unknown'),
  undo: z.object({ remove: z.array(z.uuid()), put: z.array(speakerTurnSchema) }).describe('POST this to /api/videos/{id}/speakers/undo to undo the tag'),
  turns: z.array(speakerTurnSchema).describe("the video's turns now, by start"),
});

export const answerSchema = z.object({
  speaker: z.string().nullable().describe('null: unknown'),
  suggested: z.boolean().describe('the speaker is a suggestion nobody confirmed'),
  start: secondsSchema,
  end: secondsSchema,
  words: z.string().describe('its first words'),
});

export const questionSchema = z.object({
  start: secondsSchema,
  end: secondsSchema,
  text: z.string(),
  asker: z.enum(['moderator', 'audience', 'online', 'panelist', 'unknown']),
  speaker: z.string().nullable().describe('who asked it, where known (the moderator reading an online question)'),
  topic: topicSchema.optional(),
  answers: z.array(answerSchema).describe('the turns after it by others than the asker and the moderator, until the next question; empty: unanswered'),
});

export const speakerRowSchema = z.object({
  speaker: z.string(),
  total: secondsSchema.describe('seconds spoken in all'),
  suggested: z.boolean().describe('some of it rests on suggestions nobody confirmed'),
  cells: z
    .partialRecord(topicSchema, z.object({ seconds: secondsSchema, moments: z.array(secondsSchema).describe('where each turn on the topic starts') }))
    .describe('by topic'),
});

export const questionsViewSchema = z.object({
  videoId: videoIdSchema,
  title: z.string(),
  url: z.url().optional().describe('where the talk can be watched; a talk not on YouTube imported without a URL has none'),
  moderator: z.string().optional(),
  speakers: z.enum(['turns', 'suggestions', 'both']).describe('where the speakers come from: turns people set or accepted, suggestions made now, or both'),
  notice: z.string().optional(),
  questions: z.array(questionSchema).describe('in time order'),
  topics: z.array(z.object({ id: topicSchema, label: z.string() })).describe("the talk's topics, in the order they first come up"),
  speakingTime: z.array(speakerRowSchema).describe('people by time spoken, most first'),
});

/** GET /api/videos/{id}/questions's parameter. */
export const questionsQuerySchema = z.object({
  moderator: z.string().max(100).optional().describe('who chairs (else whoever accepted suggestions found chairing)'),
  roster: z
    .string()
    .max(4040)
    .optional()
    .describe("names, separated by commas, that suggestions may give the turns nobody set (besides the video's panelists and the names already set)"),
});

sameType<SuggestedTurn, z.infer<typeof suggestedTurnSchema>>(true);
sameType<Suggestions, z.infer<typeof speakerSuggestionsSchema>>(true);
sameType<Tagged, z.infer<typeof taggedSpeakerSchema>>(true);
sameType<Question, z.infer<typeof questionSchema>>(true);
sameType<SpeakerRow, z.infer<typeof speakerRowSchema>>(true);
sameType<QuestionsView, z.infer<typeof questionsViewSchema>>(true);
