import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What a test proxy saw: each request line (`CONNECT www.youtube.com:443 HTTP/1.1`) and the credentials sent with it. */
export interface TestProxy {
  port: number;
  lines: string[];
  /** The `Proxy-Authorization` header of each request, decoded from Basic (`user:password`), or `-`. */
  credentials: string[];
  close(): Promise<void>;
}

/**
 * An HTTP proxy on 127.0.0.1 that records what it is asked and connects nowhere: every tunnel
 * is refused with `status` (502 unless told), so no test reaches the network through it.
 */
export async function testProxy(status = 502): Promise<TestProxy> {
  const lines: string[] = [];
  const credentials: string[] = [];
  const record = (method: string | undefined, url: string | undefined, version: string, auth: string | undefined): void => {
    lines.push(`${method} ${url} HTTP/${version}`);
    credentials.push(auth?.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString('utf8') : '-');
  };
  const server: Server = createServer((req, res) => {
    record(req.method, req.url, req.httpVersion, req.headers['proxy-authorization']);
    res.writeHead(status).end();
  });
  server.on('connect', (req, socket) => {
    record(req.method, req.url, req.httpVersion, req.headers['proxy-authorization']);
    socket.end(`HTTP/1.1 ${status} Refused by the test proxy\r\n\r\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    lines,
    credentials,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
