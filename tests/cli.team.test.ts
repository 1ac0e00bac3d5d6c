import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli } from '../server/cli/program.js';
import { SAMPLE_DIR } from '../server/config.js';
import type { TranscriptRecord } from '../server/transcript/types.js';
import { describePg, freshDatabase, type TestDatabase } from './support/pg.js';
import { withTeamDatabase } from './support/teamDatabase.js';

/**
 * The command line in team mode, against a real PostgreSQL database of the test cluster:
 * `users add|list|rm` make and remove the people whose tokens work, and a note or speaker turn
 * written from the CLI carries the author of the token given (--token or PANELNOTES_USER_TOKEN);
 * without a token, or with one nobody holds, a write is refused in one line and nothing is
 * stored. Reading needs no token.
 */

const VIDEO = 'S6Sjj6OtyvY';

interface Run {
  code: number;
  out: string;
  err: string;
}

async function run(env: NodeJS.ProcessEnv, ...argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** A one-line refusal: its exit code and message (a hint may follow on the line), nothing on stdout, no stack. */
function refused(result: Run, code: number, message: string): void {
  expect([result.code, result.out]).toEqual([code, '']);
  expect(result.err.slice(0, `panelnotes: ${message}`.length)).toBe(`panelnotes: ${message}`);
  expect(result.err).not.toContain('\n');
}

describePg('panelnotes in team mode (a real team database)', () => {
  let database: TestDatabase;
  let team: NodeJS.ProcessEnv;
  /** Tokens printed by `users add`. */
  const tokens: Record<string, string> = {};
  const as = (name: string): NodeJS.ProcessEnv => ({ ...team, PANELNOTES_USER_TOKEN: tokens[name] });

  beforeAll(async () => {
    database = await freshDatabase();
    team = { PANELNOTES_DATABASE_URL: database.url };
    await withTeamDatabase(database.url, async (store) =>
      store.putTranscript(JSON.parse(await readFile(join(SAMPLE_DIR, `${VIDEO}.json`), 'utf8')) as TranscriptRecord),
    );
    for (const [name, admin] of [
      ['ada', true],
      ['bob', false],
      ['cy', false],
    ] as const) {
      const added = await run(team, 'users', 'add', name, ...(admin ? ['--admin'] : []));
      expect(added.code).toBe(0);
      tokens[name] = added.out;
    }
  });

  afterAll(async () => {
    await database?.drop();
  });

  describe('users add, list and rm', () => {
    it('add prints a token that is the user’s in the database; list shows names and roles, never a token', async () => {
      expect(tokens.ada).toMatch(/^ada\.[A-Za-z0-9_-]{43}$/);
      await withTeamDatabase(database.url, async (store) => {
        expect(await store.userByToken(tokens.bob as string)).toMatchObject({ name: 'bob', admin: false });
        expect(await store.userByToken(tokens.ada as string)).toMatchObject({ name: 'ada', admin: true });
      });
      const listed = await run(team, 'users', 'list');
      expect(listed.code).toBe(0);
      expect(listed.out.split('\n').map((line) => line.replace(/since \S+$/, 'since …'))).toEqual([
        'ada  admin  since …',
        'bob  user   since …',
        'cy   user   since …',
      ]);
      for (const token of Object.values(tokens)) expect(listed.out).not.toContain(token.split('.')[1]);
    });

    it('add of a name taken is refused (CONFLICT, exit 6), the first user’s token still working', async () => {
      refused(await run(team, 'users', 'add', 'bob'), 6, 'there is a user bob already');
      await withTeamDatabase(database.url, async (store) => expect((await store.userByToken(tokens.bob as string))?.name).toBe('bob'));
    });

    it('rm removes a user: their token stops working at once, for the CLI too; their notes stay', async () => {
      const added = await run(team, 'users', 'add', 'dora');
      const note = await run({ ...team, PANELNOTES_USER_TOKEN: added.out }, 'notes', 'add', VIDEO, '0:30', 'dora was here');
      expect(note.code).toBe(0);
      expect(await run(team, 'users', 'rm', 'dora')).toEqual({ code: 0, out: '', err: 'panelnotes: removed dora; their token no longer works' });
      refused(
        await run({ ...team, PANELNOTES_USER_TOKEN: added.out }, 'notes', 'add', VIDEO, '0:31', 'after'),
        2,
        "that token is not a user's in this team database",
      );
      expect((await run(team, 'notes', 'list', VIDEO)).out).toContain('dora was here');
      refused(await run(team, 'users', 'rm', 'dora'), 3, 'no user dora');
    });
  });

  describe('authors of what the CLI writes', () => {
    it('a note added with PANELNOTES_USER_TOKEN, or --token, carries that user’s name (export, store)', async () => {
      const byEnv = await run(as('bob'), 'notes', 'add', VIDEO, '1:00', 'from bob’s terminal');
      const byFlag = await run(team, '--token', tokens.cy as string, 'notes', 'add', VIDEO, '1:05', 'from cy’s terminal');
      expect([byEnv.code, byFlag.code]).toEqual([0, 0]);
      const exported = JSON.parse((await run(team, 'notes', 'export', VIDEO, '--format', 'json')).out) as { notes: { text: string; author?: string }[] };
      expect(exported.notes.filter((n) => n.text.endsWith('terminal')).map((n) => [n.text, n.author])).toEqual([
        ['from bob’s terminal', 'bob'],
        ['from cy’s terminal', 'cy'],
      ]);
    });

    it('a speaker turn set from the CLI carries the user’s name', async () => {
      expect((await run(as('bob'), 'speakers', 'set', VIDEO, '2:00', '2:30', 'Speaker Alpha')).code).toBe(0);
      const turns = await withTeamDatabase(database.url, (store) => store.listTurns(VIDEO));
      expect(turns.map((t) => [t.name, t.author])).toEqual([['Speaker Alpha', 'bob']]);
    });

    it('a write without a token is refused in one line (exit 2), saying how to give one; nothing is stored', async () => {
      const before = (await run(team, 'notes', 'list')).out;
      refused(await run(team, 'notes', 'add', VIDEO, '3:00', 'nobody’s'), 2, 'changes to a team database need your own token');
      expect((await run(team, 'notes', 'add', VIDEO, '3:00', 'nobody’s')).err).toContain('PANELNOTES_USER_TOKEN');
      refused(await run(team, 'speakers', 'set', VIDEO, '3:00', '3:30', 'Speaker Bravo'), 2, 'changes to a team database need your own token');
      expect((await run(team, 'notes', 'list')).out).toBe(before);
      expect((await run(team, 'speakers', 'list', VIDEO)).out).not.toContain('Speaker Bravo');
    });

    it('a token nobody holds is refused (UNAUTHORIZED: exit 2, as the API’s 401), naming no token; nothing is stored', async () => {
      const forged = `bob.${'A'.repeat(43)}`;
      for (const env of [
        { ...team, PANELNOTES_USER_TOKEN: forged },
        { ...team, PANELNOTES_USER_TOKEN: 'not-a-token' },
      ]) {
        const result = await run(env, 'notes', 'add', VIDEO, '4:00', 'forged');
        refused(result, 2, "that token is not a user's in this team database");
        expect(result.err).not.toContain(env.PANELNOTES_USER_TOKEN);
      }
      expect((await run(team, 'notes', 'list')).out).not.toContain('forged');
    });

    it('a user deletes their own notes, not another’s (FORBIDDEN, exit 2); an admin deletes anyone’s', async () => {
      const id = /[0-9a-f-]{36}/.exec((await run(as('bob'), 'notes', 'add', VIDEO, '5:00', 'bob’s to keep')).out)?.[0] as string;
      refused(await run(as('cy'), 'notes', 'rm', id), 2, `note ${id} is bob's; only its author or an admin may change or delete it`);
      expect((await run(team, 'notes', 'list', VIDEO)).out).toContain(id);
      expect((await run(as('ada'), 'notes', 'rm', id)).code).toBe(0);
      expect((await run(team, 'notes', 'list', VIDEO)).out).not.toContain(id);
    });

    it('reading (list, export, search) needs no token', async () => {
      for (const argv of [
        ['notes', 'list'],
        ['notes', 'export', VIDEO],
        ['speakers', 'list', VIDEO],
        ['search', 'terminal', '--kind', 'note', '--json'],
      ])
        expect((await run(team, ...argv)).code).toBe(0);
    });
  });
});
