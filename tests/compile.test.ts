import { compileGlossary, stem } from '../index/analyze.js';
import { buildVideoIndex } from '../index/build.js';
import { compileQuery, type WordSource } from '../index/compile.js';
import { parseQuery } from '../index/query.js';
import { SearchIndex } from '../index/searchIndex.js';
import type { WordList } from '../index/words.js';
import { loadVocabulary } from '../server/search/vocabulary.js';
import type { TranscriptRecord } from '../server/transcript/types.js';
import { transcript } from './support/records.js';

/**
 * The query compiler (index/compile.ts): jargon found however it is written (letters and digits
 * together or apart, hyphenated or joined, the glossary's abbreviations both ways), and `OR`.
 * First the forms a query compiles to, then what a search over small talks of our own finds.
 */

const vocabulary = loadVocabulary();

/** A WordSource over these spoken words, as the registry's word lists are. */
function wordsOf(spoken: string[]): WordSource {
  const words = [...new Set(spoken)].sort();
  const list: WordList = { words, stems: words.map(stem) };
  return { expand: (_key, expansion) => expansion(list) };
}

/** The forms of each clause, as phrases of stems (`avx 512`) or single stems (`avx512`). */
function formsOf(query: string, spoken: string[] = [], glossary = compileGlossary({})): string[][] {
  return compileQuery(parseQuery(query).clauses, glossary, wordsOf(spoken)).clauses.map((c) =>
    c.forms.map((f) => (f.phrase ?? f.groups.map((g) => g.join('|'))).join(' ')),
  );
}

describe('compileQuery: the ways of writing jargon', () => {
  it.each<[string, string[], string[][]]>([
    ['avx512', [], [['avx512', 'avx 512']]],
    ['x86', [], [['x86', 'x 86']]],
    ['qcow2', [], [['qcow2', 'qcow 2']]],
    ['avx-512', [], [['avx 512', 'avx512']]],
    ['virtio-blk', [], [['virtio blk', 'virtioblk']]],
    ['virtio_blk', [], [['virtio_blk', 'virtio blk', 'virtioblk']]],
    // Typed apart: each word also finds the two said as one.
    [
      'avx 512',
      [],
      [
        ['avx', 'avx512'],
        ['512', 'avx512'],
      ],
    ],
    // Words of letters: joined or split only where the library says it so.
    [
      'multi queue',
      ['multiqueue'],
      [
        ['multi', 'multiqueu'],
        ['queue', 'multiqueu'],
      ],
    ],
    ['multi queue', [], [['multi'], ['queue']]],
    ['multiqueue', ['multi', 'queue'], [['multiqueu', 'multi queue']]],
    ['multiqueue', [], [['multiqueu']]],
    // Never into a stop word, nor into parts under three letters.
    ['another', ['an', 'other', 'anoth', 'er'], [['anoth']]],
    ['passthrough', ['pass', 'through'], [['passthrough', 'pass through']]],
  ])('%j (library saying %j) compiles to %j', (query, spoken, forms) => {
    expect(formsOf(query, spoken)).toEqual(forms);
  });

  it('tries the glossary abbreviations both ways, in single words, compounds and runs of words', () => {
    const glossary = compileGlossary({}, { abbreviations: { block: ['blk'], 'virtual machine': ['vm'] } });
    expect(formsOf('blk', [], glossary)).toEqual([['blk', 'block']]);
    expect(formsOf('block', [], glossary)).toEqual([['block', 'blk']]);
    expect(formsOf('virtio-blk', [], glossary)).toEqual([['virtio blk', 'virtioblk', 'virtio block']]);
    expect(formsOf('vm', [], glossary)).toEqual([['vm', 'virtual machin']]);
    expect(formsOf('virtual machine', [], glossary)).toEqual([
      ['virtual', 'vm'],
      ['machin', 'vm'],
    ]);
  });

  it('keeps a quoted phrase to its words', () => {
    expect(formsOf('"avx 512"')).toEqual([['avx 512']]);
    expect(formsOf('"multi queue"', ['multiqueue'])).toEqual([['multi queue']]);
  });

  it('compiles words joined by OR into one clause of their forms', () => {
    expect(formsOf('seccomp OR apparmor')).toEqual([['seccomp', 'apparmor']]);
    expect(formsOf('guest seccomp OR "system call filter" OR bpf')).toEqual([['guest'], ['seccomp', 'system call filter', 'bpf']]);
    // Words that are all stop words leave nothing to look for.
    expect(formsOf('the OR of')).toEqual([]);
  });
});

/* ---------------------------------------------------------------- searching small talks */

/** A talk whose line k is said from 30k s for 20 s: one passage a line. */
function talk(videoId: string, lines: string[]): TranscriptRecord {
  return transcript(
    videoId,
    lines.map((text, k) => ({ start: k * 30, duration: 20, text })),
    { title: videoId },
  );
}

const JARGON = talk('JargonTalk1', [
  'we enabled avx512 in the guest last year',
  'the guest sees avx 512 only when the host has it',
  'with AVX-512 the state the processor saves grows',
  'avx instructions came first and 512 bit registers later',
  'virtio-blk is the simple block device',
  'the virtio block driver polls its queues',
  'virtio blk with multi-queue support scales',
  'one multiqueue device per vcpu',
  'a virtual machine needs memory',
  'each vm needs its own kernel',
  'seccomp filters the system calls qemu makes',
  'apparmor confines qemu to its own files',
  'selinux labels each guest differently',
]);

const index = new SearchIndex(vocabulary.topics, vocabulary.glossary);
index.add(JARGON, buildVideoIndex(JARGON, vocabulary.topics, vocabulary.glossary, 'test-jargon'));

/** The lines found, in line order. */
const lines = (query: string): number[] =>
  index
    .search(query, { limit: 100 })
    .results.map((r) => r.start / 30)
    .sort((a, b) => a - b);

describe('search: jargon written together or apart finds both', () => {
  it.each<[string, number[]]>([
    ['avx512', [0, 1, 2]],
    ['AVX512', [0, 1, 2]],
    ['avx-512', [0, 1, 2]],
    ['"avx 512"', [1, 2]],
    ['virtio-blk', [4, 5, 6]],
    ['virtio_blk', [4, 5, 6]],
    ['virtio block', [4, 5, 6]],
    ['virtio blk', [4, 5, 6]],
    ['multiqueue', [6, 7]],
    ['multi-queue', [6, 7]],
    ['multi queue', [6, 7]],
    ['vm', [8, 9]],
    ['virtual machine', [8, 9]],
  ])('%j finds lines %j', (query, found) => {
    expect(lines(query)).toEqual(found);
  });

  it('finds "avx 512" typed apart in every form, and the words said apart too, last', () => {
    const results = index.search('avx 512', { limit: 100 }).results.map((r) => r.start / 30);
    expect([...results].sort()).toEqual([0, 1, 2, 3]);
    // Line 3 says "avx" and "512" six words apart: it holds both words but not the term.
    expect(results[results.length - 1]).toBe(3);
  });

  it('excludes every form of an excluded term', () => {
    expect(lines('guest -avx512')).toEqual([12]);
  });

  it('marks the words found in another form', () => {
    const [hit] = index.search('virtio-blk', { video: 'JargonTalk1', limit: 100 }).results.filter((r) => r.start === 150);
    expect(hit?.excerpt.marks.map(([a, b]) => hit.excerpt.text.slice(a, b))).toEqual(['virtio', 'block']);
  });
});

describe('search: the library decides which joins and splits are tried', () => {
  it('reads a query again once the library changes (a kept reading would miss the new words)', () => {
    const library = new SearchIndex(vocabulary.topics, vocabulary.glossary);
    const add = (record: TranscriptRecord): unknown => library.add(record, buildVideoIndex(record, vocabulary.topics, vocabulary.glossary, record.videoId));
    add(talk('JoinedOnly1', ['one multiqueue device per vcpu']));
    expect(library.search('multiqueue').total).toBe(1);
    // "multi" and "queue" are words of the library only from now: the split is tried from now.
    add(talk('SplitTalk01', ['multi queue polling helps']));
    expect(
      library
        .search('multiqueue')
        .results.map((r) => r.videoId)
        .sort(),
    ).toEqual(['JoinedOnly1', 'SplitTalk01']);
    library.remove('SplitTalk01');
    expect(library.search('multiqueue').total).toBe(1);
  });
});

describe('search: OR', () => {
  it('finds passages with either word', () => {
    expect(lines('seccomp OR apparmor')).toEqual([10, 11]);
    expect(lines('seccomp OR apparmor OR selinux')).toEqual([10, 11, 12]);
    expect(lines('"system calls" OR apparmor')).toEqual([10, 11]);
  });

  it('binds closer than the words around it, which are all wanted', () => {
    expect(lines('qemu seccomp OR apparmor')).toEqual([10, 11]);
    expect(lines('files seccomp OR apparmor')).toEqual([11]);
  });

  it('joins at most 16 words, keeping the first, and says so', () => {
    const others = Array.from({ length: 20 }, (_, i) => `word${'abcdefghijklmnopqrst'[i]}`);
    const response = index.search(`${others.slice(0, 15).join(' OR ')} OR seccomp OR ${others.slice(15).join(' OR ')}`, { limit: 100 });
    expect(response.results.map((r) => r.start / 30)).toEqual([10]);
    expect(response.notice).toMatch(/an OR joins at most 16 words; the last were left out/);
    expect(index.search(`${others.slice(0, 16).join(' OR ')} OR seccomp`).total).toBe(0);
  });

  it('reads a lowercase "or" as a word (a stop word), so both others are wanted, and says when it relaxed', () => {
    expect(index.search('seccomp or apparmor').relaxed).toBe(true);
    expect(index.search('seccomp OR apparmor').relaxed).toBeUndefined();
  });

  it.each(['OR seccomp', 'seccomp OR', '+seccomp OR apparmor', 'seccomp OR -apparmor', 'seccomp OR topic:security'])(
    'says why %j is read as plain words',
    (query) => {
      const response = index.search(query, { limit: 100 });
      expect(response.fellBack?.reason).toMatch(/"OR"/);
    },
  );
});
