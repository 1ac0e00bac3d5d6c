import { escapeText, showResult, snippetHtml, snippetTerminal } from '../server/search/snippets.js';
import type { SearchResult } from '../index/searchTypes.js';

describe('snippetHtml: an excerpt as HTML', () => {
  it.each<[string, string, [number, number][], string]>([
    [
      'marks each range',
      '… posted interrupts …',
      [
        [2, 8],
        [9, 19],
      ],
      '… <mark>posted</mark> <mark>interrupts</mark> …',
    ],
    ['escapes markup inside and outside the marks', '<b> a&b </b>', [[4, 7]], '&lt;b&gt; <mark>a&amp;b</mark> &lt;/b&gt;'],
    ['leaves quotes (element content only)', 'say "hi"', [], 'say "hi"'],
    ['without marks, is the escaped text', 'x < y', [], 'x &lt; y'],
  ])('%s', (_what, text, marks, html) => {
    expect(snippetHtml({ text, marks })).toBe(html);
  });
});

describe('snippetTerminal: an excerpt for the CLI', () => {
  it('brackets the marks when not a terminal, and leaves markup as it is', () => {
    expect(snippetTerminal({ text: 'the <mark> tag & posted', marks: [[17, 23]] }, false)).toBe('the <mark> tag & [posted]');
  });

  it('colours the marks on a terminal', () => {
    expect(snippetTerminal({ text: 'posted', marks: [[0, 6]] }, true)).toBe('\u001b[1;33mposted\u001b[0m');
  });
});

describe('showResult: a result as the API shows it', () => {
  it('has the documented fields in place of the excerpt: snippet (HTML) and url (YouTube, at the second)', () => {
    const result: SearchResult = {
      kind: 'transcript',
      videoId: 'S6Sjj6OtyvY',
      title: 'KVM panel',
      passage: 3,
      start: 60,
      end: 90,
      at: 71.5,
      topic: 'hardware',
      speaker: null,
      excerpt: { text: 'posted <interrupts>', marks: [[0, 6]] },
      score: 4.2,
    };
    expect(showResult(result)).toEqual({
      sample: false,
      kind: 'transcript',
      videoId: 'S6Sjj6OtyvY',
      title: 'KVM panel',
      passage: 3,
      start: 60,
      end: 90,
      at: 71.5,
      topic: 'hardware',
      speaker: null,
      snippet: '<mark>posted</mark> &lt;interrupts&gt;',
      url: 'https://www.youtube.com/watch?v=S6Sjj6OtyvY&t=71s',
      score: 4.2,
    });
    expect(Object.keys(showResult(result))).not.toContain('excerpt');
  });
});

describe('escapeText', () => {
  it.each<[string, string, string]>([
    ['escapes markup', 'a < b & c > d', 'a &lt; b &amp; c &gt; d'],
    ['shows control characters as U+FFFD', 'bell\u0007 nul\u0000 del\u007f', 'bell\uFFFD nul\uFFFD del\uFFFD'],
    ['keeps tabs and line breaks', 'tab\tand\nline', 'tab\tand\nline'],
    ['keeps emoji, shows an unpaired surrogate as U+FFFD', '🦓 \udc00', '🦓 \uFFFD'],
  ])('%s', (_what, text, escaped) => {
    expect(escapeText(text)).toBe(escaped);
  });
});
