import { createHash } from "node:crypto";
import type { Broker } from "../platform/broker.js";
import { type Pool, withTransaction } from "../platform/db.js";
import type { RedisClient } from "../platform/redis.js";
import { handOnSlot, lockSlotSet, takeSlot } from "../sql/broker.js";

/**
 * What asking for a slot answers: one, or when to look again if no release wakes the caller
 * first: when a lease could lapse for the first in line, ten leases for those behind them.
 */
export type SlotAnswer = { acquired: true } | { acquired: false; retryInMs: number };

/**
 * A company's delivery slots: at most `limit` holders at once, each holding its slot for a lease
 * that it renews while it works, so that a holder that dies frees its slot when the lease lapses.
 * A holder refused joins the company's waiters; a release hands the slot to the one that has
 * waited longest and names it, so that it can be woken. Holders are named by the caller (a job id).
 */
export interface DeliverySlots {
  /** Takes a slot (or keeps the one `holder` has, for a new lease); refused, `holder` waits in line. */
  acquire(companyId: string, holder: string): Promise<SlotAnswer>;
  /**
   * A new lease on `holder`'s slot. False when it has none any more (it lapsed, or the store lost
   * it) and none is free to take again.
   */
  renew(companyId: string, holder: string): Promise<boolean>;
  /** Gives the slot back; answers the waiter it was handed to, if any, who should be woken. */
  release(companyId: string, holder: string): Promise<string | null>;
}

export interface SlotOptions {
  /** BullMQ's hash-tagged queue prefix, so that the keys share the queues' Redis Cluster slot. */
  prefix: string;
  limit: number;
  leaseMs: number;
}

// Every script reads the clock of Redis, the one clock all workers share, and first drops the
// holders whose lease has lapsed. A sorted set of holders scored by lease expiry cannot count
// below zero or above the limit, and a Redis that lost the key (restart, flush) starts again
// from no holders instead of from a wrong count.
const NOW_AND_DROP_LAPSED = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local function lease(holder)
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), holder)
  local last = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
  redis.call('PEXPIREAT', KEYS[1], last[2])
end
`;

/** KEYS: slots, waiters. ARGV: holder, limit, lease ms, whether a refused holder joins the waiters. */
const ACQUIRE = `${NOW_AND_DROP_LAPSED}
local holder = ARGV[1]
if redis.call('ZSCORE', KEYS[1], holder) or redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  lease(holder)
  redis.call('ZREM', KEYS[2], holder)
  return -1
end
if ARGV[4] == '1' then
  redis.call('ZADD', KEYS[2], 'NX', now, holder)
  redis.call('PEXPIRE', KEYS[2], 12 * tonumber(ARGV[3]))
  -- Releases hand the slots down the line; only the first \`limit\` waiters need to look when a
  -- lease could lapse (its holder died). Those behind look again only as a safety net.
  if redis.call('ZRANK', KEYS[2], holder) >= tonumber(ARGV[2]) then return 10 * tonumber(ARGV[3]) end
end
local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return tonumber(first[2]) - now
`;

/** KEYS: slots, waiters. ARGV: holder, limit, lease ms. The slot goes to the longest waiter, leased to it. */
const RELEASE = `${NOW_AND_DROP_LAPSED}
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREM', KEYS[2], ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return false end
local next = redis.call('ZPOPMIN', KEYS[2])
if #next == 0 then return false end
lease(next[1])
return next[1]
`;

interface Script {
  lua: string;
  sha: string;
}
const script = (lua: string): Script => ({ lua, sha: createHash("sha1").update(lua).digest("hex") });
const acquireScript = script(ACQUIRE);
const releaseScript = script(RELEASE);

/** Runs a script by its digest, sending its text only to a server that does not have it yet. */
async function run(redis: RedisClient, { lua, sha }: Script, keys: string[], args: (string | number)[]) {
  try {
    return await redis.evalsha(sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
    return redis.eval(lua, keys.length, ...keys, ...args);
  }
}

/** The delivery slots of the broker's kind. */
export function openDeliverySlots(broker: Broker, options: SlotOptions): DeliverySlots {
  return broker.kind === "redis"
    ? redisDeliverySlots(broker.redis, options)
    : postgresDeliverySlots(broker.pool, options);
}

/** Delivery slots in Redis: a sorted set of holders scored by lease expiry, and one of waiters. */
export function redisDeliverySlots(redis: RedisClient, options: SlotOptions): DeliverySlots {
  const keys = (companyId: string) => [
    `${options.prefix}:webhooks:slots:${companyId}`,
    `${options.prefix}:webhooks:slot-waiters:${companyId}`,
  ];
  const ask = async (companyId: string, holder: string, { wait }: { wait: boolean }): Promise<SlotAnswer> => {
    const answer = Number(
      await run(redis, acquireScript, keys(companyId), [
        holder,
        options.limit,
        options.leaseMs,
        wait ? 1 : 0,
      ]),
    );
    return answer < 0 ? { acquired: true } : { acquired: false, retryInMs: answer };
  };
  return {
    acquire: (companyId, holder) => ask(companyId, holder, { wait: true }),
    renew: async (companyId, holder) => (await ask(companyId, holder, { wait: false })).acquired,
    async release(companyId, holder) {
      const next = await run(redis, releaseScript, keys(companyId), [holder, options.limit, options.leaseMs]);
      return typeof next === "string" ? next : null;
    },
  };
}

/**
 * Delivery slots in Postgres (migration 011): a row a holder with its lease's expiry, a row a
 * waiter, each change of a company's slots serialised by a transaction lock on them.
 */
export function postgresDeliverySlots(pool: Pool, options: SlotOptions): DeliverySlots {
  const slotSet = (companyId: string) => `${options.prefix}:webhooks:slots:${companyId}`;
  const ask = (companyId: string, holder: string, { wait }: { wait: boolean }) =>
    withTransaction(pool, async (tx): Promise<SlotAnswer> => {
      await lockSlotSet(tx, slotSet(companyId));
      const taken = await takeSlot(tx, slotSet(companyId), holder, { ...options, wait });
      if (taken.acquired) return { acquired: true };
      // as in Redis: the first `limit` in line look when a lease could lapse, the others much later
      const retryInMs =
        wait && (taken.place ?? 0) >= options.limit
          ? 10 * options.leaseMs
          : Math.max(1, Math.ceil(taken.firstLapseInMs ?? options.leaseMs));
      return { acquired: false, retryInMs };
    });
  return {
    acquire: (companyId, holder) => ask(companyId, holder, { wait: true }),
    renew: async (companyId, holder) => (await ask(companyId, holder, { wait: false })).acquired,
    release: (companyId, holder) =>
      withTransaction(pool, async (tx) => {
        await lockSlotSet(tx, slotSet(companyId));
        return handOnSlot(tx, slotSet(companyId), holder, options.limit, options.leaseMs);
      }),
  };
}
