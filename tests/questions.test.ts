import { compileCues } from '../index/cues.js';
import { speakingTime } from '../index/speakingTime.js';
import type { Chapter } from '../index/types.js';
import type { SpeakerTurn } from '../server/notes/types.js';
import { questionsView, type QuestionsInput } from '../server/services/questions.js';
import { questionsMarkdown } from '../server/speakers/questionsMarkdown.js';
import { loadVocabulary } from '../server/search/vocabulary.js';
import type { Segment } from '../server/transcript/types.js';
import { transcript } from './support/records.js';

/**
 * Who answered what (index/questions.ts, server/services/questions.ts): questions found in the
 * words with who asked them and the answers that follow, and speaking time by person and topic.
 * A small panel of invented people: a moderator, two panelists, someone in the audience.
 */

const VIDEO = 'qqqqqqqqqqq';
const transitions = compileCues(loadVocabulary().topics);

/** A talk from `>>` lines, five seconds each. */
function talk(lines: readonly string[]): Segment[] {
  return lines.map((line, i) => ({ start: i * 5, duration: 4.8, text: line.replace(/^>> /, ''), ...(line.startsWith('>> ') ? { turn: true } : {}) }));
}

const PANEL = [
  '>> Welcome to the storage panel. First question: why are snapshots slow? Ana, what do you think?', // 0: the moderator asks, hands to Ana
  '>> Mostly because every write has to walk the tree of images.', // 5: Ana
  '>> And the metadata cache is too small by default, which nobody notices.', // 10: someone jumps in
  '>> Thanks. Next question. Bo, is the freeze too long?', // 15: the moderator
  '>> Before Bo answers, what about the release notes?', // 20: the moderator asks again, nobody answers
  ">> Hi, I'm Dana, my question is about review. How long should we wait before pinging a patch?", // 25: someone in the audience
  '>> A week is fine, then reply to your own cover letter.', // 30: Bo
  '>> Okay, we are out of time. Thank you all.', // 35: the moderator
];

const CHAPTERS: Chapter[] = [
  { topic: 'hardware', title: 'Hardware features', start: 0, end: 15, confidence: 1 },
  { topic: 'process', title: 'Process', start: 15, end: 40, confidence: 1 },
];

function input(turns: SpeakerTurn[], moderator?: string): QuestionsInput {
  return {
    record: transcript(VIDEO, talk(PANEL), { title: 'Storage panel', metadata: { panelists: [{ name: 'Ana Ruiz' }, { name: 'Bo Lind' }] } }),
    chapters: CHAPTERS,
    topicLabel: (id) => ({ hardware: 'Hardware features', process: 'Development process' })[id] ?? id,
    turns,
    transitions,
    ...(moderator ? { moderator } : {}),
  };
}

const turn = (start: number, end: number, name: string, suggested = false): SpeakerTurn => ({
  id: `00000000-0000-4000-8000-${String(start).padStart(12, '0')}`,
  videoId: VIDEO,
  start,
  end,
  name,
  createdAt: '2026-12-01T00:00:00.000Z',
  ...(suggested ? { suggested: true as const } : {}),
});

describe('questions and their answers', () => {
  const view = questionsView(input([turn(30, 35, 'Bo Lind')], 'Cy Moss'));

  it('finds each question asked, in order, with who asked it and its topic', () => {
    expect(view.questions.map((q) => [q.start, q.asker, q.speaker, q.topic])).toEqual([
      [expect.closeTo(1.8, 0), 'moderator', 'Cy Moss', 'hardware'],
      [expect.closeTo(15.5, 0), 'moderator', 'Cy Moss', 'process'],
      // No cue says who asks this one.
      [20, 'unknown', null, 'process'],
      [expect.closeTo(27, 0), 'audience', null, 'process'],
    ]);
    expect(view.questions.map((q) => q.text)).toEqual([
      'First question: why are snapshots slow? Ana, what do you think?',
      'Next question. Bo, is the freeze too long?',
      'Before Bo answers, what about the release notes?',
      'How long should we wait before pinging a patch?',
    ]);
  });

  it('a question with two answers lists both, each with its speaker, start and first words; the one named by a cue is marked suggested', () => {
    expect(view.questions[0]?.answers).toEqual([
      { speaker: 'Ana Ruiz', suggested: true, start: 5, end: 10, words: 'Mostly because every write has to walk the tree of images.' },
      { speaker: null, suggested: false, start: 10, end: 15, words: 'And the metadata cache is too small by default, which nobody notices.' },
    ]);
  });

  it("a question nobody answers has no answers; the audience question has the answer a person set, not the chair's closing words", () => {
    expect(view.questions[1]?.answers).toEqual([]);
    expect(view.questions[2]?.answers).toEqual([]);
    expect(view.questions[3]?.answers).toEqual([
      { speaker: 'Bo Lind', suggested: false, start: 30, end: 35, words: 'A week is fine, then reply to your own cover letter.' },
    ]);
  });

  it('says the moderator, and that some speakers are suggestions', () => {
    expect(view.moderator).toBe('Cy Moss');
    expect(view.speakers).toBe('both');
  });

  it('a question someone online asks, read out by the moderator', () => {
    const online = questionsView({
      ...input([], 'Cy Moss'),
      record: transcript(
        VIDEO,
        talk(['>> We have a question from the chat. Someone online asks whether snapshots work with encryption.', '>> They do, since last year.']),
      ),
    });
    expect(online.questions.map((q) => [q.asker, q.speaker, q.answers.length])).toEqual([['online', 'Cy Moss', 1]]);
  });
});

describe('speaking time by person and topic', () => {
  it('adds each named turn to the topics it crosses, with the moments to jump to', () => {
    const rows = speakingTime(
      [
        { speaker: 'Ana Ruiz', start: 5, end: 20, suggested: false },
        { speaker: 'Bo Lind', start: 30, end: 35, suggested: true },
        { speaker: null, start: 20, end: 30, suggested: false },
        { speaker: 'Ana Ruiz', start: 35, end: 38, suggested: false },
      ],
      CHAPTERS,
    );
    expect(rows).toEqual([
      { speaker: 'Ana Ruiz', total: 18, suggested: false, cells: { hardware: { seconds: 10, moments: [5] }, process: { seconds: 8, moments: [15, 35] } } },
      { speaker: 'Bo Lind', total: 5, suggested: true, cells: { process: { seconds: 5, moments: [30] } } },
    ]);
  });

  it('the view has the table, topics in the order they come up', () => {
    const view = questionsView(input([turn(5, 15, 'Ana Ruiz'), turn(30, 35, 'Bo Lind')], 'Cy Moss'));
    expect(view.topics).toEqual([
      { id: 'hardware', label: 'Hardware features' },
      { id: 'process', label: 'Development process' },
    ]);
    expect(view.speakingTime.find((r) => r.speaker === 'Ana Ruiz')).toMatchObject({ total: 10, suggested: false, cells: { hardware: { seconds: 10 } } });
  });
});

describe('as Markdown', () => {
  it('lists the questions with linked moments and answers, then the table', () => {
    const md = questionsMarkdown(questionsView(input([turn(30, 35, 'Bo Lind')], 'Cy Moss')));
    const lines = md.split('\n');
    expect(lines[0]).toBe('# Who answered what: Storage panel');
    expect(md).toContain('Moderator: Cy Moss');
    expect(lines).toContain(
      `   - [0:05](https://www.youtube.com/watch?v=${VIDEO}&t=5s) Ana Ruiz (suggested): Mostly because every write has to walk the tree of images.`,
    );
    expect(lines).toContain('   - no answer');
    expect(md).toMatch(/^4\. \[0:2\d\]\(https:\/\/www\.youtube\.com\/watch\?v=qqqqqqqqqqq&t=2\ds\) someone in the audience · Development process: How long/m);
    expect(lines).toContain('| Speaker | Hardware features | Development process | Total |');
    expect(md).toContain(`| Bo Lind | | [0:05](https://www.youtube.com/watch?v=${VIDEO}&t=30s) | 0:05 |`.replace('| |', '|  |'));
  });

  it('keeps names and words as text: nothing in them becomes markup', () => {
    const view = questionsView(input([turn(30, 35, '[Bo](javascript:x) <b>')], 'Cy Moss'));
    const md = questionsMarkdown(view, 3);
    expect(md.split('\n')[0]).toBe('### Who answered what: Storage panel');
    expect(md).toContain('\\[Bo\\](javascript:x) \\<b>');
    expect(md).not.toContain('[Bo](javascript');
  });
});
