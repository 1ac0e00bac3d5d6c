import express, { type Express } from 'express';
import helmet from 'helmet';
import { resolve } from 'node:path';
import { PROJECT_ROOT } from './config.js';
import { apiRoutes } from './routes/api.js';
import { errorHandlers } from './routes/errors.js';
import { pageRoutes } from './routes/pages.js';
import type { Catalog } from './services/catalog.js';
import type { Jobs } from './services/jobs.js';
import { viewHelpers } from './views.js';

export interface AppDeps {
  catalog: Catalog;
  jobs: Jobs;
  /** Where uploaded caption files are saved as transcripts. */
  libraryDir: string;
  /** Largest caption upload accepted, in bytes. */
  maxUploadBytes?: number;
}

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
  // Compile each template once; Express only does this by itself when NODE_ENV=production.
  app.set('view cache', true);
  Object.assign(app.locals, viewHelpers(deps.catalog));

  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          // Our own files only, plus what the YouTube player needs; no inline script anywhere.
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", 'https://www.youtube.com', 'https://s.ytimg.com'],
          frameSrc: ['https://www.youtube.com', 'https://www.youtube-nocookie.com'],
          imgSrc: ["'self'", 'data:', 'https://i.ytimg.com'],
          styleSrc: ["'self'"],
          connectSrc: ["'self'"],
          fontSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          upgradeInsecureRequests: null,
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.use('/static', express.static(resolve(PROJECT_ROOT, 'public'), { maxAge: '1h', index: false }));

  app.use('/api', apiRoutes(deps));
  app.use('/', pageRoutes(deps));
  app.use(...errorHandlers());
  return app;
}
