import type { NetworkInterfaceInfo } from 'node:os';
import { formatHost, hostServed, parseHostEntry, servedHosts } from '../server/servedHosts.js';

/** The names a server answers to (server/servedHosts.ts), from what it binds and what it is told. */

const MACHINE = {
  lo: [{ address: '127.0.0.1' }, { address: '::1' }],
  eth0: [{ address: '192.168.1.5' }, { address: 'fe80::1' }],
} as unknown as NodeJS.Dict<NetworkInterfaceInfo[]>;
const names = (options: Parameters<typeof servedHosts>[0]): string[] => servedHosts(options, MACHINE).map(formatHost);

describe('servedHosts', () => {
  it.each([
    ['loopback', { host: '127.0.0.1', port: 3000 }, ['127.0.0.1:3000', 'localhost:3000']],
    ['IPv6 loopback', { host: '::1', port: 3000 }, ['[::1]:3000', 'localhost:3000']],
    ['localhost', { host: 'localhost', port: 8080 }, ['localhost:8080']],
    ['one LAN address', { host: '192.168.1.5', port: 3000 }, ['192.168.1.5:3000', 'localhost:3000']],
    [
      '0.0.0.0: every address of the machine',
      { host: '0.0.0.0', port: 3000 },
      ['127.0.0.1:3000', '[::1]:3000', '192.168.1.5:3000', '[fe80::1]:3000', 'localhost:3000'],
    ],
    [':: likewise', { host: '::', port: 3000 }, ['127.0.0.1:3000', '[::1]:3000', '192.168.1.5:3000', '[fe80::1]:3000', 'localhost:3000']],
    ['a port chosen at listen time: any port', { host: '127.0.0.1', port: 0 }, ['127.0.0.1', 'localhost']],
    [
      'extra names and a public URL',
      { host: '127.0.0.1', port: 3000, extra: ['Notes.LAN', 'wiki.lan:8080', '10.0.0.7'], publicUrl: new URL('https://notes.example.org:8443/app') },
      ['127.0.0.1:3000', 'localhost:3000', 'notes.lan', 'wiki.lan:8080', '10.0.0.7', 'notes.example.org:8443'],
    ],
  ])('%s', (_name, options, expected) => {
    expect(names(options)).toEqual(expected);
  });
});

describe('hostServed', () => {
  const served = servedHosts({ host: '127.0.0.1', port: 3000, extra: ['notes.lan'] }, MACHINE);
  it.each([
    ['127.0.0.1:3000', true],
    ['LOCALHOST:3000', true],
    ['notes.lan', true],
    ['notes.lan:9999', true],
    ['127.0.0.1:3001', false],
    ['127.0.0.1', false],
    ['localhost', false],
    ['rebind.attacker.example:3000', false],
    ['localhost.attacker.example:3000', false],
    ['notes.lan.attacker.example', false],
    ['127.0.0.1:3000.attacker.example', false],
    ['', false],
    [undefined, false],
    ['127.0.0.1:3000:3000', false],
    ['user@127.0.0.1:3000', false],
  ])('%p: %p', (host, expected) => {
    expect(hostServed(served, host)).toBe(expected);
  });

  it('port 80 matches a Host without a port (the default browsers leave out)', () => {
    const on80 = servedHosts({ host: '127.0.0.1', port: 80 }, MACHINE);
    expect([hostServed(on80, '127.0.0.1'), hostServed(on80, 'localhost:80'), hostServed(on80, 'localhost:81')]).toEqual([true, true, false]);
  });
});

describe('parseHostEntry', () => {
  it.each([
    ['notes.lan', 'notes.lan'],
    [' Notes.Lan:3000 ', 'notes.lan:3000'],
    ['::1', '[::1]'],
    ['[::1]:3000', '[::1]:3000'],
    ['192.168.1.5', '192.168.1.5'],
  ])('%p is %p', (text, expected) => {
    expect(formatHost(parseHostEntry(text))).toBe(expected);
  });

  it.each(['bad host', 'http://notes.lan', 'notes.lan/', 'notes.lan:0', 'notes.lan:99999', '-notes.lan', 'a@b', ''])('%p is refused with a message', (text) => {
    expect(() => parseHostEntry(text)).toThrow(/^not a host name: /);
  });
});
