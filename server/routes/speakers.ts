import express, { Router, type Request } from 'express';
import { askedBy, questionsMarkdown } from '../speakers/questionsMarkdown.js';
import type { AppDeps } from '../services/types.js';
import { formPost, type PageGuards } from './guards.js';
import { formText, text, videoIdParam } from './params.js';
import type { RouteLimits } from './rateLimits.js';
import { writerOf } from './writer.js';

type SpeakerDeps = Pick<AppDeps, 'notes' | 'speakers' | 'catalog'>;

/** A questions view's parameters (`?moderator=&roster=`), left to the service to check. */
function questionsQuery(req: Request): { moderator?: string; roster?: string } {
  const moderator = text(req, 'moderator', 100);
  const roster = text(req, 'roster', 4040);
  return { ...(moderator === undefined ? {} : { moderator }), ...(roster === undefined ? {} : { roster }) };
}

/**
 * Speakers in the JSON API: a video's spans, adding and removing one; suggestions from the
 * captions (and writing them), confirming them, tagging while watching and its undo; who
 * answered what.
 */
export function speakersApi({ notes, speakers }: SpeakerDeps, limits: RouteLimits): Router {
  const api = Router();
  const body = express.json({ limit: '64kb' });

  api.get('/videos/:id/speakers', async (req, res) => {
    res.json({ turns: await notes.turns(videoIdParam(String(req.params.id))) });
  });

  api.post('/videos/:id/speakers', limits.writes, body, async (req, res) => {
    const turn = await notes.addTurn(videoIdParam(String(req.params.id)), req.body, writerOf(res));
    res.status(201).json(turn);
  });

  api.post('/videos/:id/speakers/suggest', limits.writes, body, async (req, res) => {
    res.json(await speakers.suggest(videoIdParam(String(req.params.id)), req.body, writerOf(res)));
  });

  api.post('/videos/:id/speakers/confirm', limits.writes, body, async (req, res) => {
    res.json({ confirmed: await speakers.confirm(videoIdParam(String(req.params.id)), req.body, writerOf(res)) });
  });

  api.post('/videos/:id/speakers/tag', limits.writes, body, async (req, res) => {
    res.status(201).json(await speakers.tag(videoIdParam(String(req.params.id)), req.body, writerOf(res)));
  });

  api.post('/videos/:id/speakers/undo', limits.writes, body, async (req, res) => {
    res.json({ turns: await speakers.undo(videoIdParam(String(req.params.id)), req.body, writerOf(res)) });
  });

  api.get('/videos/:id/questions', async (req, res) => {
    res.json(await speakers.questions(videoIdParam(String(req.params.id)), questionsQuery(req)));
  });

  api.delete('/speakers/:id', limits.writes, async (req, res) => {
    res.json({ deleted: await notes.removeTurn(String(req.params.id), writerOf(res)) });
  });

  return api;
}

/**
 * The speaker pages and forms: set a span, remove one; the suggestions of a talk with their
 * cues, accepted all at once or one by one; confirming suggested turns; who answered what (and
 * its Markdown).
 */
export function speakersPages({ notes, speakers, catalog }: SpeakerDeps, guards: PageGuards): Router {
  const pages = Router();
  const form = formPost(guards);

  pages.post('/videos/:id/speakers', guards.limits.writes, ...form, async (req, res) => {
    const videoId = videoIdParam(String(req.params.id));
    const turn = await notes.addTurn(videoId, req.body, writerOf(res));
    res.redirect(303, `/videos/${videoId}?t=${Math.floor(turn.start)}&done=speaker-added&turn=${turn.id}#speakers`);
  });

  pages.post('/speakers/:id/delete', guards.limits.writes, ...form, async (req, res) => {
    const turn = await notes.removeTurn(String(req.params.id), writerOf(res));
    res.redirect(303, `/videos/${turn.videoId}#speakers`);
  });

  pages.get('/videos/:id/speakers/suggest', guards.formPage, async (req, res) => {
    const videoId = videoIdParam(String(req.params.id));
    const roster = text(req, 'roster', 4000);
    const moderator = text(req, 'moderator', 100);
    const suggestions = await speakers.suggest(videoId, { ...(roster === undefined ? {} : { roster }), ...(moderator ? { moderator } : {}) });
    const stored = (await notes.turns(videoId)).filter((t) => t.suggested);
    const accepted = suggestions.turns.map((s) => stored.some((t) => t.name === s.speaker && t.start < s.end && s.start < t.end));
    const { record } = catalog.get(videoId);
    res.render('speakerSuggestions', {
      title: `Suggested speakers – ${record.title}`,
      record,
      suggestions,
      accepted,
      rosterText: suggestions.roster.join(', '),
    });
  });

  pages.post('/videos/:id/speakers/suggest', guards.limits.writes, ...form, async (req, res) => {
    const videoId = videoIdParam(String(req.params.id));
    const roster = formText(req, 'roster') ?? '';
    const moderator = formText(req, 'moderator')?.trim() || undefined;
    const one = formText(req, 'accept');
    await speakers.suggest(
      videoId,
      { roster, ...(moderator ? { moderator } : {}), ...(one === undefined ? { apply: true } : { accept: [Number(one)] }) },
      writerOf(res),
    );
    const query = new URLSearchParams({ roster, ...(moderator ? { moderator } : {}) });
    res.redirect(303, `/videos/${videoId}/speakers/suggest?${query.toString()}${one === undefined ? '' : `#suggestion-${Number(one)}`}`);
  });

  pages.post('/videos/:id/speakers/confirm', guards.limits.writes, ...form, async (req, res) => {
    const videoId = videoIdParam(String(req.params.id));
    const id = formText(req, 'id');
    await speakers.confirm(videoId, id === undefined ? {} : { ids: [id] }, writerOf(res));
    res.redirect(303, `/videos/${videoId}#speakers`);
  });

  pages.get('/videos/:id/questions', async (req, res) => {
    const view = await speakers.questions(videoIdParam(String(req.params.id)), questionsQuery(req));
    const { roster } = questionsQuery(req);
    res.render('questions', { title: `Who answered what – ${view.title}`, view, record: catalog.get(view.videoId).record, askedBy, roster: roster ?? '' });
  });

  pages.get('/videos/:id/questions.md', async (req, res) => {
    const view = await speakers.questions(videoIdParam(String(req.params.id)), questionsQuery(req));
    res.attachment(`${view.videoId}-questions.md`).type('text/markdown; charset=utf-8').send(questionsMarkdown(view));
  });

  return pages;
}
