import type { AppDeps } from '../services/types.js';

/*
 * What an open page compares to offer a reload when the library changes under it (the live
 * library: services/live.ts). A page carries its version and the URL answering the current one
 * (views/partials/head.ejs); public/live.js asks now and then and, when they differ, shows a
 * banner with a Reload link. The page never changes itself under the reader.
 */

type LiveDeps = Pick<AppDeps, 'catalog' | 'notes'>;

/** A talk's version: its transcript's and speakers' part (the catalog's) and its notes' (the database's). */
export async function talkVersion(catalog: LiveDeps['catalog'], notes: LiveDeps['notes'], videoId: string): Promise<string> {
  catalog.get(videoId); // a talk not in the library is a 404
  return `${catalog.versionOf(videoId)}.${await notes.stamp(videoId)}`;
}

export async function libraryVersion(catalog: LiveDeps['catalog'], notes: LiveDeps['notes']): Promise<string> {
  return `${catalog.versionOf()}.${await notes.stamp()}`;
}

/** What a page that offers to reload when the library changes is given (views/partials/head.ejs, public/live.js). */
export async function libraryLive(catalog: LiveDeps['catalog'], notes: LiveDeps['notes']): Promise<{ url: string; version: string; message: string }> {
  return { url: '/api/library/version', version: await libraryVersion(catalog, notes), message: 'The library changed since this page was loaded.' };
}
