import express from 'express';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadVocabulary } from '../index/vocabulary.js';
import { createApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
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
  const config = loadConfig();
  const scratch = mkdtempSync(join(tmpdir(), 'panelnotes-bench-'));
  const services = await openServices({ libraryDir: config.libraryDir, cacheDir: join(scratch, 'cache'), vocabulary: loadVocabulary(), dbFile: join(scratch, 'notes.db') });
  return createApp({ ...services, libraryDir: config.libraryDir });
}
process.on('SIGTERM', () => process.exit(0));
