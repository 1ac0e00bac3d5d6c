import express from 'express';
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadVocabulary } from '../server/search/vocabulary.js';
import { createApp } from '../server/app.js';
import { SAMPLE_DIR } from '../server/config.js';
import { openServices } from '../server/services/open.js';

/**
 * A server for the load benchmark, in its own process so the load generator does not share
 * its core: `bare` is the ceiling (Express 5 answering a fixed JSON), `app` is panelnotes on
 * the shipped sample. Prints the port once listening.
 */
const kind = process.argv[2];
const app =
  kind === 'bare'
    ? express().get('/bare', (_req, res) => {
        res.json({ ok: true });
      })
    : await panelnotes();
const server = app.listen(0, '127.0.0.1', () => process.stdout.write(`${(server.address() as AddressInfo).port}\n`));

async function panelnotes() {
  // A copy of the sample: the user's own library is neither measured nor touched.
  const scratch = mkdtempSync(join(tmpdir(), 'panelnotes-bench-'));
  const libraryDir = join(scratch, 'library');
  mkdirSync(libraryDir);
  copyFileSync(join(SAMPLE_DIR, 'S6Sjj6OtyvY.json'), join(libraryDir, 'S6Sjj6OtyvY.json'));
  const services = await openServices({ libraryDir, cacheDir: join(scratch, 'cache'), vocabulary: loadVocabulary(), dbFile: join(scratch, 'notes.db') });
  return createApp({ ...services, libraryDir });
}
process.on('SIGTERM', () => process.exit(0));
