import Database from 'better-sqlite3';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../server/cli/program.js';
import { SAMPLE_DIR } from '../server/config.js';
import { NotesStore } from '../server/notes/store.js';
import { SCHEMA_VERSION } from '../server/notes/storeFile.js';
import type { EngineName } from '../server/store/types.js';
import type { TranscriptRecord } from '../server/transcript/types.js';
import { freshDatabase, type TestDatabase } from './support/pg.js';
import { withTeamDatabase } from './support/teamDatabase.js';
import { APP_ENGINES } from './support/testApp.js';
import { DROP_SCHEMA_5 } from './support/oldSchemas.js';

/**
 * `panelnotes speakers suggest|confirm|list` and `panelnotes questions`, in-process, over a
 * library holding the sample and a small panel of invented people, each test with its own notes
 * database (or team database). Also: a notes database of the schema before suggestions opens with its turns kept.
 */

const SAMPLE = 'S6Sjj6OtyvY';
const TALK = 'cliPanel001';
const VTT = `WEBVTT

00:00:00.000 --> 00:00:05.000
>> Welcome to the panel. Lena, what do you think about snapshots?

00:00:06.000 --> 00:00:11.000
>> They are slow because each write walks a chain of backing files.

00:00:12.000 --> 00:00:17.000
>> Thanks, Lena. Otto, anything to add?

00:00:18.000 --> 00:00:23.000
>> Only that the metadata cache is tiny by default.
`;

let root: string;
let counter = 0;
const databases: TestDatabase[] = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'panelnotes-cli-speakers-'));
  await mkdir(join(root, 'library'));
  await copyFile(join(SAMPLE_DIR, `${SAMPLE}.json`), join(root, 'library', `${SAMPLE}.json`));
  await writeFile(join(root, 'panel.vtt'), VTT);
  const setup = await runIn(sqliteEnv(join(root, 'setup.db')), ['import', join(root, 'panel.vtt'), '--video', TALK, '--title', 'Snapshot panel']);
  expect(setup.code).toBe(0);
});

afterAll(async () => {
  for (const database of databases) await database.drop();
  await rm(root, { recursive: true, force: true });
});

type Cli = (...argv: string[]) => Promise<{ code: number; out: string; err: string }>;

function sqliteEnv(db: string): NodeJS.ProcessEnv {
  return { PANELNOTES_DB: db, PANELNOTES_CACHE: join(root, 'cache'), PANELNOTES_LIBRARY: join(root, 'library') };
}

async function runIn(env: NodeJS.ProcessEnv, argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/**
 * The CLI over notes of its own: a notes database beside the shared library (SQLite, `db` when
 * given), or a team database holding the library's two talks, as user "lena" (PostgreSQL; with
 * `token: false`, as nobody).
 */
function clis(engine: EngineName): (options?: { db?: string; token?: boolean }) => Promise<Cli> {
  return async (options = {}) => {
    if (engine === 'sqlite') {
      const env = sqliteEnv(options.db ?? join(root, `ws-${++counter}`, 'notes.db'));
      return (...argv) => runIn(env, argv);
    }
    const database = await freshDatabase();
    databases.push(database);
    const token = await withTeamDatabase(database.url, async (store) => {
      for (const id of [SAMPLE, TALK]) await store.putTranscript(JSON.parse(await readFile(join(root, 'library', `${id}.json`), 'utf8')) as TranscriptRecord);
      return (await store.addUser('lena', false)).token;
    });
    const env = { PANELNOTES_DATABASE_URL: database.url, ...(options.token === false ? {} : { PANELNOTES_USER_TOKEN: token }) };
    return (...argv) => runIn(env, argv);
  };
}

const ROSTER = ['--roster', 'Lena Hart, Otto Brand', '--moderator', 'Mia Sol'];

describe.each(APP_ENGINES)('on %s', (engine) => {
  const cli = clis(engine);

  describe('panelnotes speakers suggest', () => {
    it('prints the turns with who, how sure and why; reads without creating the database (or, in team mode, a token)', async () => {
      const db = join(root, 'never', 'notes.db');
      const run = await (await cli({ db, token: false }))('speakers', 'suggest', TALK, ...ROSTER);
      expect(run.code).toBe(0);
      expect(run.out.split('\n')).toEqual([
        'roster: Lena Hart, Otto Brand; moderator: Mia Sol',
        '    0:00-0:06  Mia Sol      84%  turn-mark ">>"; chair "Welcome to the panel."; chair "Lena, what do you think about snapshots?"',
        '    0:06-0:12  Lena Hart    94%  turn-mark ">>"; hand-off "Lena, what do you think about snapshots?"; thanks "Thanks, Lena."',
        '    0:12-0:18  Mia Sol      84%  turn-mark ">>"; chair "Thanks, Lena."; chair "Otto, anything to add?"',
        '    0:18-0:23  Otto Brand   80%  turn-mark ">>"; hand-off "Otto, anything to add?"',
        '4 of 4 turns named (100% of the time)',
        'write them (marked suggested) with --apply',
      ]);
      expect(existsSync(db)).toBe(false);
    });

    it('--json prints the API shape; --apply writes suggested turns; list marks them; confirm clears the mark; search says so', async () => {
      const run = await cli();
      const json = JSON.parse((await run('speakers', 'suggest', TALK, ...ROSTER, '--json')).out) as { turns: { speaker: string | null; cues: unknown[] }[] };
      expect(json.turns.map((t) => t.speaker)).toEqual(['Mia Sol', 'Lena Hart', 'Mia Sol', 'Otto Brand']);
      expect(json.turns[1]?.cues).toContainEqual({ kind: 'thanks', text: 'Thanks, Lena.', at: 12 });

      const applied = await run('speakers', 'suggest', TALK, ...ROSTER, '--apply');
      expect(applied.out.split('\n').at(-1)).toBe(`wrote 4 suggested turn(s); confirm them with: panelnotes speakers confirm ${TALK}`);
      const list = (await run('speakers', 'list', TALK)).out.split('\n');
      expect(list.map((l) => l.replace(/^\S+ {2}/, ''))).toEqual([
        '0:00-0:06  Mia Sol  (suggested)',
        '0:06-0:12  Lena Hart  (suggested)',
        '0:12-0:18  Mia Sol  (suggested)',
        '0:18-0:23  Otto Brand  (suggested)',
      ]);
      expect((await run('search', 'speaker:lena backing files')).out).toContain('Lena Hart (suggested)  Snapshot panel');
      // A filter alone lists the passages it allows, marked the same way.
      expect((await run('search', 'speaker:lena')).out).toContain('Lena Hart (suggested)  Snapshot panel');

      const lena = (list[1] as string).split(' ')[0] as string;
      expect((await run('speakers', 'confirm', TALK, lena)).out).toBe(`confirmed 1 suggested turn(s) in ${TALK}`);
      expect((await run('speakers', 'list', TALK)).out.split('\n')[1]).toBe(`${lena}  0:06-0:12  Lena Hart`);
      const found = JSON.parse((await run('search', 'speaker:lena backing files', '--json')).out) as { results: Record<string, unknown>[] };
      expect(found.results.map((r) => [r.speaker, r.speakerSuggested])).toEqual([['Lena Hart', undefined]]);
      expect((await run('speakers', 'confirm', TALK)).out).toBe(`confirmed 3 suggested turn(s) in ${TALK}`);
    });

    it('names nobody on the synthetic sample, whatever roster is given, and says why', async () => {
      const run = await (await cli())('speakers', 'suggest', SAMPLE, '--roster', 'Lena Hart', '--json');
      const json = JSON.parse(run.out) as { notice: string; turns: { speaker: string | null }[] };
      expect(json.notice).toMatch(/synthetic/);
      expect(json.turns.every((t) => t.speaker === null)).toBe(true);
    });

    it.each<[string, string[], RegExp]>([
      ['an unknown video', ['speakers', 'suggest', 'ZZZZZZZZZZZ'], /^panelnotes: no video ZZZZZZZZZZZ in the library$/],
      ['an empty roster name', ['speakers', 'suggest', TALK, '--moderator', ' '], /^panelnotes: moderator: a speaker needs a name of 1 to 100 characters/],
    ])('refuses %s in one line', async (_name, argv, message) => {
      const run = await (await cli())(...argv);
      expect(run.code).not.toBe(0);
      expect(run.err).toMatch(message);
      expect(run.err).not.toContain('\n');
    });
  });

  describe('panelnotes questions', () => {
    it('prints who answered what as Markdown, or as JSON', async () => {
      const run = await cli();
      const md = await run('questions', TALK, ...ROSTER);
      expect(md.code).toBe(0);
      const lines = md.out.split('\n');
      expect(lines.slice(0, 11)).toEqual([
        '# Who answered what: Snapshot panel',
        '',
        'Moderator: Mia Sol',
        '',
        '## Questions',
        '',
        `1. [0:00](https://www.youtube.com/watch?v=${TALK}&t=0s) Mia Sol (the moderator) · General: Welcome to the panel. Lena, what do you think about snapshots?`,
        `   - [0:06](https://www.youtube.com/watch?v=${TALK}&t=6s) Lena Hart (suggested): They are slow because each write walks a chain of backing files.`,
        `2. [0:12](https://www.youtube.com/watch?v=${TALK}&t=12s) Mia Sol (the moderator) · General: Thanks, Lena. Otto, anything to add?`,
        `   - [0:18](https://www.youtube.com/watch?v=${TALK}&t=18s) Otto Brand (suggested): Only that the metadata cache is tiny by default.`,
        '',
      ]);
      const json = JSON.parse((await run('questions', TALK, '--json')).out) as { questions: { answers: { words: string }[] }[] };
      expect(json.questions[0]?.answers[0]?.words).toBe('They are slow because each write walks a chain of backing files.');
    });
  });

  describe('panelnotes export --format md', () => {
    it('ends the whole talk with who answered what; a range, and the other formats, leave it out', async () => {
      const run = await cli();
      await run('speakers', 'suggest', TALK, ...ROSTER, '--apply');
      const whole = await run('export', TALK, '--format', 'md');
      expect(whole.code).toBe(0);
      const lines = whole.out.split('\n');
      const at = lines.indexOf('## Who answered what: Snapshot panel');
      // After the transcript itself, its headings one level down.
      expect(at).toBeGreaterThan(lines.findIndex((l) => l.includes('backing files')));
      expect(lines).toContain('### Questions');
      expect(lines).toContain(
        `   - [0:06](https://www.youtube.com/watch?v=${TALK}&t=6s) Lena Hart (suggested): They are slow because each write walks a chain of backing files.`,
      );
      expect((await run('export', TALK, '--format', 'md', '--from', '0:10')).out).not.toContain('Who answered what');
      expect((await run('export', TALK, '--format', 'txt')).out).not.toContain('Who answered what');
    });
  });
});

/** Takes a file back before schema 3: no change stamps, no triggers moving them. */
const DROP_CHANGE_STAMPS = ['notes', 'speaker_turns']
  .flatMap((table) => ['inserted', 'updated', 'deleted'].map((event) => `DROP TRIGGER ${table}_${event};`))
  .concat('DROP TABLE change_stamps;')
  .join(' ');

describe('the notes database before suggestions', () => {
  // Schema 2 is the file before change stamps (3) and suggestions (4); schema 3 is main's file before suggestions.
  it.each([2, 3])('of schema %i opens at the latest schema with its turns kept, confirmed, and can hold suggested ones', (schema) => {
    const file = join(root, `old-${schema}.db`);
    const store = NotesStore.open(file);
    const kept = store.addTurn(TALK, 6, 12, 'Lena Hart');
    store.close();
    // As that schema left it: no suggestion columns (and, before 3, no change stamps).
    const old = new Database(file);
    old.exec(DROP_SCHEMA_5);
    if (schema < 3) old.exec(DROP_CHANGE_STAMPS);
    old.exec('ALTER TABLE speaker_turns DROP COLUMN cues; ALTER TABLE speaker_turns DROP COLUMN confidence; ALTER TABLE speaker_turns DROP COLUMN suggested;');
    old.pragma(`user_version = ${schema}`);
    old.close();

    const reopened = NotesStore.open(file);
    expect(reopened.listTurns(TALK)).toEqual([kept]);
    const before = reopened.changes.stamp(TALK);
    const [suggested] = reopened.turns.add(TALK, [
      { start: 12, end: 18, name: 'Mia Sol', suggested: true, confidence: 0.6, cues: [{ kind: 'chair', text: 'Thanks.', at: 12 }] },
    ]);
    expect(reopened.listTurns(TALK)).toEqual([kept, suggested]);
    expect(suggested).toMatchObject({ suggested: true, confidence: 0.6, cues: [{ kind: 'chair', text: 'Thanks.', at: 12 }] });
    // The change stamps exist and moved with the suggested turn: the live change feed sees it.
    expect(reopened.changes.stamp(TALK)).toBeGreaterThan(before);
    expect(reopened.integrity()).toBe('ok');
    reopened.close();
    const db = new Database(file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
  });
});
