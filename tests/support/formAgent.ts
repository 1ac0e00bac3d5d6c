import type { Express } from 'express';
import { DomUtils, parseDocument } from 'htmlparser2';
import request from 'supertest';

/**
 * A browser's side of the page forms, for supertest: one `request.agent(app)` that keeps the
 * cookies the pages set (`pn_session`, `pn_csrf`, and `pn_token` once the token form is used),
 * opens a page, reads the `_csrf` field from it, and sends that field with every form it posts,
 * with the fetch metadata of a same-origin request.
 *
 * @example
 *   const browser = await formAgent(app);                        // GET /videos/new, reads _csrf
 *   await browser.post('/videos', { url: OTHER });                // urlencoded, with _csrf
 *   await browser.upload('/videos/upload').field('video', OTHER).attach('file', vtt, 'talk.vtt');
 *   await browser.agent.post('/videos').type('form').send({ _csrf: browser.token, url: OTHER });
 */
export interface FormAgent {
  /** The agent: requests made through it carry its cookies, and it keeps those it is sent. */
  readonly agent: ReturnType<typeof request.agent>;
  /** The `_csrf` value of the page opened last. */
  readonly token: string;
  /** GETs a page, reads its `_csrf` field (the page must have one), and returns the answer. */
  open(path: string): Promise<request.Response>;
  /** A urlencoded form post of `fields` plus `_csrf`, as a browser submits a page's form. */
  post(path: string, fields?: Record<string, string | number>): request.Test;
  /** A multipart form post whose first field is `_csrf`; add `.field()` and `.attach()`. */
  upload(path: string): request.Test;
}

/** The `_csrf` value of the first form field of that name in an HTML page. */
export function csrfTokenIn(html: string): string {
  const input = DomUtils.findOne((el) => el.name === 'input' && el.attribs.name === '_csrf', parseDocument(html).children);
  const value = input?.attribs.value;
  if (!value) throw new Error('the page has no _csrf field');
  return value;
}

/**
 * An agent that has opened `page` (the add-video page unless told), so it holds a CSRF token.
 * Like a browser on one of the app's own pages, every request says `Sec-Fetch-Site:
 * same-origin` (a test sets another value to play a page of another site).
 */
export async function formAgent(app: Express, page = '/videos/new'): Promise<FormAgent> {
  const agent = request.agent(app).set('Sec-Fetch-Site', 'same-origin');
  let token = '';
  const browser: FormAgent = {
    agent,
    get token() {
      return token;
    },
    async open(path) {
      const res = await agent.get(path);
      if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}, not a page with forms`);
      token = csrfTokenIn(res.text);
      return res;
    },
    post: (path, fields = {}) =>
      agent
        .post(path)
        .type('form')
        .send({ ...fields, _csrf: token }),
    upload: (path) => agent.post(path).field('_csrf', token),
  };
  await browser.open(page);
  return browser;
}
