/**
 * The browser side of a published site (bundled by esbuild into assets/search.js at build
 * time). On the search page it runs the app's own search (index/siteIndex.ts: the query parser,
 * compiler, scorer and ranking of index/, lunr's pipeline analysing the words) over the site's
 * search files, fetching only the talks and topics a query needs, and shows the results as the
 * app's search page does: topic and speaker facets, highlighted excerpts, links to the second.
 * On every page it says how to serve the folder when it was opened from a file, where browsers
 * refuse to fetch the search files.
 */
import { SearchError } from '../index/errors.js';
import type { Excerpt } from '../index/highlight.js';
import { SiteIndex, type SiteManifest, type SiteTalk, type SiteWords } from '../index/siteIndex.js';
import type { SearchOptions, SearchResponse, SearchResult } from '../index/searchTypes.js';

const PAGE_SIZE = 10;
const root = document.body.dataset.root ?? '';

async function fetched(path: string): Promise<Response> {
  const response = await fetch(`${root}${path}`);
  if (!response.ok) throw new Error(`${path} could not be loaded (HTTP ${response.status})`);
  return response;
}

const json = async <T>(path: string): Promise<T> => (await fetched(path)).json() as Promise<T>;

let opened: Promise<SiteIndex> | undefined;

/** The site's index, made once from the three files every search needs. */
function siteIndex(): Promise<SiteIndex> {
  opened ??= Promise.all([
    json<SiteManifest>('search/site.json'),
    json<SiteWords>('search/words.json'),
    fetched('search/terms.txt').then((r) => r.text()),
  ]).then(([manifest, words, terms]) => new SiteIndex(manifest, words, terms));
  return opened;
}

/** Runs a search once what it needs is loaded. */
async function run(index: SiteIndex, query: string, options: SearchOptions): Promise<SearchResponse> {
  await index.prepare(query, options, (path) => json(`search/${path}`));
  return index.search(query, options);
}

// ---- Rendering: the app's search page (views/search.ejs), built with the DOM, so text is never markup.

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** `1:02:03` or `2:03`, as the app writes a moment. */
function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

const YOUTUBE_ID = /^[A-Za-z0-9_-]{11}$/;
const MEDIA_FILE = /\.(?:mp4|m4v|webm|ogv|ogg|oga|mp3|m4a|aac|wav|flac|opus|mov|mkv)$/i;

function talkPage(videoId: string): string {
  return `${root}talks/${encodeURIComponent(videoId)}.html`;
}

/** Where a moment is watched, as the app's momentUrl says: YouTube at the second, a media file at `#t=`, else the talk's page here. */
function momentUrl(talk: SiteTalk | undefined, videoId: string, at: number): string {
  const second = Math.floor(at);
  if (YOUTUBE_ID.test(videoId)) return `https://www.youtube.com/watch?v=${videoId}&t=${second}s`;
  if (talk?.url) {
    try {
      const link = new URL(talk.url);
      if (!MEDIA_FILE.test(link.pathname)) return talk.url;
      link.hash = `t=${second}`;
      return link.href;
    } catch {
      return talk.url;
    }
  }
  return `${talkPage(videoId)}#t=${second}`;
}

function excerptNodes({ text, marks }: Excerpt): (Node | string)[] {
  const out: (Node | string)[] = [];
  let cursor = 0;
  for (const [start, end] of marks) {
    out.push(text.slice(cursor, start), el('mark', {}, text.slice(start, end)));
    cursor = end;
  }
  out.push(text.slice(cursor));
  return out;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

interface Params {
  q: string;
  topic?: string;
  speaker?: string;
  video?: string;
  page: number;
}

function readParams(): Params {
  const search = new URLSearchParams(location.search);
  const value = (name: string): string | undefined => search.get(name)?.trim() || undefined;
  const page = Number(search.get('page'));
  return {
    q: search.get('q') ?? '',
    ...(value('topic') ? { topic: value('topic') } : {}),
    ...(value('speaker') ? { speaker: value('speaker') } : {}),
    ...(value('video') ? { video: value('video') } : {}),
    page: Number.isInteger(page) && page >= 1 && page <= 1000 ? page : 1,
  };
}

/** The search page's address with some parameters changed (undefined removes one). */
function withParams(params: Params, change: Partial<Record<keyof Params, string | number | undefined>>): string {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...params, page: undefined, ...change })) if (v !== undefined && v !== '') query.set(k, String(v));
  return `search.html?${query.toString()}`;
}

function facetNav(
  label: string,
  all: string,
  current: string | undefined,
  entries: { value: string; text: string; count: number; className?: string }[],
  link: (value: string | undefined) => string,
): HTMLElement {
  const nav = el('nav', { class: 'facets', 'aria-label': label });
  const first = el('a', { href: link(undefined) }, all);
  if (!current) first.setAttribute('aria-current', 'true');
  nav.append(first, ' ');
  for (const entry of entries) {
    const a = el('a', { class: `facet ${entry.className ?? ''}${!entry.count && current !== entry.value ? ' none' : ''}`.trim(), href: link(entry.value) });
    a.append(el('bdi', {}, entry.text), ' ', el('span', { class: 'count' }, `(${entry.count})`));
    if (current === entry.value) a.setAttribute('aria-current', 'true');
    nav.append(a, ' ');
  }
  return nav;
}

function resultItem(index: SiteIndex, r: SearchResult, labels: Map<string, string>): HTMLElement {
  const talk = index.manifest.talks.find((t) => t.videoId === r.videoId);
  const at = Math.floor(r.at);
  const head = el('p', { class: 'result-head' });
  head.append(
    el(
      'a',
      { class: 'ts', href: momentUrl(talk, r.videoId, r.at), title: `${YOUTUBE_ID.test(r.videoId) ? 'Open on YouTube' : 'Open the talk'} at ${clock(r.at)}` },
      clock(r.at),
    ),
    ' ',
  );
  head.append(
    r.kind === 'note' ? el('span', { class: 'badge note-badge' }, 'Note') : el('span', { class: `badge topic-${r.topic}` }, labels.get(r.topic) ?? r.topic),
    ' ',
  );
  if (talk?.sample) head.append(el('span', { class: 'badge sample' }, 'sample'), ' ');
  if (r.speaker) head.append(el('span', { class: 'speaker', dir: 'auto' }, r.speaker), ' ');
  const anchor = r.kind === 'note' ? `note-${r.noteId ?? ''}` : `t=${at}`;
  head.append(el('a', { class: 'result-title', href: `${talkPage(r.videoId)}#${anchor}`, dir: 'auto' }, r.title));
  return el(
    'li',
    { class: 'result', 'data-video': r.videoId, 'data-at': String(at), 'data-passage': String(r.passage), 'data-kind': r.kind },
    head,
    el('p', { class: 'snippet', dir: 'auto' }, ...excerptNodes(r.excerpt)),
  );
}

async function searchPage(box: HTMLElement): Promise<void> {
  const params = readParams();
  const form = document.getElementById('search-page-form') as HTMLFormElement | null;
  if (form) {
    (form.elements.namedItem('q') as HTMLInputElement).value = params.q;
    const video = form.elements.namedItem('video') as HTMLSelectElement | null;
    if (video && params.video) video.value = params.video;
  }
  const site = document.getElementById('site-q') as HTMLInputElement | null;
  if (site) site.value = params.q;
  if (!params.q.trim()) return;
  const status = el('p', { class: 'result-count', role: 'status', 'aria-live': 'polite' }, 'Searching…');
  box.replaceChildren(status);
  if (location.protocol === 'file:') {
    status.textContent = 'Search cannot run on a page opened from a file: serve the folder over http (see above).';
    return;
  }
  let index: SiteIndex;
  let response: SearchResponse;
  let topics: Record<string, number>;
  let speakers: Record<string, number>;
  const filters: SearchOptions = { ...(params.video ? { video: params.video } : {}), ...(params.speaker ? { speaker: params.speaker } : {}) };
  try {
    index = await siteIndex();
    response = await run(index, params.q, {
      ...filters,
      ...(params.topic ? { topic: params.topic } : {}),
      limit: PAGE_SIZE,
      offset: (params.page - 1) * PAGE_SIZE,
    });
    // Facet counts ignore their own filter, so each says what choosing it would give (as the app's page).
    topics = params.topic ? (await run(index, params.q, { ...filters, limit: 0 })).topics : response.topics;
    const { speaker: _speaker, ...others } = filters;
    speakers = params.speaker
      ? (await run(index, params.q, { ...others, ...(params.topic ? { topic: params.topic } : {}), limit: 0 })).speakers
      : response.speakers;
  } catch (error) {
    const problem = error instanceof SearchError ? `${error.message}${error.hint ? ` — ${error.hint}` : ''}` : `Search failed: ${(error as Error).message}`;
    box.replaceChildren(el('p', { class: 'notice problem', role: 'alert' }, el('bdi', {}, problem)));
    return;
  }
  const all = [...index.manifest.topics, index.manifest.fallback];
  const labels = new Map(all.map((t) => [t.id, t.label]));
  const out: Node[] = [];
  out.push(
    facetNav(
      'Filter by topic',
      'All topics',
      params.topic,
      all.map((t) => ({ value: t.id, text: t.label, count: topics[t.id] ?? 0, className: `topic-${t.id}` })),
      (topic) => withParams(params, { topic }),
    ),
  );
  const names = Object.keys(speakers).sort((a, b) => (speakers[b] ?? 0) - (speakers[a] ?? 0) || a.localeCompare(b));
  if (names.length || params.speaker)
    out.push(
      facetNav(
        'Filter by speaker',
        'All speakers',
        params.speaker,
        names.map((name) => ({ value: name, text: name, count: speakers[name] ?? 0 })),
        (speaker) => withParams(params, { speaker }),
      ),
    );
  if (response.fellBack)
    out.push(el('p', { class: 'notice', role: 'status' }, 'Searched for the plain words instead: ', el('bdi', {}, response.fellBack.reason), '.'));
  if (response.notice) out.push(el('p', { class: 'notice', role: 'status' }, 'Note: ', el('bdi', {}, response.notice), '.'));
  if (response.relaxed) out.push(el('p', { class: 'notice', role: 'status' }, 'No passage has all the words; these have some of them.'));
  status.replaceChildren(
    `${plural(response.total, 'result')} for “`,
    el('bdi', {}, params.q),
    '”',
    params.topic ? ` in ${labels.get(params.topic) ?? params.topic}` : '',
  );
  out.push(status);
  if (!response.total)
    out.push(el('div', { class: 'empty' }, el('p', {}, 'Nothing matched. Try fewer words, a word’s start with *, or a typo allowance like word~1.')));
  const list = el('ol', { class: 'results', start: String((params.page - 1) * PAGE_SIZE + 1) });
  for (const r of response.results) list.append(resultItem(index, r, labels));
  out.push(list);
  const pages = Math.ceil(response.total / PAGE_SIZE);
  if (pages > 1) {
    const nav = el('nav', { class: 'pagination', 'aria-label': 'Pages' });
    if (params.page > 1) nav.append(el('a', { rel: 'prev', href: withParams(params, { page: params.page - 1 }) }, '← Previous'), ' ');
    nav.append(el('span', {}, `Page ${Math.min(params.page, pages)} of ${pages}`));
    if (params.page < pages) nav.append(' ', el('a', { rel: 'next', href: withParams(params, { page: params.page + 1 }) }, 'Next →'));
    out.push(nav);
  }
  box.replaceChildren(...out);
}

/**
 * A talk page without a YouTube player (player.js handles the rest): `#t=90` marks and shows
 * the passage playing at that second, as a search result's link asks.
 */
function seekWithoutPlayer(): void {
  if (document.getElementById('yt-player')) return;
  const moment = /^#t=(\d+(?:\.\d+)?)$/.exec(location.hash);
  if (!moment) return;
  const seconds = Number(moment[1]);
  const passages = Array.from(document.querySelectorAll<HTMLElement>('.passage'));
  const passage = passages.find((p) => seconds < Number(p.dataset.end)) ?? passages[passages.length - 1];
  if (!passage) return;
  passage.classList.add('current');
  passage.setAttribute('aria-current', 'true');
  passage.scrollIntoView({ block: 'start' });
}

function start(): void {
  if (location.protocol === 'file:') {
    const notice = document.getElementById('served-notice');
    if (notice) notice.hidden = false;
  }
  seekWithoutPlayer();
  const box = document.getElementById('search-results');
  if (box) void searchPage(box);
}

start();
