import { compileCues } from '../index/cues.js';
import { compileRoster, nameAt, parseRoster } from '../index/roster.js';
import { spokenWords } from '../index/spokenWords.js';
import { suggestSpeakers, type SuggestedTurn } from '../index/suggestSpeakers.js';
import type { Segment } from '../index/types.js';
import { loadVocabulary } from '../server/search/vocabulary.js';

/**
 * Speaker suggestions (index/suggestSpeakers.ts and the cue readers under it): names come only
 * from cues that give them, a turn no cue names stays unknown, and the captions' own turn marks
 * and voices are the turns. Every name here is invented.
 */

const ROSTER = ['Ana Ruiz', 'Bo Lind', 'Cy Moss'];
const transitions = compileCues(loadVocabulary().topics);

/**
 * A talk from lines, four seconds each: `>> text` starts a marked turn, `<v Name> text` is a
 * voice, anything else runs on.
 */
function talk(lines: readonly string[]): Segment[] {
  return lines.map((line, i) => {
    const voice = /^<v ([^>]+)> (.*)$/.exec(line);
    const segment: Segment = { start: i * 4, duration: 3.8, text: voice ? (voice[2] as string) : line.replace(/^>> /, '') };
    if (voice) segment.speaker = voice[1];
    if (line.startsWith('>> ')) segment.turn = true;
    return segment;
  });
}

/** Who each suggested turn names, with when it starts. */
const who = (turns: readonly SuggestedTurn[]): [number, string | null][] => turns.map((t) => [t.start, t.speaker]);

describe('the roster', () => {
  it.each<[string, string, string | undefined]>([
    ['the whole name', 'Ana Ruiz, what do you think?', 'Ana Ruiz'],
    ['the first name', 'Ana, what do you think?', 'Ana Ruiz'],
    ['the last name', 'Ruiz, what do you think?', 'Ana Ruiz'],
    ['a name given in brackets', 'Denis, what do you think?', 'Den (Denis) Lunn'],
    ['accents aside', 'Jose, what do you think?', 'José Pérez'],
    ['a word that is also a name, in lowercase', 'will you take that', undefined],
  ])('finds %s', (_name, text, expected) => {
    const roster = compileRoster(['Ana Ruiz', 'Den (Denis) Lunn', 'José Pérez', 'Will Hart']);
    const words = spokenWords([{ start: 0, duration: 3, text }]);
    expect(nameAt(roster, words, 0, false)?.entry.name).toBe(expected);
  });

  it('a part two people share names neither; the whole name still does', () => {
    const roster = compileRoster(['Ana Ruiz', 'Ana Lind']);
    expect(nameAt(roster, spokenWords([{ start: 0, duration: 1, text: 'Ana' }]), 0, true)).toBeUndefined();
    expect(nameAt(roster, spokenWords([{ start: 0, duration: 1, text: 'Ana Lind' }]), 0, true)?.entry.name).toBe('Ana Lind');
  });

  it('reads a typed roster: commas, semicolons and new lines separate names', () => {
    expect(parseRoster(' Ana Ruiz,Bo  Lind;\nCy Moss, ')).toEqual(['Ana Ruiz', 'Bo Lind', 'Cy Moss']);
  });
});

describe('captions that mark each change of speaker (>>)', () => {
  it.each<[string, string[], string | null]>([
    ['"I\'m" and the whole name', ['>> Thanks for having me.', ">> Hi, I'm Ana Ruiz, I work on storage."], 'Ana Ruiz'],
    ['"my name is"', ['>> Welcome.', '>> Hello, my name is Bo Lind and I review patches.'], 'Bo Lind'],
    ['a greeting and the whole name', ['>> Welcome.', '>> Hi everyone, Cy Moss. I do the release process.'], 'Cy Moss'],
    ['a hand-over: the name, then a question to them', ['>> Next topic is storage. Bo, what do you think?', '>> It depends on the workload.'], 'Bo Lind'],
    ['a hand-over: "that\'s probably you"', ['>> Who maintains the block layer? Ana, that is probably you.', '>> Yes, for my sins.'], 'Ana Ruiz'],
    ['a hand-over: "over to"', ['>> And with that, over to Cy.', '>> Thank you, I will be brief.'], 'Cy Moss'],
    ['a hand-over: the question, then the name', ['>> What do you think about the freeze, Bo?', '>> I think it is too long.'], 'Bo Lind'],
    [
      'a hand-over: a name called at the start of a long question',
      ['>> Ana, what is coming next in storage that people here should care about?', '>> Mostly faster snapshots.'],
      'Ana Ruiz',
    ],
    ['no cue at all', ['>> What about the freeze?', '>> I think it is too long.'], null],
    ['a name talked about, not to ("as Bo said")', ['>> As Bo said yesterday, the freeze is long.', '>> It is.'], null],
    ['a question to a group ("Ana and Bo, …")', ['>> Ana and Bo, what do you think?', '>> It depends.'], null],
  ])('names the second turn from %s', (_name, lines, expected) => {
    const turns = suggestSpeakers(talk(lines), { roster: ROSTER, transitions });
    expect(turns.find((t) => t.start === 4)?.speaker ?? null).toBe(expected);
  });

  it('a thank-you names the turn before it', () => {
    const turns = suggestSpeakers(talk(['>> Opening words.', '>> Storage is hard, mostly because of caching.', '>> Thanks, Ana. Moving on.']), {
      roster: ROSTER,
      transitions,
    });
    expect(who(turns)).toEqual([
      [0, null],
      [4, 'Ana Ruiz'],
      [8, null],
    ]);
    expect(turns[1]?.cues.map((c) => c.kind)).toEqual(['turn-mark', 'thanks']);
    expect(turns[1]?.cues[1]).toEqual({ kind: 'thanks', text: 'Thanks, Ana.', at: 8 });
  });

  it('a hand-over does not name the next turn when that one speaks of the person ("before Bo answers")', () => {
    const turns = suggestSpeakers(talk(['>> Bo, what do you think?', '>> Before Bo answers, a correction.']), { roster: ROSTER, transitions });
    expect(turns[1]?.speaker).toBeNull();
  });

  it("the moderator is named by the chair's moves: a welcome, a hand-over, a thank-you", () => {
    const lines = ['>> Welcome, everyone, to the panel.', ">> Hi, I'm Ana Ruiz.", '>> Thanks, Ana. Bo, what do you think?', '>> It depends.'];
    const turns = suggestSpeakers(talk(lines), { roster: ROSTER, moderator: 'Dee Vale', transitions });
    expect(who(turns)).toEqual([
      [0, 'Dee Vale'],
      [4, 'Ana Ruiz'],
      [8, 'Dee Vale'],
      [12, 'Bo Lind'],
    ]);
  });

  it('cues that disagree leave a turn unknown; agreeing cues make it surer', () => {
    const agree = suggestSpeakers(talk(['>> Bo, what do you think?', ">> Hi, I'm Bo Lind, and yes.", '>> Thanks, Bo.']), { roster: ROSTER, transitions });
    expect(agree[1]?.speaker).toBe('Bo Lind');
    expect(agree[1]?.confidence).toBeGreaterThan(0.95);
    const disagree = suggestSpeakers(talk(['>> Ana, what do you think?', '>> It is complicated.', '>> Thanks, Bo.']), { roster: ROSTER, transitions });
    expect(disagree[1]?.speaker).toBeNull();
    expect(disagree[1]?.confidence).toBe(0);
  });

  it('never names anyone off the roster, and with no roster names nobody', () => {
    const lines = [">> Hi, I'm Dana Fox from a hosting company. My question is about review.", '>> Ana, what do you think?', '>> It depends.'];
    expect(suggestSpeakers(talk(lines), { roster: ROSTER, transitions }).map((t) => t.speaker)).toEqual([null, null, 'Ana Ruiz']);
    expect(suggestSpeakers(talk(lines), { transitions }).every((t) => t.speaker === null)).toBe(true);
  });

  it('never suggests a name barred, nor one sharing a word with it', () => {
    const lines = ['>> Ana, what do you think?', '>> It depends.', '>> Ruiz, anything to add?', '>> No.'];
    const turns = suggestSpeakers(talk(lines), { roster: ['Ana', 'Ruiz'], never: ['Ana Ruiz'], transitions });
    expect(turns.every((t) => t.speaker === null)).toBe(true);
  });

  it('joins adjacent turns of one person and keeps the time of the whole talk', () => {
    const turns = suggestSpeakers(talk([">> Hi, I'm Ana Ruiz.", '>> Thanks, Ana. Ana, go on?', '>> So storage.']), { roster: ROSTER, transitions });
    expect(turns[0]?.start).toBe(0);
    expect(turns.at(-1)?.end).toBe(11.8);
    for (const [a, b] of turns.slice(1).map((t, i) => [turns[i] as SuggestedTurn, t] as const)) expect(a.end).toBe(b.start);
  });
});

describe('voices (<v Name>)', () => {
  it("a named voice is that person (the roster's name where it is a form of one)", () => {
    const turns = suggestSpeakers(talk(['<v Ana> Storage first.', '<v Dana Fox> A question.']), { roster: ROSTER, transitions });
    expect(turns.map((t) => [t.speaker, t.confidence])).toEqual([
      ['Ana Ruiz', 0.95],
      ['Dana Fox', 0.95],
    ]);
  });

  it('a numbered voice takes the name one of its turns was given, in all its turns', () => {
    const lines = ['<v Speaker 1> Hello.', "<v Speaker 2> Hi, I'm Cy Moss.", '<v Speaker 1> Thanks.', '<v Speaker 2> So the release is late.'];
    const turns = suggestSpeakers(talk(lines), { roster: ROSTER, transitions });
    expect(who(turns)).toEqual([
      [0, null],
      [4, 'Cy Moss'],
      [8, null],
      [12, 'Cy Moss'],
    ]);
  });
});

describe('auto-captions: no turn marks, no punctuation', () => {
  // Words four seconds a segment; a second of silence before the answer to each hand-over.
  const segments: Segment[] = [
    { start: 0, duration: 4, text: 'welcome everyone to the panel' },
    { start: 4, duration: 4, text: "let's start with storage ana what do you think" },
    { start: 9, duration: 4, text: 'yeah so snapshots are the hard part' },
    { start: 13, duration: 4, text: 'and caching is the other one' },
    { start: 17, duration: 4, text: 'thanks ana bo anything to add' },
    { start: 22, duration: 4, text: 'not much honestly' },
  ];

  it('finds where turns start from the cues, and names them', () => {
    const turns = suggestSpeakers(segments, { roster: ROSTER, moderator: 'Dee Vale', transitions });
    expect(turns.map((t) => t.speaker)).toEqual(['Dee Vale', 'Ana Ruiz', 'Dee Vale', 'Bo Lind']);
    expect(turns[1]?.start).toBe(9);
    expect(turns[2]?.start).toBe(17);
    expect(turns[3]?.start).toBe(22);
  });

  it("without a moderator, the chair's turns stay unknown", () => {
    const turns = suggestSpeakers(segments, { roster: ROSTER, transitions });
    expect(turns.filter((t) => t.speaker !== null).map((t) => [t.start, t.speaker])).toEqual([
      [9, 'Ana Ruiz'],
      [22, 'Bo Lind'],
    ]);
    expect(turns.filter((t) => t.speaker === null).every((t) => t.end <= 9 || (t.start >= 17 && t.end <= 22))).toBe(true);
  });
});
