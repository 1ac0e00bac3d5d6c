import type { Request } from 'express';
import { PanelnotesError } from '../errors.js';
import { NOTE_ID } from '../notes/types.js';
import { normalTag } from '../notes/tags.js';
import { parseTime } from '../time.js';
import { isTalkId } from '../videoId.js';

/**
 * Reading request input once, at the edge, with messages that say what is wrong. Repeated
 * parameters (`?q=a&q=b`) are refused rather than guessed at.
 */
export function text(req: Request, name: string, max = 500): string | undefined {
  const value = (req.query as Record<string, unknown>)[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new PanelnotesError('USAGE', `give "${name}" once, as text`);
  if (value.length > max) throw new PanelnotesError('USAGE', `"${name}" is longer than ${max} characters`);
  return value;
}

/** A posted form's fields, still to be checked (Express types `req.body` as `any`; a request without a body has none). */
export function formBody(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
}

/** A posted form field sent once, as text; anything else (absent, repeated) is undefined. */
export function formText(req: Request, name: string): string | undefined {
  const value = formBody(req)[name];
  return typeof value === 'string' ? value : undefined;
}

/** A whole number from `min` to `max`, or `fallback` when the parameter is absent. */
export function wholeNumber(req: Request, name: string, fallback: number, min: number, max: number): number {
  const value = text(req, name, 12);
  if (value === undefined) return fallback;
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw new PanelnotesError('USAGE', `"${name}" takes a whole number from ${min} to ${max}, not "${value}"`);
  return n;
}

/** A note tag to narrow a list to: `hw`, `#hw` or `HW` alike (tags are stored lowercase). */
export function tagParam(req: Request): string | undefined {
  const value = text(req, 'tag', 40);
  return value === undefined ? undefined : normalTag(value) || undefined;
}

export function time(req: Request, name: string): number | undefined {
  const value = text(req, name, 20);
  return value === undefined ? undefined : parseTime(value);
}

/** A talk's id in a path: exactly YouTube's 11 characters or a local id (see server/videoId.ts), so no path trick gets through. */
export function videoIdParam(value: string | undefined): string {
  if (!value || !isTalkId(value)) throw new PanelnotesError('INVALID_VIDEO_ID', `not a video id: "${String(value).slice(0, 40)}"`);
  return value;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A note id in the query (`?deleted=`): the form a note id has, or a 400. */
export function noteIdParam(req: Request, name: string): string | undefined {
  const value = text(req, name, 64);
  if (value !== undefined && !NOTE_ID.test(value)) throw new PanelnotesError('USAGE', `"${name}" takes a note id, not "${value.slice(0, 40)}"`);
  return value;
}

/** A speaker turn's id in the query (`?turn=`): a UUID, or a 400. */
export function turnIdParam(req: Request, name: string): string | undefined {
  const value = text(req, name, 36);
  if (value !== undefined && !UUID.test(value)) throw new PanelnotesError('USAGE', `"${name}" takes a speaker turn's id, not "${value.slice(0, 40)}"`);
  return value;
}

/**
 * One of a fixed set of codes (`?done=speaker-added`): what a page says after a change comes
 * from these and the data they name, never from text in the URL.
 */
export function codeParam<T extends string>(req: Request, name: string, codes: readonly T[]): T | undefined {
  const value = text(req, name, 40);
  if (value !== undefined && !(codes as readonly string[]).includes(value))
    throw new PanelnotesError('USAGE', `"${name}" takes one of ${codes.join(', ')}, not "${value}"`);
  return value as T | undefined;
}
