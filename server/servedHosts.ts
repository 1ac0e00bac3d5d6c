import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import { PanelnotesError } from './errors.js';

/**
 * The names a browser may use to reach this server, as `Host` headers: `127.0.0.1:3000`,
 * `localhost:3000`, `[::1]:3000`. A page that rebinds its own domain name to this machine's
 * address (DNS rebinding) sends its own name as `Host`, which is not among them; checking the
 * name is what matters, so an entry without a port matches that name on any port.
 */
export interface HostEntry {
  /** Lowercase; an IPv6 address in brackets. */
  name: string;
  port?: number;
}

export interface ServedHostsOptions {
  /** The address the server binds (HOST). */
  host: string;
  /** The port it listens on; 0 (chosen at listen time) matches every port. */
  port: number;
  /** More names, `name` or `name:port` (PANELNOTES_HOSTS). */
  extra?: readonly string[];
  /** The address a reverse proxy serves it at (PANELNOTES_PUBLIC_URL). */
  publicUrl?: URL;
}

const WILDCARDS = new Set(['0.0.0.0', '::', '[::]', '']);

/**
 * Every host this server answers to: its bind address and `localhost`, or when it binds every
 * interface (0.0.0.0, ::) every address of the machine and `localhost`; then the extra names
 * and the public URL's host.
 *
 * @example servedHosts({ host: '127.0.0.1', port: 3000 }) // [{name: '127.0.0.1', port: 3000}, {name: 'localhost', port: 3000}]
 */
export function servedHosts(options: ServedHostsOptions, interfaces: NodeJS.Dict<NetworkInterfaceInfo[]> = networkInterfaces()): HostEntry[] {
  const port = options.port === 0 ? undefined : options.port;
  const at = (name: string): HostEntry => ({ name: bracketed(name.toLowerCase()), ...(port === undefined ? {} : { port }) });
  const bound = WILDCARDS.has(options.host) ? Object.values(interfaces).flatMap((list) => (list ?? []).map((i) => at(i.address))) : [at(options.host)];
  const all = [...bound, at('localhost'), ...(options.extra ?? []).map(parseHostEntry), ...(options.publicUrl ? [parseHostEntry(options.publicUrl.host)] : [])];
  return [...new Map(all.map((e) => [formatHost(e), e])).values()];
}

/**
 * `name` or `name:port` as a HostEntry; an IPv6 address may come with or without brackets.
 * @throws PanelnotesError USAGE for anything that is not a host name or address
 */
export function parseHostEntry(text: string): HostEntry {
  const entry = splitHost(text.trim().toLowerCase());
  if (!entry)
    throw new PanelnotesError(
      'USAGE',
      `not a host name: "${text.slice(0, 100)}" (give a name or address, with a port if you like: notes.lan, notes.lan:3000, 192.168.1.5)`,
    );
  return entry;
}

/**
 * Whether a request's `Host` header names this server. A port of 80 (the default, which browsers
 * leave out) matches a header without one.
 */
export function hostServed(served: readonly HostEntry[], header: string | undefined): boolean {
  const asked = header === undefined ? undefined : splitHost(header.toLowerCase());
  if (!asked) return false;
  return served.some((e) => e.name === asked.name && (e.port === undefined || e.port === (asked.port ?? 80)));
}

/** `[::1]:3000`, `localhost`: how a host entry is written in a `Host` header. */
export function formatHost(entry: HostEntry): string {
  return entry.port === undefined ? entry.name : `${entry.name}:${entry.port}`;
}

const NAME = /^[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?$/;
const IPV6 = /^\[[0-9a-f:.]+(?:%25[a-z0-9._-]+)?\]$/;

function splitHost(text: string): HostEntry | undefined {
  let name = text;
  let port: number | undefined;
  const withPort = /^(.*):(\d{1,5})$/.exec(text);
  const before = withPort?.[1] ?? '';
  // `::1` alone is an IPv6 address, not `:` with port 1: a port follows a name or `]`.
  if (withPort && (!before.includes(':') || (before.startsWith('[') && before.endsWith(']')))) {
    name = before;
    port = Number(withPort[2]);
    if (port < 1 || port > 65535) return undefined;
  }
  name = bracketed(name);
  if (!NAME.test(name) && !IPV6.test(name)) return undefined;
  return { name, ...(port === undefined ? {} : { port }) };
}

/** An IPv6 address in brackets, as it appears in a URL or a `Host` header. */
function bracketed(address: string): string {
  return address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
}
