import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCaptions } from '../server/captions/index.js';
import { SAMPLE_DIR } from '../server/config.js';
import { recordFromFile } from '../server/ingest/record.js';
import { transcriptFile, type TranscriptParts } from '../server/services/transcripts.js';
import { roundMs } from '../server/time.js';
import type { Segment, TranscriptRecord } from '../server/transcript/types.js';

/**
 * Transcript exports: what each format says (speakers, chapters, links, the sample notice), and
 * SRT and WebVTT imported back through our own importer with the same words and times.
 */
const sample = JSON.parse(readFileSync(join(SAMPLE_DIR, 'S6Sjj6OtyvY.json'), 'utf8')) as TranscriptRecord;

/** A talk of one's own: two named voices, an unnamed change of speaker, text that looks like markup. */
const talk: TranscriptRecord = {
  formatVersion: 1,
  videoId: 'dQw4w9WgXcQ',
  title: 'Storage <session> & more',
  url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
  language: 'en',
  captionKind: 'manual',
  source: 'file',
  fetchedAt: '2026-11-30T00:00:00.000Z',
  metadata: {},
  segments: [
    { start: 1, duration: 3, text: 'Welcome to the storage session.', speaker: 'Ann Lee' },
    { start: 4, duration: 3.5, text: 'Today: block devices & caches, a <b> tag and a --> arrow.', speaker: 'Ann Lee' },
    { start: 7.5, duration: 2.25, text: 'Thanks, Ann.', speaker: 'Bo' },
    { start: 90, duration: 3, text: 'A question from the back about snapshots.', turn: true },
    { start: 93.125, duration: 1.875, text: '# not a heading, [not a link](x)' },
  ],
};

const parts = (record: TranscriptRecord, extra: Partial<TranscriptParts> = {}): TranscriptParts => ({
  record,
  turns: [],
  chapters: [],
  topicLabel: (id) => `Topic ${id}`,
  ...extra,
});

const exported = (record: TranscriptRecord, format: 'srt' | 'vtt' | 'txt' | 'md' | 'json', range = {}, extra: Partial<TranscriptParts> = {}): string =>
  transcriptFile(parts(record, extra), format, range, new Date('2026-11-30T12:00:00Z')).body;

/** Words and times as a comparison sees them: the speaker labels aside. */
const spoken = (segments: readonly Segment[]): { start: number; duration: number; text: string; turn: boolean }[] =>
  segments.map((s) => ({ start: roundMs(s.start), duration: roundMs(s.duration), text: s.text, turn: s.turn === true }));

describe.each(['srt', 'vtt'] as const)('%s export imported back', (format) => {
  it.each([
    ['the sample', sample],
    ['a talk with voices, a >> change and markup-like text', talk],
  ])('%s: the same words and times', async (_name, record) => {
    const back = await parseCaptions(Buffer.from(exported(record, format)), `talk.${format}`);
    const texts = back.segments.map((s, i) =>
      // SRT writes a speaker's name as a prefix where the speaker changes: a label, set aside.
      format === 'srt' && record.segments[i]?.speaker && s.text.startsWith(`${record.segments[i]?.speaker}: `)
        ? { ...s, text: s.text.slice(`${record.segments[i]?.speaker}: `.length) }
        : s,
    );
    expect(spoken(texts)).toEqual(spoken(record.segments));
    expect(back.skipped).toEqual([]);
  });

  it('a range gives the segments said in it, and they import back as they were', async () => {
    const back = await parseCaptions(Buffer.from(exported(talk, format, { from: '0:05', to: '1:31' })), `talk.${format}`);
    expect(back.segments.map((s) => s.start)).toEqual([4, 7.5, 90]);
  });

  it('the sample stays a sample: its notice comes back, and the marked cue is not taken for words', async () => {
    const text = exported(sample, format);
    expect(text).toContain('panelnotes-sample');
    const back = await parseCaptions(Buffer.from(text), `sample.${format}`);
    expect(back.sample).toBe(sample.notice);
    expect(back.segments[0]?.text).toBe(sample.segments[0]?.text);
    const record = recordFromFile('S6Sjj6OtyvY', back, { importedAt: new Date() });
    expect(record).toMatchObject({ source: 'sample', notice: sample.notice });
  });

  it('a file that is not ours is never taken for the sample', async () => {
    const back = await parseCaptions(Buffer.from(exported(talk, format)), `talk.${format}`);
    expect(back.sample).toBeUndefined();
    expect(recordFromFile('dQw4w9WgXcQ', back, { importedAt: new Date() }).source).toBe('file');
  });
});

describe('what each format says', () => {
  it('WebVTT: voices as <v>, the language in the header, markup escaped', () => {
    const vtt = exported(talk, 'vtt');
    expect(vtt.split('\n').slice(0, 2)).toEqual(['WEBVTT', 'Kind: captions']);
    expect(vtt).toContain('Language: en');
    expect(vtt).toContain('00:00:01.000 --> 00:00:04.000\n<v Ann Lee>Welcome to the storage session.');
    expect(vtt).toContain('<v Bo>Thanks, Ann.');
    expect(vtt).toContain('&gt;&gt; A question from the back');
    expect(vtt).toContain('a &lt;b&gt; tag and a --&gt; arrow');
  });

  it('SRT: a speaker named where the speaker changes, numbered cues, comma times', () => {
    const srt = exported(talk, 'srt');
    expect(srt.startsWith('1\n00:00:01,000 --> 00:00:04,000\nAnn Lee: Welcome to the storage session.\n\n2\n00:00:04,000 --> 00:00:07,500\nToday:')).toBe(true);
    expect(srt).toContain('3\n00:00:07,500 --> 00:00:09,750\nBo: Thanks, Ann.');
    expect(srt).toContain('>> A question from the back');
  });

  it('speakers set by people win over the captions, in every format', () => {
    const turns = [{ start: 89, end: 95, name: 'Cy' }];
    expect(exported(talk, 'vtt', {}, { turns })).toContain('<v Cy>&gt;&gt; A question');
    expect(exported(talk, 'txt', {}, { turns })).toContain('[1:30] Cy: A question from the back about snapshots. # not a heading');
  });

  it('Markdown: chapters as headings (own title, else the topic), timestamps linked to the second, text escaped', () => {
    const chapters = [
      { topic: 'storage', start: 0, end: 60, confidence: 1, title: '' },
      { topic: 'general', start: 60, end: 95, confidence: 1, title: 'Questions' },
    ];
    const md = exported(talk, 'md', {}, { chapters });
    expect(md).toContain('# Storage \\<session> & more');
    expect(md).toContain('## Topic storage (0:00–1:00)');
    expect(md).toContain('## Questions (1:00–1:35)');
    expect(md).toContain('[0:01](https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=1s) **Ann Lee:** Welcome to the storage session. Today');
    expect(md).toContain(
      '[1:30](https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=90s) A question from the back about snapshots. # not a heading, \\[not a link\\](x)',
    );
    expect(md.indexOf('## Questions')).toBeLessThan(md.indexOf('[1:30]'));
  });

  it('text: one paragraph per speaker, chapters as lines, the sample notice first', () => {
    const txt = exported(talk, 'txt', {}, { chapters: [{ topic: 'general', start: 0, end: 95, confidence: 1, title: '' }] });
    expect(txt.split('\n')).toEqual([
      'Storage <session> & more',
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
      '',
      '== Topic general (0:00) ==',
      '',
      '[0:01] Ann Lee: Welcome to the storage session. Today: block devices & caches, a <b> tag and a --> arrow.',
      '',
      '[0:07] Bo: Thanks, Ann.',
      '',
      '[1:30] A question from the back about snapshots. # not a heading, [not a link](x)',
      '',
    ]);
    expect(exported(sample, 'txt').split('\n')[0]).toBe(`SAMPLE (synthetic, not the real captions): ${sample.notice}`);
    expect(exported(sample, 'md')).toContain('> **Sample (synthetic, not the real captions).**');
  });

  it('JSON: segments with speakers, titled chapters, the range, and imported back as captions (still a sample)', async () => {
    const body = JSON.parse(exported(sample, 'json', { from: 60, to: 120 })) as Record<string, unknown>;
    expect(body).toMatchObject({ format: 'panelnotes-transcript', version: 1, videoId: 'S6Sjj6OtyvY', source: 'sample', from: 60, to: 120 });
    const back = await parseCaptions(Buffer.from(exported(sample, 'json')), 'sample.json');
    expect(back.sample).toBe(sample.notice);
    expect(spoken(back.segments)).toEqual(spoken(sample.segments));
  });

  it.each([
    [{ from: '2:00', to: '1:00' }, /the range ends \(1:00\) before it starts \(2:00\)/],
    [{ from: 'soon' }, /not a time: "soon"/],
    [{ from: '9:00:00' }, /nothing is said in dQw4w9WgXcQ between 9:00:00 and the end/],
  ])('refuses the range %j clearly', (range, message) => {
    expect(() => exported(talk, 'txt', range)).toThrow(message);
  });
});
