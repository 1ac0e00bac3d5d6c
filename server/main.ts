#!/usr/bin/env node
import type { AddressInfo } from 'node:net';
import { loadVocabulary } from '../index/vocabulary.js';
import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { isPanelnotesError } from './errors.js';
import { fetchIntoLibrary } from './ingest.js';
import { Catalog } from './services/catalog.js';
import { Jobs } from './services/jobs.js';

/** `npm start`: config -> library and indexes -> app -> listen. */
async function main(): Promise<void> {
  const started = performance.now();
  const config = loadConfig();
  const catalog = await Catalog.open(config.libraryDir, config.cacheDir, loadVocabulary(config.vocabularyDir));
  for (const p of catalog.problems) process.stderr.write(`panelnotes: skipped ${p.path}: ${p.problem}\n`);
  const jobs = new Jobs(async (videoId, indexing) => {
    const { record } = await fetchIntoLibrary(config.libraryDir, videoId);
    indexing();
    await catalog.add(record);
  });
  const app = createApp({ catalog, jobs, libraryDir: config.libraryDir });
  const server = app.listen(config.port, config.host, () => {
    const { port } = server.address() as AddressInfo;
    const videos = catalog.list();
    const samples = videos.filter((v) => v.record.source === 'sample').length;
    process.stdout.write(
      `panelnotes: serving ${videos.length} video(s)${samples ? ` (${samples} sample)` : ''}, ${catalog.passageCount} passages ` +
        `on http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port} (ready in ${Math.round(performance.now() - started)} ms)\n`,
    );
  });
  server.on('error', (error) => {
    process.stderr.write(`panelnotes: cannot listen on ${config.host}:${config.port}: ${error.message}\n`);
    process.exit(1);
  });
  const stop = (): void => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`panelnotes: ${isPanelnotesError(error) ? error.message : ((error as Error).stack ?? String(error))}\n`);
  process.exit(isPanelnotesError(error) ? error.exitCode : 1);
});
