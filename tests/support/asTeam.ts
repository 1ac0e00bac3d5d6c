import express, { type Express } from 'express';

/**
 * The app as team mode runs it, for route tests that are about what a writer may do rather than
 * how their token is checked (teamAuth.test.ts does that): `X-Test-User: ada` (and
 * `X-Test-Admin: 1`) is who writes, put where the token check puts the user.
 */
export function asTeam(app: Express): Express {
  const outer = express();
  outer.use((req, res, next) => {
    const name = req.get('x-test-user');
    if (name) res.locals.user = { name, admin: req.get('x-test-admin') === '1', createdAt: '2026-01-01T00:00:00.000Z' };
    next();
  });
  outer.use(app);
  return outer;
}
