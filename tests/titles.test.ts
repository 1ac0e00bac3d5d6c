import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { commonWordsModule, commonWordsOf, subtlex } from '../bench/writeCommonWords.js';
import { compileGlossary, tokenize } from '../index/analyze.js';
import { chapterTranscript } from '../index/build.js';
import { toPassages } from '../index/passages.js';
import { MAX_TITLE_LENGTH, titleChapters } from '../index/titles.js';
import type { Chapter, ChapterSpan, Passage } from '../index/types.js';
import { PROJECT_ROOT, SAMPLE_DIR } from '../server/config.js';
import { loadTranscript } from '../server/library.js';
import { loadVocabulary } from '../server/search/vocabulary.js';

const vocabulary = loadVocabulary();
const glossary = compileGlossary({ apicv: ['a pick v'] }, { written: { apicv: 'APICv', kvm: 'KVM' } });

/** A talk of one line every 5 seconds. */
function talk(lines: readonly string[]): Passage[] {
  return toPassages(
    'titletalk01',
    lines.map((text, i) => ({ start: i * 5, duration: 5, text })),
  );
}

/** Chapters of `lines` lines each (5 s a line), with these topics. */
function spans(...chapters: [topic: string, lines: number][]): ChapterSpan[] {
  let start = 0;
  return chapters.map(([topic, lines]) => {
    const span = { topic, start, end: start + lines * 5, confidence: 1 };
    start = span.end;
    return span;
  });
}

const titles = (passages: Passage[], chapters: ChapterSpan[]): string[] => titleChapters(passages, chapters, vocabulary.topics, glossary).map((c) => c.title);

/** The lowercased words said between two seconds (a passage's words at its anchors' seconds). */
function saidBetween(passages: readonly Passage[], start: number, end: number): Set<string> {
  const words = new Set<string>();
  for (const p of passages) {
    if (p.end <= start || p.start >= end) continue;
    for (const t of tokenize(p.text, glossary)) words.add(t.word);
  }
  return words;
}

/** The words a title adds to its label, lowercased. */
function titleWords(chapter: Chapter, label: string): string[] {
  const rest = chapter.title.startsWith(`${label}: `) ? chapter.title.slice(label.length + 2) : chapter.title === label ? '' : chapter.title;
  return rest
    .toLowerCase()
    .split(/[\s,:-]+/)
    .filter(Boolean);
}

// Three chapters of a small talk: "performance" is said all through it, each chapter's own phrase only in it.
const PERFORMANCE_TALK = [
  'the performance of interrupt delivery matters, and posted interrupts help a lot',
  'with posted interrupts the performance is close to bare metal',
  'posted interrupts need the APICv support in the processor, and performance follows',
  'performance numbers with APICv look good',
  'on the security side a seccomp filter limits what the process can call',
  'the seccomp filter costs some performance',
  'performance aside, the seccomp filter stops real exploits',
  'performance was never the reason to skip it',
  'code review is where most of the performance regressions are caught',
  'we ask for code review on every series',
  'code review takes time but performance work needs it',
  'performance is everybody’s job',
];

describe('titleChapters', () => {
  it("puts a chapter's own phrase first, not a word the whole talk says", () => {
    const got = titles(talk(PERFORMANCE_TALK), spans(['hardware', 4], ['security', 4], ['process', 4]));
    expect(got[0]).toMatch(/^Hardware features: posted interrupts\b/);
    expect(got[1]).toMatch(/^Security: seccomp filter\b/);
    expect(got[2]).toMatch(/^Development process: code review\b/);
    for (const title of got) expect(title).not.toMatch(/performance/i);
  });

  it('gives two chapters of the same topic different titles, each from its own words', () => {
    const passages = talk([
      'code review is the bottleneck, code review needs more reviewers',
      'maintainers do code review on the mailing list',
      'the seccomp filter and the sandbox keep the emulator contained',
      'a seccomp filter for every device, a sandbox for every process',
      'release candidates come every week until the release candidates settle',
      'the stable branch gets release candidates too',
    ]);
    const got = titles(passages, spans(['process', 2], ['security', 2], ['process', 2]));
    expect(got[0]).toMatch(/^Development process: code review/);
    expect(got[2]).toMatch(/^Development process: release candidates/);
    expect(new Set(got).size).toBe(3);
  });

  it('numbers the parts of a topic when a chapter has nothing of its own to say', () => {
    const passages = talk(['we discussed it', 'as we said', 'the seccomp sandbox is strict', 'a seccomp sandbox per device', 'we discussed it', 'as we said']);
    const got = titles(passages, spans(['process', 2], ['security', 2], ['process', 2]));
    expect(got).toEqual(['Development process', 'Security: seccomp sandbox', 'Development process, part 2']);
  });

  it('leaves out words said only once, fillers and everyday words', () => {
    const passages = talk([
      'um yeah so i think you know it is kind of like the thing, um, yeah',
      'yeah um i think we kind of know the day will start, you know, every day',
      'the hypervisor was mentioned once here',
      'the hypervisor team',
    ]);
    const got = titles(passages, spans(['general', 2], ['hardware', 2]));
    expect(got).toEqual(['General', 'Hardware features: hypervisor']);
  });

  it('shows a phrase in full where the chapter said its words as that phrase', () => {
    const passages = talk([
      'page modification logging records dirty pages',
      'with page modification logging the migration is faster',
      'page modification logging needs hardware support',
      'the seccomp filter is strict, the seccomp filter is small',
    ]);
    expect(titles(passages, spans(['hardware', 3], ['security', 1]))[0]).toBe('Hardware features: page modification logging');
  });

  it('writes jargon as the glossary or the captions write it, and a misheard term as the term', () => {
    const asr = talk([
      'a pick v helps kvm guests',
      'with apicv kvm guests exit less',
      'the seccomp filter is strict, the seccomp filter is small',
      'nothing else',
    ]);
    expect(titles(asr, spans(['hardware', 2], ['security', 2]))[0]).toBe('Hardware features: KVM guests, APICv');
    const clean = talk(['Virtual functions come from SR-IOV.', 'With SR-IOV the NIC splits.', 'The seccomp filter is strict.', 'The seccomp filter is small.']);
    expect(titles(clean, spans(['hardware', 2], ['security', 2]))[0]).toBe('Hardware features: SR-IOV');
  });

  it.each([
    ['Welcome and introductions', ['welcome everyone to the panel', 'let me introduce the panelists', 'please introduce yourselves']],
    ['Audience questions', ['we have time for questions from the audience', 'the microphone is in the middle, any questions']],
    ['Thanks', ['thank you all for coming', 'and thanks to the organizers']],
  ])('names a general chapter "%s" when its words are said', (name, lines) => {
    const passages = talk([...lines, 'the seccomp filter is strict', 'the seccomp filter is small']);
    const [first] = titles(passages, spans(['general', lines.length], ['security', 2]));
    expect(first?.startsWith(name)).toBe(true);
  });

  it('calls a general chapter without such words "General", with its own words', () => {
    const passages = talk(['the espresso machine broke', 'the espresso machine is fixed', 'the seccomp filter is strict', 'the seccomp filter is small']);
    expect(titles(passages, spans(['general', 2], ['security', 2]))[0]).toBe('General: espresso machine');
  });

  it(`keeps titles within ${MAX_TITLE_LENGTH} characters`, () => {
    const passages = talk([
      'extraordinarily complicated virtualization infrastructure and paravirtualized synchronization primitives',
      'extraordinarily complicated virtualization infrastructure with paravirtualized synchronization primitives',
      'asynchronous teardown notifications, asynchronous teardown notifications',
      'the seccomp filter is strict, the seccomp filter is small',
    ]);
    for (const title of titles(passages, spans(['hardware', 3], ['security', 1]))) expect(title.length).toBeLessThanOrEqual(MAX_TITLE_LENGTH);
  });

  it('titles the sample with words said in each chapter, all titles different', async () => {
    const sample = await loadTranscript(SAMPLE_DIR, 'S6Sjj6OtyvY');
    const { passages, chapters } = chapterTranscript(sample, vocabulary.topics, glossary);
    expect(new Set(chapters.map((c) => c.title)).size).toBe(chapters.length);
    const labels = new Map([vocabulary.topics.fallback, ...vocabulary.topics.topics].map((t) => [t.id, t.label]));
    for (const chapter of chapters) {
      expect(chapter.title.length).toBeLessThanOrEqual(MAX_TITLE_LENGTH);
      if (chapter.topic !== 'general') expect(chapter.title.startsWith(labels.get(chapter.topic) as string)).toBe(true);
      const said = saidBetween(passages, chapter.start, chapter.end);
      const words =
        chapter.topic === 'general' ? titleWords(chapter, chapter.title.split(':')[0] as string) : titleWords(chapter, labels.get(chapter.topic) as string);
      for (const word of words) expect({ chapter: chapter.title, word, said: said.has(word) }).toEqual({ chapter: chapter.title, word, said: true });
    }
  });
});

describe("glossary.json's written forms", () => {
  it.each([
    [{ apicv: 'APICV2' }, 'glossary.json: written.apicv: "APICV2" is not "apicv" with other capitals'],
    [{ 'SR-IOV': 'SR-IOV' }, 'glossary.json: written.SR-IOV: the key is one lowercase word, as captions are read'],
  ])('refuses %j with the field and what is wrong', (written, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'panelnotes-written-'));
    try {
      copyFileSync(resolve(PROJECT_ROOT, 'index', 'topics.json'), join(dir, 'topics.json'));
      writeFileSync(join(dir, 'glossary.json'), JSON.stringify({ terms: {}, written }));
      expect(() => loadVocabulary(dir)).toThrow(message);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('index/commonWords.ts', () => {
  it('is what `npm run common-words` makes from SUBTLEX-US', () => {
    const file = readFileSync(resolve(PROJECT_ROOT, 'index', 'commonWords.ts'), 'utf8');
    expect(file).toBe(commonWordsModule(commonWordsOf(subtlex())));
  });

  it('takes the most frequent distinct words, lowercased, letters only', () => {
    expect(commonWordsOf([{ word: 'you' }, { word: 'I' }, { word: "don't" }, { word: 'What' }, { word: 'what' }, { word: 'day' }], 3)).toEqual([
      'you',
      'i',
      'what',
    ]);
  });
});
