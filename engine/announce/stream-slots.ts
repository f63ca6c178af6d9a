import { randomUUID } from "node:crypto";
import { DomainError } from "../kernel/errors.js";
import { principalHolder } from "../kernel/model.js";
import type { Broker } from "../platform/broker.js";
import { type Pool, withTransaction } from "../platform/db.js";
import type { RedisClient } from "../platform/redis.js";
import { countSlots, lockSlotSet, removeSlot, renewSlots, takeSlot } from "../sql/broker.js";

/** A slot held by one open event stream; released when the stream ends. */
export interface StreamLease {
  release(): Promise<void>;
}

/**
 * Counts the event streams each holder (a key or user) has open across every API process, so
 * that none holds more than `limit`. A slot is leased: its process renews it while the stream is
 * open, and a process that dies without releasing its slots loses them when their leases expire.
 */
export interface StreamSlots {
  readonly limit: number;
  /** Takes a slot of `holder`, or answers undefined when all `limit` are held. `onLost` runs if the lease lapses. */
  acquire(holder: string, onLost: () => void): Promise<StreamLease | undefined>;
  /** The slots of `holder` held now. */
  held(holder: string): Promise<number>;
  /** Releases every slot this process holds and stops renewing. */
  close(): Promise<void>;
}

/** Whose slots a principal's streams take: a key's, a user's or the operator's. */
export const streamHolder = principalHolder;

export const tooManyStreams = (limit: number) =>
  new DomainError(
    429,
    "TOO_MANY_STREAMS",
    `at most ${limit} event streams may be open at once with one key or user; close one first`,
  );

// Times come from Redis's clock (TIME), so that processes whose clocks disagree agree on expiry.
const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/** KEYS[1]: the holder's sorted set (lease → expiry); ARGV: limit, lease ms, lease id. */
const ACQUIRE = `${NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 1`;

/** KEYS: the holders' sets; ARGV: lease ms, then a lease id per key. Answers the ids no longer held. */
const RENEW = `${NOW}
local lost = {}
for i, key in ipairs(KEYS) do
  local id = ARGV[i + 1]
  local expiry = redis.call('ZSCORE', key, id)
  if expiry and tonumber(expiry) > now then
    redis.call('ZADD', key, now + tonumber(ARGV[1]), id)
    if redis.call('PTTL', key) < tonumber(ARGV[1]) then redis.call('PEXPIRE', key, ARGV[1]) end
  else
    redis.call('ZREM', key, id)
    lost[#lost + 1] = id
  end
end
return lost`;

const HELD = `${NOW}
return redis.call('ZCOUNT', KEYS[1], '(' .. now, '+inf')`;

/** Where the leases of the streams are kept: the four things `LeasedStreamSlots` asks of a store. */
interface LeaseStore {
  /** Takes lease `id` in `slotSet` if fewer than `limit` are held there. */
  take(slotSet: string, id: string, limit: number, leaseMs: number): Promise<boolean>;
  /** Renews the leases still held; answers the ids of those that lapsed. */
  renew(slotSets: string[], ids: string[], leaseMs: number): Promise<string[]>;
  count(slotSet: string): Promise<number>;
  remove(slotSet: string, id: string): Promise<unknown>;
}

/**
 * Stream slots over a lease store: a set of lease ids a holder, renewed by one timer a process
 * (every third of a lease) for all its streams.
 */
class LeasedStreamSlots implements StreamSlots {
  private readonly leases = new Map<string, { slotSet: string; onLost: () => void }>();
  private readonly renewal: NodeJS.Timeout;
  /** While the store is away a renewal waits; the next ones are skipped rather than piled up. */
  private renewing = false;

  constructor(
    private readonly store: LeaseStore,
    private readonly prefix: string,
    readonly limit: number,
    private readonly leaseMs: number,
  ) {
    this.renewal = setInterval(() => void this.renew(), Math.max(100, Math.floor(leaseMs / 3)));
    this.renewal.unref();
  }

  private slotSet(holder: string): string {
    return `${this.prefix}:event-streams:${holder}`;
  }

  async acquire(holder: string, onLost: () => void): Promise<StreamLease | undefined> {
    const id = randomUUID();
    const slotSet = this.slotSet(holder);
    if (!(await this.store.take(slotSet, id, this.limit, this.leaseMs))) return undefined;
    this.leases.set(id, { slotSet, onLost });
    return {
      release: async () => {
        if (!this.leases.delete(id)) return;
        await this.store.remove(slotSet, id).catch(() => {}); // or it lapses with its lease
      },
    };
  }

  held(holder: string): Promise<number> {
    return this.store.count(this.slotSet(holder));
  }

  private async renew(): Promise<void> {
    if (this.leases.size === 0 || this.renewing) return;
    this.renewing = true;
    const ids = [...this.leases.keys()];
    const slotSets = ids.map((id) => this.leases.get(id)?.slotSet ?? "");
    // a hiccup of the store: the next renewal tries again; leases outlast a few missed ones
    const lost = await this.store
      .renew(slotSets, ids, this.leaseMs)
      .catch(() => [] as string[])
      .finally(() => {
        this.renewing = false;
      });
    for (const id of lost) {
      const lease = this.leases.get(id);
      this.leases.delete(id);
      lease?.onLost();
    }
  }

  async close(): Promise<void> {
    clearInterval(this.renewal);
    const held = [...this.leases.entries()];
    this.leases.clear();
    await Promise.all(held.map(([id, { slotSet }]) => this.store.remove(slotSet, id).catch(() => {})));
  }
}

/**
 * Leases in Redis: a sorted set a holder of lease ids scored by their expiry. Every key starts
 * with the hash-tagged prefix, so the renewal's many keys share a Redis Cluster slot.
 */
const redisLeases = (redis: RedisClient): LeaseStore => ({
  take: async (key, id, limit, leaseMs) =>
    (await redis.eval(ACQUIRE, 1, key, String(limit), String(leaseMs), id)) === 1,
  renew: async (keys, ids, leaseMs) =>
    (await redis.eval(RENEW, keys.length, ...keys, String(leaseMs), ...ids)) as string[],
  count: async (key) => Number(await redis.eval(HELD, 1, key)),
  remove: (key, id) => redis.zrem(key, id),
});

/** Leases in Postgres (migration 011): a row a lease under its holder's slot set, taken under the set's lock. */
const postgresLeases = (pool: Pool): LeaseStore => ({
  take: (slotSet, id, limit, leaseMs) =>
    withTransaction(pool, async (tx) => {
      await lockSlotSet(tx, slotSet);
      return (await takeSlot(tx, slotSet, id, { limit, leaseMs, wait: false })).acquired;
    }),
  renew: (slotSets, ids, leaseMs) => renewSlots(pool, slotSets, ids, leaseMs),
  count: (slotSet) => countSlots(pool, slotSet),
  remove: (slotSet, id) => removeSlot(pool, slotSet, id),
});

/** The stream slots of the broker's kind. */
export function openStreamSlots(broker: Broker, prefix: string, limit: number, leaseMs: number): StreamSlots {
  const store = broker.kind === "redis" ? redisLeases(broker.redis) : postgresLeases(broker.pool);
  return new LeasedStreamSlots(store, prefix, limit, leaseMs);
}
