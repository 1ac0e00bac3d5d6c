import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project folder: two levels above this file, whether it runs from `server/` or `dist/server/`. */
const here = dirname(fileURLToPath(import.meta.url));
export const PROJECT_ROOT = resolve(here, here.includes(`${'/'}dist${'/'}`) ? '../..' : '..');

export interface Config {
  /** Folder of `<videoId>.json` transcripts. */
  libraryDir: string;
  /** Folder of built search indexes, one file per video (disposable). */
  cacheDir: string;
  /** Folder holding topics.json and glossary.json. */
  vocabularyDir: string;
}

/** The only reader of `process.env`; a command-line flag given by the user wins over it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, flags: { library?: string } = {}): Config {
  const libraryDir = resolve(flags.library ?? env.PANELNOTES_LIBRARY ?? resolve(PROJECT_ROOT, 'transcripts'));
  return {
    libraryDir,
    // Beside the library it indexes, so two libraries never share (or thrash) one cache.
    cacheDir: resolve(env.PANELNOTES_CACHE ?? resolve(libraryDir, '.index')),
    vocabularyDir: resolve(env.PANELNOTES_VOCABULARY ?? resolve(PROJECT_ROOT, 'index')),
  };
}
