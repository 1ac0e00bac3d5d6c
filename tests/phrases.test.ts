import { holdsPhrase, phraseStarts } from '../index/phrases.js';

const words = (text: string): string[] => (text ? text.split(' ') : []);

describe('phraseStarts', () => {
  it.each<[string, string, number[]]>([
    ['posted interrupt and posted interrupt', 'posted interrupt', [0, 3]],
    ['a a a a', 'a a', [0, 1, 2]],
    ['a a a b', 'a a b', [1]],
    ['a b a b a b c', 'a b a b c', [2]],
    ['a b c', 'c', [2]],
    ['a b c', 'a b c d', []],
    ['a b c', '', []],
    ['', 'a', []],
    ['x y x y', 'y x', [1]],
  ])('in %p, %p starts at %p', (text, phrase, starts) => {
    expect(phraseStarts(words(text), words(phrase))).toEqual(starts);
    expect(holdsPhrase(words(text), words(phrase))).toBe(starts.length > 0);
  });

  it('agrees with a check at every position on random texts of two words', () => {
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let round = 0; round < 300; round++) {
      const text = Array.from({ length: next() % 30 }, () => (next() % 2 ? 'a' : 'b'));
      const phrase = Array.from({ length: 1 + (next() % 5) }, () => (next() % 2 ? 'a' : 'b'));
      const plain = text.flatMap((_, i) => (phrase.every((p, k) => text[i + k] === p) ? [i] : []));
      expect(phraseStarts(text, phrase)).toEqual(plain);
    }
  });
});
