import {
  type BackendFactory,
  PostgresConnection,
  PostgresQueueBackend,
  quoteSchemaName,
  runMigrations,
} from "bullmq";
import pg from "pg";
import { errorMessage, UnreachableError } from "../kernel/errors.js";
import { addToCounter, readCounter, sweepBroker } from "../sql/broker.js";
import type { Config } from "./config.js";
import type { Database } from "./database.js";
import type { Pool } from "./db.js";
import type { Logger } from "./logger.js";
import { createRedis, describeRedis, type RedisClient } from "./redis.js";

/** What a window counter holds now: its count, and how long until its window closes. */
export interface WindowCount {
  count: number;
  resetInMs: number;
}

interface BrokerBase {
  /**
   * Adds `amount` (0: only reads) to counter `key`; a window of `windowMs` opens with its first
   * count, and the count starts again from nothing once the window has closed.
   */
  count(key: string, amount: number, windowMs: number): Promise<WindowCount>;
  /** Answers when the broker answers. */
  ping(): Promise<unknown>;
  /**
   * Calls `listener` each time the broker is back after an outage that may have emptied it (a
   * Redis that restarted without its data). Answers the function that stops calling it.
   */
  onReconnect(listener: () => void): () => void;
  close(): Promise<void>;
}

/** Redis carries the queues (BullMQ), the counters, the slots and the live events: the set-up for volume. */
export interface RedisBroker extends BrokerBase {
  kind: "redis";
  /** Commands wait through outages (BullMQ needs it so). */
  redis: RedisClient;
}

/**
 * Postgres carries them all, in Verdict's own database: the queues in a schema of their own
 * (BullMQ's Postgres backend), the rest in the unlogged tables of migration 011.
 */
export interface PostgresBroker extends BrokerBase {
  kind: "postgres";
  /** Verdict's pool, where the broker's tables are. */
  pool: Pool;
  /** Where a connection that LISTENs goes (`DATABASE_LISTEN_URL`: it needs a session of its own). */
  listenUrl: string;
  /** The queues' pool, its connections' search_path set to their schema. */
  queuePool: pg.Pool;
  /** How BullMQ's Queue and Worker get their Postgres backend (their third argument). */
  backend: BackendFactory;
}

/**
 * What several Verdict processes share besides the system of record, chosen at start: Redis when
 * `REDIS_URL` (or `REDIS_CLUSTER_NODES`) is set, else Postgres. Each feature that needs one of
 * these (queues, rate limits, intake volumes, webhook slots, event-stream slots, live events)
 * has an implementation for each kind, picked by `kind`.
 */
export type Broker = RedisBroker | PostgresBroker;

const SWEEP_EVERY_MS = 60_000;
/** Live events are replayed to reconnecting streams for this long (Redis keeps the last 1000 a company). */
const LIVE_EVENTS_KEPT_MS = 3_600_000;

export async function openBroker(
  config: Config,
  pool: Pool,
  database: Pick<Database, "url" | "listenUrl">,
  logger: Logger,
): Promise<Broker> {
  return config.redisUrl || config.redisClusterNodes
    ? openRedisBroker(config)
    : openPostgresBroker(config, pool, database, logger);
}

// Adds ARGV[1] to a counter; its window of ARGV[2] ms opens with its first count.
const COUNT = `
local n = redis.call('INCRBY', KEYS[1], ARGV[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  if n == 0 then redis.call('DEL', KEYS[1]) return { 0, 0 } end
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  ttl = tonumber(ARGV[2])
end
return { n, ttl }`;

async function openRedisBroker(config: Config): Promise<RedisBroker> {
  const redis = createRedis(config);
  redis.on("error", () => {}); // ioredis reconnects by itself; readiness reports the outage
  // counters are asked on the request path: they answer at once or fail, never wait on Redis
  const fast = createRedis(config, { failFast: true });
  fast.on("error", () => {});
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw new UnreachableError(
      `Redis is not reachable at ${describeRedis(config)} (${errorMessage(error)}): start it or set ${config.redisClusterNodes ? "REDIS_CLUSTER_NODES" : "REDIS_URL"}`,
    );
  }
  await fast.connect().catch(() => {}); // it reconnects by itself
  return {
    kind: "redis",
    redis,
    async count(key, amount, windowMs) {
      const [count, ttl] = (await fast.eval(COUNT, 1, key, String(amount), String(windowMs))) as [
        number,
        number,
      ];
      return { count, resetInMs: ttl };
    },
    ping: () => redis.ping(),
    onReconnect(listener) {
      redis.on("ready", listener);
      return () => redis.off("ready", listener);
    },
    async close() {
      await fast.quit().catch(() => fast.disconnect());
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/**
 * The schema of the queues, named after the queue prefix (as an identifier: lower-case letters,
 * digits and `_`), so that deployments sharing a database stay apart: `verdict_queues`.
 */
export const queueSchema = (config: Pick<Config, "queuePrefix">) =>
  `${config.queuePrefix
    .slice(1, -1)
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, "_")
    .slice(0, 50)}_queues`;

async function openPostgresBroker(
  config: Config,
  pool: Pool,
  database: Pick<Database, "url" | "listenUrl">,
  logger: Logger,
): Promise<PostgresBroker> {
  const schema = queueSchema(config);
  // Queue transitions commit without waiting for the WAL's flush (`synchronous_commit=off`, as
  // Redis without fsync): a Postgres crash may forget the last moments of them, never a session
  // or a delivery, which commit durably through Verdict's own pool; the reconciler queues again
  // what the queues forgot, and deciding twice decides nothing twice. Waiting for each flush
  // held the queues to about 600 transitions a second.
  const options = `-c search_path=${quoteSchemaName(schema)} -c synchronous_commit=off`;
  // each Worker keeps one connection of its own for LISTEN besides these
  const listenConfig = { connectionString: database.listenUrl, options };
  const queuePool = new pg.Pool({
    connectionString: database.url,
    options,
    max: config.databasePoolSize,
    connectionTimeoutMillis: 5000,
  });
  queuePool.setMaxListeners(0); // every Queue and Worker backend listens for its errors
  queuePool.on("error", () => {});
  queuePool.on("connect", (client) => client.on("error", () => {}));
  const client = await queuePool.connect();
  try {
    await runMigrations(client, schema);
  } finally {
    client.release();
  }
  // BullMQ takes a schema only with a pool it builds itself (through a `require('pg')` that an ES
  // module cannot do); so: our pool, our schema, and its LISTEN connections built from `pg` too.
  class SchemaConnection extends PostgresConnection {
    constructor() {
      super(queuePool as never);
      const self = this as unknown as Record<string, unknown>;
      self.schema = schema;
      self.pgModule = pg;
      self.listenClientConfig = listenConfig;
      self.listenClientKeepAlive = true;
    }
  }
  const backend: BackendFactory = (name, opts, factory = {}) => {
    const workerName = (opts as { name?: string }).name;
    const listenName = factory.withBlockingConnection
      ? `${name}${workerName ? `:w:${workerName}` : ""}`
      : factory.blocking
        ? `${name}:qe`
        : undefined;
    return new PostgresQueueBackend(new SchemaConnection(), name, opts as never, true, listenName);
  };
  const sweep = setInterval(() => {
    sweepBroker(pool, LIVE_EVENTS_KEPT_MS).catch((error) =>
      logger.warn({ err: errorMessage(error) }, "could not sweep the broker's tables"),
    );
  }, SWEEP_EVERY_MS);
  sweep.unref();
  return {
    kind: "postgres",
    pool,
    listenUrl: database.listenUrl,
    queuePool,
    backend,
    count: (key, amount, windowMs) =>
      amount === 0 ? readCounter(pool, key) : addToCounter(pool, key, amount, windowMs),
    ping: () => queuePool.query("SELECT 1"),
    // Postgres keeps what it stored through a restart: nothing to put back
    onReconnect: () => () => {},
    async close() {
      clearInterval(sweep);
      await queuePool.end();
    },
  };
}
