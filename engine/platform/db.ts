import pg from "pg";
import Cursor from "pg-cursor";
import { isStoreUnreachable } from "../kernel/errors.js";

/** What a query function runs on: the pool, or a client inside a transaction. */
export type Queryable = Pick<pg.Pool, "query"> | pg.PoolClient;
export type Pool = pg.Pool;

// timestamptz → Date (default), bigint (COUNT, identity ids) → string kept as text by default.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/**
 * A statement Postgres parses and plans once per connection and then only executes: for the few
 * that every session or request runs, where planning cost more than running (a single-session
 * intake insert: about 200 µs of its CPU). `name` must be unique to `text`.
 */
export function prepared(name: string, text: string, values: unknown[]): pg.QueryConfig {
  return { name, text, values };
}

export function createPool(databaseUrl: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: databaseUrl, max, connectionTimeoutMillis: 5000 });
  // An idle client that loses its connection emits here; the pool replaces it.
  pool.on("error", () => {});
  // A client in use emits "error" too when Postgres goes away (a restart terminates every
  // backend): without a listener that event would end the process. Its query fails with the same
  // error, and the pool drops the client when it comes back.
  pool.on("connect", (client) => client.on("error", () => {}));
  return pool;
}

/** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
export async function withTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    // a connection that Postgres shut down may not know it yet: the pool must not hand it out again
    if (isStoreUnreachable(error)) broken = error instanceof Error ? error : new Error(String(error));
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release(broken);
  }
}

/**
 * A query's rows in batches, through a cursor on `client` (constant memory). The next batch is
 * asked for before this one is handed over, so that Postgres reads it while the caller works on
 * this one.
 */
export async function* readInBatches<T>(
  client: pg.PoolClient,
  text: string,
  values: unknown[],
  batchSize: number,
): AsyncGenerator<T[]> {
  const cursor = client.query(new Cursor<T>(text, values));
  let next = cursor.read(batchSize);
  try {
    for (;;) {
      const rows = await next;
      if (rows.length === 0) return;
      next = rows.length < batchSize ? Promise.resolve([]) : cursor.read(batchSize);
      yield rows;
    }
  } finally {
    await next.catch(() => []); // a read still in flight ends before the cursor closes
    await cursor.close();
  }
}
