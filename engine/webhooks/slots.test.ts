import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { BROKER, useTestVerdict, waitFor } from "../../test/helpers.js";
import { type DeliverySlots, postgresDeliverySlots, redisDeliverySlots, type SlotOptions } from "./slots.js";

const prefix = `{test-slots-${randomBytes(4).toString("hex")}}`;
const verdict = useTestVerdict({ workers: false });

/** What a test reads of one company's slots in a store, besides the slots themselves. */
interface Store {
  slots(options: SlotOptions): DeliverySlots;
  holders(slotSet: string): Promise<string[]>;
  count(slotSet: string): Promise<number>;
  /** What a Redis restart or flush (or an unlogged table after a crash) does to the slots. */
  lose(slotSet: string, waiters: string): Promise<unknown>;
  now(): Promise<number>;
}

const redis = BROKER === "redis" ? new Redis(process.env.REDIS_URL ?? "") : undefined;
afterAll(async () => {
  if (!redis) return;
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

const inRedis = (redis: Redis): Store => ({
  slots: (options) => redisDeliverySlots(redis, options),
  holders: (slotSet) => redis.zrange(slotSet, 0, -1),
  count: (slotSet) => redis.zcard(slotSet),
  lose: (slotSet, waiters) => redis.del(slotSet, waiters),
  async now() {
    const [seconds, micros] = await redis.time();
    return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
  },
});

const inPostgres = (): Store => {
  const query = async <T>(text: string, values: unknown[] = []) =>
    (await verdict.ctx.pool.query(text, values)).rows as T[];
  return {
    slots: (options) => postgresDeliverySlots(verdict.ctx.pool, options),
    holders: async (slotSet) =>
      (
        await query<{ holder: string }>(
          "SELECT holder FROM broker_slots WHERE slot_set = $1 AND expires_at > clock_timestamp() ORDER BY expires_at",
          [slotSet],
        )
      ).map((row) => row.holder),
    count: async (slotSet) =>
      (
        await query<{ n: number }>(
          "SELECT count(*)::int AS n FROM broker_slots WHERE slot_set = $1 AND expires_at > clock_timestamp()",
          [slotSet],
        )
      )[0]!.n,
    lose: async (slotSet, waiters) => {
      await query("DELETE FROM broker_slots WHERE slot_set = $1", [slotSet]);
      await query("DELETE FROM broker_slot_waiters WHERE slot_set = $1", [
        waiters.replace("slot-waiters", "slots"),
      ]);
    },
    now: async () =>
      (await query<{ ms: number }>("SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS ms"))[0]!
        .ms,
  };
};

const stores: [string, () => Store][] = [["Postgres", inPostgres]];
if (redis) stores.unshift(["Redis", () => inRedis(redis)]);

let companies = 0;

describe.each(stores)("delivery slots in %s", (_name, open) => {
  /** A company of its own for each test, and its slots with `limit` and `leaseMs`. */
  function setUp(limit: number, leaseMs: number) {
    const store = open();
    const company = `company-${++companies}`;
    const slotsKey = `${prefix}:webhooks:slots:${company}`;
    return {
      company,
      slots: store.slots({ prefix, limit, leaseMs }),
      holders: () => store.holders(slotsKey),
      count: () => store.count(slotsKey),
      lose: () => store.lose(slotsKey, `${prefix}:webhooks:slot-waiters:${company}`),
      now: () => store.now(),
    };
  }
  it("frees the slot of a holder that dies when its lease lapses", async () => {
    const { company, slots, holders } = setUp(1, 300);
    expect(await slots.acquire(company, "dies")).toEqual({ acquired: true });
    const refused = await slots.acquire(company, "next");
    expect(refused.acquired).toBe(false);
    expect(refused.acquired === false && refused.retryInMs).toBeGreaterThan(0);
    expect(refused.acquired === false && refused.retryInMs).toBeLessThanOrEqual(300);

    await waitFor(async () => (await slots.acquire(company, "next")).acquired, 10_000, "the lease to lapse");
    expect(await holders()).toEqual(["next"]);
    // the dead holder, back after its lease lapsed, finds its slot taken
    expect(await slots.renew(company, "dies")).toBe(false);
  });

  it("keeps the slot of a holder that renews it past its lease", async () => {
    const { company, slots, now } = setUp(1, 300);
    await slots.acquire(company, "alive");
    const until = (await now()) + 1000;
    await waitFor(async () => {
      expect(await slots.renew(company, "alive")).toBe(true);
      return (await now()) > until;
    });
    expect((await slots.acquire(company, "other")).acquired).toBe(false);
  });

  it("hands a released slot to the longest waiter, whom a newcomer cannot overtake", async () => {
    const { company, slots, holders } = setUp(1, 10_000);
    await slots.acquire(company, "a");
    expect((await slots.acquire(company, "b")).acquired).toBe(false);
    expect((await slots.acquire(company, "c")).acquired).toBe(false);
    expect((await slots.acquire(company, "b")).acquired).toBe(false); // still first in line
    expect(await slots.release(company, "a")).toBe("b");
    expect(await holders()).toEqual(["b"]);
    expect((await slots.acquire(company, "newcomer")).acquired).toBe(false);
    expect(await slots.acquire(company, "b")).toEqual({ acquired: true });
    expect(await slots.release(company, "b")).toBe("c");
    expect(await slots.release(company, "c")).toBe("newcomer");
    expect(await slots.release(company, "newcomer")).toBeNull();
    expect(await holders()).toEqual([]);
  });

  it("starts again from no holders when the store loses the slots, never below zero", async () => {
    const { company, slots, count, lose } = setUp(4, 10_000);
    for (const holder of ["a", "b", "c", "d"]) await slots.acquire(company, holder);
    await lose();
    for (const holder of ["a", "b", "c", "d"]) expect(await slots.release(company, holder)).toBeNull();
    expect(await count()).toBe(0);
    for (const holder of ["e", "f", "g", "h"]) {
      expect(await slots.acquire(company, holder)).toEqual({ acquired: true });
    }
    expect((await slots.acquire(company, "i")).acquired).toBe(false);
    expect(await slots.renew(company, "a")).toBe(false);
    expect(await count()).toBe(4);
  });

  it("holds between zero and the limit under concurrent acquires and releases, also across a loss", async () => {
    const limit = 4;
    const { company, slots, count, lose } = setUp(limit, 300);
    const wakers = new Map<string, () => void>();
    const woken = new Set<string>();
    const wake = (holder: string | null) => {
      if (!holder) return;
      const waker = wakers.get(holder);
      if (waker) waker();
      else woken.add(holder);
    };
    /** A holder that waits its turn: woken by a release, or when the first lease would lapse. */
    const take = async (holder: string) => {
      for (;;) {
        const answer = await slots.acquire(company, holder);
        if (answer.acquired) return;
        if (woken.delete(holder)) continue;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, answer.retryInMs);
          wakers.set(holder, () => {
            clearTimeout(timer);
            resolve();
          });
        });
        wakers.delete(holder);
      }
    };
    const seen: number[] = [];
    let running = true;
    const sampling = (async () => {
      while (running) seen.push(await count());
    })();
    let rounds = 0;
    const holders = Array.from({ length: 40 }, async (_, i) => {
      for (let round = 0; round < 10; round++) {
        const holder = `h${i}-${round}`;
        await take(holder);
        if (++rounds === 200) await lose();
        wake(await slots.release(company, holder));
      }
    });
    try {
      await Promise.all(holders);
    } finally {
      running = false;
      await sampling;
    }
    expect(rounds).toBe(400);
    expect(seen.length).toBeGreaterThan(0);
    // a slow round lets the sampler take many samples: no spreading them into arguments
    expect(seen.filter((n) => n < 0 || n > limit)).toEqual([]);
    expect(await count()).toBe(0);
  });
});
