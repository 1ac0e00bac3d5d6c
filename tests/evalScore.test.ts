import { scoreQuery, topicAccuracy, topicAt, speakerScore } from '../bench/evalScore.js';

/** The scoring of `npm run eval` (../shared/eval/README.md's rules), on a small talk of our own. */
const chapters = [
  { topic: 'general', start: 0, end: 30 },
  { topic: 'security', start: 30, end: 90 },
  { topic: 'hardware', start: 90, end: 120 },
];

describe('topic accuracy', () => {
  it('counts each labelled second whose chapter has the label’s topic', () => {
    const labels = [
      { topic: 'general', start: 0, end: 40 },
      { topic: 'security', start: 40, end: 120 },
    ];
    // 0-30 right, 30-40 wrong (security for a general label), 40-90 right, 90-120 wrong.
    expect(topicAccuracy(labels, chapters)).toEqual({ right: 80, seconds: 120 });
  });

  it('takes the nearest chapter for a second outside them all', () => {
    expect(topicAt(chapters, 130)).toBe('hardware');
    expect(topicAt([], 5)).toBeUndefined();
  });
});

describe('a query', () => {
  const result = (start: number, end: number, at: number, topic: string) => ({ start, end, at, topic });
  it.each([
    ['the moment inside a top result, link just before it', [result(40, 60, 48, 'security')], 50, 'security', { hit: true, precise: true }],
    ['the right passage with the wrong topic', [result(40, 60, 50, 'hardware')], 50, 'security', { hit: false, precise: false }],
    ['a hit whose link opens 12 s early', [result(30, 60, 38, 'security')], 50, 'security', { hit: true, precise: false }],
    ['a hit whose link opens 4 s late', [result(40, 60, 54, 'security')], 50, 'security', { hit: true, precise: false }],
    ['the moment 10 s past a passage’s end still hits', [result(20, 40, 25, 'security')], 50, 'security', { hit: true, precise: false }],
    [
      'only the top 3 count',
      [result(0, 5, 1, 'x'), result(5, 9, 6, 'x'), result(9, 12, 10, 'x'), result(40, 60, 50, 'security')],
      50,
      'security',
      { hit: false, precise: false },
    ],
    ['no result', [], 50, 'security', { hit: false, precise: false }],
  ])('%s', (_name, results, at, topic, expected) => {
    expect(scoreQuery(results, at, topic)).toEqual(expected);
  });
});

describe('speaker score', () => {
  const labels = [
    { speaker: 'Ana Ruiz', start: 0, end: 10 },
    { speaker: 'Bo Lind', start: 10, end: 20 },
  ];

  it('counts each labelled second as right, wrong or unknown; names compare by their words in any case', () => {
    const suggested = [
      { speaker: 'ana  ruiz', start: 0, end: 8 },
      { speaker: null, start: 8, end: 12 },
      { speaker: 'Ana Ruiz', start: 12, end: 15 },
      { speaker: 'Bo Lind', start: 15, end: 20 },
    ];
    expect(speakerScore(labels, suggested)).toEqual({ seconds: 20, right: 13, unknown: 4, named: 16 });
  });

  it('seconds no suggestion covers are unknown; seconds outside the labels are not counted', () => {
    expect(speakerScore(labels, [{ speaker: 'Bo Lind', start: 15, end: 60 }])).toEqual({ seconds: 20, right: 5, unknown: 15, named: 5 });
  });
});
