import request from 'supertest';
import { loadConfig } from '../server/config.js';
import { isPanelnotesError } from '../server/errors.js';
import { startWorkers } from '../server/workers/pool.js';
import { freshApps, listen } from './support/testApp.js';

/**
 * Heavy work runs on worker threads (server/workers): the server goes on answering while a big
 * caption file is imported, and a worker's failure reaches the user as the same clear error
 * the request thread would have given.
 */
const { fresh } = freshApps();
const vocabularyDir = loadConfig({}).vocabularyDir;

/** A WebVTT file of `cues` ordinary cues (about 50 bytes each). */
function bigVtt(cues: number): Buffer {
  const lines = ['WEBVTT', ''];
  for (let i = 0; i < cues; i++) {
    const s = i * 2;
    const stamp = (t: number): string =>
      `${String(Math.floor(t / 3600)).padStart(2, '0')}:${String(Math.floor(t / 60) % 60).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}.000`;
    lines.push(`${stamp(s)} --> ${stamp(s + 2)}`, `cue ${i} on migration`, '');
  }
  return Buffer.from(lines.join('\n'));
}

describe('the server answers while a big file is imported', () => {
  // That the request thread never stalls is a matter of time, measured by `npm run bench`
  // (the hostile-inputs table); what is checked here is that the import is a worker's and the
  // server goes on answering meanwhile.
  it('an upload is parsed and indexed by a worker; a GET /api/videos sent meanwhile is answered first', async () => {
    const t = await fresh();
    const server = await listen(t.app);
    try {
      const order: string[] = [];
      // Told when the server has the whole file and hands it to the import.
      let begun: () => void = () => undefined;
      const importing = new Promise<void>((resolve) => {
        begun = resolve;
      });
      const workers = (t.imports as unknown as { workers: { importCaptions: (task: { fileName: string }) => Promise<unknown> } }).workers;
      const onWorker: string[] = [];
      const importCaptions = workers.importCaptions.bind(workers);
      workers.importCaptions = (task) => {
        onWorker.push(task.fileName);
        begun();
        return importCaptions(task);
      };
      const form = new FormData();
      form.append('video', 'bigimport01');
      form.append('file', new Blob([new Uint8Array(bigVtt(40_000))]), 'big.vtt');
      const upload = fetch(`${server.url}/api/videos`, { method: 'POST', body: form }).then(async (res) => {
        order.push(`upload ${res.status}`);
      });
      await importing;
      const listing = await fetch(`${server.url}/api/videos`);
      order.push(`list ${listing.status}`);
      await upload;
      expect(order).toEqual(['list 200', 'upload 201']);
      expect(onWorker).toEqual(['big.vtt']);
      const videos = (await (await fetch(`${server.url}/api/videos`)).json()) as { videos: { videoId: string; segments: number }[] };
      expect(videos.videos.find((v) => v.videoId === 'bigimport01')?.segments).toBe(40_000);
    } finally {
      await server.close();
    }
  }, 60_000);

  it('a notes import runs off the request thread too, and its notes are searchable when it answers', async () => {
    const t = await fresh();
    const now = new Date().toISOString();
    const file = {
      format: 'panelnotes-notes',
      version: 1,
      exportedAt: now,
      videoId: 'S6Sjj6OtyvY',
      title: 'sample',
      url: 'https://www.youtube.com/watch?v=S6Sjj6OtyvY',
      notes: Array.from({ length: 2000 }, (_, i) => ({
        id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        videoId: 'S6Sjj6OtyvY',
        start: i,
        text: `imported ${i % 2 ? 'quokka' : 'wombat'} ${i}`,
        tags: [],
        createdAt: now,
        updatedAt: now,
      })),
    };
    const res = await request(t.app).post('/api/notes/import').send(file);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ added: 2000, skipped: 0 });
    expect(t.catalog.search('quokka', { kind: 'note', limit: 0 }).total).toBe(1000);
  });
});

describe('a worker failure is a clear answer', () => {
  it("a worker's error keeps its code, status and message", async () => {
    const t = await fresh();
    const res = await request(t.app).post('/api/videos').field('video', 'notcaption1').attach('file', Buffer.from('just some words, no cues'), 'notes.txt');
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('CAPTIONS_UNRECOGNISED');
    expect(res.body.error.message).toMatch(/^notes\.txt: not a caption file/);
    expect((await request(t.app).get('/api/videos')).body.videos).toHaveLength(1);
  });

  it('a task past its time is stopped and called too complex; the pool works on', async () => {
    // A second for a chunk of 40,000 notes of 640 characters: a few seconds of work.
    const workers = startWorkers({ vocabularyDir, taskTimeoutMs: 1000 });
    try {
      const slow = workers.noteChunks([
        Array.from({ length: 40_000 }, (_, index) => ({
          videoId: 'S6Sjj6OtyvY',
          index,
          start: index,
          end: index,
          text: `slow note ${index} `.repeat(40),
          segments: [0, 0] as [number, number],
          anchors: [0, index],
          speaker: null,
          noteId: String(index),
          tags: [],
        })),
      ]);
      const error = await slow.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isPanelnotesError(error) && error.code).toBe('TOO_COMPLEX');
      expect((error as Error).message).toMatch(/too complex: it took more than 1 s/);
      // The stopped worker is replaced, and its start-up counts against the next task's second:
      // on a busy machine that task may time out too. A pool that works on answers within a few.
      const quickTask = () =>
        workers.noteChunks([
          [
            {
              videoId: 'S6Sjj6OtyvY',
              index: 0,
              start: 1,
              end: 1,
              text: 'hello world',
              segments: [0, 0],
              anchors: [0, 1],
              speaker: null,
              noteId: 'n1',
              tags: [],
            },
          ],
        ]);
      let quick: Awaited<ReturnType<typeof quickTask>>[number] | undefined;
      for (let attempt = 0; attempt < 3 && !quick; attempt++) quick = (await quickTask().catch(() => []))[0];
      expect(quick?.words).toContain('hello');
    } finally {
      await workers.close();
    }
  });
});
