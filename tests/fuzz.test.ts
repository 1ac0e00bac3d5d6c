/**
 * Property tests (fast-check) for everything that reads what people or files give us: the query
 * language and search, every caption parser, time parsing, and notes through export and import.
 *
 * Seeded and bounded so `npm test` stays quick and repeatable. For a long run:
 *   FUZZ_RUNS=20000 FUZZ_SEED=<n> node --experimental-vm-modules node_modules/jest/bin/jest.js tests/fuzz.test.ts
 * FUZZ_RUNS scales every property (its default run count × FUZZ_RUNS / 1000, at least 1);
 * FUZZ_SEED replays a run. A failure prints the seed, path and counterexample to replay it.
 */
import fc from 'fast-check';
import { MAX_LEAD_SECONDS } from '../index/breaks.js';
import { buildVideoIndex } from '../index/build.js';
import { FILTER_FIELDS, parseQuery, type ParsedQuery } from '../index/query.js';
import { SearchIndex } from '../index/searchIndex.js';
import { SearchError } from '../index/errors.js';
import type { SearchOptions, SearchResponse } from '../index/searchTypes.js';
import { loadVocabulary } from '../server/search/vocabulary.js';
import { parseCaptions } from '../server/captions/index.js';
import { SAMPLE_DIR } from '../server/config.js';
import { PanelnotesError } from '../server/errors.js';
import { loadTranscript } from '../server/library.js';
import { showSearch } from '../server/search/snippets.js';
import { exportNotes } from '../server/notes/export.js';
import { parseNotesImport } from '../server/notes/import.js';
import { NotesStore } from '../server/notes/store.js';
import { formatTime, parseTime } from '../server/time.js';
import type { Segment } from '../server/transcript/types.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
/** FUZZ_RUNS is the budget of a 1000-run property; the others scale with it. */
const SCALE = process.env.FUZZ_RUNS === undefined ? 1 : Number(process.env.FUZZ_RUNS) / 1000;
const runsOf = (base: number): number => Math.max(1, Math.round(base * SCALE));

let cases = 0;
let failures = 0;

/** fc.assert with the shared seed; counts the runs of properties that hold. */
function check<T>(property: fc.IPropertyWithHooks<T>, base: number): void {
  const numRuns = runsOf(base);
  try {
    fc.assert(property, { seed: SEED, numRuns });
  } catch (error) {
    failures++;
    throw error;
  }
  cases += numRuns;
}

async function checkAsync<T>(property: fc.IAsyncPropertyWithHooks<T>, base: number): Promise<void> {
  const numRuns = runsOf(base);
  try {
    await fc.assert(property, { seed: SEED, numRuns });
  } catch (error) {
    failures++;
    throw error;
  }
  cases += numRuns;
}

afterAll(() => {
  process.stdout.write(`fuzz: ${cases} cases, seed ${SEED}, ${failures} failures\n`);
});

/* ---------------------------------------------------------------- arbitraries */

const WORDS = ['qemu', 'kvm', 'posted', 'interrupts', 'virtio-blk', 'CVE-2015-3456', 'the', 'security', 'arm', 'x86', 'lib', 'vert', 'é', '日本語', '😀', 'a'];
const OPERATORS = [
  '+',
  '-',
  '"',
  '*',
  '~',
  '^',
  ':',
  '(',
  ')',
  '\\',
  '~1',
  '~2',
  '~0',
  '~3',
  '~99',
  'topic:',
  'speaker:',
  'video:',
  'kind:',
  'foo:',
  'video:S6Sjj6OtyvY',
  'kind:note',
  'kind:transcript',
  'topic:security',
  '""',
  '" "',
  ' OR ',
  'OR',
];
const SPACES = [' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u2028'];

const controlChar = fc.integer({ min: 0, max: 31 }).map((c) => String.fromCharCode(c));
/** Queries built from our operators, words, spaces and control characters. */
const operatorQuery = fc
  .array(fc.oneof(fc.constantFrom(...OPERATORS), fc.constantFrom(...WORDS), fc.constantFrom(...SPACES), controlChar, fc.string({ maxLength: 4 })), {
    maxLength: 60,
  })
  .map((parts) => parts.join(''));
/** Mostly words the sample says, with operators among them: queries that find something. */
const wordyQuery = fc
  .array(
    fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...WORDS, 'hardware', 'emulator', 'memory', 'devices', 'migration') }, fc.constantFrom(...OPERATORS)),
    { minLength: 1, maxLength: 8 },
  )
  .chain((parts) => fc.constant(parts.join(' ')).chain((spaced) => fc.constantFrom(spaced, parts.join(''), `"${spaced}"`)));
const anyQuery = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  operatorQuery,
  fc.string({ unit: fc.constantFrom(...OPERATORS, ...WORDS, ...SPACES, 'x'), maxLength: 200 }),
  wordyQuery,
);
/** Up to 10,000 characters. */
const longQuery = fc.oneof(
  fc.string({ maxLength: 10_000, size: 'max' }),
  fc.string({ unit: 'binary', maxLength: 10_000, size: 'max' }),
  fc
    .array(fc.oneof(fc.constantFrom(...OPERATORS, ...WORDS, ...SPACES), controlChar), { maxLength: 2_500, size: 'max' })
    .map((p) => p.join('').slice(0, 10_000)),
);

/* ---------------------------------------------------------------- the query layer */

const PRESENCES = new Set(['required', 'optional', 'prohibited']);

/** What is wrong with a parse's shape (checked without expect per clause: long queries have thousands). */
function queryShapeProblems(input: string, parsed: ParsedQuery): string[] {
  const problems: string[] = [];
  if (!Array.isArray(parsed.clauses)) return ['clauses is not an array'];
  // `a OR b`: one clause of two or more words or phrases, each of the shape of a clause.
  const flat = parsed.clauses.flatMap((clause, i) => {
    if (clause.type !== 'any') return [clause];
    if (clause.options.length < 2 || clause.presence !== 'optional') problems.push(`clauses[${i}] is an OR of ${clause.options.length}, ${clause.presence}`);
    return clause.options;
  });
  flat.forEach((clause, i) => {
    if (typeof clause.text !== 'string' || !clause.text.length) problems.push(`clauses[${i}].text is empty`);
    if (!PRESENCES.has(clause.presence)) problems.push(`clauses[${i}].presence is ${String(clause.presence)}`);
    if (clause.type === 'term') {
      if (typeof clause.prefix !== 'boolean') problems.push(`clauses[${i}].prefix is not a boolean`);
      if (![0, 1, 2].includes(clause.fuzzy)) problems.push(`clauses[${i}].fuzzy is ${clause.fuzzy}`);
    } else if (clause.type !== 'phrase') problems.push(`clauses[${i}].type is ${String((clause as { type: unknown }).type)}`);
  });
  if (typeof parsed.filters !== 'object' || parsed.filters === null) return [...problems, 'filters is not an object'];
  for (const [field, value] of Object.entries(parsed.filters)) {
    if (!(FILTER_FIELDS as readonly string[]).includes(field)) problems.push(`unknown filter ${field}`);
    if (typeof value !== 'string' || !value.length) problems.push(`filter ${field} is empty`);
  }
  if (parsed.fellBack) {
    const { reason, position } = parsed.fellBack;
    if (typeof reason !== 'string' || !reason) problems.push('fellBack.reason is empty');
    if (!Number.isInteger(position) || position < 0 || position > input.length) problems.push(`fellBack.position is ${position}`);
    // A fallback reads plain words only.
    if (Object.keys(parsed.filters).length) problems.push('a fallback kept filters');
  }
  return problems;
}

function expectWellFormedQuery(input: string, parsed: ParsedQuery): void {
  expect(queryShapeProblems(input, parsed)).toEqual([]);
}

const vocabulary = loadVocabulary();
let sample: SearchIndex | undefined;
let sampleId = '';

beforeAll(async () => {
  const record = await loadTranscript(SAMPLE_DIR, 'S6Sjj6OtyvY');
  const index = new SearchIndex(vocabulary.topics, vocabulary.glossary);
  index.add(record, buildVideoIndex(record, vocabulary.topics, vocabulary.glossary, 'fuzz-sample'));
  sample = index;
  sampleId = record.videoId;
});

function sampleIndex(): SearchIndex {
  if (!sample) throw new Error('the sample is loaded in beforeAll');
  return sample;
}

function expectWellFormedResponse(query: string, response: SearchResponse, options: SearchOptions): void {
  expect(response.query).toBe(query);
  expect(Number.isInteger(response.total)).toBe(true);
  expect(response.total).toBeGreaterThanOrEqual(response.results.length);
  expect(response.results.length).toBeLessThanOrEqual(options.limit ?? 10);
  for (const r of response.results) {
    expect(Number.isFinite(r.start)).toBe(true);
    expect(Number.isFinite(r.end)).toBe(true);
    expect(r.start).toBeLessThanOrEqual(r.end);
    // A link may open up to MAX_LEAD_SECONDS before its passage, where the sentence began in the one before.
    expect(r.at).toBeGreaterThanOrEqual(r.start - MAX_LEAD_SECONDS);
    expect(r.at).toBeLessThanOrEqual(r.end);
    // The marks are ranges of the excerpt's text, in order, not overlapping.
    let previous = 0;
    for (const [start, end] of r.excerpt.marks) {
      expect(start).toBeGreaterThanOrEqual(previous);
      expect(end).toBeGreaterThan(start);
      expect(end).toBeLessThanOrEqual(r.excerpt.text.length);
      previous = end;
    }
    expect(Number.isFinite(r.score)).toBe(true);
  }
  // As the API shows them: a YouTube link, and no markup in the snippet but the marks.
  for (const r of showSearch(response).results) {
    expect(r.url).toBe(`https://www.youtube.com/watch?v=${sampleId}&t=${Math.floor(r.at)}s`);
    expect(r.snippet.replace(/<\/?mark>/g, '')).not.toContain('<');
  }
}

/** Searches; a SearchError is an answer too (empty query, unknown filter), any other error is not. */
function searchOrRefuse(query: string, options: SearchOptions = {}): void {
  let response: SearchResponse;
  try {
    response = sampleIndex().search(query, options);
  } catch (error) {
    if (error instanceof SearchError) {
      expect(['USAGE', 'NOT_FOUND']).toContain(error.code);
      return;
    }
    throw error;
  }
  expectWellFormedResponse(query, response, options);
}

describe('fuzz: the query layer', () => {
  it('parseQuery never throws and returns clauses and filters of the right shape', () => {
    check(
      fc.property(anyQuery, (input) => {
        expectWellFormedQuery(input, parseQuery(input));
      }),
      3000,
    );
  });

  it('parseQuery handles inputs up to 10,000 characters', () => {
    check(
      fc.property(longQuery, (input) => {
        expectWellFormedQuery(input, parseQuery(input));
      }),
      200,
    );
  });

  it('search on the sample answers well-formed or refuses with a SearchError', () => {
    check(
      fc.property(anyQuery, (query) => searchOrRefuse(query)),
      1500,
    );
  });

  it('search with paging and whole-text options stays well-formed', () => {
    const options = fc.record(
      { limit: fc.integer({ min: 0, max: 50 }), offset: fc.integer({ min: 0, max: 200 }), wholeText: fc.boolean(), from: fc.integer({ min: 0, max: 4000 }) },
      { requiredKeys: [] },
    );
    check(
      fc.property(fc.oneof(wordyQuery, anyQuery), options, (query, opts) => searchOrRefuse(query, opts)),
      500,
    );
  });

  it('search on the sample handles queries up to 10,000 characters', () => {
    check(
      fc.property(longQuery, (query) => searchOrRefuse(query)),
      100,
    );
  });
});

/* ---------------------------------------------------------------- caption parsers */

const VALID_CAPTIONS: Record<string, string> = {
  'talk.vtt': [
    'WEBVTT',
    'Language: en',
    '',
    'NOTE a comment',
    '',
    'intro',
    '00:00:00.500 --> 00:00:02.000 align:start',
    '<v Paola Rinaldi>the attack <b>surface</b> matters',
    '',
    '00:00:02.000 --> 00:00:04.250',
    '>> and a <00:00:02.500><c>timed</c> <00:00:03.000><c>line</c>',
    '',
    '00:01:00.000 --> 00:01:03.000',
    'it&amp;s &lt;fine&gt;',
    '',
  ].join('\n'),
  'talk.srt': [
    '1',
    '00:00:01,000 --> 00:00:03,500',
    'the first line',
    'and its second',
    '',
    '2',
    '00:00:03,000 --> 00:00:05,000',
    '<i>overlapping</i> cue',
    '',
    '3',
    '00:00:05,000 --> 00:00:05,000',
    'zero length',
    '',
    '4',
    '01:00:00,000 --> 01:00:02,000',
    '>> late speaker',
    '',
  ].join('\r\n'),
  'timedtext.xml':
    '<?xml version="1.0" encoding="utf-8" ?>\n<transcript>\n<text start="0.5" dur="2.1">the committee met</text>\n' +
    '<text start="2.6" dur="3.0">it&amp;#39;s &lt;i&gt;here&lt;/i&gt;</text>\n<text start="5.6" dur="0.4"></text>\n' +
    '<text start="6.25" dur="2.5">and nobody objected</text>\n</transcript>\n',
  'srv3.xml':
    '<?xml version="1.0" encoding="utf-8" ?><timedtext format="3">\n<body>\n<p t="1000" d="2000"><s>hello</s><s t="500"> world</s></p>\n' +
    '<p t="3000" d="1500" a="1">\n</p>\n<p t="3000" d="2500"><s>rivers</s><s t="400"> carry</s><s t="900"> silt</s></p>\n</body>\n</timedtext>\n',
  'json3.json': JSON.stringify({
    wireMagic: 'pb3',
    events: [
      { tStartMs: 0, dDurationMs: 6000, id: 1 },
      { tStartMs: 200, dDurationMs: 3800, segs: [{ utf8: 'the' }, { utf8: ' bridge', tOffsetMs: 400 }, { utf8: ' opened', tOffsetMs: 900 }] },
      { tStartMs: 2100, dDurationMs: 1900, aAppend: 1, segs: [{ utf8: '\n' }] },
      { tStartMs: 2110, dDurationMs: 3000, segs: [{ utf8: '>> the bridge opened' }, { utf8: ' today', tOffsetMs: 300 }] },
    ],
  }),
  'transcript.json': JSON.stringify([
    { text: 'the first speaker', duration: 2.5, offset: 0.5, lang: 'en' },
    { text: 'it&amp;#39;s a long agenda', duration: 3, offset: 3 },
    { text: 'so let us begin', duration: 1.75, start: 6.25 },
  ]),
  'transcript-ms.json': JSON.stringify({
    segments: [
      { text: 'one', offset: 500, duration: 2000 },
      { text: 'two', offset: 2500, duration: 1500 },
    ],
  }),
};

/** Lines a mutation may insert: timings broken in every way we could think of, markup, JSON, XML. */
const INSERTED_LINES = [
  '',
  'WEBVTT',
  'NOTE',
  '00:00:01.000 --> 00:00:00.500',
  '00:00:09.000 --> 00:00:10.000',
  '99:99:99,999 --> 00:00:01,000',
  '99999999999999999999:00:00.000 --> 99999999999999999999:00:01.000',
  '00:00:01.000 -->',
  '--> 00:00:02.000',
  '-00:00:01.000 --> 00:00:02.000',
  '0:0:1 --> 0:0:2',
  'NaN --> Infinity',
  '<v>',
  '<c.x><00:00:99.000>word',
  '<00:00:00.000>',
  '&#xD800;&#x110000;&#0;&amp',
  '>>',
  '\u0000\u001f\uFEFF',
  '{"events":[{"tStartMs":-5,"dDurationMs":1e309,"segs":[{"utf8":"x"}]}]}',
  '[{"text":"x","offset":1e308,"duration":1e308}]',
  '<text start="-1" dur="2">minus</text>',
  '<text start="1e400" dur="NaN">huge</text>',
  '<p t="-5" d="NaN"><s t="-100">y</s></p>',
  '<p t="9007199254740993" d="1">big</p>',
  '<![CDATA[',
  '<!DOCTYPE x [<!ENTITY a "aaaaaaaa">]>',
];

type Mutation =
  | { kind: 'flip'; at: number; byte: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; line: string }
  | { kind: 'delete'; at: number; length: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    line: fc.oneof(fc.constantFrom(...INSERTED_LINES), fc.string({ unit: 'binary', maxLength: 20 })),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 20 }) }),
);

function mutate(text: string, mutations: Mutation[]): Uint8Array {
  let bytes = new TextEncoder().encode(text);
  for (const m of mutations) {
    const at = bytes.length ? m.at % (bytes.length + 1) : 0;
    if (m.kind === 'flip') {
      if (!bytes.length) continue;
      bytes = bytes.slice();
      bytes[at % bytes.length] = m.byte;
    } else if (m.kind === 'truncate') {
      bytes = bytes.slice(0, at);
    } else if (m.kind === 'delete') {
      bytes = Uint8Array.from([...bytes.slice(0, at), ...bytes.slice(at + m.length)]);
    } else {
      // At the line break at or after `at`, so the new line stands on its own.
      const lines = new TextDecoder().decode(bytes).split('\n');
      const index = m.at % (lines.length + 1);
      lines.splice(index, 0, m.line);
      bytes = new TextEncoder().encode(lines.join('\n'));
    }
  }
  return bytes;
}

function expectCleanSegments(segments: Segment[]): void {
  expect(segments.length).toBeGreaterThan(0);
  segments.forEach((s, i) => {
    expect(Number.isFinite(s.start)).toBe(true);
    expect(Number.isFinite(s.duration)).toBe(true);
    expect(s.start).toBeGreaterThanOrEqual(0);
    expect(s.duration).toBeGreaterThanOrEqual(0);
    expect(typeof s.text).toBe('string');
    expect(s.text.trim()).not.toBe('');
    const next = segments[i + 1];
    if (next) {
      expect(s.start).toBeLessThanOrEqual(next.start);
      // Times are rounded to the millisecond on both sides: allow that much.
      expect(s.start + s.duration).toBeLessThanOrEqual(next.start + 0.0015);
    }
  });
}

/** Resolves to clean segments, or rejects with a PanelnotesError, never another error. */
async function parsesOrRefuses(bytes: Uint8Array, name: string): Promise<void> {
  let segments: Segment[];
  try {
    segments = (await parseCaptions(bytes, name)).segments;
  } catch (error) {
    if (error instanceof PanelnotesError) return;
    throw error;
  }
  expectCleanSegments(segments);
}

describe('fuzz: caption parsers', () => {
  it('the valid samples parse (so mutations start from something that works)', async () => {
    for (const [name, text] of Object.entries(VALID_CAPTIONS)) {
      const parsed = await parseCaptions(new TextEncoder().encode(text), name);
      expectCleanSegments(parsed.segments);
    }
  });

  it('any bytes: clean segments or a PanelnotesError', async () => {
    await checkAsync(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2000 }), async (bytes) => parsesOrRefuses(bytes, 'random.bin')),
      1000,
    );
  });

  it('any text after a format signature: clean segments or a PanelnotesError', async () => {
    const head = fc.constantFrom(
      'WEBVTT\n\n',
      '1\n00:00:01,000 --> 00:00:02,000\n',
      '<transcript>',
      '<timedtext format="3">',
      '{"events":',
      '[',
      '\uFEFFWEBVTT\n',
    );
    const body = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 500 }),
      fc.array(fc.constantFrom(...INSERTED_LINES), { maxLength: 20 }).map((l) => l.join('\n')),
    );
    await checkAsync(
      fc.asyncProperty(head, body, async (h, b) => parsesOrRefuses(new TextEncoder().encode(h + b), 'signed.txt')),
      1500,
    );
  });

  it('mutated valid WebVTT, SRT, XML and JSON captions: clean segments or a PanelnotesError', async () => {
    const names = Object.keys(VALID_CAPTIONS);
    await checkAsync(
      fc.asyncProperty(fc.constantFrom(...names), fc.array(mutation, { minLength: 1, maxLength: 8 }), async (name, mutations) =>
        parsesOrRefuses(mutate(VALID_CAPTIONS[name] as string, mutations), name),
      ),
      3000,
    );
  });
});

/* ---------------------------------------------------------------- time */

const timeText = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: fc.constantFrom('0', '1', '5', '9', ':', '.', 's', ' ', '-', '+', 'e', '\t'), maxLength: 40 }),
);

/** Says whether parseTime's answer is acceptable: a finite, non-negative number, or a PanelnotesError. */
function timeOrRefusal(text: string): boolean {
  let seconds: number;
  try {
    seconds = parseTime(text);
  } catch (error) {
    return error instanceof PanelnotesError && error.code === 'INVALID_TIME';
  }
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0;
}

describe('fuzz: time', () => {
  it('parseTime(formatTime(s)) === s for whole seconds 0 to 10^6', () => {
    check(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (s) => parseTime(formatTime(s)) === s),
      3000,
    );
  });

  it('parseTime of any string: a finite non-negative number or INVALID_TIME', () => {
    check(fc.property(timeText, timeOrRefusal), 3000);
  });

  // Found by this suite: 310 digits once read as Infinity (parseTime('1' + '0'.repeat(309))).
  it('parseTime of very long digit runs: a finite number or INVALID_TIME', () => {
    check(
      fc.property(
        fc.string({ unit: fc.constantFrom('0', '1', '9'), minLength: 309, maxLength: 400 }),
        fc.constantFrom('', 's', ':00', ':00:00', '.5'),
        (digits, tail) => timeOrRefusal(`1${digits}${tail}`),
      ),
      50,
    );
  });
});

/* ---------------------------------------------------------------- notes export and import */

const VIDEO = 'S6Sjj6OtyvY';
/** Unicode text with the characters that trouble JSON, SQLite, and our own escaping. */
const TRICKY = [
  '\u0000',
  '\r',
  '\n',
  '\r\n',
  '\t',
  '"',
  '\\',
  '/',
  '\u2028',
  '\u2029',
  '\uFEFF',
  '\u200b',
  '<',
  '>',
  '&',
  '#',
  '-->',
  '😀',
  '👩‍👩‍👧',
  'é',
  'e\u0301',
  '日本',
  '\u{10FFFF}',
  ' ',
  '%%',
  '$$',
];
const noteText = fc
  .oneof(
    fc.string({ unit: 'binary', minLength: 1, maxLength: 10_000 }),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 2_000 }),
    fc.string({ unit: fc.constantFrom(...TRICKY, 'a', 'b'), minLength: 1, maxLength: 300 }),
    fc.string({ unit: 'binary', minLength: 9_000, maxLength: 10_000, size: 'max' }),
  )
  // NUL is refused at the edge (PostgreSQL cannot keep it; tests/nulText.test.ts): every other character round-trips.
  .map((text) => text.replaceAll('\u0000', '').trim())
  // The limit is in UTF-16 code units, as String.length counts.
  .filter((text) => text.length > 0 && text.length <= 10_000);
const tagText = fc.string({ unit: fc.constantFrom(...'abcxyz019-_', 'é', 'ß', 'ж', '日'), minLength: 1, maxLength: 32 });
const noteArb = fc
  .record({
    text: noteText,
    start: fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.double({ min: 0, max: 100_000, noNaN: true, noDefaultInfinity: true })),
    length: fc.option(fc.double({ min: 0.001, max: 1_000, noNaN: true, noDefaultInfinity: true }), { nil: undefined }),
    tags: fc.uniqueArray(tagText, { maxLength: 20 }),
  })
  .filter((n) => n.length === undefined || n.start + n.length > n.start);

describe('fuzz: notes survive export and import', () => {
  it('store -> json export -> parseNotesImport -> a fresh store: text, start, end and tags unchanged', () => {
    check(
      fc.property(noteArb, ({ text, start, length, tags }) => {
        const end = length === undefined ? undefined : start + length;
        const from = NotesStore.open(':memory:');
        const to = NotesStore.open(':memory:');
        try {
          const added = from.addNote({ videoId: VIDEO, start, text, tags, ...(end === undefined ? {} : { end }) });
          const notes = from.listNotes(VIDEO);
          const body = exportNotes('json', {
            videoId: VIDEO,
            title: 'Fuzz',
            url: `https://www.youtube.com/watch?v=${VIDEO}`,
            chapters: [],
            notes,
            exportedAt: new Date(0),
          }).body;
          const parsed = parseNotesImport(body, 'fuzz.notes.json');
          expect(to.importNotes(parsed.notes)).toEqual({ added: parsed.notes, skipped: 0 });
          const [back, ...rest] = to.listNotes(VIDEO);
          expect(rest).toHaveLength(0);
          expect(back?.id).toBe(added.id);
          expect(back?.text).toBe(text);
          expect(back?.start).toBe(start);
          expect(back?.end).toBe(end);
          expect(back?.tags).toEqual(tags);
        } finally {
          from.close();
          to.close();
        }
      }),
      300,
    );
  });
});
