/**
 * Every operation of the JSON API, as data: what openapi.ts turns into the document's `paths`.
 * Bodies and answers name a component (components.ts); the error statuses are the ones each
 * operation can answer (see ERROR_CODES for the codes behind each).
 */
import { searchQuerySchema } from './search.js';
import { exportQuerySchema, notesQuerySchema } from './notes.js';
import { transcriptQuerySchema } from './videos.js';
import { json, READ, WRITE, type Operation } from './operationKinds.js';
import { SPEAKER_OPERATIONS } from './speakerOperations.js';

export type { Answer, Method, Operation } from './operationKinds.js';

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
    summary: 'Change a note (with `updatedAt` or If-Match: only if it has not changed since)',
    id: 'note',
    body: json('NoteChange'),
    answers: [{ status: 200, description: 'The note', content: json('Note') }],
    errors: [400, 404, 409, 413, ...WRITE],
  },
  {
    method: 'delete',
    path: '/api/notes/{id}',
    operationId: 'deleteNote',
    summary: 'Delete a note (with If-Match: only if it has not changed since)',
    id: 'note',
    answers: [{ status: 200, description: 'What was deleted', content: json('DeletedNote') }],
    errors: [404, 409, ...WRITE],
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
  ...SPEAKER_OPERATIONS,
];
