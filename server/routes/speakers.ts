import express, { Router } from 'express';
import type { AppDeps } from '../services/types.js';
import { formPost, type PageGuards } from './guards.js';
import { videoIdParam } from './params.js';
import type { RouteLimits } from './rateLimits.js';

/** Speaker spans (who speaks when) in the JSON API: a video's spans, adding one, removing one. */
export function speakersApi({ notes }: Pick<AppDeps, 'notes'>, limits: RouteLimits): Router {
  const api = Router();

  api.get('/videos/:id/speakers', (req, res) => {
    res.json({ turns: notes.turns(videoIdParam(String(req.params.id))) });
  });

  api.post('/videos/:id/speakers', limits.writes, express.json({ limit: '64kb' }), async (req, res) => {
    const turn = await notes.addTurn(videoIdParam(String(req.params.id)), req.body);
    res.status(201).json(turn);
  });

  api.delete('/speakers/:id', limits.writes, async (req, res) => {
    res.json({ deleted: await notes.removeTurn(String(req.params.id)) });
  });

  return api;
}

/** The speaker forms of a transcript page: set a span, remove one. */
export function speakersPages({ notes }: Pick<AppDeps, 'notes'>, guards: PageGuards): Router {
  const pages = Router();
  const form = formPost(guards);

  pages.post('/videos/:id/speakers', guards.limits.writes, ...form, async (req, res) => {
    const videoId = videoIdParam(String(req.params.id));
    const turn = await notes.addTurn(videoId, req.body);
    res.redirect(303, `/videos/${videoId}?t=${Math.floor(turn.start)}&done=speaker-added&turn=${turn.id}#speakers`);
  });

  pages.post('/speakers/:id/delete', guards.limits.writes, ...form, async (req, res) => {
    const turn = await notes.removeTurn(String(req.params.id));
    res.redirect(303, `/videos/${turn.videoId}#speakers`);
  });

  return pages;
}
