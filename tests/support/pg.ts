import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * The throwaway PostgreSQL cluster globalSetup started (pgCluster.mjs), or none: then the
 * PostgreSQL half of the tests is skipped (globalSetup printed why, and failed under CI=true).
 */
export const ADMIN_URL = process.env.PANELNOTES_TEST_DATABASE_URL;

/** `describe`, or `describe.skip` where there is no test cluster. */
export const describePg = ADMIN_URL ? describe : describe.skip;

/** A database of its own for one test, and how to reach it as its owner or as the superuser. */
export interface TestDatabase {
  /** As `owner` when one was asked for, else as the superuser. */
  url: string;
  /** As the superuser: a connection that outlives whatever is done to the owner. */
  adminUrl: string;
  name: string;
  owner?: string;
  /** Runs SQL as the superuser on the cluster's own database (roles, terminating backends). */
  admin(sql: string, params?: unknown[]): Promise<pg.QueryResult>;
  drop(): Promise<void>;
}

async function onCluster<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function withDatabase(url: string, database: string, user?: { name: string; password: string }): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  if (user) {
    parsed.username = user.name;
    parsed.password = user.password;
  }
  return parsed.toString();
}

/**
 * `CREATE DATABASE test_<random>`: a fresh, empty database for one test. With `owner`, also a
 * login role of its own that owns it, so a test can cut that role off (NOLOGIN and
 * pg_terminate_backend) while the superuser still writes.
 */
export async function freshDatabase(options: { owner?: boolean } = {}): Promise<TestDatabase> {
  if (!ADMIN_URL) throw new Error('no test PostgreSQL cluster (PANELNOTES_TEST_DATABASE_URL)');
  const admin = ADMIN_URL;
  const name = `test_${randomBytes(6).toString('hex')}`;
  const owner = options.owner ? { name: `${name}_owner`, password: randomBytes(12).toString('hex') } : undefined;
  await onCluster(async (client) => {
    if (owner) await client.query(`CREATE ROLE ${owner.name} LOGIN PASSWORD '${owner.password}'`);
    await client.query(`CREATE DATABASE ${name}${owner ? ` OWNER ${owner.name}` : ''}`);
  });
  return {
    name,
    url: withDatabase(admin, name, owner),
    adminUrl: withDatabase(admin, name),
    ...(owner ? { owner: owner.name } : {}),
    admin: (sql, params) => onCluster((client) => client.query(sql, params)),
    drop: () =>
      onCluster(async (client) => {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        if (owner) await client.query(`DROP ROLE IF EXISTS ${owner.name}`);
      }),
  };
}
