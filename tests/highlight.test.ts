import { stem, tokenize } from '../index/analyze.js';
import { highlight, plainText, printable, SNIPPET_CHARS, type Excerpt, type MatchSpec } from '../index/highlight.js';
import type { Passage } from '../index/types.js';
import { loadVocabulary } from '../server/search/vocabulary.js';

const { glossary } = loadVocabulary();

/** A passage of `text` from 100 s to 200 s, each word said at 100 s + its position in characters / 10. */
function passage(text: string): Passage {
  const anchors = [...text.matchAll(/\S+/g)].flatMap((m) => [m.index, 100 + m.index / 10]);
  return { videoId: 'v', index: 0, start: 100, end: 200, text, segments: [0, 1], anchors, speaker: null };
}

function run(text: string, words: string[], phrases: string[][] = [], whole = false) {
  const tokens = tokenize(text, glossary);
  // The query's words as search reads them: tokenized (a word past MAX_WORD_LENGTH is cut), then stemmed.
  const stems = (w: string): string[] => tokenize(w, glossary).map((t) => stem(t.word));
  const match: MatchSpec = { stems: new Set(words.flatMap(stems)), phrases: phrases.map((p) => p.flatMap(stems)) };
  const { excerpt, ...rest } = highlight(
    passage(text),
    match,
    tokens,
    tokens.map((t) => stem(t.word)),
    whole,
  );
  return { ...rest, excerpt, snippet: withMarks(excerpt) };
}

/** The excerpt's text with `<mark>` around each marked range (no escaping: the server does that). */
const withMarks = ({ text, marks }: Excerpt): string => {
  let out = '';
  let cursor = 0;
  for (const [start, end] of marks) {
    out += `${text.slice(cursor, start)}<mark>${text.slice(start, end)}</mark>`;
    cursor = end;
  }
  return out + text.slice(cursor);
};
/** What a snippet shows, as text: marks dropped, the ellipses kept. */
const shown = (snippet: string): string => snippet.replace(/<\/?mark>/g, '');
const body = (snippet: string): string => shown(snippet).replace(/^… /, '').replace(/ …$/, '');
const filler = (n: number, word = 'filler'): string => Array.from({ length: n }, (_, i) => `${word}${i}`).join(' ');

describe('highlight: the snippet', () => {
  it('is at most 300 characters around the best hit, not from the first hit to the last', () => {
    const text = `zebra ${filler(2000)} zebra ${filler(2000)} zebra`;
    const { snippet, matched } = run(text, ['zebra']);
    expect(matched).toBe(true);
    expect(body(snippet).length).toBeLessThanOrEqual(SNIPPET_CHARS);
    expect(snippet.match(/<mark>zebra<\/mark>/g)).toHaveLength(1);
    expect(snippet).toMatch(/^<mark>zebra<\/mark> filler0 filler1 .* …$/);
  });

  it('is where the most query words stand together, and links there', () => {
    const text = `an interrupt alone ${filler(100)} and then posted interrupts together ${filler(100)}`;
    const { snippet, at } = run(text, ['posted', 'interrupts']);
    expect(snippet).toContain('<mark>posted</mark> <mark>interrupts</mark>');
    expect(snippet).not.toContain('<mark>interrupt</mark> alone');
    // Nothing says where its sentence began: the link opens a few seconds before "posted", at a word (index/utterance.ts).
    const posted = 100 + text.indexOf('posted') / 10;
    expect(at).toBeLessThan(posted);
    expect(at).toBeGreaterThanOrEqual(posted - 10);
    expect(passage(text).anchors.filter((_, k) => k % 2 === 1)).toContain(at);
  });

  it('holds as many hits as fit beside the best one', () => {
    const text = `${filler(50)} zebra a zebra b zebra c zebra ${filler(50)}`;
    const { snippet } = run(text, ['zebra']);
    expect(snippet.match(/<mark>zebra<\/mark>/g)).toHaveLength(4);
    expect(body(snippet).length).toBeLessThanOrEqual(SNIPPET_CHARS);
  });

  it('cuts at words, with … on a side where text is left out and none where the passage begins or ends', () => {
    const text = `Well, ${filler(30)} zebra ${filler(30)} end.`;
    const middle = run(text, ['zebra']).snippet;
    expect(middle).toMatch(/^… filler\d+ .*<mark>zebra<\/mark>.* filler\d+ …$/);
    expect(text).toContain(body(middle));
    const short = run('Well, a zebra. Really!', ['zebra']).snippet;
    expect(short).toBe('Well, a <mark>zebra</mark>. Really!');
  });

  it('cuts a single word longer than a snippet, still marked', () => {
    const word = `z${'e'.repeat(5000)}bra`;
    const { snippet } = run(`a ${word} b`, [word]);
    expect(snippet).toMatch(/^… <mark>ze+<\/mark> …$/);
    expect(body(snippet).length).toBeLessThanOrEqual(SNIPPET_CHARS);
  });

  it('never splits an emoji at the cut', () => {
    const text = `zebra ${'🦓'.repeat(400)}`;
    const { snippet } = run(text, ['zebra']);
    expect(snippet).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
    expect(body(snippet).length).toBeLessThanOrEqual(SNIPPET_CHARS);
  });

  it('without a hit, is the passage’s opening words', () => {
    const { snippet, matched, at } = run(`${filler(100)}`, ['zebra']);
    expect(matched).toBe(false);
    expect(at).toBe(100);
    expect(snippet).toMatch(/^filler0 filler1 .* …$/);
    expect(body(snippet).length).toBeLessThanOrEqual(SNIPPET_CHARS);
  });

  it('marks a phrase only where its words stand together, overlapping places included', () => {
    expect(run('go home then go go go home', [], [['go', 'go', 'home']]).snippet).toBe('go home then go <mark>go</mark> <mark>go</mark> <mark>home</mark>');
    expect(run('go go go stop', [], [['go', 'go']]).snippet).toBe('<mark>go</mark> <mark>go</mark> <mark>go</mark> stop');
  });

  it('with whole, is the whole passage, every hit marked', () => {
    const text = `zebra ${filler(200)} zebra.`;
    const { snippet } = run(text, ['zebra'], [], true);
    expect(shown(snippet)).toBe(text);
    expect(snippet.match(/<mark>zebra<\/mark>/g)).toHaveLength(2);
  });

  it('is plain text with the places of the marks, control characters and unpaired surrogates as U+FFFD', () => {
    const { excerpt } = run('<b> zebra </b> & \u0007 \ud800 done', ['zebra']);
    expect(excerpt).toEqual({ text: '<b> zebra </b> & \uFFFD \uFFFD done', marks: [[4, 9]] });
  });

  it('places the marks after a leading …, in order, one per word', () => {
    const text = `${filler(40)} posted interrupts and posted ${filler(40)}`;
    const { excerpt } = run(text, ['posted', 'interrupts']);
    expect(excerpt.text.startsWith('… ')).toBe(true);
    expect(excerpt.marks.map(([a, b]) => excerpt.text.slice(a, b))).toEqual(['posted', 'interrupts', 'posted']);
    expect(excerpt.marks.every(([a, b], i) => a < b && (i === 0 || (excerpt.marks[i - 1] as [number, number])[1] <= a))).toBe(true);
  });
});

describe('printable and plainText', () => {
  it.each<[string, string, string]>([
    ['shows control characters as U+FFFD', 'bell\u0007 nul\u0000 del\u007f', 'bell\uFFFD nul\uFFFD del\uFFFD'],
    ['keeps markup, tabs and line breaks', 'a < b\tand\nline', 'a < b\tand\nline'],
    ['keeps emoji, shows an unpaired surrogate as U+FFFD', '🦓 \udc00', '🦓 \uFFFD'],
  ])('printable %s, one character for one', (_what, text, out) => {
    expect(printable(text)).toBe(out);
    expect(printable(text)).toHaveLength(text.length);
  });

  it.each<[string, string, number, string]>([
    ['keeps a short text', 'Short title', 200, 'Short title'],
    ['cuts at a space near the end, with …', 'A very long title indeed', 12, 'A very long…'],
    ['cuts a word without spaces at the limit', 'x'.repeat(50), 10, `${'x'.repeat(9)}…`],
    ['shows control characters as U+FFFD', 'Ctrl\u0001', 10, 'Ctrl\uFFFD'],
  ])('plainText %s', (_what, text, max, out) => {
    expect(plainText(text, max)).toBe(out);
    expect(plainText(text, max).length).toBeLessThanOrEqual(max);
  });
});
