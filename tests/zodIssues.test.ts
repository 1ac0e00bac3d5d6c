import { z } from 'zod';
import { PanelnotesError } from '../server/errors.js';
import { parseNoteBody } from '../server/notes/validate.js';
import { codedIssue, describeIssue, errorCodeOf } from '../server/zodIssues.js';

/** Zod's refusals, phrased one way for every schema, and the error code taken from the issue, not its words. */

const refusal = (work: () => unknown): PanelnotesError => {
  try {
    work();
  } catch (error) {
    if (error instanceof PanelnotesError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('describeIssue', () => {
  const schema = z.strictObject({ title: z.string(), segments: z.array(z.object({ start: z.number().min(0, 'must not be negative') })) });

  it.each<[string, unknown, string]>([
    ['a field deep in a list, by its place', { title: 't', segments: [{ start: 1 }, { start: -1 }] }, 'segments[1].start: must not be negative'],
    [
      'how many more problems there are',
      { title: 1, segments: [{ start: -1 }] },
      'title: Invalid input: expected string, received number (and 1 more problem)',
    ],
    ['an unknown field by its name', { title: 't', segments: [], titel: 'x' }, 'unknown field "titel"'],
    ['an unknown field that does not look like one, unquoted', { title: 't', segments: [], 'SECRET password=1': 'x' }, 'an unknown field'],
  ])('names %s', (_what, value, message) => {
    const result = schema.safeParse(value);
    expect(result.success).toBe(false);
    if (!result.success) expect(describeIssue(result.error)).toBe(message);
  });
});

describe('the error code comes from the issue', () => {
  it('a coded issue says its code; any other issue gets the fallback', () => {
    const schema = z.string().superRefine((s, ctx) => {
      if (s.length > 3) ctx.addIssue(codedIssue('FILE_TOO_LARGE', 'at most 3'));
      if (s === '') ctx.addIssue({ code: 'custom', message: 'at most 3, and more than 0' });
    });
    const code = (value: string): string => {
      const result = schema.safeParse(value);
      return result.success ? 'ok' : errorCodeOf(result.error, 'USAGE');
    };
    expect([code('abcd'), code(''), code('ab')]).toEqual(['FILE_TOO_LARGE', 'USAGE', 'ok']);
  });

  it('a note over 10,000 characters is FILE_TOO_LARGE (413); a tag that reads "at most 10,000" is a plain USAGE refusal (400)', () => {
    const long = refusal(() => parseNoteBody({ start: 1, text: 'x'.repeat(10_001) }));
    expect([long.code, long.httpStatus, long.message]).toEqual(['FILE_TOO_LARGE', 413, 'text: a note holds at most 10,000 characters; this one has 10,001']);
    const words = refusal(() => parseNoteBody({ start: 1, text: 'fits', tags: ['at most 10,000'] }));
    expect([words.code, words.httpStatus]).toEqual(['USAGE', 400]);
    expect(words.message).toMatch(/^tags\[0\]: "at most 10,000" is not a tag/);
  });
});
