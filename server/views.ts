import type { Catalog, VideoView } from './services/catalog.js';
import { describeProvenance, provenanceLabel } from './transcript/provenance.js';
import { formatTime } from './time.js';
import { momentUrl, onYouTube } from './videoId.js';
import { isSuggestedSpeaker } from './speakers/suggestedSpeakers.js';

/** Helpers every template can call; data shaping stays out of the templates. */
export function viewHelpers(catalog: Pick<Catalog, 'topics' | 'urlOf'>) {
  // Topics come from index/topics.json, read once at start-up.
  const topics = catalog.topics();
  const labels = new Map(topics.map((t) => [t.id, t.label]));
  return {
    formatTime,
    /** Where a moment of a talk is watched: YouTube, a local talk's own URL, or its page here (see momentUrl). */
    watchUrl: (videoId: string, atSeconds?: number): string => momentUrl(videoId, atSeconds, catalog.urlOf(videoId)),
    /** A talk on YouTube has its player embedded; a local one has none. */
    onYouTube,
    describeProvenance,
    provenanceLabel,
    topicLabel: (id: string): string => labels.get(id) ?? id,
    /**
     * What a chapter's title adds to its topic's badge: `posted interrupts, APICv` for
     * `Hardware features: posted interrupts, APICv`; the whole title where it does not start
     * with the label (`Welcome and introductions` under General), nothing where it is the label.
     */
    chapterSubject: (chapter: VideoView['chapters'][number]): string => {
      const label = labels.get(chapter.topic) ?? chapter.topic;
      if (chapter.title === label) return '';
      return chapter.title.startsWith(`${label}: `) ? chapter.title.slice(label.length + 2) : chapter.title;
    },
    topicList: () => topics,
    linkify,
    /** Whether a passage's speaker is only suggested (see isSuggestedSpeaker). */
    suggestedSpeaker: isSuggestedSpeaker,
    /** `1 result`, `3 results`. */
    plural: (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`,
    /** A link to the same page with some query parameters changed (undefined removes one). */
    withQuery: (path: string, current: Record<string, string | undefined>, change: Record<string, string | number | undefined>): string => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries({ ...current, ...change })) if (v !== undefined && v !== '') params.set(k, String(v));
      const query = params.toString();
      return query ? `${path}?${query}` : path;
    },
  };
}

const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/g;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);

/**
 * A note's text as HTML: everything escaped, line breaks kept, and http(s) links made
 * clickable. Only those two schemes become links, so `javascript:` stays text.
 */
export function linkify(text: string): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    out += escape(text.slice(last, match.index));
    out += `<a href="${escape(match[0])}" rel="noopener noreferrer nofollow">${escape(match[0])}</a>`;
    last = match.index + match[0].length;
  }
  return (out + escape(text.slice(last))).replace(/\n/g, '<br>');
}
