import { errorMessage } from "../kernel/errors.js";
import type { Config } from "./config.js";
import { createPool, type Pool } from "./db.js";
import { type FileStore, openFileStore } from "./file-store.js";
import { KeyAndSettingsCache } from "./key-and-settings-cache.js";
import type { Logger } from "./logger.js";
import { createMetrics, type Metrics } from "./metrics.js";
import { ensureDatabase, migrate } from "./migrate.js";
import { closeQueues, createQueues, type Queues } from "./queues.js";
import { createRedis, describeRedis, type RedisClient } from "./redis.js";

/**
 * What the engine's operations run with; opened once by the composition root (`bin/start.ts`).
 * An operation that api/, workers/ or bin/ call takes it first: the whole context, or a `Pick` of
 * what it uses. A step of a caller's transaction takes that transaction (`tx`) first instead, and
 * `engine/sql/` functions take a `Queryable`.
 */
export interface Context {
  config: Config;
  pool: Pool;
  /** One Redis server or a Redis Cluster; commands wait through outages. */
  redis: RedisClient;
  queues: Queues;
  logger: Logger;
  /** This process's Prometheus metrics (`GET /metrics`). */
  metrics: Metrics;
  /** Keys' principals and companies' settings, kept in memory until Postgres announces a change. */
  cache: KeyAndSettingsCache;
  /** Where export files are kept. */
  files: FileStore;
}

/** Redis or Postgres could not be reached at start; the message says which URL and what to do. */
export class UnreachableError extends Error {
  override name = "UnreachableError";
}

const redact = (url: string) => url.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");

/**
 * Connects to Postgres (creating and migrating the database) and Redis, and opens the queues.
 * Throws `UnreachableError` when either cannot be reached.
 */
export async function openContext(config: Config, logger: Logger): Promise<Context> {
  try {
    await ensureDatabase(config.databaseUrl);
  } catch (error) {
    throw new UnreachableError(
      `Postgres is not reachable at ${redact(config.databaseUrl)} (${errorMessage(error)}): start it or set DATABASE_URL`,
    );
  }
  const pool = createPool(config.databaseUrl, config.databasePoolSize);
  const applied = await migrate(pool);
  if (applied.length > 0) logger.info({ applied }, "database migrated");

  const redis = createRedis(config);
  redis.on("error", () => {}); // ioredis reconnects by itself; readiness reports the outage
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    await pool.end();
    throw new UnreachableError(
      `Redis is not reachable at ${describeRedis(config)} (${errorMessage(error)}): start it or set ${config.redisClusterNodes ? "REDIS_CLUSTER_NODES" : "REDIS_URL"}`,
    );
  }
  const queues = createQueues(redis, config.queuePrefix);
  return {
    config,
    pool,
    redis,
    queues,
    logger,
    metrics: createMetrics(queues),
    cache: new KeyAndSettingsCache(config.databaseListenUrl, logger),
    files: openFileStore(config),
  };
}

export async function closeContext(ctx: Context): Promise<void> {
  await ctx.cache.close();
  await closeQueues(ctx.queues);
  await ctx.redis.quit().catch(() => ctx.redis.disconnect());
  await ctx.pool.end();
  await ctx.files.close();
}
