import { errorMessage, UnreachableError } from "../kernel/errors.js";
import { type Broker, openBroker } from "./broker.js";
import type { Config } from "./config.js";
import { type Database, openDatabase } from "./database.js";
import { createPool, type Pool } from "./db.js";
import type { FileStore } from "./file-store.js";
import { KeyAndSettingsCache } from "./key-and-settings-cache.js";
import { type LiveEvents, openLiveEvents } from "./live-events.js";
import type { Logger } from "./logger.js";
import { createMetrics, type Metrics } from "./metrics.js";
import { ensureDatabase, migrate } from "./migrate.js";
import { openFileStore } from "./open-file-store.js";
import { closeQueues, createQueues, type Queues } from "./queues.js";

/**
 * What the engine's operations run with; opened once by the composition root (`bin/start.ts`).
 * An operation that api/, workers/ or bin/ call takes it first: the whole context, or a `Pick` of
 * what it uses. A step of a caller's transaction takes that transaction (`tx`) first instead, and
 * `engine/sql/` functions take a `Queryable`.
 */
export interface Context {
  config: Config;
  /** Where Postgres is: `DATABASE_URL`, or the embedded Postgres this process started. */
  database: Database;
  pool: Pool;
  /** Redis or Postgres: what carries the queues, counters, slots and live events. */
  broker: Broker;
  queues: Queues;
  logger: Logger;
  /** This process's Prometheus metrics (`GET /metrics`). */
  metrics: Metrics;
  /** Keys' principals and companies' settings, kept in memory until Postgres announces a change. */
  cache: KeyAndSettingsCache;
  /** Where media and export files are kept (`VERDICT_FILE_STORE`). */
  files: FileStore;
  /** Each company's live event stream (`GET /v1/events`). */
  live: LiveEvents;
}

const redact = (url: string) => url.replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");

/**
 * Connects to Postgres (creating and migrating the database; starting the embedded one when
 * `DATABASE_URL` is unset) and to the broker (Redis, or Postgres again), and opens the queues.
 * Throws `UnreachableError` when a configured store cannot be reached.
 */
export async function openContext(config: Config, logger: Logger): Promise<Context> {
  const database = await openDatabase(config, logger);
  try {
    await ensureDatabase(database.url);
  } catch (error) {
    await database.stop();
    throw new UnreachableError(
      `Postgres is not reachable at ${redact(database.url)} (${errorMessage(error)}): start it or set DATABASE_URL`,
    );
  }
  const pool = createPool(database.url, config.databasePoolSize);
  let broker: Broker;
  let files: FileStore;
  try {
    const applied = await migrate(pool);
    if (applied.length > 0) logger.info({ applied }, "database migrated");
    files = await openFileStore(config);
    broker = await openBroker(config, pool, database, logger).catch(async (error) => {
      await files.close();
      throw error;
    });
  } catch (error) {
    await pool.end();
    await database.stop();
    throw error;
  }
  const queues = createQueues(broker, config.queuePrefix);
  return {
    config,
    database,
    pool,
    broker,
    queues,
    logger,
    metrics: createMetrics(queues),
    cache: new KeyAndSettingsCache(database.listenUrl, logger),
    files,
    live: openLiveEvents(broker, config.queuePrefix, logger),
  };
}

export async function closeContext(ctx: Context): Promise<void> {
  await ctx.live.close();
  await ctx.cache.close();
  await closeQueues(ctx.queues);
  await ctx.broker.close();
  await ctx.pool.end();
  await ctx.files.close();
  await ctx.database.stop();
}
