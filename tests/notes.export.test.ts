import type { Chapter } from '../index/types.js';
import { parseCaptions } from '../server/captions/index.js';
import { PanelnotesError } from '../server/errors.js';
import { exportNotes, type NotesExportInput } from '../server/notes/export.js';
import { parseNotesImport } from '../server/notes/import.js';
import type { Note, NotesExport } from '../server/notes/types.js';
import { formatTime } from '../server/time.js';
import { watchUrl } from '../server/videoId.js';

const VIDEO = 'S6Sjj6OtyvY';
const EXPORTED_AT = new Date('2025-03-01T12:00:00.000Z');
const LONG = 'A long note. '.repeat(800).slice(0, 10_000);

function note(n: number, fields: Pick<Note, 'start' | 'text'> & Partial<Note>): Note {
  const id = `3f2b8c1e-9d4a-4c6b-8e21-${String(n).padStart(12, '0')}`;
  return { id, videoId: VIDEO, tags: [], createdAt: `2025-02-0${n}T10:00:00.000Z`, updatedAt: `2025-02-0${n}T11:00:00.000Z`, ...fields };
}

/** Distinct starts and texts, so our caption parser neither merges nor trims any of them. */
const NOTES: Note[] = [
  note(1, { start: 5, end: 12.5, text: 'Opening remark <script>alert(1)</script> & more', tags: ['intro', 'xss'] }),
  note(2, { start: 65, text: '"><img src=x onerror=alert(1)>\njavascript:alert(1)' }),
  note(3, {
    start: 70.25,
    text: 'Structure check\n# Not a heading\n- not a list\n1. not numbered\n> not a quote\n---\n```\n[x]: javascript:alert(1)\n    indented',
    tags: ['structure', 'md_escape'],
  }),
  note(4, { start: 130, end: 140.5, text: 'before\narrow --> after\n\n\n\nafter the blank lines 🎉 naïve 日本語', tags: ['emoji'] }),
  note(5, { start: 200.125, text: LONG, tags: ['long'] }),
  note(6, { start: 300, text: 'Past the last chapter' }),
];

const CHAPTERS: Chapter[] = [
  { topic: 'opening', start: 0, end: 60, confidence: 1, title: 'Opening' },
  { topic: 'rivers', start: 60, end: 180, confidence: 1, title: 'Rivers & <floods>' },
  { topic: 'closing', start: 180, end: 240, confidence: 1, title: 'Closing' },
];

const INPUT: NotesExportInput = {
  videoId: VIDEO,
  title: 'Small rivers panel',
  url: watchUrl(VIDEO),
  chapters: CHAPTERS,
  // Shuffled: every format sorts.
  notes: [NOTES[3], NOTES[0], NOTES[5], NOTES[2], NOTES[4], NOTES[1]] as Note[],
  exportedAt: EXPORTED_AT,
};

const at = <T>(items: readonly T[], index: number): T => {
  const item = items[index];
  if (item === undefined) throw new Error(`no item #${index} (only ${items.length})`);
  return item;
};

/** The PanelnotesError a call throws; fails the test if it returns or throws something else. */
function refusal(call: () => unknown): PanelnotesError {
  try {
    call();
  } catch (error) {
    if (error instanceof PanelnotesError) return error;
    throw error;
  }
  throw new Error('expected a PanelnotesError, but the call succeeded');
}

describe('exportNotes md', () => {
  const { body, contentType, extension } = exportNotes('md', INPUT);
  const lines = body.split('\n');

  /** The lines of one list item: its first line and everything up to the next item or heading. */
  function item(n: Note): string[] {
    const first = lines.findIndex((line) => line.startsWith(`- [${formatTime(n.start)}](`));
    expect(first).toBeGreaterThan(0);
    const end = lines.findIndex((line, i) => i > first && (line.startsWith('- ') || line.startsWith('#')));
    return lines.slice(first, end < 0 ? undefined : end).filter((line, i, all) => i < all.length - 1 || line !== '');
  }

  it('is Markdown with a title, a link to the video and one heading per chapter with notes, in order', () => {
    expect(contentType).toBe('text/markdown; charset=utf-8');
    expect(extension).toBe('md');
    expect(lines.slice(0, 3)).toEqual(['# Small rivers panel', '', `[Watch the video](https://www.youtube.com/watch?v=${VIDEO})`]);
    expect(lines.filter((line) => line.startsWith('#') && !line.startsWith('#tag'))).toEqual([
      '# Small rivers panel',
      '## Opening (0:00–1:00)',
      '## Rivers & \\<floods> (1:00–3:00)',
      '## Closing (3:00–4:00)',
      '## Other notes',
    ]);
  });

  it('puts each note under the chapter it starts in, those outside every chapter last', () => {
    const section = (heading: string): string => {
      const from = lines.findIndex((line) => line.startsWith(heading));
      const to = lines.findIndex((line, i) => i > from && line.startsWith('## '));
      return lines.slice(from, to < 0 ? undefined : to).join('\n');
    };
    const starts = (heading: string): string[] => [...section(heading).matchAll(/^- \[(\d+:\d\d)\]/gm)].map((m) => m[1] as string);
    expect(starts('## Opening')).toEqual(['0:05']);
    expect(starts('## Rivers')).toEqual(['1:05', '1:10', '2:10']);
    expect(starts('## Closing')).toEqual(['3:20']);
    expect(starts('## Other notes')).toEqual(['5:00']);
  });

  it('starts each note with a working timestamp link, and an end time for a span', () => {
    const items = [...body.matchAll(/^- \[(\d+:\d\d)\]\((\S+?)\)(–\d+:\d\d)? /gm)];
    expect(items).toHaveLength(NOTES.length);
    for (const n of NOTES) {
      const match = items.find((m) => m[1] === formatTime(n.start));
      expect(match?.[2]).toBe(`https://www.youtube.com/watch?v=${VIDEO}&t=${Math.floor(n.start)}s`);
      expect(new URL(match?.[2] ?? '').searchParams.get('v')).toBe(VIDEO);
      expect(match?.[3]).toBe(n.end === undefined ? undefined : `–${formatTime(n.end)}`);
    }
    expect(body).toContain('- [2:10](https://www.youtube.com/watch?v=S6Sjj6OtyvY&t=130s)–2:20 before\n');
  });

  it('keeps each note inside its list item: every other line is indented and opens no block', () => {
    const blockStart = [/^#{1,6}(\s|$)/, /^>/, /^[-+*](\s|$)/, /^\d{1,9}[.)](\s|$)/, /^(`{3,}|~{3,})/, /^(=+|-+)\s*$/, /^</, /^\|/, /^\[[^\]]*\]:/, /^\s/];
    lines.forEach((line, i) => {
      if (i < 3 || line === '' || line.startsWith('## ') || line.startsWith('- [')) return;
      expect(line).toMatch(/^ {2}\S/);
      const content = line.slice(2);
      for (const start of blockStart) expect([line, start.test(content)]).toEqual([line, false]);
    });
    expect(lines.filter((line) => line.startsWith('- '))).toHaveLength(NOTES.length);
  });

  it('leaves no raw HTML, autolink or link definition from note text', () => {
    expect(body).not.toMatch(/(^|[^\\])</m);
    expect(body).not.toMatch(/(^|[^\\])<script>/m);
    expect(body).toContain('\\<script>alert(1)\\</script>');
    expect(body).toContain('\\[x\\]: javascript:alert(1)');
    // javascript: stays words, never a link destination.
    expect(body).not.toMatch(/\]\(javascript:/);
  });

  it('escapes the line starts of a note and keeps its words: unescaped, the lines are the note’s', () => {
    const unescape = (line: string): string => line.replace(/\\([!-/:-@[-`{-~])/g, '$1');
    const structure = at(NOTES, 2);
    const got = item(structure);
    expect(got).toEqual([
      `- [1:10](${watchUrl(VIDEO, 70.25)}) Structure check`,
      '  \\# Not a heading',
      '  \\- not a list',
      '  1\\. not numbered',
      '  \\> not a quote',
      '  \\---',
      '  \\```',
      '  \\[x\\]: javascript:alert(1)',
      '  indented',
      '  #structure #md_escape',
    ]);
    expect(got.slice(1, -1).map((line) => unescape(line.slice(2)))).toEqual(
      structure.text
        .split('\n')
        .slice(1)
        .map((line) => line.trim()),
    );
  });

  it('collapses blank lines in a note to one, so the note stays one item, and keeps emoji', () => {
    expect(item(at(NOTES, 3))).toEqual([
      `- [2:10](${watchUrl(VIDEO, 130)})–2:20 before`,
      '  arrow --> after',
      '',
      '  after the blank lines 🎉 naïve 日本語',
      '  #emoji',
    ]);
  });

  it('writes a 10,000-character note whole, then its tags', () => {
    const long = item(at(NOTES, 4));
    expect(long).toEqual([`- [3:20](${watchUrl(VIDEO, 200.125)}) ${LONG.trim()}`, '  #long']);
  });

  it('writes a note without chapters under "Notes", and a title whose trailing # would be lost', () => {
    const { body: plain } = exportNotes('md', { ...INPUT, title: 'Rivers [live]\n2016 #', chapters: [], notes: [at(NOTES, 0)] });
    expect(plain.split('\n').slice(0, 5)).toEqual(['# Rivers \\[live\\] 2016 \\#', '', `[Watch the video](${watchUrl(VIDEO)})`, '', '## Notes']);
  });
});

describe('exportNotes json', () => {
  const { body, contentType, extension } = exportNotes('json', INPUT);

  it('is a pretty-printed NotesExport with the notes sorted by start', () => {
    expect(contentType).toBe('application/json; charset=utf-8');
    expect(extension).toBe('json');
    expect(body).toMatch(/^\{\n {2}"format": "panelnotes-notes",\n {2}"version": 1,\n/);
    const data = JSON.parse(body) as NotesExport;
    expect(data).toEqual({
      format: 'panelnotes-notes',
      version: 1,
      exportedAt: '2025-03-01T12:00:00.000Z',
      videoId: VIDEO,
      title: 'Small rivers panel',
      url: watchUrl(VIDEO),
      notes: NOTES,
    });
  });

  it('orders notes at the same moment by creation time', () => {
    const later = note(8, { start: 10, text: 'second' });
    const earlier = note(7, { start: 10, text: 'first' });
    const { body: tied } = exportNotes('json', { ...INPUT, notes: [later, at(NOTES, 1), earlier] });
    expect((JSON.parse(tied) as NotesExport).notes.map((n) => n.text)).toEqual(['first', 'second', at(NOTES, 1).text]);
  });

  it('round-trips: export, then parseNotesImport, gives back the same export', () => {
    const back = parseNotesImport(body, 'notes.json');
    expect(back).toEqual(JSON.parse(body));
    expect(back.notes).toEqual(NOTES);
    expect(at(back.notes, 4).text).toHaveLength(10_000);
    expect(exportNotes('json', { ...INPUT, notes: back.notes }).body).toBe(body);
  });
});

describe('exportNotes vtt', () => {
  const { body, contentType, extension } = exportNotes('vtt', INPUT);
  const fold = (text: string): string => text.replace(/\s+/g, ' ').trim();

  it('is WebVTT with one cue per note, identified by the note id, in time order', () => {
    expect(contentType).toBe('text/vtt; charset=utf-8');
    expect(extension).toBe('vtt');
    expect(body.startsWith('WEBVTT\n\nNOTE\nNotes on Small rivers panel\n')).toBe(true);
    expect([...body.matchAll(/^([\w-]+)\n(\d\d:\d\d:\d\d\.\d{3}) --> (\d\d:\d\d:\d\d\.\d{3})$/gm)].map((m) => m.slice(1))).toEqual([
      [at(NOTES, 0).id, '00:00:05.000', '00:00:12.500'],
      [at(NOTES, 1).id, '00:01:05.000', '00:01:10.000'],
      [at(NOTES, 2).id, '00:01:10.250', '00:01:15.250'],
      [at(NOTES, 3).id, '00:02:10.000', '00:02:20.500'],
      [at(NOTES, 4).id, '00:03:20.125', '00:03:25.125'],
      [at(NOTES, 5).id, '00:05:00.000', '00:05:05.000'],
    ]);
  });

  it('escapes markup and "-->" in note text, and has no blank line inside a cue', () => {
    for (const line of body.split('\n').filter((l) => l.includes('-->'))) expect(line).toMatch(/^\d\d:\d\d:\d\d\.\d{3} --> \d\d:\d\d:\d\d\.\d{3}$/);
    expect(body).toContain('\narrow --&gt; after\nafter the blank lines 🎉 naïve 日本語\n#emoji\n');
    expect(body).toContain('Opening remark &lt;script&gt;alert(1)&lt;/script&gt; &amp; more\n#intro #xss\n');
    expect(body).not.toMatch(/<[a-z/]/i);
    // Blocks: the header, the NOTE and one per note.
    expect(body.trimEnd().split('\n\n')).toHaveLength(2 + NOTES.length);
  });

  it('parses back with our caption parser to the same starts and texts (tags as the last line)', async () => {
    const parsed = await parseCaptions(Buffer.from(body), 'notes.vtt');
    expect(parsed.format).toBe('webvtt');
    expect(parsed.skipped).toEqual([]);
    expect(parsed.segments.map((s) => s.start)).toEqual(NOTES.map((n) => n.start));
    // Our parser folds whitespace into single spaces; the tag line is the cue's last line.
    expect(parsed.segments.map((s) => s.text)).toEqual(NOTES.map((n) => fold([n.text, ...n.tags.map((t) => `#${t}`)].join('\n'))));
    expect(at(parsed.segments, 0).text).toBe('Opening remark <script>alert(1)</script> & more #intro #xss');
    expect(at(parsed.segments, 0).duration).toBe(7.5);
  });
});

describe('exportNotes annotation', () => {
  const { body, contentType, extension } = exportNotes('annotation', INPUT);
  const data = JSON.parse(body) as Record<string, unknown> & { first: { items: Record<string, unknown>[] } };

  it('is a W3C Web Annotation collection in JSON-LD', () => {
    expect(contentType).toBe('application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"; charset=utf-8');
    expect(extension).toBe('jsonld');
    expect(data['@context']).toBe('http://www.w3.org/ns/anno.jsonld');
    expect(data).toMatchObject({ type: 'AnnotationCollection', label: 'Notes on Small rivers panel', total: NOTES.length });
    expect(data.first).toMatchObject({ type: 'AnnotationPage', startIndex: 0 });
    expect(data.first.items).toHaveLength(NOTES.length);
  });

  it('uses only JSON-LD keywords and terms of the Web Annotation context', () => {
    const terms = new Set([
      'id',
      'type',
      'label',
      'total',
      'first',
      'startIndex',
      'items',
      'motivation',
      'created',
      'modified',
      'body',
      'target',
      'value',
      'format',
      'purpose',
      'source',
      'selector',
      'conformsTo',
    ]);
    const keys = (value: unknown, top: boolean): string[] => {
      if (Array.isArray(value)) return value.flatMap((v) => keys(v, false));
      if (typeof value !== 'object' || value === null) return [];
      return Object.entries(value).flatMap(([k, v]) => [...(top && k === '@context' ? [] : [k]), ...keys(v, false)]);
    };
    expect(keys(data, true).filter((k) => !terms.has(k))).toEqual([]);
  });

  it('makes each note an annotation with its text, its tags and a media-fragment selector t=start,end', () => {
    const first = at(NOTES, 0);
    expect(at(data.first.items, 0)).toEqual({
      id: `urn:uuid:${first.id}`,
      type: 'Annotation',
      motivation: 'commenting',
      created: first.createdAt,
      modified: first.updatedAt,
      body: [
        { type: 'TextualBody', value: first.text, format: 'text/plain', purpose: 'commenting' },
        { type: 'TextualBody', value: 'intro', purpose: 'tagging' },
        { type: 'TextualBody', value: 'xss', purpose: 'tagging' },
      ],
      target: {
        source: `https://www.youtube.com/watch?v=${VIDEO}`,
        selector: { type: 'FragmentSelector', conformsTo: 'http://www.w3.org/TR/media-frags/', value: 't=5,12.5' },
      },
    });
    const selectors = data.first.items.map((item) => (item as { target: { selector: { value: string } } }).target.selector.value);
    expect(selectors).toEqual(['t=5,12.5', 't=65', 't=70.25', 't=130,140.5', 't=200.125', 't=300']);
    const texts = data.first.items.map((item) => (item as { body: { value: string }[] }).body[0]?.value);
    expect(texts).toEqual(NOTES.map((n) => n.text));
  });

  it('writes seconds with at most 3 decimals', () => {
    const { body: odd } = exportNotes('annotation', { ...INPUT, notes: [note(1, { start: 1 / 3, end: 2.0004, text: 'x' })] });
    expect(odd).toContain('"value": "t=0.333,2"');
  });
});

describe('exportNotes never writes a time that is not one', () => {
  // Notes are checked against their video's length before they are stored (services/notes.ts);
  // should one get past that anyway, the export stops rather than write `Infinity:NaN:NaN.NaN`.
  it.each<[string, Partial<Note>]>([
    ['a start of 1e308 seconds', { start: 1e308 }],
    ['a start of Infinity', { start: Infinity }],
    ['a start that is NaN', { start: Number.NaN }],
    ['an end of Number.MAX_VALUE', { start: 1, end: Number.MAX_VALUE }],
    ['a negative start', { start: -5 }],
  ])('refuses %s in every format, loudly', (_what, times) => {
    const input = { ...INPUT, notes: [note(1, { start: 1, text: 'x', ...times })] };
    for (const format of ['md', 'json', 'vtt', 'annotation'] as const) {
      expect(() => exportNotes(format, input)).toThrow(RangeError);
      expect(() => exportNotes(format, input)).toThrow(/^not a (finite time|moment in a video)/);
    }
  });
});

describe('parseNotesImport', () => {
  const valid = exportNotes('json', INPUT).body;
  /** The valid export with one change made to its data. */
  const edited = (change: (data: { notes: Record<string, unknown>[] } & Record<string, unknown>) => void): string => {
    const data = JSON.parse(valid) as { notes: Record<string, unknown>[] } & Record<string, unknown>;
    change(data);
    return JSON.stringify(data);
  };

  it('refuses text that is not JSON, naming the file but quoting none of it', () => {
    const error = refusal(() => parseNotesImport('{"format": "panelnotes-notes",', 'talk.notes.json'));
    expect(error.code).toBe('FILE_UNREADABLE');
    expect(error.message).toBe('talk.notes.json is not valid JSON (it ends too early: cut short?)');
    const secret = refusal(() => parseNotesImport('SECRET-TOKEN-abc123 and more', 'id_rsa'));
    expect(secret.message).toMatch(/^id_rsa is not valid JSON/);
    expect(secret.message).not.toMatch(/SECRET|abc123/);
    expect(refusal(() => parseNotesImport('  \n', 'empty.json')).message).toBe('empty.json is empty');
  });

  it('refuses JSON that is not a notes export, and an unknown version', () => {
    for (const text of ['[]', '{"format": "panelnotes-speakers", "version": 1}', '{"segments": []}']) {
      const error = refusal(() => parseNotesImport(text, 'other.json'));
      expect(error.code).toBe('FILE_UNREADABLE');
      expect(error.message).toBe('other.json is not a panelnotes notes export (it has no "format": "panelnotes-notes")');
    }
    expect(
      refusal(() =>
        parseNotesImport(
          edited((d) => (d.version = 2)),
          'v2.json',
        ),
      ).message,
    ).toBe('v2.json: version 2 is not one this panelnotes reads (it reads version 1)');
  });

  it('tells someone who gives it another of our export formats to use the JSON one', () => {
    for (const format of ['md', 'vtt', 'annotation'] as const) {
      const error = refusal(() => parseNotesImport(exportNotes(format, INPUT).body, `notes.${format}`));
      expect(error.code).toBe('USAGE');
      expect(error.message).toMatch(new RegExp(`^notes\\.${format} is a (Markdown|WebVTT|Web Annotation) export; only the JSON export can be imported$`));
    }
  });

  it('refuses a note of 10,001 characters rather than truncating it', () => {
    const error = refusal(() =>
      parseNotesImport(
        edited((d) => (at(d.notes, 3).text = 'x'.repeat(10_001))),
        'big.json',
      ),
    );
    expect(error.code).toBe('FILE_UNREADABLE');
    expect(error.message).toBe('big.json: notes[3].text: 10001 characters; a note holds at most 10000');
  });

  it('refuses a bad tag, a duplicate tag and too many tags, naming the tag', () => {
    expect(
      refusal(() =>
        parseNotesImport(
          edited((d) => (at(d.notes, 1).tags = ['fine', 'Not A Tag'])),
          'tags.json',
        ),
      ).message,
    ).toBe('tags.json: notes[1].tags[1]: "Not A Tag" is not a tag (a word of letters, digits, "-" and "_")');
    expect(
      refusal(() =>
        parseNotesImport(
          edited((d) => (at(d.notes, 0).tags = ['intro', 'intro'])),
          'tags.json',
        ),
      ).message,
    ).toBe('tags.json: notes[0].tags[1]: tag "intro" appears twice');
    expect(
      refusal(() =>
        parseNotesImport(
          edited((d) => (at(d.notes, 0).tags = ['x'.repeat(33)])),
          'tags.json',
        ),
      ).message,
    ).toMatch(/^tags\.json: notes\[0\]\.tags\[0\]: tag "x+…" is over 32 characters$/);
    const many = Array.from({ length: 21 }, (_, i) => `t${i}`);
    expect(
      refusal(() =>
        parseNotesImport(
          edited((d) => (at(d.notes, 0).tags = many)),
          'tags.json',
        ),
      ).message,
    ).toBe('tags.json: notes[0].tags: more than 20 tags');
  });

  it('refuses a note that ends before (or when) it starts', () => {
    const error = refusal(() =>
      parseNotesImport(
        edited((d) => (at(d.notes, 0).end = 3)),
        'times.json',
      ),
    );
    expect(error.message).toBe('times.json: notes[0].end: ends at 3s, not after its start (5s)');
    expect(
      refusal(() =>
        parseNotesImport(
          edited((d) => (at(d.notes, 3).end = 130)),
          'times.json',
        ),
      ).message,
    ).toMatch(/^times\.json: notes\[3\]\.end: ends at 130s/);
    expect(
      refusal(() =>
        parseNotesImport(
          edited((d) => (at(d.notes, 2).start = -1)),
          'times.json',
        ),
      ).message,
    ).toBe('times.json: notes[2].start: must not be negative');
  });

  it('refuses other bad fields, each named by its path', () => {
    const cases: [string, (d: { notes: Record<string, unknown>[] } & Record<string, unknown>) => void, RegExp][] = [
      ['empty text', (d) => (at(d.notes, 0).text = '  \n '), /^f\.json: notes\[0\]\.text: empty text$/],
      ['missing id', (d) => delete at(d.notes, 1).id, /^f\.json: notes\[1\]\.id: missing$/],
      ['odd id', (d) => (at(d.notes, 1).id = 'a b'), /^f\.json: notes\[1\]\.id: not a note id/],
      ['duplicate id', (d) => (at(d.notes, 2).id = at(d.notes, 0).id), /^f\.json: notes\[2\]\.id: .* is also notes\[0\]'s id$/],
      ['short video id', (d) => (at(d.notes, 0).videoId = 'abc'), /^f\.json: notes\[0\]\.videoId: not an 11-character YouTube id/],
      ['another video', (d) => (at(d.notes, 0).videoId = 'dQw4w9WgXcQ'), /^f\.json: notes\[0\]\.videoId: dQw4w9WgXcQ is not this export's video/],
      ['string start', (d) => (at(d.notes, 0).start = '5'), /^f\.json: notes\[0\]\.start: not a number of seconds/],
      ['bad date', (d) => (at(d.notes, 0).createdAt = 'yesterday'), /^f\.json: notes\[0\]\.createdAt: not an ISO timestamp/],
      ['unknown key', (d) => (at(d.notes, 0).colour = 'red'), /^f\.json: notes\[0\]: .*colour/],
    ];
    for (const [, change, message] of cases) {
      const error = refusal(() => parseNotesImport(edited(change), 'f.json'));
      expect(error.code).toBe('FILE_UNREADABLE');
      expect(error.message).toMatch(message);
    }
  });
});
