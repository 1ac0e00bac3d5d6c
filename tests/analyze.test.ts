import lunr from 'lunr';
import { compileGlossary, isStopWord, stem, tokenize, type WordToken } from '../index/analyze.js';
import { loadVocabulary } from '../server/search/vocabulary.js';

const { glossary } = loadVocabulary();
const noGlossary = compileGlossary({});
const words = (text: string, g = glossary): string[] => tokenize(text, g).map((t) => t.word);
/** What each token's range covers in the text it came from. */
const spans = (text: string, tokens: WordToken[]): string[] => tokens.map((t) => text.slice(t.start, t.end));

describe('tokenize', () => {
  it.each<[string, string[]]>([
    ['the typical x86 guest', ['the', 'typical', 'x86', 'guest']],
    ['so AVX512 support is in kvm', ['so', 'avx512', 'support', 'is', 'in', 'kvm']],
    ['so 2.7 should be out', ['so', '2.7', 'should', 'be', 'out']],
    ['in qemu 2.7.', ['in', 'qemu', '2.7']],
    ['what about 2.7?', ['what', 'about', '2.7']],
    ['the idea with SEV is', ['the', 'idea', 'with', 'sev', 'is']],
    ['amd announced sev, earlier', ['amd', 'announced', 'sev', 'earlier']],
    ['"libvirt" (qemu) kvm!', ['libvirt', 'qemu', 'kvm']],
    ["it's qemu's job", ["it's", "qemu's", 'job']],
  ])('keeps technical tokens as users type them: %j', (text, expected) => {
    expect(words(text)).toEqual(expected);
  });

  it.each<[string, string[]]>([
    ['virtio-blk', ['virtio', 'blk']],
    ['vhost-user moves it', ['vhost', 'user', 'moves', 'it']],
    ['CVE-2015-3456', ['cve', '2015', '3456']],
    ['virtio–blk and vhost—user', ['virtio', 'blk', 'and', 'vhost', 'user']],
  ])('splits hyphens and dashes like lunr: %j', (text, expected) => {
    expect(words(text)).toEqual(expected);
    // lunr's own tokenizer splits the same way (it knows nothing of en and em dashes).
    if (!/[–—]/.test(text)) expect(lunr.tokenizer(text).map(String)).toEqual(expected);
  });

  it('returns nothing for whitespace and lone punctuation', () => {
    expect(words('')).toEqual([]);
    expect(words('  \n\t ')).toEqual([]);
    expect(words('... - -- !!')).toEqual([]);
  });

  it('keeps character offsets into the original text', () => {
    const text = 'Lots  of\tvirtio-blk\nwork';
    const tokens = tokenize(text, noGlossary);
    expect(tokens).toEqual([
      { word: 'lots', start: 0, end: 4 },
      { word: 'of', start: 6, end: 8 },
      { word: 'virtio', start: 9, end: 15 },
      { word: 'blk', start: 16, end: 19 },
      { word: 'work', start: 20, end: 24 },
    ]);
    expect(spans(text, tokens)).toEqual(['Lots', 'of', 'virtio', 'blk', 'work']);
  });

  it('lowercases but points at the word as it was written', () => {
    const text = 'yeah so AVX512 support';
    expect(spans(text, tokenize(text, glossary))).toEqual(['yeah', 'so', 'AVX512', 'support']);
  });

  // Marks cover these ranges: `2.7`, not `2.7.`; `qemu`, not `(qemu)`.
  it('gives a word the range of the word, without the punctuation trimmed from it', () => {
    const text = 'in (qemu) 2.7, sev.';
    expect(spans(text, tokenize(text, noGlossary))).toEqual(['in', 'qemu', '2.7', 'sev']);
  });

  describe('with the glossary', () => {
    it.each<[string, string, string]>([
      ['so lib vert opens the tap devices', 'libvirt', 'lib vert'],
      ['how you launched q emu which', 'qemu', 'q emu'],
      ['a tradition at k v m forum', 'kvm', 'k v m'],
      ['vert io rings the same way', 'virtio', 'vert io'],
      ['so Lib Vert opens', 'libvirt', 'Lib Vert'],
      ['the lib  vert people', 'libvirt', 'lib  vert'],
    ])('%j: the mishearing becomes %j, its range spanning the whole mishearing', (text, term, mishearing) => {
      const tokens = tokenize(text, glossary);
      const token = tokens.find((t) => t.word === term);
      expect(token).toBeDefined();
      expect(text.slice(token?.start, token?.end)).toBe(mishearing);
      expect(tokens.filter((t) => t.word === term)).toHaveLength(1);
    });

    it('rewrites several mishearings in one text and leaves the other words alone', () => {
      const text = 'so Lib vert opens, q emu and k v m with vert io rings';
      const tokens = tokenize(text, glossary);
      expect(tokens.map((t) => t.word)).toEqual(['so', 'libvirt', 'opens', 'qemu', 'and', 'kvm', 'with', 'virtio', 'rings']);
      expect(spans(text, tokens)).toEqual(['so', 'Lib vert', 'opens', 'q emu', 'and', 'k v m', 'with', 'vert io', 'rings']);
    });

    it('leaves a part of a mishearing alone', () => {
      expect(words('the lib is vert')).toEqual(['the', 'lib', 'is', 'vert']);
      expect(words('k v')).toEqual(['k', 'v']);
    });

    it('rewrites one-word spellings too', () => {
      expect(words('libvert and kemu')).toEqual(['libvirt', 'and', 'qemu']);
    });

    it('leaves the right spelling as it is', () => {
      expect(words('libvirt qemu kvm virtio')).toEqual(['libvirt', 'qemu', 'kvm', 'virtio']);
    });
  });
});

describe('stem', () => {
  it.each([
    'migration',
    'migrate',
    'migrated',
    'virtualization',
    'virtualizes',
    'interrupts',
    'posted',
    'running',
    'x86',
    '2.7',
    'avx512',
    'libvirt',
    "it's",
    'généralement',
  ])('stems %j exactly as the lunr index does', (word) => {
    expect(stem(word)).toBe(lunr.stemmer(new lunr.Token(word, {})).toString());
  });

  it('gives related forms one stem, so either finds the other', () => {
    expect(stem('migration')).toBe(stem('migrated'));
    expect(stem('interrupts')).toBe(stem('interrupt'));
    expect(stem('virtualization')).toBe(stem('virtual'));
  });

  it('gives the same answer when asked again', () => {
    const first = stem('virtualizations');
    expect(stem('virtualizations')).toBe(first);
  });
});

describe('isStopWord', () => {
  it.each([
    ['the', true],
    ['and', true],
    ['qemu', false],
    ['migration', false],
  ])('%j: %p', (word, expected) => {
    expect(isStopWord(word)).toBe(expected);
  });
});

describe('compileGlossary', () => {
  const tokensOf = (text: string): WordToken[] => tokenize(text, noGlossary);

  it.each<[string, Record<string, string[]>]>([
    ['short spelling listed first', { short: ['a b'], long: ['a b c'] }],
    ['long spelling listed first', { long: ['a b c'], short: ['a b'] }],
    ['both spellings under one term', { both: ['a b', 'a b c'] }],
  ])('matches the longest spelling first (%s)', (_what, terms) => {
    const g = compileGlossary(terms);
    const longest = Object.entries(terms).find(([, spellings]) => spellings.includes('a b c'))?.[0];
    const shortest = Object.entries(terms).find(([, spellings]) => spellings.includes('a b'))?.[0];
    expect(g.apply(tokensOf('x a b c y')).map((t) => t.word)).toEqual(['x', longest, 'y']);
    expect(g.apply(tokensOf('x a b y')).map((t) => t.word)).toEqual(['x', shortest, 'y']);
  });

  it('spans the whole spelling it replaced', () => {
    const g = compileGlossary({ long: ['a b c'] });
    expect(g.apply(tokensOf('x a b c y'))).toEqual([
      { word: 'x', start: 0, end: 1 },
      { word: 'long', start: 2, end: 7 },
      { word: 'y', start: 8, end: 9 },
    ]);
  });

  it('matches at the very end of the text and not past it', () => {
    const g = compileGlossary({ ab: ['a b'] });
    expect(g.apply(tokensOf('x a b')).map((t) => t.word)).toEqual(['x', 'ab']);
    expect(g.apply(tokensOf('x a')).map((t) => t.word)).toEqual(['x', 'a']);
  });

  it('lists every spelling of a term, itself first', () => {
    const g = compileGlossary({ libvirt: ['lib vert', 'libvert'] });
    expect(g.variants('libvirt')).toEqual([['libvirt'], ['lib', 'vert'], ['libvert']]);
    expect(g.variants('qemu')).toEqual([['qemu']]);
  });

  it('does not change the tokens it is given', () => {
    const tokens = tokensOf('lib vert');
    const copy = structuredClone(tokens);
    compileGlossary({ libvirt: ['lib vert'] }).apply(tokens);
    expect(tokens).toEqual(copy);
  });
});
