import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../server/cli/program.js';
import { SAMPLE_DIR } from '../server/config.js';
import type { EngineName } from '../server/store/types.js';
import { formatTime } from '../server/time.js';
import type { TranscriptRecord } from '../server/transcript/types.js';
import { freshDatabase, type TestDatabase } from './support/pg.js';
import { APP_ENGINES } from './support/testApp.js';
import { withTeamDatabase } from './support/teamDatabase.js';

/**
 * `panelnotes notes …`, `speakers …` and the searches they feed, run in-process over a copy of
 * the shipped sample, each test with its own notes database and index cache in a temporary folder,
 * or (PostgreSQL) a team database of its own.
 * The speakers are invented names; the sample's words are synthetic.
 */

interface Run {
  code: number;
  out: string;
  err: string;
}

const VIDEO = 'S6Sjj6OtyvY';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

let root: string;
let counter = 0;
const databases: TestDatabase[] = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'panelnotes-cli-notes-'));
  await mkdir(join(root, 'library'));
  await copyFile(join(SAMPLE_DIR, `${VIDEO}.json`), join(root, 'library', `${VIDEO}.json`));
});

afterAll(async () => {
  for (const database of databases) await database.drop();
  await rm(root, { recursive: true, force: true });
});

interface Workspace {
  /** A folder of the test's own (for files it writes; SQLite's notes database and index cache are in it). */
  dir: string;
  /** SQLite's notes database (the engine's files; not made on PostgreSQL). */
  db: string;
  /** Runs a command against the workspace's notes: as user "ada" of the team database on PostgreSQL. */
  cli: (...argv: string[]) => Promise<Run>;
}

/**
 * Fresh notes for each test: a notes database and index cache of its own beside the shared
 * library (SQLite), or a team database of its own holding the sample, with a user whose token
 * the commands give (PostgreSQL).
 */
function workspaces(engine: EngineName): { workspace: () => Promise<Workspace>; withNotes: () => Promise<Workspace & { span: string; moment: string }> } {
  const workspace = async (): Promise<Workspace> => {
    const dir = join(root, `ws-${++counter}`);
    const db = join(dir, 'notes.db');
    let env: NodeJS.ProcessEnv = { PANELNOTES_DB: db, PANELNOTES_CACHE: join(dir, 'cache'), PANELNOTES_LIBRARY: join(root, 'library') };
    if (engine === 'postgres') {
      await mkdir(dir);
      const database = await freshDatabase();
      databases.push(database);
      const token = await withTeamDatabase(database.url, async (store) => {
        await store.putTranscript(JSON.parse(await readFile(join(SAMPLE_DIR, `${VIDEO}.json`), 'utf8')) as TranscriptRecord);
        return (await store.addUser('ada', false)).token;
      });
      env = { PANELNOTES_DATABASE_URL: database.url, PANELNOTES_USER_TOKEN: token };
    }
    return { dir, db, cli: (...argv) => runIn(env, argv) };
  };
  /** A workspace with two notes: one over a span with tags, one at a moment. */
  const withNotes = async (): Promise<Workspace & { span: string; moment: string }> => {
    const ws = await workspace();
    const span = idOf(await ws.cli('notes', 'add', VIDEO, '1:30', 'About the microphone', '--end', '1:45', '--tag', 'audio', 'q-and-a'));
    const moment = idOf(await ws.cli('notes', 'add', VIDEO, '0:08', 'the welcome'));
    return { ...ws, span, moment };
  };
  return { workspace, withNotes };
}

/** The CLI in-process, with that environment and no network. */
async function runIn(env: NodeJS.ProcessEnv, argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    out: (t) => out.push(t),
    err: (t) => err.push(t),
    env,
    fetch: async () => {
      throw new Error('no network in these tests');
    },
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The note id printed by `notes add`. */
function idOf(run: Run): string {
  expect(run.code).toBe(0);
  const id = UUID.exec(run.out)?.[0];
  if (!id) throw new Error(`no note id in: ${run.out}`);
  return id;
}

/** A one-line error, no stack trace. */
function expectOneLineError(run: Run, code: number, message: RegExp): void {
  expect(run.code).toBe(code);
  expect(run.err).toMatch(message);
  expect(run.err.split('\n')).toHaveLength(1);
  expect(run.err).not.toMatch(/\n\s+at |unexpected error/);
  expect(run.out).toBe('');
}

describe.each(APP_ENGINES)('on %s', (engine) => {
  const { workspace, withNotes } = workspaces(engine);

  describe('panelnotes notes add and list', () => {
    it('adds a note over a span with tags, and lists it for the video and for all videos', async () => {
      const { cli } = await workspace();
      const added = await cli('notes', 'add', VIDEO, '1:30', 'About the microphone going round', '--end', '1:45', '--tag', 'Audio', '#q-and-a');
      const id = idOf(added);
      expect(added.out).toBe(`added ${id}  ${VIDEO}  1:30-1:45  About the microphone going round  #audio #q-and-a`);
      expect(added.err).toBe('');

      const moment = idOf(await cli('notes', 'add', `https://www.youtube.com/watch?v=${VIDEO}`, '75', 'a moment, no end'));

      const listed = await cli('notes', 'list', VIDEO);
      expect(listed.code).toBe(0);
      expect(listed.out.split('\n')).toEqual([
        `${moment}  ${VIDEO}  1:15  a moment, no end`,
        `${id}  ${VIDEO}  1:30-1:45  About the microphone going round  #audio #q-and-a`,
      ]);

      const all = await cli('notes', 'list');
      expect(all.code).toBe(0);
      expect(all.out).toBe(listed.out);
    });

    it('lists only the notes with a tag (--tag audio, #audio or AUDIO alike)', async () => {
      const { cli } = await workspace();
      const tagged = idOf(await cli('notes', 'add', VIDEO, '1:30', 'the microphone', '--tag', 'audio'));
      await cli('notes', 'add', VIDEO, '2:00', 'untagged');
      for (const tag of ['audio', '#audio', 'AUDIO'])
        expect((await cli('notes', 'list', VIDEO, '--tag', tag)).out).toBe(`${tagged}  ${VIDEO}  1:30  the microphone  #audio`);
      expect(await cli('notes', 'list', '--tag', 'video')).toEqual({ code: 0, out: 'no notes tagged #video', err: '' });
      expect(await cli('notes', 'list', '--tag', '#')).toMatchObject({ code: 2, out: '', err: expect.stringContaining('--tag needs a tag, e.g. --tag hw') });
    });

    it('says how to add a note when there is none', async () => {
      const { cli } = await workspace();
      const run = await cli('notes', 'list');
      expect(run).toEqual({ code: 0, out: 'no notes yet; add one: panelnotes notes add <video> <time> "<text>"', err: '' });
    });

    it('takes a note of exactly 10,000 characters', async () => {
      const { cli } = await workspace();
      const id = idOf(await cli('notes', 'add', VIDEO, '10', 'y'.repeat(10_000)));
      const json = await cli('notes', 'export', VIDEO, '--format', 'json');
      const exported = JSON.parse(json.out) as { notes: { id: string; text: string }[] };
      expect(exported.notes).toHaveLength(1);
      expect(exported.notes[0]).toMatchObject({ id, text: 'y'.repeat(10_000) });
    });

    it.each([
      ['a note of 10,001 characters', [VIDEO, '10', 'x'.repeat(10_001)], 4, /^panelnotes: text: a note holds at most 10,000 characters; this one has 10,001$/],
      ['a bad time', [VIDEO, 'soon', 'text'], 2, /^panelnotes: start: not a time: "soon"/],
      ['an end before the start', [VIDEO, '2:00', 'text', '--end', '1:00'], 2, /^panelnotes: end: a note must end after it starts$/],
      [
        'a moment past the end of the video (75:00 is 75 minutes)',
        [VIDEO, '75:00', 'text'],
        2,
        /^panelnotes: the video is 53:06 long; a note must start between 0:00 and 53:11$/,
      ],
      [
        'an end past the end of the video',
        [VIDEO, '53:00', 'text', '--end', '99999999999'],
        2,
        /^panelnotes: the video is 53:06 long; a note must end between 0:00 and 53:11$/,
      ],
      ['a bad tag', [VIDEO, '10', 'text', '--tag', 'not a tag!'], 2, /is not a tag/],
      ['empty text', [VIDEO, '10', '   '], 2, /a note needs some text/],
      ['a video not in the library', ['ZZZZZZZZZZZ', '10', 'text'], 3, /^panelnotes: no video ZZZZZZZZZZZ in the library$/],
      ['something that is not a video', ['not-a-video', '10', 'text'], 2, /not a YouTube video: "not-a-video"/],
    ])('refuses %s with a clear message and a non-zero exit, storing nothing', async (_name, args, code, message) => {
      const { cli } = await workspace();
      expectOneLineError(await cli('notes', 'add', ...args), code, message);
      expect((await cli('notes', 'list')).out).toMatch(/^no notes yet/);
    });

    it('refuses listing a video not in the library (exit 3)', async () => {
      const { cli } = await workspace();
      expectOneLineError(await cli('notes', 'list', 'ZZZZZZZZZZZ'), 3, /no video ZZZZZZZZZZZ in the library/);
    });
  });

  describe('panelnotes notes rm', () => {
    it('deletes a note, and says so for one not there (exit 3)', async () => {
      const { cli } = await workspace();
      const keep = idOf(await cli('notes', 'add', VIDEO, '5', 'keep me'));
      const gone = idOf(await cli('notes', 'add', VIDEO, '6', 'delete me'));
      const removed = await cli('notes', 'rm', gone);
      expect(removed).toEqual({ code: 0, out: `deleted ${gone}  ${VIDEO}  0:06  delete me`, err: '' });
      expect((await cli('notes', 'list', VIDEO)).out).toBe(`${keep}  ${VIDEO}  0:05  keep me`);
      expectOneLineError(await cli('notes', 'rm', gone), 3, new RegExp(`^panelnotes: no note ${gone}$`));
    });
  });

  describe('panelnotes notes export and import', () => {
    it('md: the notes under their chapter, each led by a timestamp link into the video', async () => {
      const { cli } = await withNotes();
      const run = await cli('notes', 'export', VIDEO);
      expect(run.code).toBe(0);
      const lines = run.out.split('\n');
      expect(lines[0]).toBe('# \\[2016\\] Virtualization Developer Panel');
      expect(run.out).toContain(`[Watch the video](https://www.youtube.com/watch?v=${VIDEO})`);
      expect(run.out).toMatch(/^## .+ \(\d+:\d\d–\d+:\d\d\)$/m);
      expect(lines).toContain(`- [0:08](https://www.youtube.com/watch?v=${VIDEO}&t=8s) the welcome`);
      expect(lines).toContain(`- [1:30](https://www.youtube.com/watch?v=${VIDEO}&t=90s)–1:45 About the microphone`);
      expect(lines).toContain('  #audio #q-and-a');
      expect(lines.indexOf(`- [0:08](https://www.youtube.com/watch?v=${VIDEO}&t=8s) the welcome`)).toBeLessThan(
        lines.findIndex((l) => l.includes('About the microphone')),
      );
      expect((await cli('notes', 'export', VIDEO, '--format', 'md')).out).toBe(run.out);
    });

    it('vtt: a cue per note, named by its id, lasting to its end or 5 s', async () => {
      const { cli, span, moment } = await withNotes();
      const run = await cli('notes', 'export', VIDEO, '--format', 'vtt');
      expect(run.code).toBe(0);
      expect(run.out.startsWith('WEBVTT\n')).toBe(true);
      // In team mode the cue's voice is who wrote the note: the user of the token the CLI was given.
      const voice = engine === 'postgres' ? '<v ada>' : '';
      expect(run.out).toContain(`${moment}\n00:00:08.000 --> 00:00:13.000\n${voice}the welcome`);
      expect(run.out).toContain(`${span}\n00:01:30.000 --> 00:01:45.000\n${voice}About the microphone\n#audio #q-and-a`);
    });

    it('annotation: a W3C Web Annotation collection with media-fragment selectors', async () => {
      const { cli, span } = await withNotes();
      const run = await cli('notes', 'export', VIDEO, '--format', 'annotation');
      expect(run.code).toBe(0);
      const doc = JSON.parse(run.out) as {
        '@context': string;
        type: string;
        total: number;
        first: { items: { id: string; target: { selector: { value: string } }; body: { value: string; purpose: string }[] }[] };
      };
      expect(doc).toMatchObject({ '@context': 'http://www.w3.org/ns/anno.jsonld', type: 'AnnotationCollection', total: 2 });
      const item = doc.first.items.find((i) => i.id === `urn:uuid:${span}`);
      expect(item?.target.selector.value).toBe('t=90,105');
      expect(item?.body.map((b) => [b.purpose, b.value])).toEqual([
        ['commenting', 'About the microphone'],
        ['tagging', 'audio'],
        ['tagging', 'q-and-a'],
      ]);
    });

    it('json: writes a backup (--out) that imports back into another database, once: a second import skips', async () => {
      const source = await withNotes();
      const backup = join(source.dir, 'backup.json');
      const exported = await source.cli('notes', 'export', VIDEO, '--format', 'json', '--out', backup);
      expect(exported).toEqual({ code: 0, out: '', err: `wrote ${backup}` });
      const file = JSON.parse(await readFile(backup, 'utf8')) as { format: string; version: number; videoId: string; notes: { id: string }[] };
      expect(file).toMatchObject({ format: 'panelnotes-notes', version: 1, videoId: VIDEO });
      expect(file.notes.map((n) => n.id)).toEqual([source.moment, source.span]);

      const target = await workspace();
      const first = await target.cli('notes', 'import', backup);
      expect(first).toEqual({ code: 0, out: `imported 2 note(s) into ${VIDEO}`, err: '' });
      expect((await target.cli('notes', 'list', VIDEO)).out).toBe((await source.cli('notes', 'list', VIDEO)).out); // same ids, times, text, tags

      const second = await target.cli('notes', 'import', backup);
      expect(second).toEqual({ code: 0, out: `imported 0 note(s) into ${VIDEO}; 2 already there`, err: '' });
      expect((await target.cli('notes', 'list', VIDEO)).out.split('\n')).toHaveLength(2);

      // Into the database it came from, after one note was deleted: that one comes back, the other is skipped.
      expect((await source.cli('notes', 'rm', source.span)).code).toBe(0);
      expect((await source.cli('notes', 'import', backup)).out).toBe(`imported 1 note(s) into ${VIDEO}; 1 already there`);
    });

    it('refuses a backup with a note outside the video (exit 4), naming the file and the note, importing none of it', async () => {
      const source = await withNotes();
      const backup = join(source.dir, 'late.json');
      const file = JSON.parse((await source.cli('notes', 'export', VIDEO, '--format', 'json')).out) as { notes: { id: string; start: number; end?: number }[] };
      // The later note, a span: moved far past the end, with its end.
      const late = file.notes[1] as { id: string; start: number; end?: number };
      late.start = 1e308;
      late.end = Number.MAX_VALUE;
      await writeFile(backup, JSON.stringify(file));
      const target = await workspace();
      expectOneLineError(
        await target.cli('notes', 'import', backup),
        4,
        new RegExp(`^panelnotes: .*late\\.json: notes\\[1\\] \\(${late.id}\\): the video is 53:06 long; a note must start between 0:00 and 53:11$`),
      );
      expect((await target.cli('notes', 'list')).out).toMatch(/^no notes yet/);
    });

    it('refuses an unknown format, a Markdown export as a backup, and a file that is not there', async () => {
      const { cli, dir } = await withNotes();
      expectOneLineError(await cli('notes', 'export', VIDEO, '--format', 'pdf'), 2, /no export format "pdf"; choose md, json, vtt, annotation/);
      const md = join(dir, 'notes.md');
      await writeFile(md, (await cli('notes', 'export', VIDEO)).out);
      expectOneLineError(await cli('notes', 'import', md), 2, /notes\.md is a Markdown export; only the JSON export can be imported/);
      expectOneLineError(await cli('notes', 'import', join(dir, 'nope.json')), 4, /cannot read .*nope\.json/);
      expectOneLineError(await cli('notes', 'export', 'ZZZZZZZZZZZ'), 3, /no video ZZZZZZZZZZZ in the library/);
    });
  });

  describe('panelnotes speakers, and searching by speaker and for notes', () => {
    /** Speaker A's span: whole segments of the sample, 1:54.354 to 2:30.855. */
    const FROM = 114.354;
    const TO = 150.855;

    interface Result {
      kind: string;
      start: number;
      end: number;
      speaker: string | null;
      snippet: string;
    }

    const results = (run: Run): Result[] => (JSON.parse(run.out) as { results: Result[] }).results;

    it('sets, lists and removes speaker spans; speaker: finds only passages in the span', async () => {
      const { cli } = await workspace();
      const setA = await cli('speakers', 'set', VIDEO, String(FROM), String(TO), 'Speaker Alpha');
      expect(setA.code).toBe(0);
      const turnA = UUID.exec(setA.out)?.[0] as string;
      expect(setA.out).toBe(`Speaker Alpha speaks 1:54-2:30 in ${VIDEO} (${turnA})`);
      const setB = await cli('speakers', 'set', VIDEO, '4:00', '5:00', 'Speaker Bravo');
      expect(setB.code).toBe(0);
      const turnB = UUID.exec(setB.out)?.[0] as string;

      const listed = await cli('speakers', 'list', VIDEO);
      expect(listed.out.split('\n')).toEqual([`${turnA}  1:54-2:30  Speaker Alpha`, `${turnB}  4:00-5:00  Speaker Bravo`]);

      // The word is said inside the span and elsewhere; the filter keeps only the span's passages.
      const everywhere = results(await cli('search', 'question', '--json', '--limit', '100'));
      expect(everywhere.some((r) => r.start >= TO || r.end <= FROM)).toBe(true);

      const byA = await cli('search', 'speaker:alpha question', '--json', '--limit', '100');
      expect(byA.code).toBe(0);
      const found = results(byA);
      expect(found.length).toBeGreaterThan(0);
      for (const r of found) {
        expect(r).toMatchObject({ kind: 'transcript', speaker: 'Speaker Alpha' });
        expect(r.start).toBeGreaterThanOrEqual(FROM);
        expect(r.end).toBeLessThanOrEqual(TO);
        expect(r.snippet).toMatch(/<mark>question/);
      }
      // The --speaker option and case do not matter.
      expect(results(await cli('search', 'question', '--speaker', 'ALPHA', '--json', '--limit', '100'))).toEqual(found);
      // Speaker Bravo says no "question" in their span.
      const byB = await cli('search', 'speaker:bravo question');
      expect(byB.code).toBe(1);
      expect(byB.out).toBe('no passage matches "speaker:bravo question"');

      const removed = await cli('speakers', 'rm', turnA);
      expect(removed).toEqual({ code: 0, out: 'removed Speaker Alpha 1:54-2:30', err: '' });
      expect((await cli('speakers', 'list', VIDEO)).out).toBe(`${turnB}  4:00-5:00  Speaker Bravo`);
      expect((await cli('search', 'speaker:alpha question')).code).toBe(1);
      expectOneLineError(await cli('speakers', 'rm', turnA), 3, new RegExp(`no speaker turn ${turnA}`));
    });

    it('refuses a span that ends before it starts, a bad time, and a video not in the library', async () => {
      const { cli } = await workspace();
      expectOneLineError(await cli('speakers', 'set', VIDEO, '2:00', '1:00', 'Speaker A'), 2, /end: a speaker span must end after it starts/);
      expectOneLineError(await cli('speakers', 'set', VIDEO, 'later', '1:00', 'Speaker A'), 2, /not a time: "later"/);
      expectOneLineError(await cli('speakers', 'set', 'ZZZZZZZZZZZ', '1', '2', 'Speaker A'), 3, /no video ZZZZZZZZZZZ in the library/);
      expectOneLineError(
        await cli('speakers', 'set', VIDEO, '53:00', '1:15:00', 'Speaker A'),
        2,
        /^panelnotes: the video is 53:06 long; a speaker span must end between 0:00 and 53:11$/,
      );
      expect((await cli('speakers', 'list', VIDEO)).out).toBe('no speakers set');
    });

    it('search --kind note finds a note, and only notes', async () => {
      const { cli } = await workspace();
      const id = idOf(await cli('notes', 'add', VIDEO, '3:00', 'Remember the hypervisor scheduling remark', '--tag', 'followup'));
      const run = await cli('search', 'hypervisor scheduling', '--kind', 'note', '--json');
      expect(run.code).toBe(0);
      const found = results(run);
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ kind: 'note', start: 180, snippet: 'Remember the <mark>hypervisor</mark> <mark>scheduling</mark> remark' });

      const text = await cli('search', 'hypervisor', '--kind', 'note');
      expect(text.code).toBe(0);
      expect(text.out).toMatch(/^3:00 {2}note {2}/m);

      // Once the note is gone, searching for notes finds nothing (exit 1, as grep).
      expect((await cli('notes', 'rm', id)).code).toBe(0);
      const none = await cli('search', 'hypervisor', '--kind', 'note');
      expect(none.code).toBe(1);
      expectOneLineError(await cli('search', 'hypervisor', '--kind', 'comment'), 2, /--kind is transcript or note, not "comment"/);
    });
  });
});

// What the SQLite engine's files and folders go through.
describe('on sqlite', () => {
  const { workspace, withNotes } = workspaces('sqlite');

  describe('notes commands build no search index', () => {
    it('adding, listing, exporting and importing notes and speaker spans leave the index cache untouched; the export has the chapters the index has', async () => {
      const ws = await workspace();
      const cache = join(ws.dir, 'cache');
      expect((await ws.cli('speakers', 'set', VIDEO, '10:00', '25:00', 'Ada Example')).code).toBe(0);
      idOf(await ws.cli('notes', 'add', VIDEO, '5', 'the first note'));
      // A note every 20 s of the talk, so every chapter has one and shows as a heading.
      const at = Array.from({ length: 159 }, (_, i) => 20 * i + 5);
      const backup = join(ws.dir, 'many.json');
      const stamp = '2025-01-01T00:00:00.000Z';
      const notes = at.map((start, i) => ({ id: `n${i}`, videoId: VIDEO, start, text: `note ${i}`, tags: [], createdAt: stamp, updatedAt: stamp }));
      await writeFile(
        backup,
        JSON.stringify({
          format: 'panelnotes-notes',
          version: 1,
          exportedAt: stamp,
          videoId: VIDEO,
          title: 't',
          url: `https://www.youtube.com/watch?v=${VIDEO}`,
          notes,
        }),
      );
      expect((await ws.cli('notes', 'import', backup)).code).toBe(0);
      expect((await ws.cli('notes', 'list', VIDEO)).code).toBe(0);
      const md = await ws.cli('notes', 'export', VIDEO, '--format', 'md');
      expect(md.code).toBe(0);
      expect(existsSync(cache)).toBe(false);

      // The index (built now, by a command that searches) tags the same chapters.
      const topics = await ws.cli('topics', VIDEO, '--json');
      expect(existsSync(cache)).toBe(true);
      const chapters = JSON.parse(topics.out) as { start: number; end: number }[];
      const spans = [...md.out.matchAll(/^## .+ \((\d+:\d\d)–(\d+:\d\d)\)$/gm)].map((m) => `${m[1]}–${m[2]}`);
      expect(spans).toEqual(chapters.map((c) => `${formatTime(c.start)}–${formatTime(c.end)}`));
      expect(spans.length).toBeGreaterThan(1);
    });
  });

  describe('odd paths: one line each, and nothing created by a read', () => {
    it('reading commands on a missing database answer as for an empty one and create nothing, not even its folder', async () => {
      const { cli, dir, db } = await workspace();
      const missing = join(dir, 'no', 'such', 'notes.db');
      for (const argv of [
        ['notes', 'list'],
        ['notes', 'list', VIDEO],
        ['notes', 'export', VIDEO, '--format', 'json'],
        ['speakers', 'list', VIDEO],
        ['search', 'posted interrupts', '--json'],
      ]) {
        const run = await cli(...argv, '--db', missing);
        expect(run.code).toBe(0);
        expect(run.err).toBe('');
      }
      expect((await cli('notes', 'list', '--db', missing)).out).toBe('no notes yet; add one: panelnotes notes add <video> <time> "<text>"');
      expect(existsSync(join(dir, 'no'))).toBe(false);
      // The default of this workspace (PANELNOTES_DB) likewise: listing does not make it.
      expect((await cli('notes', 'list')).code).toBe(0);
      expect(existsSync(db)).toBe(false);
    });

    it('reading an existing database leaves its folder as it found it (no WAL files left behind)', async () => {
      const { cli, dir } = await withNotes();
      // The database's own files: a search writes the index cache beside them, which is its to write.
      const dbFiles = async (): Promise<string[]> => (await readdir(dir)).filter((name) => name.startsWith('notes.db')).sort();
      const before = await dbFiles();
      for (const argv of [
        ['notes', 'list'],
        ['notes', 'export', VIDEO],
        ['speakers', 'list', VIDEO],
        ['search', 'posted', '--json'],
      ])
        expect((await cli(...argv)).code).toBe(0);
      expect(await dbFiles()).toEqual(before);
    });

    it.each([
      ['a device', '/dev/null', 2, /^panelnotes: the notes database \/dev\/null is not a regular file \(a device\); it was left as it is/],
      ['a folder', tmpdir(), 2, /is not a regular file \(a folder\)/],
    ])('--db naming %s is refused in one line, for reads and writes', async (_name, file, code, message) => {
      const { cli } = await workspace();
      expectOneLineError(await cli('notes', 'list', '--db', file), code, message);
      expectOneLineError(await cli('notes', 'add', VIDEO, '1:00', 'a note', '--db', file), code, message);
      expectOneLineError(await cli('search', 'posted', '--db', file), code, message);
    });

    it('--db naming a file that is not a database (/proc/self/status, a text file) is one line, never a stack', async () => {
      const { cli, dir } = await workspace();
      // Empty as SQLite sees it: read as no notes; written, refused.
      expect((await cli('notes', 'list', '--db', '/proc/self/status')).code).toBe(0);
      expectOneLineError(
        await cli('notes', 'add', VIDEO, '1:00', 'a note', '--db', '/proc/self/status'),
        5,
        /cannot open the notes database \/proc\/self\/status .*it was left as it is/,
      );
      await mkdir(dir, { recursive: true });
      const text = join(dir, 'readme.txt');
      await writeFile(text, 'SECRET-notes-hunter2: not a database, just some text that is long enough for SQLite to read a header from it');
      expectOneLineError(await cli('notes', 'list', '--db', text), 5, /readme\.txt is not a panelnotes database/);
      expect((await cli('notes', 'list', '--db', text)).err).not.toMatch(/SECRET|hunter2/);
    });

    it('export --out naming a folder, a device or a missing folder: one line, exit 2, nothing written or created', async () => {
      const { cli, dir } = await withNotes();
      const before = (await readdir(dir)).sort();
      expectOneLineError(
        await cli('notes', 'export', VIDEO, '--out', dir),
        2,
        new RegExp(`--out ${dir} is a folder; give the file to write, e\\.g\\. ${join(dir, 'notes.md')}`),
      );
      expectOneLineError(
        await cli('notes', 'export', VIDEO, '--out', '/dev/null'),
        2,
        /--out \/dev\/null is not a regular file \(a device\); leave out --out to print to standard output/,
      );
      expectOneLineError(await cli('notes', 'export', VIDEO, '--out', join(dir, 'sub', 'notes.md')), 2, /there is no folder .*sub$/);
      expect((await readdir(dir)).sort()).toEqual(before);
    });

    it('export --out replaces a file whole', async () => {
      const { cli, dir } = await withNotes();
      const out = join(dir, 'notes.md');
      await writeFile(out, 'x'.repeat(100_000));
      expect((await cli('notes', 'export', VIDEO, '--out', out)).code).toBe(0);
      expect(await readFile(out, 'utf8')).toBe(`${(await cli('notes', 'export', VIDEO)).out}\n`);
      expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    });

    it('notes import of a FIFO, a device or a folder: refused at once, never read', async () => {
      const { cli, dir } = await workspace();
      await mkdir(dir, { recursive: true });
      const fifo = join(dir, 'backup.json');
      execFileSync('mkfifo', [fifo]);
      expectOneLineError(await cli('notes', 'import', fifo), 4, /cannot read .*backup\.json: not a regular file \(a FIFO\)/);
      expectOneLineError(await cli('notes', 'import', '/dev/zero'), 4, /cannot read \/dev\/zero: not a regular file \(a device\)/);
      expectOneLineError(await cli('notes', 'import', dir), 4, /not a regular file \(a folder\)/);
    });
  });
});
