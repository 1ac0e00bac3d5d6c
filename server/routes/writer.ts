import type { Request, Response } from 'express';
import type { NoteWrite, Writer } from '../services/writers.js';

/**
 * Who makes a write: in team mode the user whose token the auth guard accepted
 * (`res.locals.user`); in single-user mode nobody, and nothing is recorded or checked.
 */
export function writerOf(res: Response): Writer | undefined {
  const user = res.locals.user as { name?: unknown; admin?: unknown } | undefined;
  return typeof user?.name === 'string' ? { name: user.name, admin: user.admin === true } : undefined;
}

/**
 * A change or delete of a note: who makes it, and the version they saw, from `If-Match` (the
 * note's `updatedAt`, quoted as an ETag or not; GET /api/notes/{id} answers it as its ETag).
 * The body's `updatedAt`, where given, is read by the service and wins.
 *
 * @example noteWrite(req, res) // { by: { name: 'ada', admin: false }, expectedUpdatedAt: '2026-01-05T10:00:00.000Z' }
 */
export function noteWrite(req: Request, res: Response, seen = req.get('if-match')): NoteWrite {
  const by = writerOf(res);
  const version = seen
    ?.trim()
    .replace(/^W\//, '')
    .replace(/^"(.*)"$/, '$1');
  return { ...(by ? { by } : {}), ...(version ? { expectedUpdatedAt: version } : {}) };
}

/** A note's version as an ETag (its `updatedAt`), what `If-Match` gives back. */
export function noteTag(note: { updatedAt: string }): string {
  return `"${note.updatedAt}"`;
}
