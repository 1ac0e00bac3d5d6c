import { createServer, type AddressInfo } from 'node:net';

/**
 * For tests that run the built server (`node dist/server/main.js`) as a child process: a port to
 * give it, and an environment with none of the user's own settings.
 */

/** A port free on 127.0.0.1 a moment ago: opened on port 0 and closed again. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => done(port));
    });
  });
}

/** This process's environment without PANELNOTES_*, HOST and PORT, then `settings`. */
export function serverEnv(settings: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('PANELNOTES_') && key !== 'HOST' && key !== 'PORT') env[key] = value;
  return { ...env, ...settings };
}
