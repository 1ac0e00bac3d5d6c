import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Plain JavaScript: jest loads globalSetup and globalTeardown outside ts-jest's ESM transform,
// where neither TypeScript's `.js` imports nor `import.meta` would work.
const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The user's own data, which no test may read or write: the default library (transcripts/,
 * holding the tracked sample, the user's transcripts in transcripts/library/ and their index
 * cache) and the default notes database folder (data/), plus wherever PANELNOTES_LIBRARY,
 * PANELNOTES_CACHE and PANELNOTES_DB point in the environment `npm test` was started from.
 * @param {NodeJS.ProcessEnv} env
 * @returns {string[]}
 */
export function userDataPaths(env = process.env) {
  const paths = [resolve(PROJECT_ROOT, 'transcripts'), resolve(PROJECT_ROOT, 'data')];
  for (const name of ['PANELNOTES_LIBRARY', 'PANELNOTES_CACHE', 'PANELNOTES_DB']) {
    const value = env[name];
    if (value) paths.push(resolve(value));
  }
  return [...new Set(paths)];
}

/**
 * One line per file, folder and link under `paths`: its kind and, for a file, the SHA-256 of
 * its bytes. Nothing is followed or opened but regular files. SQLite's `-shm` file is left
 * out: it is shared memory that any reader (a server the user left running) rewrites.
 * @param {string[]} paths
 * @returns {Promise<Map<string, string>>}
 */
export async function fingerprint(paths) {
  const out = new Map();
  /** @param {string} path */
  const visit = async (path) => {
    let info;
    try {
      info = await lstat(path);
    } catch {
      return; // absent: absent it must stay, which the other side's map shows
    }
    if (path.endsWith('-shm')) return;
    if (info.isDirectory()) {
      out.set(path, 'folder');
      for (const name of (await readdir(path)).sort()) await visit(join(path, name));
    } else if (info.isSymbolicLink()) out.set(path, `link -> ${await readlink(path)}`);
    else if (info.isFile()) out.set(path, `file ${await sha256(path)}`);
    else out.set(path, 'special');
  };
  for (const path of paths) await visit(path);
  return out;
}

/**
 * The paths whose fingerprint differs between `before` and `after`, as readable lines.
 * @param {Map<string, string>} before
 * @param {Map<string, string>} after
 * @returns {string[]}
 */
export function differences(before, after) {
  const lines = [];
  for (const [path, was] of before) {
    const now = after.get(path);
    if (now === undefined) lines.push(`removed: ${path}`);
    else if (now !== was) lines.push(`changed: ${path}`);
  }
  for (const path of after.keys()) if (!before.has(path)) lines.push(`created: ${path}`);
  return lines;
}

/** @param {string} path @returns {Promise<string>} */
function sha256(path) {
  return new Promise((done, fail) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', fail)
      .on('end', () => done(hash.digest('hex')));
  });
}
