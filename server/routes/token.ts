import { Router } from 'express';
import { formPost, type PageGuards } from './guards.js';
import { formText } from './params.js';

/**
 * POST /token: the browser hands over the server's token once (the form a page shows when
 * writes need it). It is the one write that cannot already carry the token, so it is routed
 * before the token check of every other write; wrong tokens are counted (security.ts).
 */
export function tokenPages(guards: PageGuards): Router {
  const pages = Router();
  pages.post('/token', guards.limits.writes, ...formPost(guards), async (req, res) => {
    // Only a path on this site: not `//host`, not `/\host` (browsers read `\` as `/`), no line breaks.
    const asked = formText(req, 'back');
    const back = asked !== undefined && /^\/(?![/\\])[^\\\r\n]*$/.test(asked) ? asked : '/';
    await guards.acceptToken(req, res, formText(req, 'token') ?? '');
    res.redirect(303, back);
  });
  return pages;
}
