import { stopCluster } from './pgCluster.mjs';
import { differences, fingerprint } from './userData.mjs';

/**
 * After every test ran: the user's library and notes database must be byte-identical to what
 * they were before, else the run fails, naming what changed. Tests use temporary folders only.
 */
export default async function globalTeardown() {
  stopCluster(globalThis.panelnotesPgCluster);
  const saved = globalThis.panelnotesUserData;
  if (!saved) throw new Error('globalSetup did not fingerprint the user data');
  const changed = differences(saved.before, await fingerprint(saved.paths));
  if (changed.length)
    throw new Error(`the tests changed the user's own library or notes database (tests must use temporary folders):\n  ${changed.join('\n  ')}`);
}
