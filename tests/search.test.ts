import { buildVideoIndex, type VideoIndexData } from '../index/build.js';
import { SearchError } from '../index/errors.js';
import type { SearchOptions, SearchResult } from '../index/searchTypes.js';
import { SearchIndex } from '../index/searchIndex.js';
import { loadVocabulary } from '../server/search/vocabulary.js';
import { SAMPLE_DIR } from '../server/config.js';
import { loadTranscript } from '../server/library.js';
import { showSearch, type ShownResponse, type ShownResult } from '../server/search/snippets.js';
import type { Segment, TranscriptRecord, Word } from '../server/transcript/types.js';
import { transcript as record } from './support/records.js';

const vocabulary = loadVocabulary();

type Line = string | { text: string; words: Word[] };
interface Block {
  speaker?: string;
  lines: Line[];
}

const BLOCK_EVERY = 30;
const BLOCK_LENGTH = 18;

/** Where block `k` of a test transcript starts: half a second in, so `at` and the url's `t` differ. */
const blockStart = (k: number): number => k * BLOCK_EVERY + 0.5;

/**
 * A transcript of blocks of speech: block k runs from blockStart(k) for 18 s (its lines share
 * the time evenly), then 12 s of silence. Passages are 15 to 40 s and end at the longest pause,
 * so each block becomes one passage.
 */
function transcript(videoId: string, title: string, blocks: Block[]): TranscriptRecord {
  const segments: Segment[] = blocks.flatMap((block, k) =>
    block.lines.map((line, i) => {
      const duration = BLOCK_LENGTH / block.lines.length;
      const segment: Segment = { start: blockStart(k) + i * duration, duration, text: typeof line === 'string' ? line : line.text };
      if (typeof line !== 'string') segment.words = line.words;
      if (block.speaker) segment.speaker = block.speaker;
      return segment;
    }),
  );
  return record(videoId, segments, { title });
}

const build = (record: TranscriptRecord): VideoIndexData => buildVideoIndex(record, vocabulary.topics, vocabulary.glossary, `test-${record.videoId}`);

function libraryOf(...records: TranscriptRecord[]): SearchIndex {
  const index = new SearchIndex(vocabulary.topics, vocabulary.glossary);
  for (const record of records) index.add(record, build(record));
  return index;
}

/** Fictional panelists (no real person's words are made up here). */
const RINALDI = 'Paola Rinaldi';
const MOREAU = 'Daniel Moreau';
const OSTROWSKI = 'Stefan Ostrowski';

const A = transcript('AAAAAAAAAAA', 'Security and hardware panel', [
  {
    speaker: RINALDI,
    lines: [
      'the attack surface of an emulator matters for security.',
      'every device model is a place where an attacker can exploit a bug',
      'so seccomp confines qemu and an escape gets harder.',
    ],
  },
  {
    speaker: MOREAU,
    lines: [
      'libvirt runs qemu as an unprivileged user with selinux confinement',
      'and lib vert opens the disk files so qemu never needs that privilege',
      'that is least privilege and it limits what a compromised process can do.',
    ],
  },
  {
    speaker: RINALDI,
    lines: [
      'the famous cve was a buffer overflow in the floppy controller',
      'a malicious guest could escape to the host',
      'after that we removed legacy devices to shrink the attack surface.',
    ],
  },
  {
    speaker: OSTROWSKI,
    lines: [
      'new hardware keeps changing how devices signal a vcpu',
      'the newest processors have posted interrupts',
      'so an interrupt reaches the vcpu without an exit.',
    ],
  },
  {
    speaker: RINALDI,
    lines: [
      'live migration of a guest with device assignment is hard',
      'the cpu model has to match on both hosts for migration',
      'dirty pages are tracked by the hardware during migration.',
    ],
  },
  {
    speaker: OSTROWSKI,
    lines: [
      'avx512 instructions grow the state the processor saves',
      'and the cpu features a guest sees must stay the same',
      'nested virtualization is the other big hardware feature.',
    ],
  },
]);

const B = transcript('BBBBBBBBBBB', 'Gardening talk', [
  { lines: ['the gardener planted tulips along the fence', 'and the tulips came up early this spring', 'everyone liked the colours.'] },
  { lines: ['the gardener posted a letter to the council', 'about noise that interrupts the quiet mornings', 'the council did not reply.'] },
  { lines: ['a caption that says <script> tags & friends are dangerous', 'should show up as text', 'and never run in the page.'] },
  { lines: ['the gardener watered the roses', 'tulips need less water than roses', 'the roses were thirsty.'] },
  { lines: ['migration of birds over the village', 'the migration happens every autumn', 'lots of birds.'] },
  { lines: ['one bird stayed behind during the migration', 'it sat on the fence near the tulips all winter', 'and ate the seeds.'] },
]);

const C = transcript('CCCCCCCCCCC', 'Hallway track', [
  {
    lines: [
      'we talked in the hallway',
      {
        text: 'about posted interrupts again',
        words: [
          { start: 6.5, text: 'about' },
          { start: 7.9, text: 'posted' },
          { start: 8.4, text: 'interrupts' },
          { start: 9.0, text: 'again' },
        ],
      },
      'and nobody disagreed.',
    ],
  },
]);

const library = libraryOf(A, B, C);

/** A page of results as people see them (server/search/snippets.ts: `snippet` in HTML, `url`). */
const page = (index: SearchIndex, query: string, options: SearchOptions = {}): ShownResponse => showSearch(index.search(query, options));
/** Everything a query finds, not just the first page. */
const all = (index: SearchIndex, query: string, options: SearchOptions = {}): ShownResponse => page(index, query, { limit: 1000, ...options });
/** The whole text of a result's passage (a result carries only a snippet of it). */
const textOf = (index: SearchIndex, r: Pick<SearchResult, 'videoId' | 'passage'>): string => index.get(r.videoId)?.passages[r.passage]?.text ?? '';
/** The found passages, as `videoId@start`, in the order found. */
const found = (response: ShownResponse): string[] => response.results.map((r) => `${r.videoId}@${r.start}`);
/** The same, when the order does not matter. */
const foundSet = (response: ShownResponse): string[] => found(response).sort();
const at = (record: TranscriptRecord, k: number): string => `${record.videoId}@${blockStart(k)}`;
/** Passages named by `at`, in the order foundSet gives. */
const set = (...passages: string[]): string[] => [...passages].sort();

function thrown(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('the test library', () => {
  it('has one passage per block, tagged with the topics the blocks talk about', () => {
    expect(library.get('AAAAAAAAAAA')?.passages.map((p) => p.start)).toEqual([0, 1, 2, 3, 4, 5].map(blockStart));
    expect(library.get('BBBBBBBBBBB')?.passages).toHaveLength(6);
    expect(library.get('CCCCCCCCCCC')?.passages).toHaveLength(1);
    expect(library.get('AAAAAAAAAAA')?.topics).toEqual(['security', 'security', 'security', 'hardware', 'hardware', 'hardware']);
    expect(new Set(library.get('BBBBBBBBBBB')?.topics)).toEqual(new Set(['general']));
    expect(library.passageCount).toBe(13);
  });
});

describe('search: words', () => {
  it('requires every plain word', () => {
    const response = all(library, 'gardener tulips');
    expect(foundSet(response)).toEqual(set(at(B, 0), at(B, 3)));
    expect(response.relaxed).toBeUndefined();
    for (const r of response.results) expect(textOf(library, r)).toMatch(/gardener[\s\S]*tulips|tulips[\s\S]*gardener/);
  });

  it('relaxes to any of the words, and says so, when no passage has all of them', () => {
    const response = all(library, 'gardener tulips zebra');
    expect(response.relaxed).toBe(true);
    expect(foundSet(response)).toEqual(set(at(B, 0), at(B, 1), at(B, 3), at(B, 5)));
    // Passages with two of the words come before those with one.
    expect(found(response).slice(0, 2).sort()).toEqual(set(at(B, 0), at(B, 3)));
  });

  it('relaxes when no passage the filters allow has every word, though another passage does', () => {
    // A4 (Rinaldi) has guest and migration; Ostrowski's A5 has only guest.
    expect(found(all(library, 'guest migration'))).toEqual([at(A, 4)]);
    const response = all(library, 'guest migration', { speaker: 'ostrowski' });
    expect(response.relaxed).toBe(true);
    expect(found(response)).toEqual([at(A, 5)]);
  });

  it('does not relax a single word that is nowhere', () => {
    const response = all(library, 'zebra');
    expect(response).toMatchObject({ total: 0, results: [], topics: {} });
    expect(response.relaxed).toBeUndefined();
  });

  it('puts better matches first: a passage saying the word more often ranks higher', () => {
    // B4 says migration twice, B5 once, in passages of about the same length.
    const response = all(library, 'migration', { video: 'BBBBBBBBBBB' });
    expect(found(response)).toEqual([at(B, 4), at(B, 5)]);
    expect(response.results[0]?.score).toBeGreaterThan(response.results[1]?.score ?? Infinity);
  });

  it('orders the results by score', () => {
    const scores = all(library, 'gardener tulips zebra').results.map((r) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('finds other forms of a word (stemming)', () => {
    expect(found(all(library, 'tulip'))).toEqual(found(all(library, 'tulips')));
    expect(found(all(library, 'gardener'))).toHaveLength(3);
  });

  it('ignores case', () => {
    expect(found(all(library, 'GARDENER Tulips'))).toEqual(found(all(library, 'gardener tulips')));
  });
});

describe('search: phrases', () => {
  it('matches an exact phrase only where its words stand together', () => {
    const response = all(library, '"posted interrupts"');
    expect(foundSet(response)).toEqual(set(at(A, 3), at(C, 0)));
    // B1 has both words, apart: "posted a letter … noise that interrupts".
    expect(foundSet(all(library, 'posted interrupts'))).toEqual(set(at(A, 3), at(B, 1), at(C, 0)));
  });

  it('does not match the words of a phrase in another order', () => {
    expect(all(library, '"interrupts posted"').total).toBe(0);
  });

  it('marks only the words that stand together', () => {
    const [hit] = all(library, '"posted interrupts"', { video: 'AAAAAAAAAAA' }).results;
    expect(hit?.snippet).toContain('<mark>posted</mark> <mark>interrupts</mark>');
    // "interrupt" alone later in the passage is not part of the phrase.
    expect(hit?.snippet).not.toContain('<mark>interrupt</mark>');
  });

  // A phrase's bit is provisional until its words are found together (scorer.ts), excluded phrases too.
  it('excludes a phrase only where its words stand together', () => {
    expect(foundSet(all(library, 'gardener -"posted interrupts"'))).toEqual(set(at(B, 0), at(B, 1), at(B, 3)));
  });

  // A clause scores only where it matched: a phrase whose words stand apart adds nothing.
  it('gives no score to a phrase that does not hold, when relaxed', () => {
    const index = libraryOf(
      transcript('DDDDDDDDDDD', 'Phrase scoring', [
        { lines: ['the gardener posted a note and later', 'a storm interrupts the tulips talk', 'then we went home.'] },
        { lines: ['the tulips and more tulips in the field', 'a gardener grew them all by the road', 'then we went home.'] },
      ]),
    );
    const response = all(index, '"posted interrupts" tulips zebra');
    expect(response.relaxed).toBe(true);
    // The phrase holds in neither passage: they compete on "tulips" alone, said twice in the second.
    expect(response.results.map((r) => r.start)).toEqual([blockStart(1), blockStart(0)]);
  });
});

describe('search: operators', () => {
  it('+must: every result has the word, even when relaxed', () => {
    const response = all(library, '+gardener tulips zebra');
    expect(response.relaxed).toBe(true);
    expect(foundSet(response)).toEqual(set(at(B, 0), at(B, 1), at(B, 3)));
    // B5 speaks of tulips but not of a gardener.
    expect(found(response)).not.toContain(at(B, 5));
  });

  it('-exclude: no result has the word', () => {
    expect(found(all(library, 'gardener -tulips'))).toEqual([at(B, 1)]);
    expect(found(all(library, 'qemu -libvirt'))).toEqual([at(A, 0)]);
  });

  it('-exclude alone is nothing to search for', () => {
    expect(() => library.search('-tulips')).toThrow(SearchError);
  });

  it.each<[string, RegExp]>([
    ['garden*', /\bgarden/i],
    // The stem of "migration" is "migrat": the prefix matches the word as said, not its stem.
    ['migrati*', /\bmigrati/i],
    ['tul*', /\btul/i],
  ])('prefix %s finds every passage with a word starting so', (query, startsSo) => {
    const expected = library.list().flatMap((video) => video.passages.filter((p) => startsSo.test(p.text)).map((p) => `${video.videoId}@${p.start}`));
    expect(expected.length).toBeGreaterThan(1);
    expect(foundSet(all(library, query))).toEqual(set(...expected));
  });

  it('typo~1: finds the word one edit away, which the plain word does not', () => {
    expect(all(library, 'gardner').total).toBe(0);
    expect(foundSet(all(library, 'gardner~1'))).toEqual(foundSet(all(library, 'gardener')));
    expect(foundSet(all(library, 'tuilps~1'))).toEqual(foundSet(all(library, 'tulips')));
  });
});

describe('search: filters', () => {
  it('video: only that video', () => {
    expect(found(all(library, '"posted interrupts"', { video: 'CCCCCCCCCCC' }))).toEqual([at(C, 0)]);
    expect(found(all(library, '"posted interrupts" video:AAAAAAAAAAA'))).toEqual([at(A, 3)]);
  });

  it('topic: only passages of that topic, from the options or the query', () => {
    expect(foundSet(all(library, 'guest'))).toEqual(set(at(A, 2), at(A, 4), at(A, 5)));
    expect(found(all(library, 'guest topic:security'))).toEqual([at(A, 2)]);
    expect(foundSet(all(library, 'guest', { topic: 'hardware' }))).toEqual(set(at(A, 4), at(A, 5)));
    expect(found(all(library, 'guest topic:Security'))).toEqual([at(A, 2)]);
  });

  it('speaker: matches part of the name, in any case', () => {
    expect(foundSet(all(library, 'qemu'))).toEqual(set(at(A, 0), at(A, 1)));
    expect(found(all(library, 'qemu speaker:rinaldi'))).toEqual([at(A, 0)]);
    expect(found(all(library, 'qemu', { speaker: 'MOREAU' }))).toEqual([at(A, 1)]);
    expect(found(all(library, 'qemu', { speaker: 'daniel m' }))).toEqual([at(A, 1)]);
    expect(all(library, 'qemu speaker:ostrowski').total).toBe(0);
  });

  it('speaker: passages with no known speaker never match a speaker filter', () => {
    expect(all(library, 'gardener').total).toBe(3);
    expect(all(library, 'gardener', { speaker: 'a' }).total).toBe(0);
  });

  it.each<[string, SearchOptions, number[]]>([
    ['from after the first passage', { from: 20 }, [1]],
    ['from exactly where the first passage ends', { from: blockStart(0) + BLOCK_LENGTH }, [1]],
    ['from just before the first passage ends', { from: blockStart(0) + BLOCK_LENGTH - 0.1 }, [0, 1]],
    ['to exactly where the second passage starts', { to: blockStart(1) }, [0]],
    ['to just after the second passage starts', { to: blockStart(1) + 0.1 }, [0, 1]],
    ['a window inside the second passage', { from: 35, to: 40 }, [1]],
    ['a window in the silence between them', { from: 19, to: 30 }, []],
    ['a window around both', { from: 0, to: 60 }, [0, 1]],
  ])('time window, %s: passages overlapping it', (_what, window, blocks) => {
    expect(foundSet(all(library, 'qemu', window))).toEqual(set(...blocks.map((k) => at(A, k))));
  });

  it('kind:note returns nothing yet; kind:transcript is every passage', () => {
    expect(all(library, 'qemu kind:note')).toMatchObject({ total: 0, results: [], topics: {} });
    expect(all(library, 'qemu', { kind: 'note' }).total).toBe(0);
    expect(found(all(library, 'qemu kind:transcript'))).toEqual(found(all(library, 'qemu')));
  });

  it('filters combine', () => {
    expect(found(all(library, 'guest topic:hardware speaker:ostrowski'))).toEqual([at(A, 5)]);
    expect(found(all(library, 'guest topic:hardware', { speaker: 'rinaldi', from: 100 }))).toEqual([at(A, 4)]);
  });

  it.each<[string, string, SearchOptions, string, RegExp]>([
    ['an unknown topic in the query', 'qemu topic:nonsense', {}, 'USAGE', /nonsense.*security/],
    ['an unknown topic in the options', 'qemu', { topic: 'nonsense' }, 'USAGE', /nonsense/],
    ['an unknown kind', 'qemu kind:video', {}, 'USAGE', /kind:video/],
    ['an unknown video in the query', 'qemu video:ZZZZZZZZZZZ', {}, 'NOT_FOUND', /ZZZZZZZZZZZ/],
    ['an unknown video in the options', 'qemu', { video: 'ZZZZZZZZZZZ' }, 'NOT_FOUND', /ZZZZZZZZZZZ/],
  ])('%s is a clear SearchError', (_what, query, options, code, message) => {
    const error = thrown(() => library.search(query, options));
    expect(error).toBeInstanceOf(SearchError);
    expect(error).toMatchObject({ code, message: expect.stringMatching(message) });
  });
});

describe('search: results', () => {
  it('says where, who, what and links to the start of the sentence that holds the matched words', () => {
    const [hit, ...rest] = all(library, '"posted interrupts"', { video: 'AAAAAAAAAAA' }).results;
    expect(rest).toEqual([]);
    // "posted interrupts" is in the passage's second line (96.5 s), in the sentence a new speaker begins at 90.5 s.
    const text =
      'new hardware keeps changing how devices signal a vcpu the newest processors have posted interrupts so an interrupt reaches the vcpu without an exit.';
    expect(hit).toMatchObject({
      kind: 'transcript',
      videoId: 'AAAAAAAAAAA',
      title: 'Security and hardware panel',
      start: 90.5,
      end: 108.5,
      at: 90.5,
      topic: 'hardware',
      speaker: OSTROWSKI,
      snippet: expect.stringContaining('<mark>posted</mark> <mark>interrupts</mark>'),
      url: 'https://www.youtube.com/watch?v=AAAAAAAAAAA&t=90s',
      score: expect.any(Number),
    });
    expect(hit?.score).toBeGreaterThan(0);
    expect(hit && textOf(library, hit)).toBe(text);
  });

  it('opens where the sentence began, not at a timed word inside it', () => {
    // "posted" is timed at 7.9 s; its sentence began with the talk, at 0.5 s.
    const [hit] = all(library, '"posted interrupts"', { video: 'CCCCCCCCCCC' }).results;
    expect(hit).toMatchObject({ start: 0.5, at: 0.5, url: 'https://www.youtube.com/watch?v=CCCCCCCCCCC&t=0s', speaker: null });
  });

  it('points at the passage start when the first matched word is in its first line', () => {
    const [hit] = all(library, 'hardware signal', { video: 'AAAAAAAAAAA' }).results;
    expect(hit).toMatchObject({ start: 90.5, at: 90.5, url: 'https://www.youtube.com/watch?v=AAAAAAAAAAA&t=90s' });
  });

  it('links to where the query words stand together rather than to an earlier lone one', () => {
    const index = libraryOf(
      transcript('MMMMMMMMMMM', 'Interrupts', [
        {
          lines: [
            'an interrupt used to cost an exit',
            'every single time a device signalled',
            'and that was slow.',
            'everyone knew it was slow.',
            'now posted interrupts avoid that',
            'which is nice.',
          ],
        },
      ]),
    );
    const [hit] = all(index, 'posted interrupts').results;
    expect(hit?.snippet).toContain('<mark>interrupt</mark> used');
    // The sentence "now posted interrupts…" begins at 12.5 s (the fifth of six lines over 18 s).
    expect(hit).toMatchObject({ start: 0.5, at: 12.5, url: 'https://www.youtube.com/watch?v=MMMMMMMMMMM&t=12s' });
  });

  it('gives null as the speaker when the captions do not say', () => {
    const response = all(library, 'gardener');
    expect(response.total).toBeGreaterThan(0);
    for (const r of response.results) expect(r.speaker).toBeNull();
  });

  it('marks every matched word, in every form, in the snippet', () => {
    const [hit] = all(library, 'migration', { video: 'BBBBBBBBBBB' }).results;
    expect(hit?.snippet.match(/<mark>migration<\/mark>/g)).toHaveLength(2);
    const [glossary] = all(library, 'libvirt').results;
    expect(glossary?.snippet).toContain('<mark>libvirt</mark>');
    expect(glossary?.snippet).toContain('<mark>lib vert</mark>');
  });

  it('HTML-escapes the snippet, and keeps the text as said', () => {
    const [hit, ...rest] = all(library, 'script').results;
    expect(rest).toEqual([]);
    expect(hit && textOf(library, hit)).toContain('<script> tags & friends');
    expect(hit?.snippet).toContain('&lt;<mark>script</mark>&gt; tags &amp; friends');
    // The only markup left is the highlighting.
    expect(hit?.snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
  });

  it('counts hits per topic over all matches, adding up to the total', () => {
    const response = library.search('guest', { limit: 1 });
    expect(response.results).toHaveLength(1);
    expect(response.total).toBe(3);
    expect(response.topics).toEqual({ security: 1, hardware: 2 });
    for (const query of ['gardener tulips zebra', 'posted interrupts', 'qemu', 'the attack']) {
      const { topics, total } = library.search(query);
      expect(Object.values(topics).reduce((a, b) => a + b, 0)).toBe(total);
    }
  });

  it('pages with limit and offset, keeping the total', () => {
    const everything = all(library, 'gardener tulips zebra');
    expect(everything.total).toBe(4);
    const pages = [0, 1, 2, 3].map((offset) => page(library, 'gardener tulips zebra', { limit: 1, offset }));
    expect(pages.map((p) => p.total)).toEqual([4, 4, 4, 4]);
    expect(pages.flatMap((p) => p.results)).toEqual(everything.results);
    expect(page(library, 'gardener tulips zebra', { limit: 3, offset: 2 }).results).toEqual(everything.results.slice(2));
    expect(library.search('gardener tulips zebra', { offset: 10 }).results).toEqual([]);
  });

  it('returns 10 results unless asked for more', () => {
    const sample = sampleIndex();
    expect(sample.search('qemu').results).toHaveLength(10);
    expect(sample.search('qemu').total).toBeGreaterThan(10);
  });

  it('echoes the query', () => {
    expect(library.search('Gardener  tulips').query).toBe('Gardener  tulips');
  });
});

describe('search: what cannot be searched', () => {
  it.each([
    ['an empty query', ''],
    ['only spaces', '   '],
    ['only syntax', '+-~^'],
    ['only very common words', 'the and of'],
    ['only an exclusion', '-qemu'],
  ])('%s is a SearchError USAGE with a message', (_what, query) => {
    const error = thrown(() => library.search(query));
    expect(error).toBeInstanceOf(SearchError);
    expect(error).toMatchObject({ code: 'USAGE', message: expect.stringContaining('nothing to search for') });
  });

  it('says why when the syntax was the problem', () => {
    expect(() => library.search('+-~^')).toThrow(/must be followed by a word/);
  });

  it("'foo:' never throws and reports that it fell back", () => {
    const response = library.search('foo:');
    expect(response.fellBack).toEqual({ reason: expect.stringContaining('foo:'), position: 0 });
    expect(response.total).toBe(0);
  });

  it('searches the plain words of an invalid query', () => {
    const response = all(library, 'gardener "tulips');
    expect(response.fellBack?.position).toBe(9);
    expect(foundSet(response)).toEqual(foundSet(all(library, 'gardener tulips')));
  });

  // The fallback to plain words must itself never throw (tests/query.test.ts).
  it.each(['😀', '!!!'])('%j is a SearchError USAGE, never a raw syntax error', (query) => {
    expect(thrown(() => library.search(query))).toBeInstanceOf(SearchError);
  });
});

describe('search: long queries', () => {
  // Clauses are bits of a 32-bit mask (scorer.ts): past MAX_CLAUSES a clause would share a bit with another.
  const NOUNS = (
    'apple basket candle dinner engine falcon garlic hammer island jacket kettle ladder magnet napkin orange pencil quartz ' +
    'rabbit saddle tablet umbrella violin wallet yogurt zipper anchor bucket carpet donkey feather goblet helmet'
  ).split(' ');
  const manyWords = libraryOf(
    transcript('EEEEEEEEEEE', 'Many words', [
      { lines: [NOUNS.slice(0, 16).join(' '), NOUNS.slice(16).join(' '), 'and we keep this one.'] },
      { lines: [NOUNS.slice(0, 16).join(' '), NOUNS.slice(16).join(' '), 'and we drop this one.'] },
    ]),
  );

  it('excludes a word after 31 other words', () => {
    expect(NOUNS).toHaveLength(32);
    const response = all(manyWords, `${NOUNS.slice(0, 31).join(' ')} -drop`);
    expect(response.results.map((r) => r.start)).toEqual([blockStart(0)]);
  });

  it('excludes a word after 32 other words', () => {
    const response = all(manyWords, `${NOUNS.join(' ')} -drop`);
    expect(response.results.map((r) => r.start)).toEqual([blockStart(0)]);
  });
});

describe('search: scores across videos', () => {
  const GNOME = 'we talked about the garden gnome collection for a while and it was lovely.';

  /** Two videos holding GNOME, next to a passage of the same length that does or does not mention gnomes. */
  const gnomeVideos = (): SearchIndex =>
    libraryOf(
      transcript('FFFFFFFFFFF', 'Gnomes one', [{ lines: [GNOME] }, { lines: ['the gnome fair was held in town and many people came along.'] }]),
      transcript('GGGGGGGGGGG', 'Gnomes two', [{ lines: [GNOME] }, { lines: ['the bread fair was held in town and many people came along.'] }]),
    );
  const gnomeScores = (index: SearchIndex): (number | undefined)[] => {
    const response = all(index, 'gnome');
    return ['FFFFFFFFFFF', 'GGGGGGGGGGG'].map((id) => response.results.find((r) => r.videoId === id && textOf(index, r) === GNOME)?.score);
  };

  it('scores the same passage alike in two videos (library-wide document frequencies)', () => {
    // With per-video frequencies "gnome" would be rarer in the second video, so worth four times more there.
    const index = gnomeVideos();
    expect(index.get('FFFFFFFFFFF')?.topics).toEqual(index.get('GGGGGGGGGGG')?.topics);
    const [one, two] = gnomeScores(index);
    expect(one).toBeGreaterThan(0);
    expect(one).toBeCloseTo(two ?? 0, 2);
  });

  // Scores come from whole term counts and the library-wide idf, nothing shard-local or rounded (shard.ts).
  it('scores the same passage exactly the same in two videos', () => {
    const [one, two] = gnomeScores(gnomeVideos());
    expect(one).toBe(two);
  });

  // No length normalisation (b = 0): a passage's score does not depend on its shard's average length.
  it('ranks a better passage first whatever else the videos hold', () => {
    const long = 'people ate sandwiches near the lake and watched the ducks paddle around slowly in small circles until it got dark and cold.';
    const index = libraryOf(
      transcript('HHHHHHHHHHH', 'Gnomes twice', [{ lines: ['the garden gnome was next to another gnome by the pond.'] }]),
      transcript('IIIIIIIIIII', 'Gnome once', [
        { lines: ['the garden gnome was next to a stone duck by the pond.'] },
        { lines: [long, long, long] },
        { lines: [long, long, long] },
      ]),
    );
    expect(new Set([...(index.get('HHHHHHHHHHH')?.topics ?? []), ...(index.get('IIIIIIIIIII')?.topics ?? [])])).toEqual(new Set(['general']));
    expect(all(index, 'gnome').results.map((r) => r.videoId)).toEqual(['HHHHHHHHHHH', 'IIIIIIIIIII']);
  });

  it('scores the same passage the same whatever else its video holds', () => {
    const index = libraryOf(
      transcript('JJJJJJJJJJJ', 'Alone', [{ lines: [GNOME] }]),
      transcript('KKKKKKKKKKK', 'With company', [{ lines: [GNOME] }, { lines: ['hello there.'] }, { lines: ['and goodbye.'] }]),
    );
    const [first, second] = all(index, 'gnome').results;
    expect(first?.score).toBe(second?.score);
  });
});

describe('search: changing the library', () => {
  it('removing a video removes its hits', () => {
    const index = libraryOf(A, B, C);
    expect(all(index, '"posted interrupts"').total).toBe(2);
    index.remove('CCCCCCCCCCC');
    expect(found(all(index, '"posted interrupts"'))).toEqual([at(A, 3)]);
    expect(index.get('CCCCCCCCCCC')).toBeUndefined();
    expect(index.passageCount).toBe(12);
    expect(thrown(() => index.search('hallway', { video: 'CCCCCCCCCCC' }))).toMatchObject({ code: 'NOT_FOUND' });
    // Prefixes and typos no longer expand to its words.
    expect(all(index, 'hallw*').total).toBe(0);
  });

  it('adding a video again replaces it', () => {
    const index = libraryOf(A, B, C);
    expect(all(index, 'hallway').total).toBe(1);
    const replaced = transcript('CCCCCCCCCCC', 'Hallway track, corrected', [
      { lines: ['we talked in the corridor', 'about nested paging', 'and nobody disagreed.'] },
    ]);
    index.add(replaced, build(replaced));
    expect(all(index, 'hallway').total).toBe(0);
    expect(all(index, 'hallw*').total).toBe(0);
    expect(all(index, 'corridor').results.map((r) => [r.videoId, r.title])).toEqual([['CCCCCCCCCCC', 'Hallway track, corrected']]);
    expect(found(all(index, '"posted interrupts"'))).toEqual([at(A, 3)]);
    expect(index.passageCount).toBe(13);
    expect(
      index
        .list()
        .map((v) => v.videoId)
        .sort(),
    ).toEqual(['AAAAAAAAAAA', 'BBBBBBBBBBB', 'CCCCCCCCCCC']);
  });

  it('scores with the frequencies of the library as it is now', () => {
    const index = libraryOf(B);
    const before = all(index, 'tulips').results[0]?.score;
    // Another video full of tulips makes the word commoner, so worth less.
    const tulips = transcript(
      'LLLLLLLLLLL',
      'Tulips',
      [0, 1, 2, 3].map(() => ({ lines: ['tulips everywhere you look in this field of flowers.'] })),
    );
    index.add(tulips, build(tulips));
    const after = all(index, 'tulips', { video: 'BBBBBBBBBBB' }).results[0]?.score;
    expect(after).toBeLessThan(before ?? 0);
    index.remove('LLLLLLLLLLL');
    expect(all(index, 'tulips').results[0]?.score).toBe(before);
  });
});

/* ---------------------------------------------------------------- the shipped sample */

let sample: { index: SearchIndex; record: TranscriptRecord; data: VideoIndexData } | undefined;

function sampleIndex(): SearchIndex {
  if (!sample) throw new Error('the sample is loaded in beforeAll');
  return sample.index;
}

beforeAll(async () => {
  const record = await loadTranscript(SAMPLE_DIR, 'S6Sjj6OtyvY');
  const data = build(record);
  const index = new SearchIndex(vocabulary.topics, vocabulary.glossary);
  index.add(record, data);
  sample = { index, record, data };
});

/** Starts of the sample's passages whose text matches `pattern`: what a search should find. */
function sampleWhere(pattern: RegExp): number[] {
  return (sample?.data.passages ?? []).filter((p) => pattern.test(p.text)).map((p) => p.start);
}
const starts = (response: ShownResponse): number[] => response.results.map((r) => r.start).sort((a, b) => a - b);

describe('search on the shipped sample', () => {
  it('finds "posted interrupts" at 23:40, opening a little before the line that says it', () => {
    const response = all(sampleIndex(), '"posted interrupts"');
    expect(starts(response)).toEqual(sampleWhere(/posted interrupts/i));
    const line = sample?.record.segments.find((s) => s.text.includes('posted interrupts'));
    expect(Math.floor((line?.start ?? 0) / 60)).toBe(23);
    const hit = response.results.find((r) => r.start <= (line?.start ?? 0) && (line?.start ?? 0) < r.end);
    expect(hit).toBeDefined();
    // At the start of a caption line, before the one that says it, by at most ten seconds.
    expect(sample?.record.segments.some((s) => s.start === hit?.at)).toBe(true);
    expect(hit?.at).toBeLessThanOrEqual(line?.start ?? 0);
    expect(hit?.at).toBeGreaterThanOrEqual((line?.start ?? 0) - 10);
    expect(hit?.url).toBe(`https://www.youtube.com/watch?v=S6Sjj6OtyvY&t=${Math.floor(hit?.at ?? 0)}s`);
    expect(hit?.topic).toBe('hardware');
  });

  it.each<[string, RegExp, RegExp]>([
    ['virtio-blk', /virtio[-\s]blk/i, /<mark>virtio<\/mark>-<mark>blk<\/mark>|<mark>virtio<\/mark> <mark>blk<\/mark>/],
    ['vhost-user', /vhost[-\s]user/i, /<mark>vhost<\/mark>[-\s]<mark>user<\/mark>/],
    ['x86', /\bx86\b/i, /<mark>x86<\/mark>/],
    ['X86', /\bx86\b/i, /<mark>x86<\/mark>/],
    ['AVX512', /\bavx512\b/i, /<mark>avx512<\/mark>/i],
    ['avx512', /\bavx512\b/i, /<mark>avx512<\/mark>/i],
    ['SEV', /\bsev\b/i, /<mark>sev<\/mark>/i],
    ['sev', /\bsev\b/i, /<mark>sev<\/mark>/i],
    ['CVE-2015-3456', /cve[-\s]2015[-\s]3456/i, /<mark>cve<\/mark>[-\s]<mark>2015<\/mark>[-\s]<mark>3456<\/mark>/i],
    ['"cve 2015 3456"', /cve[-\s]2015[-\s]3456/i, /<mark>cve<\/mark>[-\s]<mark>2015<\/mark>[-\s]<mark>3456<\/mark>/i],
    ['2.7', /(?<![\w.])2\.7(?![\w])/, /<mark>2\.7<\/mark>/],
  ])('finds %j where it was said, as users type it', (query, said, marked) => {
    const expected = sampleWhere(said);
    expect(expected.length).toBeGreaterThan(0);
    const response = all(sampleIndex(), query);
    expect(starts(response)).toEqual(expected);
    for (const r of response.results) expect(r.snippet).toMatch(marked);
  });

  it('finds CVE-2015-3456 in both spellings of the sample', () => {
    const index = sampleIndex();
    const texts = all(index, 'CVE-2015-3456').results.map((r) => textOf(index, r));
    expect(texts.some((t) => t.includes('CVE-2015-3456'))).toBe(true);
    expect(texts.some((t) => t.includes('cve 2015 3456'))).toBe(true);
  });

  it("migrtion~1 finds migration, which 'migrtion' alone does not", () => {
    expect(all(sampleIndex(), 'migrtion').total).toBe(0);
    const response = all(sampleIndex(), 'migrtion~1');
    const withMigration = sampleWhere(/\bmigration\b/i);
    expect(withMigration.length).toBeGreaterThan(5);
    expect(starts(response)).toEqual(expect.arrayContaining(withMigration));
    expect(response.results[0]?.snippet).toMatch(/<mark>migrat/);
  });

  it('virt* finds virtualization and virtio', () => {
    const index = sampleIndex();
    const response = all(index, 'virt*');
    const texts = response.results.map((r) => textOf(index, r));
    expect(texts.some((t) => /\bvirtualization\b/.test(t))).toBe(true);
    expect(texts.some((t) => /\bvirtio\b/.test(t))).toBe(true);
    expect(starts(response)).toEqual(expect.arrayContaining(sampleWhere(/\bvirt/i)));
    for (const r of response.results) expect(r.snippet).toMatch(/<mark>(virt|vert io)/i);
  });

  describe('the glossary, both ways', () => {
    it("searching 'libvirt' finds the passages where captions wrote 'lib vert'", () => {
      const response = all(sampleIndex(), 'libvirt');
      expect(starts(response)).toEqual(expect.arrayContaining(sampleWhere(/\blib vert\b/i)));
      expect(starts(response)).toEqual(expect.arrayContaining(sampleWhere(/\blibvirt\b/i)));
      expect(response.results.some((r) => r.snippet.includes('<mark>lib vert</mark>'))).toBe(true);
    });

    const mishearings: [string, string][] = [
      ['lib vert', 'libvirt'],
      ['q emu', 'qemu'],
      ['k v m', 'kvm'],
      ['vert io', 'virtio'],
    ];

    it.each(mishearings)('searching "%s" in quotes finds what %j finds', (mishearing, term) => {
      // The sample holds both spellings.
      expect(sampleWhere(new RegExp(`\\b${mishearing}\\b`, 'i')).length).toBeGreaterThan(0);
      expect(sampleWhere(new RegExp(`\\b${term}\\b`, 'i')).length).toBeGreaterThan(0);
      expect(starts(all(sampleIndex(), `"${mishearing}"`))).toEqual(starts(all(sampleIndex(), term)));
    });

    it.each(mishearings)('searching %s finds what %j finds', (mishearing, term) => {
      expect(starts(all(sampleIndex(), mishearing))).toEqual(starts(all(sampleIndex(), term)));
    });
  });

  it('topic:security in the query keeps only security passages', () => {
    const everywhere = all(sampleIndex(), 'qemu');
    const security = all(sampleIndex(), 'qemu topic:security');
    expect(security.total).toBe(everywhere.topics.security);
    expect(security.total).toBeGreaterThan(0);
    expect(security.total).toBeLessThan(everywhere.total);
    for (const r of security.results) expect(r.topic).toBe('security');
    expect(security.topics).toEqual({ security: security.total });
  });

  it('gives every result the fields a reader relies on', () => {
    const response = all(sampleIndex(), 'qemu');
    expect(Object.values(response.topics).reduce((a, b) => a + b, 0)).toBe(response.total);
    for (const r of response.results) {
      expect(r).toMatchObject({ kind: 'transcript', videoId: 'S6Sjj6OtyvY', title: '[2016] Virtualization Developer Panel', speaker: null });
      // A sentence under way when the passage begins may have begun in the passage before.
      expect(r.at).toBeGreaterThanOrEqual(r.start - 10);
      expect(r.at).toBeLessThan(r.end);
      expect(r.url).toBe(`https://www.youtube.com/watch?v=S6Sjj6OtyvY&t=${Math.floor(r.at)}s`);
      expect(r.snippet).toMatch(/<mark>(qemu|q emu)<\/mark>/i);
      // The second the url points at is when a line of the passage starts, and a line said at most ten seconds later says it.
      const lines = sample?.record.segments ?? [];
      expect(lines.some((s) => s.start === r.at)).toBe(true);
      expect(lines.some((s) => s.start >= r.at && s.start <= r.at + 10 && /\bqemu\b|\bq emu\b/i.test(s.text))).toBe(true);
    }
  });

  it('pages through every result exactly once', () => {
    const everything = all(sampleIndex(), 'qemu');
    const paged: ShownResult[] = [];
    for (let offset = 0; offset < everything.total; offset += 7) paged.push(...page(sampleIndex(), 'qemu', { limit: 7, offset }).results);
    expect(paged).toEqual(everything.results);
  });
});
