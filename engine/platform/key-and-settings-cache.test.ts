import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { call, useTestCompany, useTestVerdict, waitFor } from "../../test/helpers.js";
import { authenticate } from "../companies/keys.js";
import { sha256Hex } from "../kernel/canonical-json.js";
import { KeyAndSettingsCache, keyEntry, settingsEntry } from "./key-and-settings-cache.js";

const verdict = useTestVerdict({ workers: false });
const company = useTestCompany(verdict);

/** A logger that keeps what it is told. */
function recordingLogger() {
  const lines: { level: number; msg: string }[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { lines, logger };
}

/**
 * Runs `test` with a KeyAndSettingsCache of its own, as another API process would have, listening (once
 * `get` was called, as in a process), and closes it afterwards.
 */
async function inOtherProcess(
  test: (cache: KeyAndSettingsCache) => Promise<void>,
  logger = verdict.ctx.logger,
) {
  const cache = new KeyAndSettingsCache(verdict.ctx.database.url, logger);
  try {
    await cache.get("warm-up", async () => undefined);
    await waitFor(() => cache.listening, 5000, "the listener");
    await test(cache);
  } finally {
    await cache.close();
  }
}

/** `get` through a loader that counts how often it read. */
function counting<T>(cache: KeyAndSettingsCache, name: string, value: () => T) {
  let reads = 0;
  const get = () =>
    cache.get(name, async () => {
      reads += 1;
      return value();
    });
  return {
    get,
    reads: () => reads,
    /** Gets it until it has been read `times` in all. */
    readAgain: (times: number) =>
      waitFor(
        async () => {
          await get();
          return reads === times;
        },
        5000,
        `${name} read ${times} times`,
      ),
  };
}

describe("KeyAndSettingsCache", () => {
  it("keeps what it found, and not what it did not", () =>
    inOtherProcess(async (cache) => {
      const found = counting(cache, "found", () => 42);
      expect([await found.get(), await found.get()]).toEqual([42, 42]);
      expect(found.reads()).toBe(1);
      const missing = counting(cache, "missing", () => undefined);
      await missing.get();
      await missing.get();
      expect(missing.reads()).toBe(2);
    }));

  it("drops a key's principal in another process when the key is deleted, and a company's settings when they change", () =>
    inOtherProcess(async (cache) => {
      const hash = sha256Hex(company.agent);
      const key = counting(cache, keyEntry(hash), () => "principal");
      const settings = counting(cache, settingsEntry(company.id), () => "settings");
      await key.get();
      await settings.get();

      await verdict.ctx.pool.query("UPDATE companies SET settings = settings WHERE id = $1", [company.id]);
      await settings.readAgain(2);
      await key.get();
      expect(key.reads()).toBe(1); // another entry's change leaves it alone

      await verdict.ctx.pool.query("UPDATE api_keys SET deleted_at = now() WHERE key_hash = $1", [hash]);
      await key.readAgain(2);
    }));

  it("lets the process that changes an entry drop it at once and wait until Postgres has announced it", () =>
    inOtherProcess(async (cache) => {
      const hash = sha256Hex(company.integrator);
      const entry = counting(cache, keyEntry(hash), () => "principal");
      await entry.get();
      // the test's time-out, not this one, fails the test when no announcement comes
      const changed = cache.changing(keyEntry(hash), 60_000);
      let settled = false;
      const waiting = changed().then(() => {
        settled = true;
      });
      await entry.get();
      expect(entry.reads()).toBe(2); // dropped at once
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(settled).toBe(false); // nothing announced yet
      await verdict.ctx.pool.query("UPDATE api_keys SET name = name WHERE key_hash = $1", [hash]);
      await waiting;
      await cache.changing("nothing changes", 10)(); // gives up after its time-out
      // not listening: nobody will be told, so there is nothing to wait for
      await new KeyAndSettingsCache(verdict.ctx.database.url, verdict.ctx.logger).changing(
        "anything",
        60_000,
      )();
    }));

  it("keeps nothing while it cannot listen, and listens again when it can, saying each once", async () => {
    const { lines, logger } = recordingLogger();
    await inOtherProcess(async (cache) => {
      const entry = counting(cache, "entry", () => 1);
      await entry.get();
      await verdict.ctx.pool.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LISTEN verdict_lookups' AND datname = current_database()",
      );
      await waitFor(() => !cache.listening, 5000, "the listener to be lost");
      await entry.get();
      expect(entry.reads()).toBe(2); // dropped when the channel went
      await waitFor(() => cache.listening, 5000, "the listener back");
      await entry.get();
      await entry.get();
      expect(entry.reads()).toBe(3);
    }, logger);
    expect(lines.map(({ level, msg }) => [level, msg])).toEqual([
      [40, "not listening for key and settings changes; reading them from Postgres until it is back"],
      [30, "listening for key and settings changes again"],
    ]);
  });

  it("without Postgres, reads through every time and says the outage once however long it lasts", async () => {
    const { lines, logger } = recordingLogger();
    const cache = new KeyAndSettingsCache("postgres://postgres@127.0.0.1:1/nowhere", logger, 20);
    try {
      const entry = counting(cache, "entry", () => 1);
      await entry.get();
      await new Promise((resolve) => setTimeout(resolve, 200)); // several more attempts to listen
      await entry.get();
      expect(entry.reads()).toBe(2);
      expect(cache.listening).toBe(false);
      expect(lines.map((line) => line.msg)).toEqual([
        "not listening for key and settings changes; reading them from Postgres until it is back",
      ]);
    } finally {
      await cache.close();
    }
  });
});

describe("authenticate", () => {
  it("refuses a key once its deletion has answered, though this process had it in memory", async () => {
    const created = await call(verdict.app, company.master, "POST", "/v1/api-keys", {
      name: "t",
      role: "agent",
    });
    const { id, key } = created.json();
    await waitFor(async () => (await authenticate(verdict.ctx, key)) && verdict.ctx.cache.listening);
    expect(await authenticate(verdict.ctx, key)).toMatchObject({ kind: "key", keyId: id });
    expect((await call(verdict.app, company.master, "DELETE", `/v1/api-keys/${id}`)).statusCode).toBe(204);
    expect(await authenticate(verdict.ctx, key)).toBeUndefined();
  });
});
