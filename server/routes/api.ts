import { Router, type RequestHandler } from 'express';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PROJECT_ROOT } from '../config.js';
import type { AppDeps } from '../services/types.js';
import { errorHandlers } from './errors.js';
import { notesApi } from './notes.js';
import { NO_LIMITS, type RouteLimits } from './rateLimits.js';
import { searchApi } from './search.js';
import { speakersApi } from './speakers.js';
import { videosApi } from './videos.js';

const openapi = readFileSync(resolve(PROJECT_ROOT, 'server', 'openapi.json'), 'utf8');

/**
 * The JSON API (mounted at /api), described in server/openapi.json (served at
 * /api/openapi.json): each area's API routes (videos, search, notes, speakers) behind the write
 * checks, and errors answered in JSON.
 */
export function apiRoutes(deps: AppDeps, { guards = [], limits = NO_LIMITS }: { guards?: RequestHandler[]; limits?: RouteLimits } = {}): Router {
  const api = Router();
  // Write checks inside the API router, so a refusal answers in JSON like every other API error.
  for (const guard of guards) api.use(guard);
  api.get('/openapi.json', (_req, res) => {
    res.type('json').send(openapi);
  });
  api.use(videosApi(deps, limits), searchApi(deps), notesApi(deps, limits), speakersApi(deps, limits));
  api.use(...errorHandlers('json'));
  return api;
}
