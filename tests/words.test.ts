import { stem } from '../index/analyze.js';
import { closeWords, prefixWords, withinDistance, type WordList } from '../index/words.js';

/** A word list as the index keeps it: spoken words sorted, each with its stem. */
function wordList(spoken: string[]): WordList {
  const words = [...new Set(spoken)].sort();
  return { words, stems: words.map(stem) };
}

describe('withinDistance', () => {
  it.each<[string, string, number, boolean]>([
    ['migration', 'migration', 0, true],
    ['migration', 'migrations', 0, false],
    // one insertion, deletion or substitution
    ['migrtion', 'migration', 1, true],
    ['migration', 'migrtion', 1, true],
    ['cat', 'cats', 1, true],
    ['cats', 'cat', 1, true],
    ['cat', 'cut', 1, true],
    ['qemu', 'kemu', 1, true],
    // an adjacent swap counts one, as typists expect
    ['ab', 'ba', 1, true],
    ['mirgation', 'migration', 1, true],
    ['vitrio', 'virtio', 1, true],
    ['abcd', 'badc', 1, false],
    ['abcd', 'badc', 2, true],
    // more edits than allowed
    ['kitten', 'sitting', 2, false],
    ['kitten', 'sitting', 3, true],
    ['migrtion', 'migrations', 1, false],
    ['migrtion', 'migrations', 2, true],
    ['cat', 'dog', 2, false],
    ['cat', 'dog', 3, true],
    // empty words
    ['', '', 0, true],
    ['', 'ab', 1, false],
    ['', 'ab', 2, true],
    ['abc', '', 2, false],
    ['abc', '', 3, true],
    // the difference at the start: an early exit must not give up on a match…
    ['xyabcdefgh', 'abcdefgh', 2, true],
    // …nor accept a non-match
    ['xyzabcdefgh', 'abcdefgh', 2, false],
    ['abcdefgh', 'abcdefghxyz', 2, false],
  ])('%j to %j within %d: %p', (a, b, max, expected) => {
    expect(withinDistance(a, b, max)).toBe(expected);
  });

  it('gives the same answer either way round', () => {
    const pairs: [string, string][] = [
      ['migrtion', 'migration'],
      ['kitten', 'sitting'],
      ['ab', 'ba'],
      ['virtio', 'vertio'],
      ['', 'abc'],
    ];
    for (const [a, b] of pairs) for (const max of [0, 1, 2, 3]) expect(withinDistance(a, b, max)).toBe(withinDistance(b, a, max));
  });

  it('handles words longer than its preallocated rows, and short ones afterwards', () => {
    const long = 'a'.repeat(100);
    expect(withinDistance(long, `${'a'.repeat(99)}b`, 1)).toBe(true);
    expect(withinDistance(long, `${'a'.repeat(99)}b`, 0)).toBe(false);
    expect(withinDistance(long, `b${'a'.repeat(98)}b`, 1)).toBe(false);
    expect(withinDistance('migrtion', 'migration', 1)).toBe(true);
    expect(withinDistance('cat', 'dog', 2)).toBe(false);
  });
});

describe('closeWords', () => {
  const list = wordList(['migrate', 'migrated', 'migration', 'migrations', 'mitigation', 'integration', 'emigration', 'qemu', 'kvm']);

  it("finds 'migration' for 'migrtion' at distance 1, as its stem", () => {
    expect(closeWords(list, 'migrtion', 1, 10)).toEqual([stem('migration')]);
  });

  it('finds more at distance 2, and only words within it', () => {
    const found = closeWords(list, 'migrtion', 2, 10);
    expect(found).toEqual(expect.arrayContaining([stem('migration'), stem('migrations'), stem('emigration')]));
    const accepted = list.words.filter((w) => withinDistance('migrtion', w, 2)).map(stem);
    expect([...found].sort()).toEqual([...accepted].sort());
    expect(found).not.toContain(stem('mitigation'));
  });

  it('finds nothing when no word is close', () => {
    expect(closeWords(list, 'zebra', 1, 10)).toEqual([]);
  });

  it('stops at the maximum asked for', () => {
    expect(closeWords(list, 'migrtion', 2, 1)).toHaveLength(1);
  });

  it('compares against the words as spoken, not their stems', () => {
    // The stem of 'migration' is 'migrat': two edits from 'migrtion'. The word is one.
    expect(withinDistance('migrtion', stem('migration'), 1)).toBe(false);
    expect(closeWords(list, 'migrtion', 1, 10)).toContain(stem('migration'));
  });
});

describe('prefixWords', () => {
  const list = wordList(['vital', 'virt', 'virtio', 'virtual', 'virtualization', 'virtualize', 'virtualized', 'virus', 'vhost', 'qemu']);

  it('expands by spoken words: virtualiz* finds the stem of virtualization', () => {
    const found = prefixWords(list, 'virtualiz', 10);
    expect(found).toContain(stem('virtualization'));
    // The stem itself ('virtual') does not start with the prefix: a prefix search of stems would miss it.
    expect(stem('virtualization').startsWith('virtualiz')).toBe(false);
  });

  it('returns the stems of exactly the words starting with the prefix', () => {
    expect(prefixWords(list, 'virt', 20)).toEqual(['virt', 'virtio', 'virtual', 'virtualization', 'virtualize', 'virtualized'].map(stem));
  });

  it.each([
    ['a prefix before every word', 'a'],
    ['a prefix after every word', 'zz'],
    ['a prefix between words', 'vis'],
  ])('finds nothing for %s', (_what, prefix) => {
    expect(prefixWords(list, prefix, 20)).toEqual([]);
  });

  it('finds the first and the last words of the list', () => {
    expect(prefixWords(list, 'qe', 20)).toEqual([stem('qemu')]);
    expect(prefixWords(list, 'vit', 20)).toEqual([stem('vital')]);
  });

  it('stops at the maximum asked for', () => {
    expect(prefixWords(list, 'virt', 2)).toEqual([stem('virt'), stem('virtio')]);
  });
});
