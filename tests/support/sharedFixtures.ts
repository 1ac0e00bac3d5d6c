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
  if (hasSharedFixtures) {
    describe(`conformance: ${name}`, body);
    return;
  }
  if (process.env.CI === 'true') {
    describe(`conformance: ${name}`, () => {
      it('needs the shared fixtures', () => {
        throw new Error(`CI=true but ${SHARED_FIXTURES} is missing: the conformance suite cannot run`);
      });
    });
    return;
  }
  process.stdout.write(`notice: conformance suite "${name}" skipped: ${SHARED_FIXTURES} not found\n`);
  describe.skip(`conformance: ${name} (skipped: shared fixtures not found)`, () => {
    it('needs the shared fixtures', () => undefined);
  });
}

/** Our own small fixtures under tests/fixtures. */
export function fixture(...parts: string[]): string {
  return join(root, 'tests', 'fixtures', ...parts);
}
