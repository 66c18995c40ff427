// One fresh database per test file (or test) on the test PostgreSQL server that
// the integration project's globalSetup started (or WEBHOOKS_TEST_POSTGRES_URL).
import { randomBytes } from "node:crypto";
import { Client } from "pg";

export interface TestDatabase {
  /** postgres://… of the new database. */
  url: string;
  name: string;
  /** Drops it, cutting any connection still open. */
  drop(): Promise<void>;
}

export function testPostgresUrl(): string {
  const url = process.env.WEBHOOKS_TEST_POSTGRES_URL;
  if (!url) {
    throw new Error(
      "WEBHOOKS_TEST_POSTGRES_URL is not set: run the integration tests through jest's integration project " +
        "(its globalSetup starts a PostgreSQL server), or point it at a server of your own",
    );
  }
  return url;
}

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: testPostgresUrl() });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export async function createTestDatabase(prefix = "wh"): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString("hex")}`.toLowerCase();
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(testPostgresUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** Runs one query on a short-lived connection of its own (for assertions on what the store wrote). */
export async function queryDatabase<R extends Record<string, unknown>>(url: string, sql: string, params: unknown[] = []): Promise<R[]> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<R>(sql, params)).rows;
  } finally {
    await c.end();
  }
}
