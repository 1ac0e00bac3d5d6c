import { decodeHTML } from 'entities';
import { DomUtils, ElementType, parseDocument } from 'htmlparser2';
import type request from 'supertest';

/**
 * Reading the app's HTML answers in route tests the way a user reads a page: its status and
 * type, the words, links, labels and landmarks, and what it must never carry (inline script,
 * inline handlers, `javascript:` URLs).
 */

export type Doc = ReturnType<typeof parseDocument>;
export type El = ReturnType<typeof DomUtils.getElementsByTagName>[number];
type Res = request.Response;

/** An element, not text or a comment. */
export const isTag = (node: { type: string }): node is El => ElementType.isTag(node as El);
export const find = (root: Doc | El, test: (el: El) => boolean): El[] => DomUtils.findAll(test, root.children);
export const tag = (root: Doc | El, name: string): El[] => find(root, (el) => el.name === name);
export const classes = (el: El): string[] => (el.attribs.class ?? '').split(/\s+/).filter(Boolean);
export const byClass = (root: Doc | El, ...names: string[]): El[] => find(root, (el) => names.every((n) => classes(el).includes(n)));
/** An element's text, whitespace collapsed. */
export const text = (el: El): string => DomUtils.textContent(el).replace(/\s+/g, ' ').trim();
export const attr = (el: El, name: string): string | undefined => el.attribs[name];

/** The one element that passes `test`; fails when there are none or several. */
export function one(root: Doc | El, test: (el: El) => boolean, what: string): El {
  const found = find(root, test);
  if (found.length !== 1) throw new Error(`expected exactly one ${what}, found ${found.length}`);
  return found[0] as El;
}
export const byId = (root: Doc | El, id: string): El => one(root, (el) => el.attribs.id === id, `#${id}`);
export const link = (root: Doc | El, href: string): El => one(root, (el) => el.name === 'a' && el.attribs.href === href, `a[href="${href}"]`);

/** The label a form control has, through <label for>. */
export function labelOf(doc: Doc, control: El): string {
  const id = attr(control, 'id');
  expect(id).toBeTruthy();
  return text(one(doc, (el) => el.name === 'label' && el.attribs.for === id, `label[for=${id}]`));
}

/** What a browser shows in a <textarea> (htmlparser2 leaves its character references as they are). */
export const textarea = (el: El): string => decodeHTML(DomUtils.textContent(el));

/** The nearest enclosing element that passes `test` (the passage <li> around an inline note). */
export function enclosing(el: El, test: (el: El) => boolean): El | undefined {
  for (let node = el.parent; node; node = node.parent) if (isTag(node) && test(node)) return node;
  return undefined;
}

export interface Page {
  doc: Doc;
  main: El;
  html: string;
  /** The text of <main>, whitespace collapsed. */
  text: string;
}

/**
 * An HTML answer with `status`, parsed, after checking what every page must have: the
 * security headers, and nothing a browser would run but our own script files (no inline
 * script or handlers, no style attributes or elements, no `javascript:` URLs, no <img>).
 */
export function page(res: Res, status: number): Page {
  expect([res.status, res.text.slice(0, 200)]).toEqual([status, expect.any(String)]);
  expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  expectSecure(res);
  const doc = parseDocument(res.text);
  const main = one(doc, (el) => el.name === 'main', '<main>');
  return { doc, main, html: res.text, text: text(main) };
}

/** The headers and markup every page has: a content policy without inline script, and scripts only from our files. */
export function expectSecure(res: Res): void {
  const csp = String(res.headers['content-security-policy'] ?? '');
  expect(csp).toContain("default-src 'self'");
  expect(csp).toMatch(/(^|;)\s*script-src [^;]*'self'/);
  expect(csp).not.toContain("'unsafe-inline'");
  expect(csp).not.toContain("'unsafe-eval'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['x-powered-by']).toBeUndefined();

  const doc = parseDocument(res.text);
  const scripts = tag(doc, 'script');
  expect(scripts.length).toBeGreaterThan(0);
  for (const script of scripts) {
    expect(attr(script, 'src')).toMatch(/^\/static\/[\w-]+\.js$/);
    expect(DomUtils.textContent(script).trim()).toBe('');
  }
  // What the CSP would block anyway: inline handlers, style attributes and elements, javascript: URLs.
  const inline = find(doc, () => true).flatMap((el) =>
    Object.entries(el.attribs)
      .filter(([name, value]) => /^on/i.test(name) || name === 'style' || /^\s*javascript:/i.test(value))
      .map(([name, value]) => `<${el.name} ${name}="${value}">`),
  );
  expect(inline).toEqual([]);
  expect(tag(doc, 'style')).toEqual([]);
  expect(tag(doc, 'img')).toEqual([]);
}

/** The error page's heading and message; it leads back to the library. */
export function errorPage(res: Res, status: number): { heading: string; message: string } {
  const { main } = page(res, status);
  const alert = one(main, (el) => el.attribs.role === 'alert', 'role=alert');
  expect(link(main, '/')).toBeDefined();
  return { heading: text(tag(main, 'h1')[0] as El), message: text(alert) };
}

/** The error page's message alone. */
export const errorMessage = (res: Res, status: number): string => errorPage(res, status).message;

/** Where a 303 sends the browser; checks it is a 303. */
export function seeOther(res: Res): string {
  expect([res.status, res.text.slice(0, 200)]).toEqual([303, expect.any(String)]);
  return String(res.headers.location);
}
