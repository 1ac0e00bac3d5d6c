import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PanelnotesError } from './errors.js';
import { formatHost, parseHostEntry } from './servedHosts.js';

/**
 * The project folder: the nearest folder above this file whose package.json is panelnotes's,
 * whether this runs from `server/` or `dist/server/`, and wherever the clone lives (inside a
 * folder named `dist` too).
 */
export const PROJECT_ROOT = packageRoot(dirname(fileURLToPath(import.meta.url)));

/** The nearest folder from `start` upwards holding a package.json named `panelnotes`. */
export function packageRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (packageName(resolve(dir, 'package.json')) === 'panelnotes') return dir;
    if (dirname(dir) === dir) throw new Error(`no panelnotes package.json above ${start}`);
  }
}

function packageName(file: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name as string | undefined;
  } catch {
    return undefined; // no package.json here, or not one we can read: keep looking
  }
}

/** The user's own transcripts when no library is given: git-ignored, so nothing tracked is written. */
export const DEFAULT_LIBRARY_DIR = resolve(PROJECT_ROOT, 'transcripts', 'library');
/** The shipped sample: tracked, read-only, read beneath the default library (see library.ts). */
export const SAMPLE_DIR = resolve(PROJECT_ROOT, 'transcripts', 'sample');

/**
 * The proxy YouTube requests go through (`--proxy URL`, else `HTTPS_PROXY`), and the hosts that
 * go around it (`NO_PROXY`). Read here, used by youtube/proxy.ts.
 */
export interface ProxySetting {
  url: URL;
  /** NO_PROXY as given: `*`, or comma- or space-separated hosts, `.domain` suffixes, `host:port`. */
  noProxy?: string;
}

export interface Config {
  /** Folder of `<videoId>.json` transcripts, where fetches and imports are saved. */
  libraryDir: string;
  /** Folder of built search indexes, one file per video (disposable). */
  cacheDir: string;
  /** Folder holding topics.json and glossary.json. */
  vocabularyDir: string;
  /** Where the web app listens; loopback unless HOST says otherwise. */
  host: string;
  port: number;
  /** The notes database (SQLite). */
  dbFile: string;
  /** Required for writes when the server listens beyond loopback. */
  token: string | undefined;
  /** More names the server answers to, beyond its bind address and `localhost` (PANELNOTES_HOSTS, comma-separated). */
  hosts: string[];
  /**
   * Where a reverse proxy serves the app (PANELNOTES_PUBLIC_URL, e.g. `https://notes.example.org`):
   * its host is served, its origin counts as this server's own, and https makes cookies Secure.
   */
  publicUrl: URL | undefined;
  /** Requests per minute from one address: fetches and imports, and note or speaker writes. */
  rateLimits: { fetches: number; writes: number };
  /** The proxy every YouTube request goes through: `--proxy URL`, else HTTPS_PROXY (NO_PROXY names hosts that go around it). */
  proxy: ProxySetting | undefined;
  /**
   * Whether the server, on start, fetches the real captions of a talk the library holds only as
   * the shipped sample (PANELNOTES_FETCH_ON_START, on unless `0`).
   */
  fetchOnStart: boolean;
}

/** The only reader of `process.env`; a command-line flag given by the user wins over it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, flags: { library?: string; db?: string; proxy?: string } = {}): Config {
  const libraryDir = resolve(flags.library || env.PANELNOTES_LIBRARY || DEFAULT_LIBRARY_DIR);
  return {
    libraryDir,
    // Beside the library it indexes, so two libraries never share (or thrash) one cache.
    cacheDir: resolve(env.PANELNOTES_CACHE ?? resolve(libraryDir, '.index')),
    vocabularyDir: resolve(env.PANELNOTES_VOCABULARY ?? resolve(PROJECT_ROOT, 'index')),
    host: env.HOST || '127.0.0.1',
    port: parsePort(env.PORT),
    dbFile: resolve(flags.db ?? env.PANELNOTES_DB ?? resolve(PROJECT_ROOT, 'data', 'panelnotes.db')),
    token: env.PANELNOTES_TOKEN || undefined,
    hosts: hostList(env.PANELNOTES_HOSTS),
    publicUrl: publicUrl(env.PANELNOTES_PUBLIC_URL),
    rateLimits: {
      fetches: positive(env.PANELNOTES_RATE_FETCHES, 30, 'PANELNOTES_RATE_FETCHES'),
      writes: positive(env.PANELNOTES_RATE_WRITES, 600, 'PANELNOTES_RATE_WRITES'),
    },
    proxy: proxySetting(
      flags.proxy ?? (env.HTTPS_PROXY || env.https_proxy || undefined),
      env.NO_PROXY ?? env.no_proxy,
      flags.proxy ? '--proxy' : 'HTTPS_PROXY',
    ),
    fetchOnStart: onOff(env.PANELNOTES_FETCH_ON_START, true, 'PANELNOTES_FETCH_ON_START'),
  };
}

/**
 * The proxy for YouTube's requests. Its URL may carry a user and password, so a bad one is
 * refused without being quoted.
 */
function proxySetting(value: string | undefined, noProxy: string | undefined, name: string): ProxySetting | undefined {
  if (value === undefined || value === '') return undefined;
  const url = webUrl(value);
  if (!url?.hostname)
    throw new PanelnotesError(
      'USAGE',
      `${name} must be the address of an HTTP proxy, like http://proxy.example:3128 or http://user:password@proxy.example:3128 (the value given is not shown, as it may hold a password)`,
    );
  return { url, ...(noProxy ? { noProxy } : {}) };
}

/** `value` as an http: or https: URL, or undefined. */
function webUrl(value: string): URL | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

function onOff(value: string | undefined, fallback: boolean, name: string): boolean {
  if (value === undefined || value === '') return fallback;
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new PanelnotesError('USAGE', `${name} must be 1 or 0, not "${value.slice(0, 40)}"`);
}

function parsePort(value: string | undefined): number {
  if (value === undefined || value === '') return 3000;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new PanelnotesError('USAGE', `PORT must be a port number (0-65535), not "${value}"`);
  return port;
}

/** 127.0.0.0/8, ::1 and localhost: addresses only this machine can reach. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function hostList(value: string | undefined): string[] {
  const names = (value ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  return names.map((name) => {
    try {
      return formatHost(parseHostEntry(name));
    } catch (error) {
      throw new PanelnotesError('USAGE', `PANELNOTES_HOSTS: ${(error as Error).message}`);
    }
  });
}

function publicUrl(value: string | undefined): URL | undefined {
  if (value === undefined || value === '') return undefined;
  const url = webUrl(value);
  if (!url || url.username || url.password)
    throw new PanelnotesError(
      'USAGE',
      `PANELNOTES_PUBLIC_URL must be the http(s) address the app is served at, like https://notes.example.org, not "${value.slice(0, 100)}"`,
    );
  return url;
}

function positive(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new PanelnotesError('USAGE', `${name} must be a whole number of requests per minute, not "${value}"`);
  return n;
}
