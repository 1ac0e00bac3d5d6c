import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isIP } from 'node:net';
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
  /**
   * The team database (PANELNOTES_DATABASE_URL or `--database-url`, `postgres://user:password@host/db`):
   * set, the app runs in team mode on PostgreSQL; unset, on the library folder and SQLite as ever.
   */
  databaseUrl: string | undefined;
  /**
   * Which peers may speak for the client in `X-Forwarded-For` and `X-Forwarded-Proto`
   * (PANELNOTES_TRUST_PROXY), as Express's `trust proxy` setting: addresses and CIDR ranges
   * (`127.0.0.1`, `10.0.0.0/8`, `loopback`), or a hop count. Unset, nobody: the client address
   * rate limits count is the connection's own.
   */
  trustProxy: TrustProxy;
  /** How much the server logs (PANELNOTES_LOG_LEVEL): `info` unless told. */
  logLevel: LogLevel;
  /** The CLI user's own token in team mode (PANELNOTES_USER_TOKEN or `--token`): notes added carry its author. */
  userToken: string | undefined;
}

/** Express's `trust proxy` values we accept: false (trust nobody), a hop count, or addresses and ranges. */
export type TrustProxy = false | number | string[];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The command-line flags that override the environment (the CLI's global options, the server's own). */
export interface ConfigFlags {
  library?: string;
  db?: string;
  proxy?: string;
  databaseUrl?: string;
  token?: string;
}

/** The only reader of `process.env`; a command-line flag given by the user wins over it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, flags: ConfigFlags = {}): Config {
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
    databaseUrl: databaseUrl(flags.databaseUrl ?? (env.PANELNOTES_DATABASE_URL || undefined), flags.databaseUrl ? '--database-url' : 'PANELNOTES_DATABASE_URL'),
    trustProxy: trustProxy(env.PANELNOTES_TRUST_PROXY),
    logLevel: logLevel(env.PANELNOTES_LOG_LEVEL),
    userToken: flags.token ?? (env.PANELNOTES_USER_TOKEN || undefined),
  };
}

/**
 * A PostgreSQL connection URL. It usually holds a password, so a bad one is refused without
 * being quoted.
 */
function databaseUrl(value: string | undefined, name: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:'))
    throw new PanelnotesError(
      'USAGE',
      `${name} must be a PostgreSQL URL, like postgres://panelnotes:password@db.example:5432/panelnotes (the value given is not shown, as it may hold a password)`,
    );
  return value;
}

const TRUST_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * PANELNOTES_TRUST_PROXY as Express's `trust proxy`. Not `true` (or `*`): trusting every peer
 * lets any client name its own address, and so walk around every per-address limit.
 *
 * @example trustProxy('loopback, 10.0.0.0/8') // ['loopback', '10.0.0.0/8']
 * @example trustProxy('1') // 1 (the one proxy in front of the app, whoever it is)
 */
export function trustProxy(value: string | undefined): TrustProxy {
  if (value === undefined || value.trim() === '') return false;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) === 0 ? false : Number(text);
  const entries = text
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  const bad = entries.find((e) => !TRUST_NAMES.has(e.toLowerCase()) && !isAddressOrRange(e));
  if (bad !== undefined || entries.length === 0)
    throw new PanelnotesError(
      'USAGE',
      `PANELNOTES_TRUST_PROXY: "${(bad ?? text).slice(0, 60)}" is not a proxy address: give addresses or ranges of the proxies in front of the app ` +
        '(127.0.0.1, 10.0.0.0/8, ::1, loopback), comma-separated, or the number of proxies in front of it (1)',
    );
  return entries.map((e) => (TRUST_NAMES.has(e.toLowerCase()) ? e.toLowerCase() : e));
}

/** `10.0.0.1`, `::1`, `10.0.0.0/8`, `fd00::/8`. */
function isAddressOrRange(entry: string): boolean {
  const [address = '', prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

function logLevel(value: string | undefined): LogLevel {
  if (value === undefined || value.trim() === '') return 'info';
  const level = value.trim().toLowerCase();
  if ((LOG_LEVELS as readonly string[]).includes(level)) return level as LogLevel;
  throw new PanelnotesError('USAGE', `PANELNOTES_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not "${value.slice(0, 40)}"`);
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
