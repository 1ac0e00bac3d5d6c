import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Express } from 'express';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';
import { PROJECT_ROOT } from '../server/config.js';
import { openApiDocument } from '../server/contracts/openapi.js';
import { apiRoutes } from '../server/routes/api.js';
import type { FetchLike } from '../server/youtube/types.js';
import { fakeYouTube, ok, status, youtubeFixture } from './support/fakeYouTube.js';
import { type TestApp, freshApps } from './support/testApp.js';

/**
 * server/openapi.json against the app: the document is what the zod contracts generate
 * (server/contracts/), OpenAPI 3.1 in shape; real responses validate against its schemas (ajv,
 * JSON Schema 2020-12, formats checked by ajv-formats); requests it allows the app accepts,
 * and those it refuses the app refuses; the document and the router list the same operations.
 */

type Json = Record<string, unknown>;
type Res = request.Response;

const SAMPLE = 'S6Sjj6OtyvY';
const OTHER = 'dQw4w9WgXcQ';
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const VTT = 'WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nWelcome to the storage session.\n';

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const obj = (value: unknown, where: string): Json => {
  if (!isObject(value)) throw new Error(`${where} is not an object`);
  return value;
};

const doc = obj(JSON.parse(readFileSync(resolve(PROJECT_ROOT, 'server', 'openapi.json'), 'utf8')), 'openapi.json');
const paths = obj(doc.paths, 'paths');
const components = obj(doc.components, 'components');

/** Every documented operation: [path, method, operation]. */
const operations: [string, string, Json][] = Object.entries(paths).flatMap(([path, item]) =>
  Object.entries(obj(item, path))
    .filter(([method]) => METHODS.includes(method))
    .map(([method, op]): [string, string, Json] => [path, method, obj(op, `${method} ${path}`)]),
);

/** Follows a local JSON pointer (`#/components/schemas/Job`) in the document. */
function resolvePointer(ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`not a local reference: ${ref}`);
  let node: unknown = doc;
  for (const part of ref.slice(2).split('/')) {
    const key = part.replaceAll('~1', '/').replaceAll('~0', '~');
    if (!isObject(node) || !(key in node)) return undefined;
    node = node[key];
  }
  return node;
}

/** Every `$ref` anywhere in a value, with where it was found. */
function refsIn(value: unknown, at = '#'): [string, string][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => refsIn(v, `${at}/${i}`));
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([k, v]) => (k === '$ref' && typeof v === 'string' ? [[at, v] as [string, string]] : refsIn(v, `${at}/${k}`)));
}

const escapePointer = (key: string): string => key.replaceAll('~', '~0').replaceAll('/', '~1');

// ---- the validator ------------------------------------------------------------------------

const ajv = new Ajv2020({ strict: false, allErrors: true });
// date-time, uuid, uri (and binary, which is any string): checked, not just named.
addFormats(ajv);
// The whole document under one id, so both component and inline schemas resolve their refs.
ajv.addSchema({ $id: 'openapi', components: doc.components, paths: doc.paths });

/** Validation errors of `data` against the schema at `pointer` in the document (empty: valid). */
function problems(pointer: string, data: unknown): string[] {
  const validate = ajv.getSchema(`openapi${pointer}`);
  if (!validate) throw new Error(`no schema at ${pointer}`);
  return validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} (${e.schemaPath})`);
}

const schema = (name: string): string => `#/components/schemas/${name}`;

/** A valid VideoSummary of `videoId`, to spoil one field at a time. */
const summaryOf = (videoId: string): Json => ({
  videoId,
  title: 'A talk',
  url: `https://www.youtube.com/watch?v=${videoId}`,
  source: 'youtube',
  sample: false,
  language: 'en',
  captionKind: 'manual',
  duration: 60,
  segments: 1,
  passages: 1,
  fetchedAt: '2026-01-01T00:00:00.000Z',
});

/** The documented operation for a concrete request path, and its path template. */
function operationFor(method: string, concrete: string): { template: string; op: Json } | undefined {
  const bare = concrete.split('?')[0] ?? concrete;
  for (const [template, m, op] of operations) {
    if (m !== method) continue;
    const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
    if (pattern.test(bare)) return { template, op };
  }
  return undefined;
}

/**
 * Checks a real answer against the document: its status is one the operation documents, and
 * its JSON body validates against that response's schema. Returns the body.
 */
function expectDocumented(method: string, path: string, res: Res): Json {
  const found = operationFor(method, path);
  if (!found) throw new Error(`${method.toUpperCase()} ${path} is not documented`);
  const responses = obj(found.op.responses, 'responses');
  const statusKey = String(res.status);
  expect(Object.keys(responses)).toContain(statusKey);
  let pointer = `#/paths/${escapePointer(found.template)}/${method}/responses/${statusKey}`;
  const response = obj(responses[statusKey], statusKey);
  if (typeof response.$ref === 'string') pointer = response.$ref;
  const media = obj(obj(resolvePointer(pointer), pointer).content, `${pointer}/content`);
  expect(Object.keys(media)).toContain('application/json');
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  const body = res.body as Json;
  expect(problems(`${pointer}/content/application~1json/schema`, body)).toEqual([]);
  return body;
}

const { fresh, gated } = freshApps();

function workingYouTube() {
  return fakeYouTube({
    player: ok(youtubeFixture('player-ok.json').replaceAll(SAMPLE, OTHER), 'application/json'),
    timedtext: ok(youtubeFixture('timedtext-srv1.xml'), 'text/xml'),
  });
}

async function finished(app: Express, location: string): Promise<Res> {
  for (let i = 0; i < 500; i++) {
    const res = await request(app).get(location);
    const state = (res.body as { state?: string }).state;
    if (state === 'done' || state === 'failed') return res;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`job ${location} did not finish`);
}

let shared: TestApp;
beforeAll(async () => {
  shared = await fresh();
});

// ---- the document itself ------------------------------------------------------------------

describe('server/openapi.json is an OpenAPI 3.1 document', () => {
  it('declares OpenAPI 3.1 with a title and version, and only the top-level fields 3.1 has', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    const info = obj(doc.info, 'info');
    expect(typeof info.title).toBe('string');
    expect(String(info.title).length).toBeGreaterThan(0);
    expect(typeof info.version).toBe('string');
    const allowed = ['openapi', 'info', 'jsonSchemaDialect', 'servers', 'paths', 'webhooks', 'components', 'security', 'tags', 'externalDocs'];
    expect(Object.keys(doc).filter((k) => !allowed.includes(k) && !k.startsWith('x-'))).toEqual([]);
    const componentKinds = ['schemas', 'responses', 'parameters', 'examples', 'requestBodies', 'headers', 'securitySchemes', 'links', 'callbacks', 'pathItems'];
    expect(Object.keys(components).filter((k) => !componentKinds.includes(k))).toEqual([]);
  });

  it('has paths under /api, each operation with a unique operationId, a summary and responses', () => {
    expect(operations.length).toBeGreaterThan(0);
    const ids = operations.map(([, , op]) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const [path, item] of Object.entries(paths)) {
      expect(path).toMatch(/^\/api\//);
      expect(Object.keys(obj(item, path)).filter((k) => ![...METHODS, 'summary', 'description', 'parameters', 'servers', '$ref'].includes(k))).toEqual([]);
    }
    for (const [path, method, op] of operations) {
      const where = `${method.toUpperCase()} ${path}`;
      expect([where, typeof op.operationId]).toEqual([where, 'string']);
      expect([where, typeof op.summary]).toEqual([where, 'string']);
      const responses = obj(op.responses, `${where} responses`);
      expect(Object.keys(responses).length).toBeGreaterThan(0);
      for (const [code, response] of Object.entries(responses)) {
        expect([where, code]).toEqual([where, expect.stringMatching(/^([1-5]\d\d|[1-5]XX|default)$/)]);
        const r = obj(response, `${where} ${code}`);
        const real = typeof r.$ref === 'string' ? obj(resolvePointer(r.$ref), r.$ref) : r;
        expect([where, code, typeof real.description]).toEqual([where, code, 'string']);
        for (const [type, media] of Object.entries(isObject(real.content) ? real.content : {})) {
          expect(type).toMatch(/^[\w.+-]+\/[\w.+-]+$/);
          obj(media, `${where} ${code} ${type}`);
        }
      }
    }
  });

  it('declares every {parameter} of a path template, as a required path parameter, and only those', () => {
    for (const [path, method, op] of operations) {
      const inTemplate = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      const params = (Array.isArray(op.parameters) ? op.parameters : []).map((p) => obj(p, `${method} ${path} parameter`));
      const inPath = params.filter((p) => p.in === 'path');
      expect([path, inPath.map((p) => p.name).sort()]).toEqual([path, [...inTemplate].sort()]);
      for (const p of inPath) expect([path, p.name, p.required]).toEqual([path, p.name, true]);
      for (const p of params) {
        expect(['query', 'header', 'path', 'cookie']).toContain(p.in);
        expect(isObject(p.schema) || isObject(p.content)).toBe(true);
      }
      const keys = params.map((p) => `${String(p.in)}:${String(p.name)}`);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });

  it('resolves every $ref inside the document', () => {
    const refs = refsIn(doc);
    expect(refs.length).toBeGreaterThan(0);
    const dangling = refs.filter(([, ref]) => resolvePointer(ref) === undefined).map(([at, ref]) => `${at} -> ${ref}`);
    expect(dangling).toEqual([]);
  });

  it('has component schemas that are valid JSON Schema 2020-12 and compile', () => {
    const schemas = obj(components.schemas, 'schemas');
    expect(Object.keys(schemas)).toEqual(
      expect.arrayContaining(['Error', 'VideoSummary', 'VideoDetail', 'SearchResponse', 'SearchResult', 'Job', 'Chapter', 'Topic']),
    );
    for (const [name, s] of Object.entries(schemas)) {
      const valid = ajv.validateSchema(obj(s, name));
      expect([name, valid ? [] : ajv.errors]).toEqual([name, []]);
      expect(ajv.getSchema(`openapi${schema(name)}`)).toBeDefined();
    }
  });

  it('is what GET /api/openapi.json serves', async () => {
    const res = await request(shared.app).get('/api/openapi.json');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.body).toEqual(doc);
  });

  it('is what the zod schemas of server/contracts/ generate (after changing them: npm run openapi)', () => {
    // Compared as data, so a formatter may lay the file out as it likes.
    expect(doc).toEqual(openApiDocument());
  });
});

// ---- real answers against the schemas -----------------------------------------------------

describe('real answers validate against the documented schemas', () => {
  it('the validator is not vacuous: wrong shapes are caught', () => {
    expect(problems(schema('Error'), { error: { code: 'USAGE' } })).not.toEqual([]);
    expect(problems(schema('Error'), { error: { code: 'USAGE', message: 'x' }, stack: 'at x' })).not.toEqual([]);
    expect(problems(schema('Job'), { id: 'x', videoId: OTHER, state: 'sleeping', step: 's', startedAt: '2026-01-01T00:00:00Z' })).not.toEqual([]);
    expect(problems(schema('Job'), { id: 'x', videoId: OTHER, state: 'done', step: 's', startedAt: 'yesterday' })).not.toEqual([]);
    expect(problems(schema('VideoSummary'), { videoId: OTHER })).not.toEqual([]);
    expect(problems(schema('SearchResult'), { kind: 'transcript', url: 'not a url' })).not.toEqual([]);
    const job = { id: '0f8fad5b-d9cb-469f-a165-70867728950e', videoId: OTHER, state: 'done', step: 'ready', startedAt: '2026-01-01T00:00:00.000Z' };
    expect(problems(schema('Job'), job)).toEqual([]);
    // Formats are checked, not just named: a uuid, a real date, a URI.
    expect(problems(schema('Job'), { ...job, id: 'x' })).not.toEqual([]);
    expect(problems(schema('Job'), { ...job, startedAt: '2026-02-30T00:00:00.000Z' })).not.toEqual([]);
    expect(problems(schema('VideoSummary'), { ...summaryOf(OTHER), url: 'youtube.com/watch' })).not.toEqual([]);
    expect(problems(schema('VideoSummary'), summaryOf(OTHER))).toEqual([]);
  });

  it('GET /api/videos', async () => {
    const body = expectDocumented('get', '/api/videos', await request(shared.app).get('/api/videos'));
    const videos = body.videos as unknown[];
    expect(videos).toHaveLength(1);
    for (const video of videos) expect(problems(schema('VideoSummary'), video)).toEqual([]);
  });

  it('GET /api/videos with an imported video, which has no notice', async () => {
    const { app } = await fresh();
    const upload = await request(app).post('/api/videos').field('video', OTHER).attach('file', Buffer.from(VTT), 'talk.vtt');
    expect(problems(schema('VideoSummary'), expectDocumented('post', '/api/videos', upload))).toEqual([]);
    const body = expectDocumented('get', '/api/videos', await request(app).get('/api/videos'));
    expect(body.videos).toHaveLength(2);
  });

  it("GET /api/videos/:id: the passages, chapters and metadata match VideoDetail's properties", async () => {
    const body = (await request(shared.app).get(`/api/videos/${SAMPLE}`)).body as Json;
    expect(problems(`${schema('VideoDetail')}/properties/passages`, body.passages)).toEqual([]);
    expect(problems(`${schema('VideoDetail')}/properties/chapters`, body.chapters)).toEqual([]);
    expect(problems(`${schema('VideoDetail')}/properties/metadata`, body.metadata)).toEqual([]);
    const { passages: _list, metadata: _metadata, chapters: _chapters, ...summary } = body;
    expect(problems(schema('VideoSummary'), { ...summary, passages: (body.passages as unknown[]).length })).toEqual([]);
  });

  it('GET /api/videos/:id: the whole answer matches VideoDetail', async () => {
    expectDocumented('get', `/api/videos/${SAMPLE}`, await request(shared.app).get(`/api/videos/${SAMPLE}`));
  });

  it.each([
    ['plain words', 'posted interrupts', (b: Json) => expect(b.fellBack === undefined && b.relaxed === undefined).toBe(true)],
    ['bad syntax (fellBack)', '"live migration', (b: Json) => expect(b.fellBack).toMatchObject({ position: 0 })],
    ['no passage with every word (relaxed)', 'seccomp interrupts', (b: Json) => expect(b.relaxed).toBe(true)],
    ['a filter in the query', 'qemu topic:security', (b: Json) => expect(b.total).toBeGreaterThan(0)],
    ['nothing found', 'xylophone', (b: Json) => expect(b).toMatchObject({ total: 0, results: [], topics: {} })],
    ['a very long query', Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ') + ' qemu', (b: Json) => expect(typeof b.total).toBe('number')],
  ])('GET /api/search: %s', async (_name, q, check) => {
    const body = expectDocumented('get', '/api/search', await request(shared.app).get('/api/search').query({ q }));
    check(body);
    for (const result of body.results as unknown[]) expect(problems(schema('SearchResult'), result)).toEqual([]);
  });

  it('POST /api/videos (JSON) and GET /api/jobs/:id while running and when done', async () => {
    const held = gated(workingYouTube().fetch);
    const { app } = await fresh({ fetch: held.fetch });
    const started = await request(app).post('/api/videos').send({ url: OTHER });
    const job = expectDocumented('post', '/api/videos', started);
    expect(started.status).toBe(202);
    const location = String(started.headers.location);
    expect(location).toBe(`/api/jobs/${String(job.id)}`);
    expect(expectDocumented('get', location, await request(app).get(location)).state).toBe('fetching');
    held.open();
    const done = expectDocumented('get', location, await finished(app, location));
    expect(done.state).toBe('done');
    expect(done.finishedAt).toEqual(expect.any(String));
  });

  it.each<[string, FetchLike | undefined, number]>([
    ['a dead network', undefined, 503],
    ['rate limited', fakeYouTube({ player: status(429), watch: status(429) }).fetch, 429],
  ])('GET /api/jobs/:id after a failed fetch (%s)', async (_name, fetch, upstream) => {
    const { app } = await fresh(fetch ? { fetch } : {});
    const location = String((await request(app).post('/api/videos').send({ url: OTHER })).headers.location);
    const failed = expectDocumented('get', location, await finished(app, location));
    expect(failed).toMatchObject({ state: 'failed', error: { status: upstream } });
  });

  it.each<[string, string, string, (app: Express) => request.Test, number]>([
    ['a malformed video id', 'get', '/api/videos/not-an-id', (app) => request(app).get('/api/videos/not-an-id'), 400],
    ['an unknown video', 'get', '/api/videos/ZZZZZZZZZZZ', (app) => request(app).get('/api/videos/ZZZZZZZZZZZ'), 404],
    ['a query with nothing to search for', 'get', '/api/search', (app) => request(app).get('/api/search?q=%2B-~%5E'), 400],
    ['a bad limit', 'get', '/api/search', (app) => request(app).get('/api/search?q=kvm&limit=0'), 400],
    ['a search in an unknown video', 'get', '/api/search', (app) => request(app).get('/api/search?q=kvm&video=ZZZZZZZZZZZ'), 404],
    ['an unknown job', 'get', '/api/jobs/nope', (app) => request(app).get('/api/jobs/nope'), 404],
    ['no url', 'post', '/api/videos', (app) => request(app).post('/api/videos').send({}), 400],
    [
      'JSON that does not parse',
      'post',
      '/api/videos',
      (app) => request(app).post('/api/videos').set('content-type', 'application/json').send('{"url": '),
      400,
    ],
    ['a url that is not text', 'post', '/api/videos', (app) => request(app).post('/api/videos').send({ url: 5 }), 400],
    [
      'a JSON body over 16 kB',
      'post',
      '/api/videos',
      (app) =>
        request(app)
          .post('/api/videos')
          .send({ url: 'x'.repeat(17 * 1024) }),
      413,
    ],
    ['a note without text', 'post', `/api/videos/${SAMPLE}/notes`, (app) => request(app).post(`/api/videos/${SAMPLE}/notes`).send({ start: 1 }), 400],
    [
      'a note on an unknown video',
      'post',
      '/api/videos/ZZZZZZZZZZZ/notes',
      (app) => request(app).post('/api/videos/ZZZZZZZZZZZ/notes').send({ start: 1, text: 'x' }),
      404,
    ],
    [
      'a note over 10,000 characters',
      'post',
      `/api/videos/${SAMPLE}/notes`,
      (app) =>
        request(app)
          .post(`/api/videos/${SAMPLE}/notes`)
          .send({ start: 1, text: 'x'.repeat(10_001) }),
      413,
    ],
    ['notes of a malformed video id', 'get', '/api/videos/bad/notes', (app) => request(app).get('/api/videos/bad/notes'), 400],
    ['a change to an unknown note', 'patch', '/api/notes/nope', (app) => request(app).patch('/api/notes/nope').send({ text: 'x' }), 404],
    ['deleting an unknown note', 'delete', '/api/notes/nope', (app) => request(app).delete('/api/notes/nope'), 404],
    ['an unknown export format', 'get', `/api/videos/${SAMPLE}/notes/export`, (app) => request(app).get(`/api/videos/${SAMPLE}/notes/export?format=pdf`), 400],
    ['an import that is not an export', 'post', '/api/notes/import', (app) => request(app).post('/api/notes/import').send({ notes: [] }), 400],
    [
      'a speaker span ending before it starts',
      'post',
      `/api/videos/${SAMPLE}/speakers`,
      (app) => request(app).post(`/api/videos/${SAMPLE}/speakers`).send({ start: 2, end: 1, name: 'Speaker A' }),
      400,
    ],
    ['removing an unknown speaker span', 'delete', '/api/speakers/nope', (app) => request(app).delete('/api/speakers/nope'), 404],
    [
      'a Host this server does not answer to (DNS rebinding)',
      'get',
      '/api/videos',
      (app) => request(app).get('/api/videos').set('Host', 'rebind.attacker.example:3000'),
      421,
    ],
    [
      'an export under a rebound Host',
      'get',
      `/api/videos/${SAMPLE}/notes/export`,
      (app) => request(app).get(`/api/videos/${SAMPLE}/notes/export`).set('Host', 'rebind.attacker.example'),
      421,
    ],
    [
      'a note from a page on another port (same-site)',
      'post',
      `/api/videos/${SAMPLE}/notes`,
      (app) => request(app).post(`/api/videos/${SAMPLE}/notes`).set('Sec-Fetch-Site', 'same-site').send({ start: 1, text: 'x' }),
      403,
    ],
    [
      'an import from another origin',
      'post',
      '/api/videos',
      (app) => request(app).post('/api/videos').set('Origin', 'http://127.0.0.1:1').send({ url: OTHER }),
      403,
    ],
    [
      'a delete sent with cookies and no word of where from',
      'delete',
      '/api/notes/nope',
      (app) => request(app).delete('/api/notes/nope').set('Cookie', 'pn_session=x'),
      403,
    ],
  ])('%s (%s %s) is a documented status with an Error body', async (_name, method, path, send, expected) => {
    const res = await send(shared.app);
    expect(res.status).toBe(expected);
    const body = expectDocumented(method, path, res);
    expect(problems(schema('Error'), body)).toEqual([]);
  });

  it('an upload over the limit is a documented 413 with an Error body', async () => {
    const { app } = await fresh({ maxUploadBytes: 1000 });
    const res = await request(app).post('/api/videos').field('video', OTHER).attach('file', Buffer.alloc(5000, 'a'), 'big.vtt');
    expect(res.status).toBe(413);
    expectDocumented('post', '/api/videos', res);
  });

  it('notes and speaker spans: every answer matches its schema (Note, SpeakerTurn, search results of kind note)', async () => {
    const { app } = await fresh();
    const notes = `/api/videos/${SAMPLE}/notes`;
    const added = await request(app).post(notes).send({ start: '23:45', end: 1440, text: 'A note about qemu', tags: 'kvm hw' });
    expect(added.status).toBe(201);
    const note = expectDocumented('post', notes, added);
    expect(problems(schema('Note'), note)).toEqual([]);
    const id = String(note.id);
    expectDocumented('get', notes, await request(app).get(notes));
    expectDocumented('patch', `/api/notes/${id}`, await request(app).patch(`/api/notes/${id}`).send({ end: null }));

    const found = expectDocumented('get', '/api/search', await request(app).get('/api/search').query({ q: 'kind:note qemu' }));
    expect((found.results as Json[]).map((r) => r.noteId)).toEqual([id]);
    for (const result of found.results as unknown[]) expect(problems(schema('SearchResult'), result)).toEqual([]);

    const backup = await request(app).get(`${notes}/export`);
    expect(backup.status).toBe(200);
    expect(backup.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(
      expectDocumented(
        'post',
        '/api/notes/import',
        await request(app)
          .post('/api/notes/import')
          .send(backup.body as object),
      ),
    ).toEqual({ added: 0, skipped: 1 });

    const speakers = `/api/videos/${SAMPLE}/speakers`;
    const turn = expectDocumented('post', speakers, await request(app).post(speakers).send({ start: '23:20', end: '25:00', name: 'Speaker A' }));
    expect(expectDocumented('get', speakers, await request(app).get(speakers)).turns).toEqual([turn]);
    expectDocumented('get', `/api/videos/${SAMPLE}`, await request(app).get(`/api/videos/${SAMPLE}`));
    expectDocumented('delete', `/api/speakers/${String(turn.id)}`, await request(app).delete(`/api/speakers/${String(turn.id)}`));
    expectDocumented('delete', `/api/notes/${id}`, await request(app).delete(`/api/notes/${id}`));
  });

  it('an unknown /api path answers an Error body too', async () => {
    const res = await request(shared.app).get('/api/nope');
    expect(res.status).toBe(404);
    expect(problems(schema('Error'), res.body)).toEqual([]);
  });
});

// ---- requests: what the document allows, the app accepts --------------------------------

describe('the document and the app agree on requests', () => {
  const NOTES = `/api/videos/${SAMPLE}/notes`;
  const SPEAKERS = `/api/videos/${SAMPLE}/speakers`;
  const tags = (n: number): string[] => Array.from({ length: n }, (_, i) => `tag${i}`);
  let app: Express;
  let note: string;
  beforeAll(async () => {
    const made = await fresh();
    app = made.app;
    note = (await made.notes.add(SAMPLE, { start: 90, text: 'A note about qemu' })).id;
  });

  // Only rules a JSON Schema can state: an end before the start, say, is the app's to refuse.
  it.each<[string, 'post' | 'patch', string, unknown, boolean]>([
    ['a note at a moment', 'post', NOTES, { start: 90, text: 'qemu' }, true],
    ['a time as m:ss', 'post', NOTES, { start: '1:30', text: 'qemu' }, true],
    ['end: null, a note without an end', 'post', NOTES, { start: 90, end: null, text: 'qemu' }, true],
    ['end: "", a note without an end', 'post', NOTES, { start: 90, end: '', text: 'qemu' }, true],
    ['tags as one string', 'post', NOTES, { start: 90, text: 'qemu', tags: 'kvm, hw' }, true],
    ['20 tags', 'post', NOTES, { start: 90, text: 'qemu', tags: tags(20) }, true],
    ['21 tags', 'post', NOTES, { start: 90, text: 'qemu', tags: tags(21) }, false],
    ['no start', 'post', NOTES, { text: 'qemu' }, false],
    ['a negative start', 'post', NOTES, { start: -1, text: 'qemu' }, false],
    ['a start that is neither a number nor text', 'post', NOTES, { start: true, text: 'qemu' }, false],
    ['text over 10,000 characters', 'post', NOTES, { start: 90, text: 'x'.repeat(10_001) }, false],
    ['a change that removes the end (end: null)', 'patch', '/api/notes/{note}', { end: null }, true],
    ['a change of nothing', 'patch', '/api/notes/{note}', {}, false],
    ['a change to 21 tags', 'patch', '/api/notes/{note}', { tags: tags(21) }, false],
    ['a speaker span', 'post', SPEAKERS, { start: 60, end: 90, name: 'Speaker A' }, true],
    ['a speaker name over 100 characters', 'post', SPEAKERS, { start: 60, end: 90, name: 'x'.repeat(101) }, false],
    ['a speaker span without a name', 'post', SPEAKERS, { start: 60, end: 90 }, false],
    ['a fetch whose url is not text', 'post', '/api/videos', { url: 5 }, false],
    ['a fetch without a url', 'post', '/api/videos', {}, false],
  ])('%s: the document and the app agree', async (_name, method, path, body, accepted) => {
    const concrete = path.replace('{note}', note);
    const found = operationFor(method, concrete);
    if (!found) throw new Error(`${method} ${concrete} is not documented`);
    const pointer = `#/paths/${escapePointer(found.template)}/${method}/requestBody/content/application~1json/schema`;
    const res = await request(app)
      [method](concrete)
      .send(body as object);
    expect([problems(pointer, body).length === 0, res.status < 400]).toEqual([accepted, accepted]);
    if (!accepted) expect([400, 413]).toContain(res.status);
  });

  it('every bound a query parameter documents is the bound the app keeps', async () => {
    let tried = 0;
    for (const [path, method, op] of operations) {
      if (method !== 'get') continue;
      const concrete = path.replace('{id}', SAMPLE);
      const params = (Array.isArray(op.parameters) ? op.parameters : []).map((p) => obj(p, 'parameter')).filter((p) => p.in === 'query');
      const base = Object.fromEntries(params.filter((p) => p.required === true).map((p) => [String(p.name), 'qemu']));
      for (const p of params) {
        const name = String(p.name);
        const s = obj(p.schema, `${name} schema`);
        // Inside a bound, a number is taken; a string may still be refused for what it says
        // (no topic "111…"), but not for its length.
        const cases: [string, boolean][] = [];
        if (s.type === 'integer' && typeof s.minimum === 'number') cases.push([String(s.minimum), true], [String(s.minimum - 1), false]);
        if (s.type === 'integer' && typeof s.maximum === 'number') cases.push([String(s.maximum), true], [String(s.maximum + 1), false]);
        if (typeof s.maxLength === 'number') cases.push(['1'.repeat(s.maxLength), true], ['1'.repeat(s.maxLength + 1), false]);
        for (const [value, inside] of cases) {
          const res = await request(app)
            .get(concrete)
            .query({ ...base, [name]: value });
          const message = String((res.body as { error?: { message?: string } }).error?.message ?? '');
          const where = `GET ${path}?${name}=${value.length > 12 ? `${value.length} characters` : value}`;
          if (!inside) expect([where, res.status, message]).toEqual([where, 400, expect.stringContaining(`"${name}"`)]);
          else if (s.type === 'integer') expect([where, res.status, message]).toEqual([where, 200, '']);
          else expect([where, message]).not.toEqual([where, expect.stringContaining(`"${name}" is longer than`)]);
          tried++;
        }
      }
    }
    expect(tried).toBeGreaterThanOrEqual(20);
  });
});

// ---- the document and the router agree ----------------------------------------------------

describe('the document and the app list the same operations', () => {
  /** Method and path of every route the API router serves, in the document's notation. */
  function servedRoutes(app: TestApp): string[] {
    type Layer = { route?: { path: string; methods: Record<string, boolean> }; handle?: { stack?: Layer[] } };
    const walk = (stack: Layer[]): string[] =>
      stack.flatMap((layer) =>
        layer.route
          ? Object.keys(layer.route.methods)
              .filter((m) => m !== '_all')
              .map((m) => `${m} /api${layer.route?.path.replace(/:(\w+)/g, '{$1}') ?? ''}`)
          : walk(layer.handle?.stack ?? []),
      );
    const router = apiRoutes({
      catalog: app.catalog,
      jobs: app.jobs,
      notes: app.notes,
      speakers: app.speakers,
      imports: app.imports,
      libraryDir: app.libraryDir,
    }) as unknown as {
      stack: Layer[];
    };
    return walk(router.stack);
  }

  it('every route the app serves under /api is documented', () => {
    const served = servedRoutes(shared);
    expect(served.length).toBeGreaterThanOrEqual(6);
    const documented = operations.map(([path, method]) => `${method} ${path}`);
    expect(served.filter((r) => !documented.includes(r))).toEqual([]);
  });

  it('every documented operation is served (the router answers it, not the catch-all 404)', async () => {
    const { app, jobs, notes } = await fresh();
    const job = String((await request(app).post('/api/videos').send({ url: OTHER })).body.id);
    await jobs.idle();
    // What the operations on one note or speaker span act on, made first so the document's
    // order does not matter: one note to change, another to delete, a span to remove.
    // (The backup for the import holds only the note to edit, so it cannot bring back the other.)
    const edited = await notes.add(SAMPLE, { start: 90, text: 'A note about qemu to edit' });
    const backup = (await request(app).get(`/api/videos/${SAMPLE}/notes/export`).query({ format: 'json' })).body as Json;
    expect(backup).toMatchObject({ format: 'panelnotes-notes', notes: [{ id: edited.id }] });
    const doomed = await notes.add(SAMPLE, { start: 95, text: 'A note about qemu to delete' });
    const turn = await notes.addTurn(SAMPLE, { start: 60, end: 120, name: 'Speaker A' });
    const ids: Record<string, string> = {
      'get /api/jobs/{id}': job,
      'get /api/notes/{id}': edited.id,
      'patch /api/notes/{id}': edited.id,
      'delete /api/notes/{id}': doomed.id,
      'delete /api/speakers/{id}': turn.id,
    };
    const bodies: Record<string, object> = {
      'post /api/videos': { url: OTHER },
      'post /api/videos/{id}/notes': { start: '1:30', text: 'Another note about qemu', tags: 'example' },
      'patch /api/notes/{id}': { text: 'An edited note about qemu' },
      'post /api/notes/import': backup,
      'post /api/videos/{id}/speakers': { start: 200, end: 260, name: 'Speaker B' },
      'post /api/videos/{id}/speakers/suggest': { roster: 'Speaker B, Speaker C' },
      'post /api/videos/{id}/speakers/confirm': {},
      // A tag inside Speaker B's span, then its undo (an empty one: the tag's own is checked in routes.speakerSuggest).
      'post /api/videos/{id}/speakers/tag': { at: 230, name: 'Speaker C' },
      'post /api/videos/{id}/speakers/undo': { remove: [], put: [] },
    };
    for (const [path, method, op] of operations) {
      const operation = `${method} ${path}`;
      const concrete = path.replace(/\{(\w+)\}/g, (_m, name: string) => (name === 'id' ? (ids[operation] ?? SAMPLE) : SAMPLE));
      const required = (Array.isArray(op.parameters) ? op.parameters : [])
        .map((p) => obj(p, 'parameter'))
        .filter((p) => p.in === 'query' && p.required === true);
      const query = Object.fromEntries(required.map((p) => [String(p.name), 'qemu']));
      const body = (): object => {
        const example = bodies[operation];
        if (!example) throw new Error(`no example body for ${method.toUpperCase()} ${path}`);
        return example;
      };
      let res: Res;
      if (method === 'get') res = await request(app).get(concrete).query(query);
      else if (method === 'delete') res = await request(app).delete(concrete);
      else if (method === 'post') res = await request(app).post(concrete).send(body());
      else if (method === 'patch') res = await request(app).patch(concrete).send(body());
      else throw new Error(`no example request for ${method.toUpperCase()} ${path}`);
      const where = `${method.toUpperCase()} ${concrete}`;
      const message = String((res.body as { error?: { message?: string } }).error?.message ?? '');
      expect([where, message]).not.toEqual([where, expect.stringMatching(/^nothing at/)]);
      expect([where, res.status < 400, res.status < 400 ? '' : message]).toEqual([where, true, '']);
      expect(Object.keys(obj(op.responses, 'responses'))).toContain(String(res.status));
    }
    await jobs.idle();
    // Each operation did what it says.
    expect((await notes.get(edited.id)).text).toBe('An edited note about qemu');
    await expect(notes.get(doomed.id)).rejects.toThrow(/no note/);
    expect((await notes.turns(SAMPLE)).map((t) => t.name)).toEqual(['Speaker B', 'Speaker C']);
    expect(servedRoutes(shared).sort()).toEqual(operations.map(([path, method]) => `${method} ${path}`).sort());
  });
});
