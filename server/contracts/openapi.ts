/**
 * Builds the OpenAPI 3.1 document of the JSON API from the zod schemas of server/contracts/
 * and the operations table (operations.ts). `npm run openapi` writes it to server/openapi.json,
 * which the server serves at /api/openapi.json; tests/openapi.test.ts fails while the
 * committed file differs from what this builds, and checks real answers against it.
 *
 * zod's `z.toJSONSchema` does the schema work, in JSON Schema 2020-12 (OpenAPI 3.1's dialect):
 * answers as zod outputs them (`io: 'output'`: objects closed with `additionalProperties:
 * false`), request bodies and parameters as a client sends them (`io: 'input'`: a time is a
 * number or a string before it becomes seconds; `end` may be null).
 */
import { z } from 'zod';
import { ERROR_CODES } from '../errors.js';
import { chapterSchema, ERROR_CODE_LIST, errorCodeSchema, errorSchema, topicSchema, videoIdSchema } from './common.js';
import {
  deletedNoteSchema,
  deletedSpeakerTurnSchema,
  importResultSchema,
  newNoteSchema,
  newSpeakerTurnSchema,
  noteChangeSchema,
  notePageSchema,
  notesExportSchema,
  noteSchema,
  speakerCueSchema,
  speakerTurnSchema,
  speakerTurnsSchema,
} from './notes.js';
import { OPERATIONS, type Operation } from './operations.js';
import {
  confirmedSpeakersSchema,
  confirmSpeakersSchema,
  questionsViewSchema,
  speakerSuggestionsSchema,
  suggestedTurnSchema,
  suggestSpeakersSchema,
  taggedSpeakerSchema,
  tagSpeakerSchema,
  undoTagSchema,
} from './speakers.js';
import { searchResponseSchema, searchResultSchema } from './search.js';
import {
  captionUploadSchema,
  fetchVideoSchema,
  jobSchema,
  passageSchema,
  transcriptExportSchema,
  versionSchema,
  videoDetailSchema,
  videoListSchema,
  videoSummarySchema,
} from './videos.js';

type Json = Record<string, unknown>;

/** What the API answers: components.schemas, converted as zod outputs them. */
const ANSWERS: Record<string, z.ZodType> = {
  Error: errorSchema,
  ErrorCode: errorCodeSchema,
  Topic: topicSchema,
  Chapter: chapterSchema,
  VideoSummary: videoSummarySchema,
  VideoList: videoListSchema,
  Passage: passageSchema,
  VideoDetail: videoDetailSchema,
  Job: jobSchema,
  TranscriptExport: transcriptExportSchema,
  Version: versionSchema,
  SearchResult: searchResultSchema,
  SearchResponse: searchResponseSchema,
  Note: noteSchema,
  NotePage: notePageSchema,
  DeletedNote: deletedNoteSchema,
  NotesExport: notesExportSchema,
  ImportResult: importResultSchema,
  SpeakerTurn: speakerTurnSchema,
  SpeakerTurns: speakerTurnsSchema,
  DeletedSpeakerTurn: deletedSpeakerTurnSchema,
  SpeakerCue: speakerCueSchema,
  SuggestedTurn: suggestedTurnSchema,
  SpeakerSuggestions: speakerSuggestionsSchema,
  ConfirmedSpeakers: confirmedSpeakersSchema,
  TaggedSpeaker: taggedSpeakerSchema,
  QuestionsView: questionsViewSchema,
};

/** What clients send: components.schemas, converted as zod reads them. */
const REQUESTS: Record<string, z.ZodType> = {
  FetchVideo: fetchVideoSchema,
  CaptionUpload: captionUploadSchema,
  NewNote: newNoteSchema,
  NoteChange: noteChangeSchema,
  NewSpeakerTurn: newSpeakerTurnSchema,
  SuggestSpeakers: suggestSpeakersSchema,
  ConfirmSpeakers: confirmSpeakersSchema,
  TagSpeaker: tagSpeakerSchema,
  UndoTag: undoTagSchema,
};

/** Each error status: its component name and what it means (the codes come from ERROR_CODES). */
const STATUSES: Record<number, [string, string]> = {
  400: ['BadRequest', 'Bad input: a malformed id, time, parameter, field or file'],
  401: ['Unauthorized', 'A write without the token this server needs (Authorization: Bearer <PANELNOTES_TOKEN>), or with a wrong one'],
  403: [
    'Forbidden',
    "A write not from this server's own pages: Sec-Fetch-Site other than same-origin, or an Origin of another site " +
      '(a program sends neither, and no cookies or the token as a Bearer header)',
  ],
  404: ['NotFound', 'No such video, note, speaker span, job or path'],
  409: [
    'Conflict',
    'The note changed since the version the writer saw (`updatedAt` in the body, or If-Match): nothing was changed; `current` is the note as it is now',
  ],
  413: ['TooLarge', 'The body, caption file or note text is over its limit'],
  421: ['Misdirected', 'A Host this server does not answer to (DNS rebinding)'],
  422: [
    'TooComplex',
    'A caption file past a content limit (CAPTIONS_TOO_COMPLEX: too many cues or lines, over 24 hours, XML nested too deep), ' +
      "or an import that is more work than any real file (TOO_COMPLEX: past a worker's time or memory)",
  ],
  429: ['TooManyRequests', 'Too many writes, fetches or wrong tokens from this address in a minute; wait a minute'],
  500: ['Internal', 'The library or database is not writable (nothing is half-written), or a bug (logged)'],
  503: ['Unavailable', 'The notes database is busy, or YouTube cannot be reached; try again'],
  507: ['DiskFull', 'The disk is full; nothing is half-written'],
};

const ref = (name: string, kind = 'schemas'): Json => ({ $ref: `#/components/${kind}/${name}` });

/**
 * zod's output, tidied where it says nothing an API reader needs: the bounds every `z.int()`
 * carries (JavaScript's safe integers), and the regular expression zod adds beside a `format`
 * that already says "date-time" or "uuid" (validators check the format itself).
 */
function tidy({ jsonSchema }: { jsonSchema: Json }): void {
  if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
  if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
  if (typeof jsonSchema.format === 'string') delete jsonSchema.pattern;
}

/** Named schemas as components, referring to one another by `#/components/schemas/<name>`. */
function components(named: Record<string, z.ZodType>, io: 'input' | 'output'): Record<string, Json> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(named)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { io, uri: (id) => `#/components/schemas/${id}`, override: tidy });
  if ('__shared' in schemas) throw new Error('a schema is reused without a name: give it one in openapi.ts');
  return Object.fromEntries(Object.entries(schemas).map(([id, { $schema: _dialect, $id: _id, ...schema }]) => [id, schema as Json]));
}

/** One schema on its own (a parameter), as a client sends it. */
function inputSchema(schema: z.ZodType): Json {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io: 'input', override: tidy }) as Json;
  return json;
}

const VIDEO_ID_PARAMETER = inputSchema(videoIdSchema);

function parameters(op: Operation): Json[] {
  const path = op.id
    ? [{ name: 'id', in: 'path', required: true, description: `the ${op.id}'s id`, schema: op.id === 'video' ? VIDEO_ID_PARAMETER : { type: 'string' } }]
    : [];
  if (!op.query) return path;
  const query = inputSchema(op.query) as { properties: Record<string, Json>; required?: string[] };
  const params = Object.entries(query.properties).map(([name, { description, ...schema }]) => ({
    name,
    in: 'query',
    required: query.required?.includes(name) ?? false,
    ...(description === undefined ? {} : { description }),
    schema,
  }));
  return [...path, ...params];
}

function operation(op: Operation, errors: Map<number, string>): Json {
  const responses: Json = {};
  for (const answer of op.answers) {
    responses[answer.status] = {
      description: answer.description,
      ...(answer.location ? { headers: { Location: { description: answer.location, schema: { type: 'string' } } } } : {}),
      content: Object.fromEntries(Object.entries(answer.content).map(([type, name]) => [type, name ? { schema: ref(name) } : {}])),
    };
  }
  for (const status of [...op.errors].sort((a, b) => a - b)) {
    const name = errors.get(status);
    if (!name) throw new Error(`${op.operationId}: no error response for ${status}`);
    responses[status] = ref(name, 'responses');
  }
  const params = parameters(op);
  return {
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    operationId: op.operationId,
    ...(params.length ? { parameters: params } : {}),
    ...(op.body
      ? { requestBody: { required: true, content: Object.fromEntries(Object.entries(op.body).map(([type, name]) => [type, { schema: ref(name) }])) } }
      : {}),
    responses,
  };
}

/** The error responses the operations use, each narrowed to the codes that have its status. */
function errorResponses(used: number[]): Record<string, Json> {
  return Object.fromEntries(
    used.map((status) => {
      const known = STATUSES[status];
      if (!known) throw new Error(`no description for HTTP ${status}`);
      const codes = ERROR_CODE_LIST.filter((code) => ERROR_CODES[code].http === status);
      const schema = { allOf: [ref('Error'), { properties: { error: { properties: { code: { enum: codes } } } } }] };
      return [known[0], { description: `${known[1]}. Codes: ${codes.join(', ')}.`, content: { 'application/json': { schema } } }];
    }),
  );
}

const DESCRIPTION =
  'Search and annotate video transcripts. Times are seconds. Errors are {error: {code, message, hint?}} with a status ' +
  "that says what happened (each status's response names its codes). Generated from the zod schemas in server/contracts/, " +
  'the same ones that check requests.';

/**
 * The whole document, built afresh.
 *
 * @example openApiDocument().paths['/api/search'].get.operationId // 'search'
 */
export function openApiDocument(): { openapi: string; info: Json; paths: Record<string, Record<string, Json>>; components: Json } {
  const clash = Object.keys(REQUESTS).filter((name) => name in ANSWERS);
  if (clash.length) throw new Error(`named twice: ${clash.join(', ')}`);
  const schemas = { ...components(ANSWERS, 'output'), ...components(REQUESTS, 'input') };
  const used = [...new Set(OPERATIONS.flatMap((op) => op.errors))].sort((a, b) => a - b);
  const errors = new Map(used.map((status) => [status, (STATUSES[status] as [string, string])[0]]));
  const paths: Record<string, Record<string, Json>> = {};
  for (const op of OPERATIONS) (paths[op.path] ??= {})[op.method] = operation(op, errors);
  return {
    openapi: '3.1.0',
    info: { title: 'panelnotes API', version: '1.0.0', description: DESCRIPTION },
    paths,
    components: { schemas, responses: errorResponses(used) },
  };
}
