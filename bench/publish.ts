/**
 * Size of a published site (`npm run bench:publish`): the shipped sample, a synthetic one-hour
 * talk, and a synthetic 10-hour library of ten such talks, each with 50 notes a talk. Printed
 * per site: every file gzip-compressed (what a static host sends), the first page (a page, its
 * stylesheet and scripts), and what the first search loads. The budget (issue 17): a one-hour
 * talk's whole site under 1.5 MB gzip, the first page under 100 KB.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { SAMPLE_DIR } from '../server/config.js';
import { loadTranscript } from '../server/library.js';
import type { Note } from '../server/notes/types.js';
import { buildSite } from '../server/publish/site.js';
import type { SiteFile } from '../server/publish/siteFile.js';
import { loadVocabulary } from '../server/search/vocabulary.js';
import type { TranscriptRecord } from '../server/transcript/types.js';
import { syntheticTalk } from './corpus.js';

const KB = 1024;
const vocabulary = loadVocabulary();

function notesOf(record: TranscriptRecord, count: number): Note[] {
  const last = record.segments[record.segments.length - 1];
  const length = last ? last.start : 0;
  return Array.from({ length: count }, (_, i) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    videoId: record.videoId,
    start: Math.floor((length * i) / count),
    text: `reading group remark ${i}: compare with the migration and seccomp parts`,
    tags: ['public'],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  }));
}

async function measure(name: string, records: TranscriptRecord[], cacheDir: string): Promise<void> {
  const notes = new Map(records.map((r) => [r.videoId, notesOf(r, 50)]));
  const files = await buildSite(
    { records: () => records, notes: (videoId) => notes.get(videoId) ?? [], turns: () => [] },
    { videos: [], notes: true },
    vocabulary,
    cacheDir,
  );
  const gz = new Map<string, number>(files.map((f: SiteFile) => [f.path, gzipSync(f.content).length]));
  const sum = (paths: string[]): number => paths.reduce((n, p) => n + (gz.get(p) ?? 0), 0);
  const raw = files.reduce((n, f) => n + Buffer.byteLength(f.content), 0);
  const all = [...gz.keys()];
  const assets = ['assets/style.css', 'assets/search.js'];
  const talk = all.find((p) => p.startsWith('talks/')) as string;
  const firstSearch = all.filter((p) => p.startsWith('search/') && (!p.startsWith('search/talks/') || p.startsWith(`search/talks/${records[0]?.videoId}/`)));
  const wholeSearch = all.filter((p) => p.startsWith('search/'));
  const row = (label: string, bytes: number): string => `  ${label.padEnd(46)} ${(bytes / KB).toFixed(1).padStart(8)} KB`;
  const hours = records.reduce((n, r) => n + (r.segments[r.segments.length - 1]?.start ?? 0), 0) / 3600;
  console.log(
    `${name}: ${records.length} talk${records.length === 1 ? '' : 's'}, ${hours.toFixed(1)} h, ${files.length} files, ${(raw / KB).toFixed(0)} KB raw`,
  );
  console.log(row('whole site, gzip', sum(all)));
  console.log(row('first page (index.html + css + search.js), gzip', sum(['index.html', ...assets])));
  console.log(row('a talk page (+ css, search.js, player.js), gzip', sum([talk, ...assets, 'assets/player.js'])));
  console.log(row('a search of one talk, all its topics, gzip', sum(firstSearch)));
  console.log(row('a search of the whole site, gzip', sum(wholeSearch)));
}

const cacheDir = await mkdtemp(join(tmpdir(), 'panelnotes-bench-publish-'));
try {
  await measure('sample', [await loadTranscript(SAMPLE_DIR, 'S6Sjj6OtyvY')], cacheDir);
  await measure('one-hour talk', [syntheticTalk(0, 60, vocabulary.topics)], cacheDir);
  await measure(
    '10-hour library',
    Array.from({ length: 10 }, (_, i) => syntheticTalk(i, 60, vocabulary.topics)),
    cacheDir,
  );
} finally {
  await rm(cacheDir, { recursive: true, force: true });
}
