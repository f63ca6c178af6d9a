import { afterAll, describe, expect, it } from "vitest";
import { createPool, readInBatches } from "./db.js";

const pool = createPool("postgres://postgres@127.0.0.1:5432/postgres", 2);
afterAll(() => pool.end());

const SERIES = "SELECT n FROM generate_series(1, $1::int) AS n ORDER BY n";

describe("readInBatches", () => {
  it("hands over every row once, in order, in batches of the size asked", async () => {
    const client = await pool.connect();
    try {
      const sizes: number[] = [];
      const seen: number[] = [];
      for await (const rows of readInBatches<{ n: number }>(client, SERIES, [2500], 1000)) {
        sizes.push(rows.length);
        seen.push(...rows.map((row) => row.n));
      }
      expect(sizes).toEqual([1000, 1000, 500]);
      expect(seen).toEqual(Array.from({ length: 2500 }, (_, i) => i + 1));
    } finally {
      client.release();
    }
  });

  it("hands over nothing for no rows, and a batch that fills exactly is followed by none", async () => {
    const client = await pool.connect();
    try {
      const batches = async (count: number) => {
        const sizes: number[] = [];
        for await (const rows of readInBatches(client, SERIES, [count], 100)) sizes.push(rows.length);
        return sizes;
      };
      expect(await batches(0)).toEqual([]);
      expect(await batches(200)).toEqual([100, 100]);
    } finally {
      client.release();
    }
  });

  it("closes the cursor when the reader stops early, leaving the client usable", async () => {
    const client = await pool.connect();
    try {
      for await (const rows of readInBatches<{ n: number }>(client, SERIES, [10_000], 100)) {
        expect(rows[0]?.n).toBe(1);
        break; // the next batch is in flight
      }
      const { rows } = await client.query<{ one: number }>("SELECT 1 AS one");
      expect(rows[0]?.one).toBe(1);
    } finally {
      client.release();
    }
  });

  it("fails with Postgres's error, and the client still answers", async () => {
    const client = await pool.connect();
    try {
      const read = async () => {
        for await (const _ of readInBatches(
          client,
          "SELECT 1 / (n - 3) FROM generate_series(1, 5) AS n",
          [],
          1,
        ));
      };
      await expect(read()).rejects.toThrow(/division by zero/);
      const { rows } = await client.query<{ one: number }>("SELECT 1 AS one");
      expect(rows[0]?.one).toBe(1);
    } finally {
      client.release();
    }
  });
});
