import { compileCues, cueWord, transitionStarts } from '../index/cues.js';
import { cohesionBreaks } from '../index/cohesion.js';
import { toPassages } from '../index/passages.js';
import { passageTopics, tagTranscript } from '../index/topics.js';
import type { Segment } from '../index/types.js';
import { loadVocabulary } from '../server/search/vocabulary.js';

const vocabulary = loadVocabulary();
const cues = compileCues(vocabulary.topics);

/** Cues of a few seconds each, one sentence or part of one per cue, as a caption file gives them. */
function talk(lines: string[], seconds = 4): Segment[] {
  return lines.map((text, i) => ({ start: i * seconds, duration: seconds - 0.2, text }));
}

const SECURITY = [
  'the biggest worry is a malicious guest that escapes the sandbox',
  'every emulated device is attack surface so we fuzz them all the time',
  'when a vulnerability report arrives it goes to the security list under embargo',
  'we confine the process with seccomp and selinux so an exploit gets nowhere',
  'most cve reports are out of bounds reads in old devices',
  'the attacker only needs one bug and we need to close all of them',
];
const HARDWARE = [
  'the new processors add posted interrupts so a device interrupt reaches the vcpu directly',
  'with the iommu and vfio we assign the gpu straight to the guest',
  'huge pages and the larger tlb make a real difference for numa machines',
  'the chip vendors also add avx512 which means more register state to save',
  'nested virtualization on the new silicon finally performs well',
  'and sr iov network cards give every guest its own queue in hardware',
];
const PROCESS = [
  'patches go to the mailing list and the maintainers review them',
  'the release has a soft freeze and then release candidates every week',
  'new contributors should start by reviewing a small patch series',
  'continuous integration runs the tests on every pull request',
  'please run checkpatch and write a good commit message',
  'the bottleneck is reviewer time not submitter time',
];

describe('transition cues', () => {
  const words = (text: string) => text.split(' ').map(cueWord);
  const never = () => false;

  it('start at the lead-in of the sentence that announces a new subject', () => {
    const text = words('thanks for that okay so next question is about memory');
    expect(transitionStarts(text, cues, never, false)).toEqual([0, 0, 0, 1, 0, 0, 0, 0, 0, 0]);
  });

  it('read "let\'s" and "let us" alike, and one announcement said with two cues as one', () => {
    const a = transitionStarts(words("so let's move on to the first topic"), cues, never, false);
    const b = transitionStarts(words('so let us move on to the first topic'), cues, never, false);
    expect(a.filter((s) => s > 0)).toHaveLength(1);
    expect(a[0]).toBe(1);
    expect(b.filter((s) => s > 0)).toHaveLength(1);
    expect(b[0]).toBe(1);
  });

  it('in punctuated captions, start after the last sentence end before the cue', () => {
    const text = words('the board. all right, i think that is all the time we have');
    const ends = (i: number) => i === 1;
    const starts = transitionStarts(text, cues, ends, true);
    expect(starts[2]).toBeGreaterThan(0);
    expect(starts.filter((s) => s > 0)).toHaveLength(1);
  });

  it('find nothing in talk that changes no subject', () => {
    expect(transitionStarts(words('we moved the topic of the question to the back of the list'), cues, never, false).every((s) => s === 0)).toBe(true);
  });
});

describe('lexical cohesion', () => {
  it('dips most where the words used change', () => {
    const a = ['page', 'table', 'walk', 'tlb', 'miss', 'huge'];
    const b = ['review', 'patch', 'series', 'maintainer', 'list', 'merge'];
    const three = (words: string[], i: number) => [0, 1, 2].map((k) => words[(i + k) % 6] as string);
    const units = [...Array.from({ length: 12 }, (_, i) => three(a, i)), ...Array.from({ length: 12 }, (_, i) => three(b, i))];
    const breaks = cohesionBreaks(units);
    expect(breaks.indexOf(Math.max(...breaks))).toBe(12);
  });
});

describe('chapter boundaries', () => {
  it('start at the sentence that announces the new topic, not where its words pile up', () => {
    const segments = talk([
      'welcome everyone and thanks for coming to the panel',
      ...SECURITY,
      // The announcement names no topic words; the answer only gets to them later.
      'okay next topic the moderator has picked from the list',
      'this one comes up every year so let me read it out',
      ...HARDWARE,
    ]);
    const { chapters } = tagTranscript(segments, vocabulary.topics, vocabulary.glossary);
    const hardware = chapters.find((c) => c.topic === 'hardware');
    expect(hardware?.start).toBe(segments[1 + SECURITY.length]?.start);
  });

  it('start mid-cue in rolling auto-captions, at the word that opens the announcement', () => {
    const lines = [...SECURITY, ...HARDWARE];
    const segments: Segment[] = [];
    let t = 0;
    // Words rolled into cues of seven, so "okay next topic" begins inside one.
    const words = [...SECURITY.join(' ').split(' '), 'okay', 'next', 'topic', 'is', 'hardware', ...HARDWARE.join(' ').split(' ')];
    for (let i = 0; i < words.length; i += 7) {
      const chunk = words.slice(i, i + 7).map((text, k) => ({ start: t + k * 0.4, text }));
      segments.push({ start: t, duration: chunk.length * 0.4, text: chunk.map((w) => w.text).join(' '), words: chunk });
      t += chunk.length * 0.4;
    }
    expect(lines.length).toBeGreaterThan(0);
    const okay = words.indexOf('okay');
    const { chapters, cuts } = tagTranscript(segments, vocabulary.topics, vocabulary.glossary);
    expect(chapters.map((c) => c.topic)).toEqual(['security', 'hardware']);
    expect(chapters[1]?.start).toBeCloseTo(okay * 0.4, 5);
    // The passage cut follows the chapter: no passage holds words of both.
    const passages = toPassages('rolling0000', segments, {}, cuts);
    const topics = passageTopics(passages, chapters);
    const first = passages.findIndex((p) => topics[passages.indexOf(p)] === 'hardware');
    expect(passages[first]?.text.startsWith('okay next topic')).toBe(true);
    expect(passages[first - 1]?.text.endsWith(SECURITY[5]?.split(' ').slice(-2).join(' ') ?? '')).toBe(true);
  });

  it('keep a short stretch of 25 s or more when it is announced and its words are strong', () => {
    const segments = talk([
      ...PROCESS,
      'one more from the audience over here',
      'is a malicious guest able to exploit the emulated devices and escape the sandbox',
      'yes every cve we fix under embargo is an attack of that kind',
      'seccomp and selinux confine the process so an exploit gets nowhere',
      'fuzzing finds the vulnerability before an attacker does',
      'okay back to the release process',
      ...PROCESS,
    ]);
    const { chapters } = tagTranscript(segments, vocabulary.topics, vocabulary.glossary);
    const security = chapters.find((c) => c.topic === 'security');
    expect(security).toBeDefined();
    expect((security?.end ?? 0) - (security?.start ?? 0)).toBeGreaterThanOrEqual(16);
    expect(chapters.map((c) => c.topic)).toEqual(['process', 'security', 'process']);
  });

  it('fold a brief unannounced digression back into the topic around it', () => {
    const segments = talk([...SECURITY, 'the fix goes through review on the mailing list like any patch', ...SECURITY]);
    expect(tagTranscript(segments, vocabulary.topics, vocabulary.glossary).chapters.map((c) => c.topic)).toEqual(['security']);
  });

  it('label welcomes, housekeeping and thanks as general, even with topic words in the introductions', () => {
    const segments = talk([
      'good morning and welcome to the panel can everyone hear me',
      'let us go down the line and introduce yourselves',
      'i review patches for the storage layer',
      'and i work on security for a cloud team',
      ...HARDWARE,
      'before we break a reminder that lunch is in the hall downstairs',
      'and please pick up your badge at the desk if you have not',
      'the coffee is outside and the next session starts in this room',
      'okay can everyone hear me again good',
      ...HARDWARE,
      'that is all the time we have thank you all',
      'enjoy the rest of the conference and the evening party',
      'please give the panelists a round of applause',
    ]);
    const { chapters } = tagTranscript(segments, vocabulary.topics, vocabulary.glossary);
    expect(chapters.map((c) => c.topic)).toEqual(['general', 'hardware', 'general', 'hardware', 'general']);
  });

  it('say how sure each chapter is: an announced, dense chapter above one that barely makes it', () => {
    const segments = talk([
      ...SECURITY,
      'okay next topic new hardware features',
      ...HARDWARE,
      // Unannounced, and its words lean only lightly.
      'people file bugs about the release of the test tooling sometimes',
      'the maintainers and the community decide on compatibility',
      'contributors review what downstream backports',
      'it is a workflow question in the end',
    ]);
    const { chapters } = tagTranscript(segments, vocabulary.topics, vocabulary.glossary);
    for (const c of chapters) expect(c.confidence).toBeGreaterThanOrEqual(0);
    for (const c of chapters) expect(c.confidence).toBeLessThanOrEqual(1);
    const hardware = chapters.find((c) => c.topic === 'hardware');
    const process = chapters.find((c) => c.topic === 'process');
    expect(hardware && process).toBeTruthy();
    expect(hardware?.confidence).toBeGreaterThan(process?.confidence ?? 1);
  });

  it('cover the talk from 0 to its end without gaps', () => {
    const segments = talk([...SECURITY, ...HARDWARE, ...PROCESS]);
    const { chapters } = tagTranscript(segments, vocabulary.topics, vocabulary.glossary);
    expect(chapters[0]?.start).toBe(0);
    chapters.slice(1).forEach((c, i) => expect(c.start).toBe(chapters[i]?.end));
    const last = segments[segments.length - 1] as Segment;
    expect(chapters[chapters.length - 1]?.end).toBeCloseTo(last.start + last.duration, 6);
  });
});
