import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Third-party caption files and recorded YouTube responses live read-only in ../shared/fixtures
 * (never copied here). Suites that read them run when the folder exists; elsewhere they are
 * skipped with a printed notice, and under CI=true a missing folder fails the run.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED_FIXTURES = resolve(process.env.PANELNOTES_SHARED_FIXTURES ?? join(root, '..', 'shared', 'fixtures'));
export const hasSharedFixtures = existsSync(SHARED_FIXTURES);

export function shared(...parts: string[]): string {
  return join(SHARED_FIXTURES, ...parts);
}

/** `describe` for a conformance suite: runs, skips with a notice, or fails in CI. */
export function describeConformance(name: string, body: () => void): void {
  describeWhen(hasSharedFixtures, `conformance: ${name}`, `${SHARED_FIXTURES} not found`, body);
}

/**
 * A suite that needs something outside the project (shared fixtures, a browser): it runs when
 * that is there; elsewhere it is skipped with a printed notice; under CI=true its absence is a
 * failure, so CI cannot pass by running nothing.
 */
export function describeWhen(available: boolean, name: string, missing: string, body: () => void): void {
  if (available) {
    describe(name, body);
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('has what it needs', () => {
        throw new Error(`CI=true but ${missing}: the suite "${name}" cannot run`);
      });
    });
    return;
  }
  process.stdout.write(`notice: suite "${name}" skipped: ${missing}\n`);
  describe.skip(`${name} (skipped: ${missing})`, () => {
    it('has what it needs', () => undefined);
  });
}

/** Our own small fixtures under tests/fixtures. */
export function fixture(...parts: string[]): string {
  return join(root, 'tests', 'fixtures', ...parts);
}
