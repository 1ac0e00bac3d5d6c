import { fetch as undiciFetch, ProxyAgent } from 'undici';
import type { ProxySetting } from '../config.js';
import type { FetchLike } from './types.js';

/*
 * Requests to YouTube through a proxy. The only module that imports undici: its `ProxyAgent`
 * opens a CONNECT tunnel per origin, so the proxy sees where we go, never what we ask.
 */
export type { ProxySetting } from '../config.js';

/**
 * The proxy's address fit for a log or an error: its user and password never leave this module.
 *
 * @example redactProxy(new URL('http://me:secret@proxy.example:3128')) // 'http://***@proxy.example:3128'
 */
export function redactProxy(url: URL): string {
  return `${url.protocol}//${url.username || url.password ? '***@' : ''}${url.host}`;
}

/**
 * Whether NO_PROXY sends `host` around the proxy: `*` matches all, an entry matches the host
 * itself and its subdomains (a leading `.` or `*.` changes nothing), and an entry with a port
 * matches that port only. The curl and undici reading of it.
 *
 * @example bypassesProxy('www.youtube.com', 443, '.youtube.com') // true
 */
export function bypassesProxy(host: string, port: number, noProxy: string | undefined): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  for (const raw of (noProxy ?? '').split(/[\s,]+/)) {
    if (!raw) continue;
    if (raw === '*') return true;
    const [, entryHost = raw, entryPort] = /^(.+?)(?::(\d+))?$/.exec(raw) ?? [];
    if (entryPort !== undefined && Number(entryPort) !== port) continue;
    const domain = entryHost.toLowerCase().replace(/^\*?\./, '');
    if (name === domain || name.endsWith(`.${domain}`)) return true;
  }
  return false;
}

/** Whether a request to `url` goes through the proxy of `setting`. */
export function goesThroughProxy(setting: ProxySetting | undefined, url: string | URL): boolean {
  if (!setting) return false;
  const target = new URL(url);
  const port = Number(target.port) || (target.protocol === 'http:' ? 80 : 443);
  return !bypassesProxy(target.hostname, port, setting.noProxy);
}

/** One agent per proxy for the life of the process: it keeps the tunnels it has opened. */
const agents = new Map<string, ProxyAgent>();

/**
 * A `fetch` that sends each request through the proxy unless NO_PROXY names its host; those go
 * by `direct`. Credentials in the proxy URL become a `Proxy-Authorization: Basic` header.
 */
export function proxiedFetch(setting: ProxySetting, direct: FetchLike = globalThis.fetch): FetchLike {
  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!goesThroughProxy(setting, url)) return direct(url, init);
    let agent = agents.get(setting.url.href);
    if (!agent) {
      agent = new ProxyAgent({ uri: setting.url.href });
      agents.set(setting.url.href, agent);
    }
    // undici's own fetch, as Node's bundled one may be another undici than the agent's.
    const response = await undiciFetch(url, { ...(init as Parameters<typeof undiciFetch>[1]), dispatcher: agent });
    return response as unknown as Response;
  };
}

/**
 * What a failure of a request through the proxy was, when the proxy was the trouble: it could
 * not be reached (a system error code), or it refused the tunnel (its HTTP status: 407 for a
 * wrong user or password, 403 for a host it will not reach, 502 when it could not connect).
 */
export function proxyTrouble(error: unknown, deadNetwork: boolean): { refused: number } | { unreachable: true } | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
    const match = /Proxy response \((\d{3})\)/.exec((current as Error).message ?? '');
    if (match) return { refused: Number(match[1]) };
    current = (current as { cause?: unknown }).cause;
  }
  return deadNetwork ? { unreachable: true } : undefined;
}
