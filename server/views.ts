import type { Catalog } from './services/catalog.js';
import { formatTime } from './time.js';
import { watchUrl } from './videoId.js';

/** Helpers every template can call; data shaping stays out of the templates. */
export function viewHelpers(catalog: Catalog) {
  // Topics come from index/topics.json, read once at start-up.
  const topics = catalog.topics();
  const labels = new Map(topics.map((t) => [t.id, t.label]));
  return {
    formatTime,
    watchUrl,
    topicLabel: (id: string): string => labels.get(id) ?? id,
    topicList: () => topics,
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
