import { randomBytes } from "node:crypto";
import { readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { Redis } from "ioredis";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { ROOT, spawnChild } from "./processes.js";

// The suite's own clean-up, tried on a test file whose hook times out mid-start: its database,
// queue keys, folder and child processes must not outlive it.
describe("a test file whose hook times out", () => {
  it("leaves no database, Redis key, folder or process behind", async () => {
    const id = randomBytes(5).toString("hex");
    const run = spawnChild(
      process.execPath,
      [`${ROOT}/node_modules/vitest/vitest.mjs`, "run", "--config", "test/fixtures/vitest.config.ts"],
      { VERDICT_CLEAN_UP_ID: id },
    );
    const { code } = await run.exited;
    expect(code, run.output()).toBe(1);
    expect(run.output()).toMatch(/Hook timed out/);

    const pid = Number(/child pid (\d+)/.exec(run.output())?.[1]);
    expect(pid).toBeGreaterThan(0);
    expect(() => process.kill(pid, 0), "the child process").toThrow();

    const client = new pg.Client("postgres://postgres@127.0.0.1:5432/postgres");
    await client.connect();
    try {
      const { rows } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [
        `verdict_test_${id}`,
      ]);
      expect(rows, "the database").toEqual([]);
    } finally {
      await client.end();
    }
    const redis = new Redis("redis://127.0.0.1:6379");
    try {
      expect(await redis.keys(`*test-${id}*`), "the queue keys").toEqual([]);
    } finally {
      redis.disconnect();
    }
    expect(
      (await readdir(tmpdir())).filter((name) => name.includes(id)),
      "the folder",
    ).toEqual([]);
  });
});
