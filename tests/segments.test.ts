import { readFileSync } from 'node:fs';
import { parseCaptions } from '../server/captions/index.js';
import { cuesToSegments } from '../server/captions/segments.js';
import type { Cue } from '../server/captions/types.js';
import type { Segment } from '../server/transcript/types.js';
import { fixture } from './support/sharedFixtures.js';

const texts = (segments: readonly Segment[]): string[] => segments.map((s) => s.text);
const cue = (start: number, end: number, text: string, extra: Partial<Cue> = {}): Cue => ({ start, end, text, ...extra });
const srt = (cues: ReadonlyArray<readonly [number, number, string]>): Buffer =>
  Buffer.from(cues.map(([start, end, text], i) => `${i + 1}\n${clock(start)} --> ${clock(end)}\n${text}\n`).join('\n'));

function clock(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)},${pad(ms % 1000, 3)}`;
}

describe('cuesToSegments: order', () => {
  it('sorts cues by start', () => {
    const segments = cuesToSegments([cue(5, 6, 'third'), cue(1, 2, 'first'), cue(3, 4, 'second')]);
    expect(texts(segments)).toEqual(['first', 'second', 'third']);
  });

  it('sorts a file whose cues are out of order (simultaneous-overlap.srt)', async () => {
    const { segments } = await parseCaptions(readFileSync(fixture('captions', 'simultaneous-overlap.srt')), 'simultaneous-overlap.srt');
    expect(segments.map((s) => s.start)).toEqual([1, 2.8, 5]);
    expect(segments[segments.length - 1]?.text).toBe('Listed first but said last.');
  });
});

describe('cuesToSegments: simultaneous cues', () => {
  it('merges cues that start together into one segment that lasts as long as the longer one', () => {
    const segments = cuesToSegments([cue(1, 3, 'Top line'), cue(1, 2.5, 'bottom line.'), cue(4, 5, 'later')]);
    expect(segments).toEqual([
      { start: 1, duration: 2, text: 'Top line bottom line.' },
      { start: 4, duration: 1, text: 'later' },
    ]);
  });

  it('does not repeat the text when simultaneous cues say the same thing', () => {
    expect(cuesToSegments([cue(2, 3, 'Same words'), cue(2, 3, 'Same words')])).toEqual([{ start: 2, duration: 1, text: 'Same words' }]);
  });

  it('keeps a turn flag from either merged cue', () => {
    expect(cuesToSegments([cue(0, 1, 'a'), cue(0, 1, 'b', { turnAt: 0 })])).toEqual([{ start: 0, duration: 1, text: 'a b', turn: true }]);
  });

  it('merges the two-line moment of simultaneous-overlap.srt', async () => {
    const { segments } = await parseCaptions(readFileSync(fixture('captions', 'simultaneous-overlap.srt')), 'simultaneous-overlap.srt');
    expect(segments[0]?.text).toBe('Top line of a two-line moment and its bottom line.');
  });

  it('does not credit one voice with words another voice said at the same moment', async () => {
    const vtt = 'WEBVTT\n\n00:00:01.000 --> 00:00:03.000\n<v Ann>Are you ready?\n\n00:00:01.000 --> 00:00:03.000\n<v Ben>Not yet.\n';
    const { segments } = await parseCaptions(Buffer.from(vtt), 'two-voices.vtt');
    const said = segments.flatMap((s) => [`${s.speaker ?? '?'}: ${s.text}`]);
    expect(said.join(' / ')).not.toMatch(/Ann: [^/]*Not yet/);
    expect(said.join(' / ')).toContain('Not yet.');
  });
});

describe('cuesToSegments: overlaps', () => {
  it('trims a cue that runs into the next so segments never overlap', () => {
    const segments = cuesToSegments([cue(0, 5, 'long one'), cue(3, 6, 'next one')]);
    expect(segments).toEqual([
      { start: 0, duration: 3, text: 'long one' },
      { start: 3, duration: 3, text: 'next one' },
    ]);
  });

  it('trims the overlaps in simultaneous-overlap.srt', async () => {
    const { segments } = await parseCaptions(readFileSync(fixture('captions', 'simultaneous-overlap.srt')), 'simultaneous-overlap.srt');
    expect(segments.map((s) => [s.start, s.duration])).toEqual([
      [1, 1.8],
      [2.8, 2.2],
      [5, 2],
    ]);
  });

  it('never gives a negative duration, even for a cue that ends before it starts', () => {
    expect(cuesToSegments([cue(2, 1, 'backwards')])).toEqual([{ start: 2, duration: 0, text: 'backwards' }]);
  });

  it('rounds times to the millisecond', () => {
    expect(cuesToSegments([cue(7.5600000000000005, 9.7, 'float noise')])).toEqual([{ start: 7.56, duration: 2.14, text: 'float noise' }]);
  });
});

describe('cuesToSegments: rolling repeats', () => {
  it('drops the repeated words when most cues roll over the previous line', () => {
    const segments = cuesToSegments([
      cue(0, 2, 'we open the session'),
      cue(2, 4, 'we open the session with a vote'),
      cue(4, 6, 'with a vote on the bridge'),
      cue(6, 8, 'on the bridge budget'),
    ]);
    expect(texts(segments)).toEqual(['we open the session', 'with a vote', 'on the bridge', 'budget']);
  });

  it('drops a repeated run of three words or more in ordinary captions too', () => {
    const segments = cuesToSegments([cue(0, 2, 'the motion is carried'), cue(2, 4, 'motion is carried by nine votes'), cue(4, 6, 'Thank you all.')]);
    expect(texts(segments)).toEqual(['the motion is carried', 'by nine votes', 'Thank you all.']);
  });

  it('drops a 10 ms cue that only repeats what was just said', () => {
    const segments = cuesToSegments([cue(0, 2, 'good morning'), cue(2, 2.01, 'good morning'), cue(2.01, 4, 'let us begin')]);
    expect(texts(segments)).toEqual(['good morning', 'let us begin']);
  });

  it('keeps genuinely repeated words in ordinary captions: "no, no" survives (ordinary-repeats.srt)', async () => {
    const { segments } = await parseCaptions(readFileSync(fixture('captions', 'ordinary-repeats.srt')), 'ordinary-repeats.srt');
    expect(texts(segments)).toEqual([
      'Did the council approve the new weir?',
      'They did not. The answer was no',
      'no, and then no, no again.',
      'So the old design stays.',
      'Until the next vote in autumn.',
      'Which is only a month away.',
    ]);
  });

  it('keeps genuinely repeated words in a short ordinary exchange where two of three cue boundaries repeat a word', async () => {
    const bytes = srt([
      [0, 1, 'Did they approve it?'],
      [1, 2, 'No, no.'],
      [2, 3, 'No. They said no'],
      [3, 4, 'no and no again.'],
    ]);
    const { segments } = await parseCaptions(bytes, 'short-exchange.srt');
    expect(texts(segments)).toEqual(['Did they approve it?', 'No, no.', 'No. They said no', 'no and no again.']);
  });
});
