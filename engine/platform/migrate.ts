import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import pg from "pg";
import type { Config } from "./config.js";
import { openDatabase } from "./database.js";
import { createPool, type Queryable } from "./db.js";
import type { Logger } from "./logger.js";

const MIGRATIONS_DIR = fileURLToPath(new URL("./migrations/", import.meta.url));
const MIGRATION_LOCK = 0x76657264; // "verd"

/** Creates the database named in `databaseUrl` when it does not exist yet. */
export async function ensureDatabase(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  if (!name) return;
  url.pathname = "/postgres";
  const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 5000 });
  client.on("error", () => {}); // a connection lost here fails the query below, which says why
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (found.rowCount === 0) {
      await client
        .query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`)
        .catch((error: { code?: string }) => {
          if (error.code !== "42P04") throw error; // created meanwhile by another process
        });
    }
  } finally {
    await client.end();
  }
}

export interface Migration {
  id: number;
  name: string;
  sql: string;
}

export async function readMigrations(): Promise<Migration[]> {
  const files = (await readdir(MIGRATIONS_DIR)).filter((file) => /^\d{3}_[a-z0-9_]+\.sql$/.test(file)).sort();
  return Promise.all(
    files.map(async (file) => ({
      id: Number(file.slice(0, 3)),
      name: file,
      sql: await readFile(MIGRATIONS_DIR + file, "utf8"),
    })),
  );
}

/**
 * Applies the forward-only migrations not yet recorded, each in its own transaction, under an
 * advisory lock so that processes starting together migrate once. Returns the names applied.
 */
export async function migrate(pool: pg.Pool): Promise<string[]> {
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await client.query(
      "CREATE TABLE IF NOT EXISTS schema_migrations (id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
    );
    const done = new Set(
      (await client.query<{ id: number }>("SELECT id FROM schema_migrations")).rows.map((r) => r.id),
    );
    for (const migration of await readMigrations()) {
      if (done.has(migration.id)) continue;
      await inTransaction(client, async () => {
        await client.query(migration.sql);
        await client.query("INSERT INTO schema_migrations (id, name) VALUES ($1, $2)", [
          migration.id,
          migration.name,
        ]);
      });
      applied.push(migration.name);
    }
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => {});
    client.release();
  }
  return applied;
}

async function inTransaction(client: Queryable, work: () => Promise<void>): Promise<void> {
  await client.query("BEGIN");
  try {
    await work();
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
}

/**
 * For commands run beside (or instead of) a server: opens the configured database (the embedded
 * one when `DATABASE_URL` is unset: the running one, or started for the command and stopped
 * after), migrated, and runs `work` on a small pool.
 */
export async function withMigratedDatabase<T>(
  config: Pick<Config, "databaseUrl" | "databaseListenUrl" | "dataDir">,
  logger: Logger,
  work: (pool: pg.Pool, applied: string[]) => Promise<T>,
): Promise<T> {
  const database = await openDatabase(config, logger);
  try {
    await ensureDatabase(database.url);
    const pool = createPool(database.url, 2);
    try {
      return await work(pool, await migrate(pool));
    } finally {
      await pool.end();
    }
  } finally {
    await database.stop();
  }
}
