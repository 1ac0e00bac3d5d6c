/**
 * Every operation of the JSON API, as data: what openapi.ts turns into the document's `paths`.
 * Bodies and answers name a component (components.ts); the error statuses are the ones each
 * operation can answer (see ERROR_CODES for the codes behind each).
 */
import type { z } from 'zod';
import { searchQuerySchema } from './search.js';
import { exportQuerySchema, notesQuerySchema } from './notes.js';
import { transcriptQuerySchema } from './videos.js';
import { questionsQuerySchema } from './speakers.js';

export type Method = 'get' | 'post' | 'patch' | 'delete';

/** A response: its description and, per media type, a component's name (or `null`: no schema). */
export interface Answer {
  status: number;
  description: string;
  content: Record<string, string | null>;
  /** A Location header points at what was made. */
  location?: string;
}

export interface Operation {
  method: Method;
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  /** The path's `{id}`: a video id (a malformed one is 400) or another id (an unknown one is 404). */
  id?: 'video' | 'job' | 'note' | 'speaker span';
  /** Query parameters: one per property; optional or defaulted ones are not required. */
  query?: z.ZodObject;
  /** The request body, per media type: a component's name. */
  body?: Record<string, string>;
  answers: Answer[];
  errors: number[];
}

/** Refusals any request can meet. */
const READ = [421];
/** Refusals any write can meet: token, origin, rate limit, and a store that cannot save. */
const WRITE = [401, 403, 421, 429, 500, 503, 507];
const json = (component: string): Record<string, string> => ({ 'application/json': component });

export const OPERATIONS: Operation[] = [
  {
    method: 'get',
    path: '/api/videos',
    operationId: 'listVideos',
    summary: 'The library',
    answers: [{ status: 200, description: 'Every video, sorted by title', content: json('VideoList') }],
    errors: READ,
  },
  {
    method: 'post',
    path: '/api/videos',
    operationId: 'addVideo',
    summary: 'Add a video: fetch from YouTube (JSON), or import a caption file (multipart)',
    body: { 'application/json': 'FetchVideo', 'multipart/form-data': 'CaptionUpload' },
    answers: [
      { status: 201, description: 'Imported from the caption file', content: json('VideoSummary'), location: 'the video: /api/videos/{id}' },
      { status: 202, description: 'Fetching in the background; poll the job (Location header)', content: json('Job'), location: 'the job: /api/jobs/{id}' },
    ],
    errors: [400, 413, 422, ...WRITE],
  },
  {
    method: 'get',
    path: '/api/videos/{id}',
    operationId: 'getVideo',
    summary: 'A video: metadata, passages and chapters',
    id: 'video',
    answers: [{ status: 200, description: 'The video', content: json('VideoDetail') }],
    errors: [400, 404, ...READ],
  },
  {
    method: 'get',
    path: '/api/videos/{id}/transcript',
    operationId: 'exportTranscript',
    summary: "A video's transcript as a file, whole or a range",
    description:
      'Speakers (as set, else as the captions say) and chapters (titled) where known. SRT and WebVTT exports import back with the same words and times. ' +
      'An export of the synthetic sample says so in every format, and importing it back keeps it a sample.',
    id: 'video',
    query: transcriptQuerySchema,
    answers: [
      {
        status: 200,
        description: 'Plain text, Markdown, SubRip, WebVTT or JSON, as an attachment',
        content: {
          'application/json': 'TranscriptExport',
          'text/plain': null,
          'text/markdown': null,
          'application/x-subrip': null,
          'text/vtt': null,
        },
      },
    ],
    errors: [400, 404, ...READ],
  },
  {
    method: 'get',
    path: '/api/videos/{id}/version',
    operationId: 'videoVersion',
    summary: 'What an open transcript page compares to offer a reload',
    description: 'Changes when the transcript, its notes or its speakers change, whichever process changed them (the server picks up changes within a second).',
    id: 'video',
    answers: [{ status: 200, description: 'The version', content: json('Version') }],
    errors: [400, 404, ...READ],
  },
  {
    method: 'get',
    path: '/api/library/version',
    operationId: 'libraryVersion',
    summary: 'What an open library or search page compares to offer a reload',
    description: 'Changes when any transcript is added, replaced or removed, or any notes or speakers change.',
    answers: [{ status: 200, description: 'The version', content: json('Version') }],
    errors: READ,
  },
  {
    method: 'get',
    path: '/api/search',
    operationId: 'search',
    summary: 'Search what was said',
    query: searchQuerySchema,
    answers: [{ status: 200, description: 'Matches, best first', content: json('SearchResponse') }],
    errors: [400, 404, ...READ],
  },
  {
    method: 'get',
    path: '/api/jobs/{id}',
    operationId: 'getJob',
    summary: 'A background fetch',
    id: 'job',
    answers: [{ status: 200, description: 'The job', content: json('Job') }],
    errors: [404, ...READ],
  },
  {
    method: 'get',
    path: '/api/openapi.json',
    operationId: 'openapi',
    summary: 'This document',
    answers: [{ status: 200, description: 'OpenAPI 3.1, generated from the zod schemas in server/contracts/', content: { 'application/json': null } }],
    errors: READ,
  },
  {
    method: 'get',
    path: '/api/videos/{id}/notes',
    operationId: 'listNotes',
    summary: "A video's notes",
    description:
      'At most `limit` notes (1,000 unless asked for fewer) from `offset`, in time order, only those with `tag` when given; ' +
      '`total` says how many there are. The JSON export gives every note at once.',
    id: 'video',
    query: notesQuerySchema,
    answers: [{ status: 200, description: 'Notes by time', content: json('NotePage') }],
    errors: [400, 404, ...READ],
  },
  {
    method: 'post',
    path: '/api/videos/{id}/notes',
    operationId: 'addNote',
    summary: 'Add a note at a moment or over a span',
    id: 'video',
    body: json('NewNote'),
    answers: [{ status: 201, description: 'The note (Location: /api/notes/{id})', content: json('Note'), location: 'the note: /api/notes/{id}' }],
    errors: [400, 404, 413, ...WRITE],
  },
  {
    method: 'get',
    path: '/api/notes/{id}',
    operationId: 'getNote',
    summary: 'A note',
    id: 'note',
    answers: [{ status: 200, description: 'The note', content: json('Note') }],
    errors: [404, ...READ],
  },
  {
    method: 'patch',
    path: '/api/notes/{id}',
    operationId: 'updateNote',
    summary: 'Change a note',
    id: 'note',
    body: json('NoteChange'),
    answers: [{ status: 200, description: 'The note', content: json('Note') }],
    errors: [400, 404, 413, ...WRITE],
  },
  {
    method: 'delete',
    path: '/api/notes/{id}',
    operationId: 'deleteNote',
    summary: 'Delete a note',
    id: 'note',
    answers: [{ status: 200, description: 'What was deleted', content: json('DeletedNote') }],
    errors: [404, ...WRITE],
  },
  {
    method: 'get',
    path: '/api/videos/{id}/notes/export',
    operationId: 'exportNotes',
    summary: "A video's notes as a file",
    id: 'video',
    query: exportQuerySchema,
    answers: [
      {
        status: 200,
        description: 'Markdown, JSON (for import), WebVTT or W3C Web Annotation JSON-LD, as an attachment',
        content: { 'text/markdown': null, 'application/json': 'NotesExport', 'text/vtt': null, 'application/ld+json': null },
      },
    ],
    errors: [400, 404, ...READ],
  },
  {
    method: 'post',
    path: '/api/notes/import',
    operationId: 'importNotes',
    summary: 'Restore a JSON export (notes already there are skipped)',
    description:
      'The body is read as a JSON export whatever its content type (at most 25 MB); every note is checked (its video in the library, its moments inside the video) before any is written.',
    body: json('NotesExport'),
    answers: [{ status: 200, description: 'How many were added and skipped', content: json('ImportResult') }],
    errors: [400, 404, 413, 422, ...WRITE],
  },
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
