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
 * fixed JSON, each with 50 connections, against 127.0.0.1 only; the queries rotate through
 * `queries`. On two shared cores one run of a few seconds swings by a fifth, so each target is
 * warmed up, then run `rounds` times in turn with the others, and the median run is reported.
 */
export async function httpLoad(queries: string[], seconds = 10, rounds = 3): Promise<LoadResult[]> {
  const bare = await start('bare');
  const app = await start('app');
  try {
    const targets = [
      { name: 'bare Express 5 JSON (ceiling)', port: bare.port, paths: ['/bare'] },
      { name: '/api/search', port: app.port, paths: queries.map((q) => `/api/search?q=${encodeURIComponent(q)}`) },
      { name: '/search (HTML page)', port: app.port, paths: queries.map((q) => `/search?q=${encodeURIComponent(q)}`) },
    ];
    for (const t of targets) await load(t.name, t.port, t.paths, 2);
    const runs = targets.map(() => [] as LoadResult[]);
    for (let round = 0; round < rounds; round++) {
      for (const [i, t] of targets.entries()) runs[i]?.push(await load(t.name, t.port, t.paths, seconds / rounds));
    }
    return runs.map((r) => [...r].sort((a, b) => a.rps - b.rps)[Math.floor(r.length / 2)] as LoadResult);
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
        setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] }),
      },
    ],
  });
  return { name, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.non2xx };
}
