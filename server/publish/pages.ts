import ejs from 'ejs';
import { YOUTUBE_PLAYER } from '../youtube/playerSources.js';
import { resolve } from 'node:path';
import { passageAt } from '../../index/passages.js';
import type { Chapter, Passage, TopicId } from '../../index/types.js';
import { PROJECT_ROOT } from '../config.js';
import type { Note } from '../notes/types.js';
import type { Vocabulary } from '../search/vocabulary.js';
import { videoLength } from '../transcript/length.js';
import type { TranscriptRecord } from '../transcript/types.js';
import { momentUrl, onYouTube } from '../videoId.js';
import { viewHelpers } from '../views.js';
import type { SiteFile } from './siteFile.js';
import type { PublishRequest, PublishTalk } from './source.js';

/**
 * A site's pages, rendered once at publish time from views/publish (and the app's partials where
 * they fit): the library, a search page, and one page per talk. Links between them are relative,
 * so the folder works under any path of any host; `--base-url` adds canonical links.
 */

/** Only the site's own files and the YouTube player (its frame, scripts and thumbnails, see playerSources.ts); no inline script or style. */
export const SITE_CSP = [
  "default-src 'self'",
  `script-src 'self' ${YOUTUBE_PLAYER.scripts.join(' ')}`,
  `frame-src ${YOUTUBE_PLAYER.frames.join(' ')}`,
  `img-src 'self' data: ${YOUTUBE_PLAYER.images.join(' ')}`,
  "style-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "object-src 'none'",
].join('; ');

/** A talk as its pages show it. */
interface TalkPage {
  record: TranscriptRecord;
  /** The talk's page from the site's top. */
  href: string;
  duration: number;
  youTube: boolean;
  passages: Passage[];
  topics: TopicId[];
  /** Each chapter with the passage it starts at (the chapter bar links there). */
  chapters: (Chapter & { passage: number })[];
  notes: Note[];
  /** Notes by the passage playing at their moment. */
  inline: Map<number, Note[]>;
}

/** Where a talk's page is, from the site's top. */
export function talkPath(videoId: string): string {
  return `talks/${videoId}.html`;
}

export async function renderPages(talks: readonly PublishTalk[], vocabulary: Vocabulary, request: PublishRequest, name: string): Promise<SiteFile[]> {
  const labels = { topics: () => [...vocabulary.topics.topics, vocabulary.topics.fallback].map(({ id, label }) => ({ id, label })) };
  const urls = new Map(talks.map((t) => [t.record.videoId, t.record.url]));
  const helpers = {
    ...viewHelpers({ ...labels, urlOf: (videoId) => urls.get(videoId) }),
    // A talk not on YouTube and with no URL of its own is watched nowhere: its timestamps lead to its passage here.
    watchUrl: (videoId: string, at?: number): string => {
      const url = urls.get(videoId);
      if (onYouTube(videoId) || url) return momentUrl(videoId, at, url);
      const talk = pages.find((p) => p.record.videoId === videoId);
      return talk && at !== undefined ? `#p-${passageAt(talk, at)}` : '';
    },
  };
  const pages = talks.map(talkPage);
  const site = { name, csp: SITE_CSP, notesTag: request.notesTag, publishedAt: undefined as string | undefined };
  const canonical = (path: string): string | undefined => (request.baseUrl ? new URL(path, request.baseUrl).href : undefined);
  const sampleNotices = pages.filter((p) => p.record.source === 'sample').map((p) => sampleNotice(p.record));
  const render = (view: string, path: string, root: string, locals: Record<string, unknown>): Promise<SiteFile> =>
    renderView(view, { ...helpers, site, root, canonical: canonical(path), ...locals }, Object.keys(helpers)).then((content) => ({ path, content }));
  return Promise.all([
    render('library', 'index.html', '', { talks: pages, notices: sampleNotices }),
    render('search', 'search.html', '', { talks: pages, notices: sampleNotices }),
    ...pages.map((talk) => render('talk', talk.href, '../', { talk, notices: talk.record.source === 'sample' ? [sampleNotice(talk.record)] : [] })),
  ]);
}

function talkPage({ record, data, notes }: PublishTalk): TalkPage {
  const inline = new Map<number, Note[]>();
  for (const note of notes) {
    const at = passageAt(data, note.start);
    inline.set(at, [...(inline.get(at) ?? []), note]);
  }
  return {
    record,
    href: talkPath(record.videoId),
    duration: videoLength(record),
    youTube: onYouTube(record.videoId),
    passages: data.passages,
    topics: data.topics,
    chapters: data.chapters.map((c) => ({ ...c, passage: passageAt(data, c.start) })),
    notes,
    inline,
  };
}

/** The sample's own notice, as the app's pages show it (views/partials/sampleNotice.ejs). */
function sampleNotice(record: TranscriptRecord): string {
  return record.notice || 'This transcript is a synthetic stand-in, not the real captions.';
}

const VIEWS = resolve(PROJECT_ROOT, 'views');

function renderView(view: string, data: Record<string, unknown>, helperNames: string[]): Promise<string> {
  // As the app renders (server/app.ts): strict mode, locals read as `locals.name`, helpers by name.
  return ejs.renderFile(resolve(VIEWS, 'publish', `${view}.ejs`), data, { root: VIEWS, strict: true, destructuredLocals: helperNames, cache: true });
}
