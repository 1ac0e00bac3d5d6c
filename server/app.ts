import express, { type Express } from 'express';
import { YOUTUBE_PLAYER } from './youtube/playerSources.js';
import ejs from 'ejs';
import helmet from 'helmet';
import { resolve } from 'node:path';
import { PROJECT_ROOT } from './config.js';
import { apiRoutes } from './routes/api.js';
import { errorHandlers } from './routes/errors.js';
import { pageRoutes } from './routes/pages.js';
import type { AppDeps } from './services/types.js';
import { security } from './routes/security.js';
import { rateLimits } from './routes/rateLimits.js';
import { hostCheck } from './routes/hostCheck.js';
import { servedHosts } from './servedHosts.js';
import { viewHelpers } from './views.js';
import { SILENT } from './log.js';
import { requestLog } from './routes/requestLog.js';

/**
 * Builds the web app; `main.ts` listens. Routes get their services passed in, so tests drive
 * the app with supertest and never open a port.
 */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // Pages are made per request and cheap to remake; hashing each one for an ETag is not.
  app.set('etag', false);
  app.set('view engine', 'ejs');
  app.set('views', resolve(PROJECT_ROOT, 'views'));
  app.set('query parser', 'simple');
  // Which peers may say who the client is (X-Forwarded-For/-Proto): `req.ip`, which every
  // per-address limit counts, is the connection's own address unless it comes from one of them.
  app.set('trust proxy', deps.trustProxy ?? false);
  // Each template is compiled once (Express alone does that only when NODE_ENV=production) and
  // runs in strict mode without a slow `with` block: what a route passes is read as
  // `locals.name` (a name no route passed is undefined, never a ReferenceError), and the helpers
  // of views.ts by their own names, listed from the helpers themselves. Partials are included
  // by absolute path from views/ (no file-system lookup per include).
  const views = resolve(PROJECT_ROOT, 'views');
  const helpers = viewHelpers(deps.catalog);
  const ejsOptions = { cache: true, root: views, strict: true, destructuredLocals: Object.keys(helpers) };
  app.engine('ejs', (path, data, done) => {
    ejs.renderFile(path, data as ejs.Data, ejsOptions, done as (error: Error | null, html?: string) => void);
  });
  Object.assign(app.locals, helpers);

  const pageHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        // Our own files only, plus what the YouTube player needs; no inline script anywhere.
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...YOUTUBE_PLAYER.scripts],
        frameSrc: [...YOUTUBE_PLAYER.frames],
        imgSrc: ["'self'", 'data:', ...YOUTUBE_PLAYER.images],
        styleSrc: ["'self'"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
    // Not helmet's no-referrer: under it a browser sends `Origin: null` with the pages' own form
    // posts, and the write guard could not tell them from another site's. Other sites still get
    // no referrer.
    referrerPolicy: { policy: 'same-origin' },
  });
  // JSON is never rendered as a page: it needs no content policy, only the headers that stop a
  // browser from reading it as something else or embedding it elsewhere.
  const apiHeaders = helmet({
    contentSecurityPolicy: false,
    crossOriginEmbedderPolicy: false,
    crossOriginOpenerPolicy: false,
    originAgentCluster: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
  });
  // First, so every request gets its id and its log line, refused ones included.
  app.use(requestLog(deps.log ?? SILENT));
  // Every request, read or write, names this server, or is refused before anything else runs.
  app.use(hostCheck(deps.hosts ?? servedHosts({ host: '127.0.0.1', port: 0 }, {})));
  const guard = security({ token: deps.token, users: deps.users, publicUrl: deps.publicUrl, tokenFailures: deps.rateLimits?.tokenFailures });
  app.use(guard.cookies);
  const limits = rateLimits(deps.rateLimits ?? { fetches: 30, writes: 600 });
  app.use('/api', apiHeaders, apiRoutes(deps, { guards: [guard.sameOrigin, guard.requireToken], limits }));
  app.use(pageHeaders);
  app.use('/static', express.static(resolve(PROJECT_ROOT, 'public'), { maxAge: '1h', index: false }));
  app.use(
    '/',
    guard.sameOrigin,
    pageRoutes(deps, { checkForm: guard.checkForm, formPage: guard.pageSession, requireToken: guard.requireToken, acceptToken: guard.acceptToken, limits }),
  );
  app.use(...errorHandlers());
  return app;
}
