import { Router } from 'express';
import type { AppDeps } from '../services/types.js';
import { batchPages } from './batches.js';
import type { PageGuards } from './guards.js';
import { notesPages } from './notes.js';
import { publishPages } from './publish.js';
import { searchPages } from './search.js';
import { speakersPages } from './speakers.js';
import { tokenPages } from './token.js';
import { videosPages } from './videos.js';

/**
 * The server-rendered pages of every area (videos, search, notes, speakers), each of which works
 * without JavaScript. The token form comes first: it is the one write that cannot already carry
 * the token every other write needs.
 */
export function pageRoutes(deps: AppDeps, guards: PageGuards): Router {
  return Router().use(
    tokenPages(guards),
    guards.requireToken,
    videosPages(deps, guards),
    batchPages(deps, guards),
    searchPages(deps),
    notesPages(deps, guards),
    speakersPages(deps, guards),
    publishPages(deps, guards.limits),
  );
}
