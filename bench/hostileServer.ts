import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import express from 'express';
import { loadVocabulary } from '../server/search/vocabulary.js';
import { createApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { openServices } from '../server/services/open.js';

/**
 * One panelnotes server over an empty scratch library, for one hostile-input case of
 * `bench/hostile.ts`. Beside the app it answers `/__stats` (the longest event-loop stall since the
 * last `/__reset`, and the peak RSS of the process) and prints its port once listening.
 */
const scratch = mkdtempSync(join(tmpdir(), 'panelnotes-hostile-'));
const libraryDir = join(scratch, 'library');
// As `npm start` runs it: imports and index builds on worker threads.
const config = loadConfig({});
const services = await openServices({
  libraryDir,
  cacheDir: join(scratch, 'cache'),
  vocabulary: loadVocabulary(config.vocabularyDir),
  vocabularyDir: config.vocabularyDir,
  dbFile: join(scratch, 'notes.db'),
});
const app = createApp({ ...services, libraryDir, rateLimits: { fetches: 1_000_000, writes: 1_000_000 } });

// 1 ms resolution: the stall we look for is 50 ms.
let delay = monitorEventLoopDelay({ resolution: 1 });
delay.enable();
const outer = express();
outer.get('/__reset', (_req, res) => {
  delay.disable();
  delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  res.json({ ok: true });
});
outer.get('/__stats', (_req, res) => {
  res.json({ maxStallMs: delay.max / 1e6, peakRssMb: process.resourceUsage().maxRSS / 1024, rssMb: process.memoryUsage().rss / 1048576 });
});
outer.use(app);
const server = outer.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as AddressInfo).port}\n`));
process.on('SIGTERM', () => process.exit(0));
