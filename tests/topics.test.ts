import { readFile } from 'node:fs/promises';
import { toPassages } from '../index/passages.js';
import { passageTopics, tagTranscript } from '../index/topics.js';
import { loadVocabulary } from '../server/search/vocabulary.js';
import { parseCaptions } from '../server/captions/index.js';
import { SAMPLE_DIR } from '../server/config.js';
import { loadTranscript } from '../server/library.js';
import type { ChapterSpan } from '../index/types.js';
import { fixture } from './support/sharedFixtures.js';

const vocabulary = loadVocabulary();

/** Share of seconds whose chapter topic agrees with the hand labels. */
function agreement(chapters: ChapterSpan[], labels: ChapterSpan[], step = 0.5): number {
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
    const { labels } = JSON.parse(await readFile(fixture('sample-topic-labels.json'), 'utf8')) as { labels: ChapterSpan[] };
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
