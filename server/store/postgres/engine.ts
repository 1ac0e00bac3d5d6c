import { PanelnotesError } from '../../errors.js';
import type { Store } from '../types.js';

/**
 * STUB in core16's branch only, so server/store/open.ts compiles: pg16 writes the real engine
 * (take theirs on merge).
 */
export async function openPostgresStore(options: { url: string; log?: (line: string) => void }): Promise<Store> {
  void options;
  throw new PanelnotesError('USAGE', 'this build has no PostgreSQL engine yet');
}
