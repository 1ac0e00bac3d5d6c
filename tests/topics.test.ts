import { readFile } from 'node:fs/promises';
import { chaptersAsVtt, chaptersAsYouTube } from '../server/search/chapters.js';
import { toPassages } from '../index/passages.js';
import { passageTopics, tagTranscript } from '../index/topics.js';
import { loadVocabulary } from '../server/search/vocabulary.js';
import { parseCaptions } from '../server/captions/index.js';
import { SAMPLE_DIR } from '../server/config.js';
import { loadTranscript } from '../server/library.js';
import type { Chapter } from '../index/types.js';
import { fixture } from './support/sharedFixtures.js';

const vocabulary = loadVocabulary();

/** Share of seconds whose chapter topic agrees with the hand labels. */
function agreement(chapters: Chapter[], labels: Chapter[], step = 0.5): number {
  const end = labels[labels.length - 1]?.end ?? 0;
  let right = 0;
  for (let t = 0; t < end; t += step) {
    const want = labels.find((l) => t >= l.start && t < l.end)?.topic;
    const got = chapters.find((c) => t >= c.start && t < c.end)?.topic;
    if (want === got) right += step;
  }
  return right / end;
}

describe('topic chapters on the hand-labelled sample', () => {
  it('agree with the hand labels for at least 85% of the seconds', async () => {
    const sample = await loadTranscript(SAMPLE_DIR, 'S6Sjj6OtyvY');
    const { labels } = JSON.parse(await readFile(fixture('sample-topic-labels.json'), 'utf8')) as { labels: Chapter[] };
    const { chapters } = tagTranscript(sample.segments, vocabulary.topics, vocabulary.glossary);
    const score = agreement(chapters, labels);
    process.stdout.write(`topic agreement on the labelled sample: ${(score * 100).toFixed(1)}% of seconds\n`);
    expect(score).toBeGreaterThanOrEqual(0.85);
  });

  it('cover the talk from 0 to its end without gaps, with each of the three panel topics', async () => {
    const sample = await loadTranscript(SAMPLE_DIR, 'S6Sjj6OtyvY');
    const { chapters } = tagTranscript(sample.segments, vocabulary.topics, vocabulary.glossary);
    expect(chapters[0]?.start).toBe(0);
    chapters.slice(1).forEach((c, i) => expect(c.start).toBe(chapters[i]?.end));
    expect(new Set(chapters.map((c) => c.topic))).toEqual(new Set(['general', 'security', 'hardware', 'process']));
  });
});

describe('tagTranscript on captions it has never seen', () => {
  // A small talk written for this test: two minutes on each subject, in words not in the sample.
  const talk = `WEBVTT

${[
  'welcome everyone to this session about our project',
  'we start with an audit of the threat model for the hypervisor',
  'an attacker who controls a guest may try to exploit the emulated devices',
  'so we harden them and run everything unprivileged inside a sandbox',
  'every vulnerability report goes through a disclosure process with an embargo',
  'fuzzing keeps finding memory corruption bugs before attackers do',
  'the processor vendors keep adding instructions we want to expose',
  'the new cpu generation has faster interrupt delivery and bigger caches',
  'we pass through gpus with vfio and map memory with huge pages',
  'the iommu lets an assigned device write straight into guest memory',
  'numa placement matters a lot for large vcpu counts on that hardware',
  'persistent memory and nvme change how we think about storage latency',
  'patches go to the mailing list and maintainers review them',
  'the release has a soft freeze and then release candidates',
  'new contributors should start by reviewing a small patch series',
  'continuous integration runs the tests on every pull request',
  'we deprecate old options with a warning over two releases',
  'mentoring students is how the community grows',
]
  .flatMap((line, i) => {
    const cues: string[] = [];
    for (let k = 0; k < 5; k++) {
      const start = i * 40 + k * 8;
      const stamp = (s: number) => `00:${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}.000`;
      cues.push(`${stamp(start)} --> ${stamp(start + 7)}\n${line} part ${k}`);
    }
    return cues;
  })
  .join('\n\n')}
`;

  it('finds the security, hardware and process stretches in order', async () => {
    const { segments } = await parseCaptions(Buffer.from(talk), 'unseen.vtt');
    const { chapters } = tagTranscript(segments, vocabulary.topics, vocabulary.glossary);
    const order = chapters.filter((c) => c.end - c.start >= 60).map((c) => c.topic);
    expect(order.filter((t) => t !== 'general')).toEqual(['security', 'hardware', 'process']);
  });

  it('leaves small talk as general', () => {
    const segments = [
      { start: 0, duration: 20, text: 'good morning and thank you all for coming here today it is great to see so many of you' },
      { start: 20, duration: 20, text: 'please grab a coffee and find a seat we will start in a few minutes' },
    ];
    const { chapters, cuts } = tagTranscript(segments, vocabulary.topics, vocabulary.glossary);
    expect(passageTopics(toPassages('smalltalk00', segments, {}, cuts), chapters)).toEqual(['general']);
  });
});

describe('chapter formats', () => {
  const chapters: Chapter[] = [
    { topic: 'general', start: 0, end: 237.5, confidence: 1 },
    { topic: 'security', start: 237.5, end: 1194.7, confidence: 1 },
    { topic: 'hardware', start: 1194.7, end: 1200, confidence: 1 },
    { topic: 'process', start: 1200, end: 3725, confidence: 1 },
  ];
  const labels = { general: 'General', security: 'Security', hardware: 'Hardware features', process: 'Development process' };

  it('writes a WebVTT chapters track that the caption parser reads back', async () => {
    const vtt = chaptersAsVtt(chapters, labels);
    expect(vtt.startsWith('WEBVTT\n\n1\n00:00:00.000 --> 00:03:57.500\nGeneral\n')).toBe(true);
    const { segments } = await parseCaptions(Buffer.from(vtt), 'chapters.vtt');
    expect(segments.map((s) => [s.start, s.text])).toEqual([
      [0, 'General'],
      [237.5, 'Security'],
      [1194.7, 'Hardware features'],
      [1200, 'Development process'],
    ]);
  });

  it('writes YouTube description lines: first at 0:00, none shorter than 10 s', () => {
    expect(chaptersAsYouTube(chapters, labels).split('\n')).toEqual(['0:00 General', '3:57 Security', '20:00 Development process']);
  });
});
