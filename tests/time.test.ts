import { formatTime, parseTime } from '../server/time.js';
import { PanelnotesError } from '../server/errors.js';

describe('parseTime', () => {
  it.each([
    ['90', 90],
    ['90s', 90],
    ['1:30', 90],
    ['01:01:30', 3690],
    ['1:02:03.5', 3723.5],
    ['0:05', 5],
    [' 2:00 ', 120],
  ])('reads %p as %p seconds', (input, seconds) => {
    expect(parseTime(input)).toBe(seconds);
  });

  it.each(['', 'abc', '1:60', '1:2:3:4', '-5', '1:30pm'])('refuses %p with a message naming it', (input) => {
    expect(() => parseTime(input)).toThrow(PanelnotesError);
    expect(() => parseTime(input)).toThrow(`not a time: "${input}"`);
  });
});

describe('formatTime', () => {
  it.each([
    [0, '0:00'],
    [59.9, '0:59'],
    [90, '1:30'],
    [3690, '1:01:30'],
    [36000, '10:00:00'],
  ])('shows %p seconds as %p', (seconds, text) => {
    expect(formatTime(seconds)).toBe(text);
  });

  it('round-trips through parseTime', () => {
    for (const seconds of [0, 7, 61, 3599, 3600, 5025]) expect(parseTime(formatTime(seconds))).toBe(seconds);
  });
});
