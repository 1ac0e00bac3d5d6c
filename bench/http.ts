import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/** One autocannon run: requests per second and latency percentiles. */
export interface LoadResult {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

const SERVER = fileURLToPath(new URL('./server.js', import.meta.url));

/**
 * Loads `/api/search` and `/search` on the sample and, for the ratio, bare Express answering a
 * fixed JSON, each with 50 connections for `seconds`, against 127.0.0.1 only. The queries
 * rotate through `queries`.
 */
export async function httpLoad(queries: string[], seconds = 10): Promise<LoadResult[]> {
  const bare = await start('bare');
  const app = await start('app');
  try {
    const results = [await load('bare Express 5 JSON (ceiling)', bare.port, ['/bare'], seconds)];
    results.push(await load('/api/search', app.port, queries.map((q) => `/api/search?q=${encodeURIComponent(q)}`), seconds));
    results.push(await load('/search (HTML page)', app.port, queries.map((q) => `/search?q=${encodeURIComponent(q)}`), seconds));
    return results;
  } finally {
    bare.child.kill();
    app.child.kill();
  }
}

async function start(kind: 'bare' | 'app'): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [SERVER, kind], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout as NodeJS.ReadableStream, 'data')) as [Buffer];
  return { child, port: Number(chunk.toString().trim()) };
}

async function load(name: string, port: number, paths: string[], seconds: number): Promise<LoadResult> {
  let next = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: 50,
    duration: seconds,
    requests: [
      {
        setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] as string }),
      },
    ],
  });
  return { name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx };
}
