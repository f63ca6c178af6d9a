import { Redis } from "ioredis";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { waitFor } from "../../test/helpers.js";
import { freePort } from "../../test/processes.js";
import { createPool, type Pool } from "../platform/db.js";
import { isRetryablePgError, isStoreUnreachable } from "./errors.js";

const POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres";

/** The error `promise` rejects with. */
const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error,
  );

/** A client taken from `pool` whose backend Postgres terminates mid-query, and the error that query got. */
async function terminatedInUse(pool: Pool) {
  const client = await pool.connect();
  const { rows } = await client.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
  const sleeping = rejection(client.query("SELECT pg_sleep(30)"));
  await pool.query("SELECT pg_terminate_backend($1)", [rows[0]?.pid]);
  return { client, terminated: await sleeping };
}

describe("isStoreUnreachable", () => {
  it("knows what pg says when nothing listens, and what Postgres says when it shuts a backend down", async () => {
    const port = await freePort();
    const refused = new pg.Client({
      host: "127.0.0.1",
      port,
      user: "postgres",
      connectionTimeoutMillis: 2000,
    });
    expect(isStoreUnreachable(await rejection(refused.connect()))).toBe(true);

    const pool = createPool(POSTGRES_URL, 2);
    try {
      const { client, terminated } = await terminatedInUse(pool);
      expect((terminated as { code?: string }).code).toBe("57P01");
      expect(isStoreUnreachable(terminated)).toBe(true);
      expect(isRetryablePgError(terminated)).toBe(true);
      client.release(true);
    } finally {
      await pool.end();
    }
  });

  it("knows ioredis giving up on a command while Redis is away", async () => {
    const port = await freePort();
    const redis = new Redis({ port, host: "127.0.0.1", maxRetriesPerRequest: 1, retryStrategy: () => 50 });
    redis.on("error", () => {});
    try {
      expect(isStoreUnreachable(await rejection(redis.ping()))).toBe(true);
    } finally {
      redis.disconnect();
    }
  });

  it("sees through cause and AggregateError; a wrong query, a bug or a file-system error is not the store away", () => {
    expect(isStoreUnreachable({ code: "08006" })).toBe(true);
    expect(isStoreUnreachable({ code: "57P03" })).toBe(true);
    expect(isStoreUnreachable(new Error("timeout exceeded when trying to connect"))).toBe(true);
    expect(isStoreUnreachable(new Error("wrapped", { cause: { code: "ECONNRESET" } }))).toBe(true);
    expect(isStoreUnreachable(new AggregateError([{ code: "ECONNREFUSED" }]))).toBe(true);
    expect(isStoreUnreachable({ code: "42601" })).toBe(false); // syntax_error
    expect(isStoreUnreachable({ code: "23505" })).toBe(false); // unique_violation
    expect(isStoreUnreachable({ code: "EPIPE", path: "/exports/a.csv" })).toBe(false);
    expect(isStoreUnreachable(new TypeError("x is undefined"))).toBe(false);
    expect(isStoreUnreachable(undefined)).toBe(false);
  });
});

describe("a pool client in use", () => {
  it("whose backend is terminated fails its query without ending the process, and the pool goes on", async () => {
    const pool = createPool(POSTGRES_URL, 2);
    try {
      const { client, terminated } = await terminatedInUse(pool);
      // the client's "error" event comes with the closed connection (pg then marks it unusable):
      // unheard, it ends this process. No listener of the test's own, so that it shows Verdict's.
      await waitFor(() => (client as unknown as { _queryable: boolean })._queryable === false);
      client.release(terminated instanceof Error ? terminated : true);
      expect((await pool.query<{ one: number }>("SELECT 1 AS one")).rows[0]?.one).toBe(1);
    } finally {
      await pool.end();
    }
  });
});
