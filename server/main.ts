#!/usr/bin/env node
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { loadVocabulary } from './search/vocabulary.js';
import { createApp } from './app.js';
import { isLoopback, loadConfig } from './config.js';
import { isPanelnotesError, PanelnotesError } from './errors.js';
import { createLogger } from './log.js';
import { servedHosts } from './servedHosts.js';
import { openServices } from './services/open.js';
import { isStrongToken } from './token.js';

/** `npm start`: config -> library and indexes -> app -> listen. */
async function main(): Promise<void> {
  const started = performance.now();
  const config = loadConfig(process.env, serverFlags(process.argv.slice(2)));
  // A reverse proxy at a public URL reaches beyond loopback as surely as a wildcard bind does.
  const reachable = !isLoopback(config.host) ? config.host : config.publicUrl && !isLoopback(config.publicUrl.hostname) ? config.publicUrl.origin : undefined;
  const team = config.databaseUrl !== undefined;
  // In team mode each person writes with their own token; one shared token would say nobody's name.
  if (team && config.token)
    throw new PanelnotesError(
      'USAGE',
      'PANELNOTES_TOKEN is for single-user mode; in team mode (PANELNOTES_DATABASE_URL) everyone writes with their own token',
      'unset PANELNOTES_TOKEN and make each person a token with `panelnotes users add NAME`',
    );
  if (reachable && !team && !config.token)
    throw new PanelnotesError(
      'USAGE',
      `refusing to serve ${reachable} without a token: anyone who can reach it could change your notes`,
      'set PANELNOTES_TOKEN to the output of `panelnotes token new`, or keep HOST on 127.0.0.1',
    );
  // One rule wherever a token is set: one that can be guessed guards nothing.
  if (config.token !== undefined && !isStrongToken(config.token))
    throw new PanelnotesError(
      'USAGE',
      'PANELNOTES_TOKEN is too weak: it needs at least 32 characters of A-Z, a-z, 0-9, _ and -; make one with `panelnotes token new`',
    );
  const log = createLogger({ level: config.logLevel, pretty: process.stdout.isTTY === true });
  const services = await openServices({
    ...config,
    vocabulary: loadVocabulary(config.vocabularyDir),
    vocabularyDir: config.vocabularyDir,
    // What the CLI or any other process changes in the library or the notes is picked up as it happens.
    live: { log: (line) => process.stdout.write(`${line}\n`) },
    ...(config.proxy ? { fetch: { proxy: config.proxy } } : {}),
  });
  const { catalog } = services;
  // Team mode: writes need the token of one of the database's users.
  const users = team ? services.store : undefined;
  for (const p of catalog.problems) process.stderr.write(`panelnotes: skipped ${p.path}: ${p.problem}\n`);
  const hosts = servedHosts({ host: config.host, port: config.port, extra: config.hosts, ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}) });
  const app = createApp({
    ...services,
    libraryDir: config.libraryDir,
    rateLimits: config.rateLimits,
    hosts,
    log,
    trustProxy: config.trustProxy,
    ...(users ? { users } : {}),
    ...(config.token ? { token: config.token } : {}),
    ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
  });
  const server = app.listen(config.port, config.host, () => {
    const { port } = server.address() as AddressInfo;
    const videos = catalog.list();
    const samples = videos.filter((v) => v.record.source === 'sample').length;
    process.stdout.write(
      `panelnotes: serving ${videos.length} video(s)${samples ? ` (${samples} sample)` : ''}, ${catalog.passageCount} passages ` +
        `on http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port} ` +
        // Built indexes: none when every talk's index data was current (a second instance of a team).
        `(ready in ${Math.round(performance.now() - started)} ms; indexes: ${catalog.opened.cached} loaded, ${catalog.opened.built} built)\n`,
    );
    // In the background, once serving: start-up never waits for YouTube (PANELNOTES_FETCH_ON_START=0 turns it off).
    if (config.fetchOnStart) void services.startFetch.run((line) => process.stderr.write(`${line}\n`));
  });
  server.on('error', (error) => {
    process.stderr.write(`panelnotes: cannot listen on ${config.host}:${config.port}: ${error.message}\n`);
    process.exit(1);
  });
  // Finish the requests under way, then close the database cleanly. A keep-alive connection
  // busy at the signal goes idle once its answer is sent: closing idle ones every few
  // milliseconds lets the server drain instead of waiting for clients to hang up.
  const stop = (): void => {
    server.close(() => {
      void services.close().finally(() => process.exit(0));
    });
    server.closeIdleConnections();
    setInterval(() => server.closeIdleConnections(), 20).unref();
    setTimeout(() => {
      void services.store.close();
      process.exit(0);
    }, 5000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/** `npm start -- --proxy URL --database-url URL`: the flags the server takes (everything else is the environment's). */
function serverFlags(argv: string[]): { proxy?: string; databaseUrl?: string } {
  try {
    const options = { proxy: { type: 'string' }, 'database-url': { type: 'string' } } as const;
    const { values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false });
    return {
      ...(values.proxy === undefined ? {} : { proxy: values.proxy }),
      ...(values['database-url'] === undefined ? {} : { databaseUrl: values['database-url'] }),
    };
  } catch (error) {
    throw new PanelnotesError(
      'USAGE',
      `${(error as Error).message.split('\n')[0]}; the server takes only --proxy URL and --database-url URL (the rest is set in the environment)`,
    );
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `panelnotes: ${isPanelnotesError(error) ? `${error.message}${error.hint ? ` (hint: ${error.hint})` : ''}` : ((error as Error).stack ?? String(error))}\n`,
  );
  process.exit(isPanelnotesError(error) ? error.exitCode : 1);
});
