/** What an operation of the JSON API is, as data (operations.ts, speakerOperations.ts), and the refusals many share. */
import type { z } from 'zod';

export type Method = 'get' | 'post' | 'patch' | 'delete';

/** A response: its description and, per media type, a component's name (or `null`: no schema). */
export interface Answer {
  status: number;
  description: string;
  content: Record<string, string | null>;
  /** A Location header points at what was made. */
  location?: string;
}

export interface Operation {
  method: Method;
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  /** The path's `{id}`: a video id (a malformed one is 400) or another id (an unknown one is 404). */
  id?: 'video' | 'job' | 'note' | 'speaker span';
  /** Query parameters: one per property; optional or defaulted ones are not required. */
  query?: z.ZodObject;
  /** The request body, per media type: a component's name. */
  body?: Record<string, string>;
  answers: Answer[];
  errors: number[];
}

/** Refusals any request can meet. */
export const READ = [421];
/** Refusals any write can meet: token, origin, rate limit, and a store that cannot save. */
export const WRITE = [401, 403, 421, 429, 500, 503, 507];
/** A JSON body or answer naming a component: `json('Note')`. */
export const json = (component: string): Record<string, string> => ({ 'application/json': component });
