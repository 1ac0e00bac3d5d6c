import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Plain JavaScript, like userData.mjs: jest loads globalSetup outside ts-jest's transform.

/** Where the tests find the throwaway cluster (tests/support/pg.ts reads it). */
export const TEST_DATABASE_URL = 'PANELNOTES_TEST_DATABASE_URL';

/**
 * The newest PostgreSQL binaries folder on this machine (Debian's /usr/lib/postgresql/N/bin), or
 * undefined.
 * @param {string} root
 * @returns {string | undefined}
 */
export function postgresBin(root = '/usr/lib/postgresql') {
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')) && existsSync(join(root, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(root, versions[0], 'bin') : undefined;
}

/** A port nobody listens on now. @returns {Promise<number>} */
function freePort() {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => done(port));
    });
  });
}

/**
 * Runs a PostgreSQL program as the user that owns the cluster: `postgres` when the tests run as
 * root (PostgreSQL refuses to run as root), else the current user.
 * @param {string} bin @param {string} program @param {string[]} args
 */
function runAs(bin, program, args) {
  const asRoot = process.getuid?.() === 0;
  const [command, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, program), ...args]] : [join(bin, program), args];
  execFileSync(command, argv, { stdio: 'pipe', timeout: 60_000 });
}

/**
 * Starts a throwaway cluster: initdb into a fresh folder under the temporary folder (owned by
 * `postgres` when running as root), `pg_ctl start` on a private port on the loopback, password
 * auth over TCP. Sets PANELNOTES_TEST_DATABASE_URL to its `postgres` database for the test
 * workers (they inherit this process's environment). Without binaries it prints a notice and
 * the PostgreSQL half of the tests is skipped, except under CI=true, where that is a failure.
 * A URL already in the environment (a server of your own) is used as it is.
 * @param {string} [root] where PostgreSQL's versions are installed
 * @param {{ durable?: boolean }} [settings] durable: fsync on, as a real server (`npm run load` measures with it)
 * @returns {Promise<{ bin: string; dir: string } | undefined>} what stopCluster needs
 */
export async function startCluster(root = '/usr/lib/postgresql', settings = {}) {
  if (process.env[TEST_DATABASE_URL]) return undefined;
  const bin = postgresBin(root);
  if (!bin) {
    const notice = `no PostgreSQL binaries in ${root}/*/bin: the PostgreSQL half of the tests is skipped`;
    if (process.env.CI === 'true') throw new Error(`${notice}, which CI does not allow (install postgresql)`);
    console.warn(`\npanelnotes tests: ${notice} (install postgresql to run it)\n`);
    return undefined;
  }
  const dir = mkdtempSync(join(tmpdir(), 'panelnotes-pg-'));
  const password = randomBytes(16).toString('hex');
  writeFileSync(join(dir, 'password'), `${password}\n`, { mode: 0o600 });
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
    chownSync(join(dir, 'password'), uid, gid);
  }
  const port = await freePort();
  const data = join(dir, 'data');
  try {
    runAs(bin, 'initdb', [
      '-D',
      data,
      '-U',
      'postgres',
      '--pwfile',
      join(dir, 'password'),
      '--auth-local=trust',
      '--auth-host=scram-sha-256',
      '-E',
      'UTF8',
      '--locale=C',
      '--no-sync',
    ]);
    // fsync off: a test cluster outlives no crash of the machine, and the tests write a lot.
    const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1${settings.durable ? '' : ' -c fsync=off'} -c max_connections=300`;
    runAs(bin, 'pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', '-o', options, 'start']);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`could not start the test PostgreSQL cluster: ${error.stderr?.toString() || error.message}`);
  }
  process.env[TEST_DATABASE_URL] = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  return { bin, dir };
}

/**
 * Stops the cluster startCluster started (immediately: its data is thrown away) and removes its folder.
 * @param {{ bin: string; dir: string } | undefined} cluster
 */
export function stopCluster(cluster) {
  if (!cluster) return;
  try {
    runAs(cluster.bin, 'pg_ctl', ['-D', join(cluster.dir, 'data'), '-m', 'immediate', '-w', 'stop']);
  } finally {
    rmSync(cluster.dir, { recursive: true, force: true });
  }
}
