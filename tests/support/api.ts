import type request from 'supertest';

/** Reading the JSON API's answers in route tests: the body of a success, or the one shape every error has. */

type Res = request.Response;
export type Body = Record<string, unknown>;

/** The JSON body of an answer that must have `status`. */
export function json(res: Res, expected: number): Body {
  if (res.status !== expected) throw new Error(`expected ${expected}, got ${res.status}: ${res.text.slice(0, 300)}`);
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  return res.body as Body;
}

/** An error answer: exactly `{error: {code, message, hint?}}`, one line, no stack; returns the error. */
export function apiError(res: Res, expected: number, code: string, message?: string | RegExp): { code: string; message: string; hint?: string } {
  const body = json(res, expected);
  // A CONFLICT answers what stands now beside the error.
  expect(Object.keys(body)).toEqual(code === 'CONFLICT' ? ['error', 'current'] : ['error']);
  const error = body.error as { code: string; message: string; hint?: string };
  expect(Object.keys(error).filter((k) => !['code', 'message', 'hint'].includes(k))).toEqual([]);
  expect(error.code).toBe(code);
  expect(typeof error.message).toBe('string');
  if (typeof message === 'string') expect(error.message).toBe(message);
  else if (message) expect(error.message).toMatch(message);
  expect(error.message).not.toContain('\n');
  expect(JSON.stringify(body)).not.toMatch(/\s+at \S+ \(|node_modules/);
  if ('hint' in error) expect(typeof error.hint).toBe('string');
  return error;
}
