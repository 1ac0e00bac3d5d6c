import { formatTime, formatVttTime, moment, parseTime } from '../server/time.js';
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
    ['75:00', 4500],
    ['75:00.5', 4500.5],
    ['120:30', 7230],
    ['1:15:00', 4500],
    ['01:15:00', 4500],
  ])('reads %p as %p seconds', (input, seconds) => {
    expect(parseTime(input)).toBe(seconds);
  });

  it.each(['', 'abc', '1:60', '1:2:3:4', '-5', '1:30pm', '1:75:00', '75:60', '1e308', ':30'])('refuses %p with a message naming it', (input) => {
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

describe('times that are not moments are refused where they would be written', () => {
  it.each([Number.NaN, Infinity, -Infinity])('formatTime(%p) throws rather than print NaN', (seconds) => {
    expect(() => formatTime(seconds)).toThrow(RangeError);
  });

  it.each([Number.NaN, Infinity, 1e308, Number.MAX_VALUE, 1e9, -1])('formatVttTime(%p) and moment(%p) throw', (seconds) => {
    expect(() => formatVttTime(seconds)).toThrow(RangeError);
    expect(() => moment(seconds)).toThrow(/^not a (finite time|moment in a video)/);
  });

  it.each([
    [0, '00:00:00.000'],
    [3690.5, '01:01:30.500'],
    [999_999_999.999, '277777:46:39.999'],
  ])('formatVttTime(%p) is %p', (seconds, text) => {
    expect(formatVttTime(seconds)).toBe(text);
  });
});
