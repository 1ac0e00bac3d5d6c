/** The speaker operations of the JSON API (turns, suggestions, tagging, questions): part of OPERATIONS (operations.ts). */
import { json, READ, WRITE, type Operation } from './operationKinds.js';
import { questionsQuerySchema } from './speakers.js';

export const SPEAKER_OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/api/videos/{id}/speakers',
    operationId: 'listSpeakers',
    summary: 'Who speaks when',
    id: 'video',
    answers: [{ status: 200, description: 'Speaker turns', content: json('SpeakerTurns') }],
    errors: [400, 404, ...READ],
  },
  {
    method: 'post',
    path: '/api/videos/{id}/speakers',
    operationId: 'addSpeaker',
    summary: 'Say who speaks from start to end (passages and the index follow at once)',
    id: 'video',
    body: json('NewSpeakerTurn'),
    answers: [{ status: 201, description: 'The turn', content: json('SpeakerTurn') }],
    errors: [400, 404, ...WRITE],
  },
  {
    method: 'post',
    path: '/api/videos/{id}/speakers/suggest',
    operationId: 'suggestSpeakers',
    summary: 'Suggest who speaks when, from what the captions say (turn marks, voices, introductions, hand-offs)',
    description:
      'Names come only from cues: a turn no cue names is unknown (speaker null). With `apply`, the named suggestions are written as speaker turns ' +
      'marked suggested (replacing earlier unconfirmed ones); with `accept`, only those. Turns people set are kept: suggestions fill the time around them. ' +
      "A synthetic sample's panelists are never suggested.",
    id: 'video',
    body: json('SuggestSpeakers'),
    answers: [{ status: 200, description: 'The suggestions (and the turns written, when asked)', content: json('SpeakerSuggestions') }],
    errors: [400, 404, ...WRITE],
  },
  {
    method: 'post',
    path: '/api/videos/{id}/speakers/confirm',
    operationId: 'confirmSpeakers',
    summary: 'Confirm suggested speaker turns (those given, or all of the video)',
    id: 'video',
    body: json('ConfirmSpeakers'),
    answers: [{ status: 200, description: 'The turns confirmed', content: json('ConfirmedSpeakers') }],
    errors: [400, 404, ...WRITE],
  },
  {
    method: 'post',
    path: '/api/videos/{id}/speakers/tag',
    operationId: 'tagSpeaker',
    summary: "Start someone's turn at a moment, as tagged while watching (no name: someone unknown)",
    description:
      "The turn playing at `at` ends there; the new one runs to where that one ended, or to the next turn. A tag within a second of a turn's start renames that turn. " +
      'The answer carries `undo`, the body that undoes it.',
    id: 'video',
    body: json('TagSpeaker'),
    answers: [{ status: 201, description: 'The turn, the undo, and the turns now', content: json('TaggedSpeaker') }],
    errors: [400, 404, ...WRITE],
  },
  {
    method: 'post',
    path: '/api/videos/{id}/speakers/undo',
    operationId: 'undoSpeakerTag',
    summary: "Undo a tag: the body is the tag's `undo`",
    id: 'video',
    body: json('UndoTag'),
    answers: [{ status: 200, description: "The video's turns now", content: json('SpeakerTurns') }],
    errors: [400, 404, ...WRITE],
  },
  {
    method: 'get',
    path: '/api/videos/{id}/questions',
    operationId: 'questions',
    summary: 'Who answered what: the questions asked, their answers, and speaking time by person and topic',
    id: 'video',
    query: questionsQuerySchema,
    answers: [{ status: 200, description: 'The questions view', content: json('QuestionsView') }],
    errors: [400, 404, ...READ],
  },
  {
    method: 'delete',
    path: '/api/speakers/{id}',
    operationId: 'deleteSpeaker',
    summary: 'Remove a speaker turn',
    id: 'speaker span',
    answers: [{ status: 200, description: 'What was removed', content: json('DeletedSpeakerTurn') }],
    errors: [404, ...WRITE],
  },
];
