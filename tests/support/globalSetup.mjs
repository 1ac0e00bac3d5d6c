import { startCluster } from './pgCluster.mjs';
import { fingerprint, userDataPaths } from './userData.mjs';

/**
 * Before any test runs: the fingerprint of the user's library and notes database, for
 * globalTeardown to compare (jest shares `globalThis` between the two).
 */
export default async function globalSetup() {
  const paths = userDataPaths();
  globalThis.panelnotesUserData = { paths, before: await fingerprint(paths) };
  // The team engine's half of the suite: a throwaway PostgreSQL cluster (pgCluster.mjs).
  globalThis.panelnotesPgCluster = await startCluster();
}
