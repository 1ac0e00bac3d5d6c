/**
 * What the embedded YouTube player needs a page's Content Security Policy to allow: the one
 * rule for the app's pages (app.ts) and a published site's (publish/pages.ts). The player's
 * scripts are allowed by their paths, not their hosts' every script: a host as big as
 * youtube.com serves endpoints that answer script built from their query (JSONP), which would
 * let anything that can write one `<script src>` into a page run code of its choosing.
 */
export const YOUTUBE_PLAYER = {
  // iframe_api (what player.js loads) loads the widget API from /s/player/…; s.ytimg.com's was its old home.
  scripts: ['https://www.youtube.com/iframe_api', 'https://www.youtube.com/s/player/', 'https://s.ytimg.com/yts/jsbin/'],
  frames: ['https://www.youtube.com', 'https://www.youtube-nocookie.com'],
  images: ['https://i.ytimg.com'],
} as const;
