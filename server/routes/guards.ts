import express, { type Request, type RequestHandler, type Response } from 'express';
import type { RouteLimits } from './rateLimits.js';

/**
 * What guards the page routes of every area, made once in app.ts (see security.ts and
 * rateLimits.ts) and attached to the routes they guard. Every page works without JavaScript;
 * every page write is a form post.
 */
export interface PageGuards {
  /** Checks a posted form's CSRF token. */
  checkForm: RequestHandler;
  /** Gives a page that shows forms its session cookie and CSRF token; only those pages pay for it. */
  formPage: RequestHandler;
  /** Every write but the token form itself: the token, where the server has one. */
  requireToken: RequestHandler;
  /** The token form: keeps a right token in the browser, counts a wrong one. */
  acceptToken: (req: Request, res: Response, given: string) => Promise<void>;
  /** The rate limits, attached to the routes they guard. */
  limits: RouteLimits;
}

/**
 * What a page form post goes through before its handler: the body read (a 10,000-character
 * note in any script, percent-encoded by the browser, is up to 9 bytes a character), its CSRF
 * token checked, and a fresh token for the page that answers it.
 */
export function formPost({ checkForm, formPage }: PageGuards): RequestHandler[] {
  return [express.urlencoded({ extended: false, limit: '128kb' }), checkForm, formPage];
}
