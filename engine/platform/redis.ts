import { Cluster, type ClusterOptions, Redis, type RedisOptions } from "ioredis";
import type { Config } from "./config.js";

/** One Redis server, or a Redis Cluster (`REDIS_CLUSTER_NODES`); BullMQ takes either. */
export type RedisClient = Redis | Cluster;

/**
 * Opens (lazily: call `connect`) the Redis that `config` names. Commands wait through an outage
 * and reconnects (`maxRetriesPerRequest: null`, as BullMQ needs); `failFast` makes a client that
 * answers an error at once instead, for callers that must not wait on Redis (rate limits).
 */
export function createRedis(config: Config, options: { failFast?: boolean } = {}): RedisClient {
  const base: RedisOptions = {
    maxRetriesPerRequest: options.failFast ? 1 : null,
    connectTimeout: 3000,
    ...(options.failFast ? { enableOfflineQueue: false } : {}),
  };
  if (config.redisClusterNodes) {
    const cluster: ClusterOptions = {
      lazyConnect: true,
      redisOptions: base,
      ...(options.failFast ? { enableOfflineQueue: false } : {}),
    };
    return new Cluster(config.redisClusterNodes, cluster);
  }
  if (!config.redisUrl) throw new Error("no Redis is configured (REDIS_URL)");
  return new Redis(config.redisUrl, { ...base, lazyConnect: true });
}

/** Where `config`'s Redis is, for messages (without credentials). */
export function describeRedis(config: Config): string {
  if (config.redisClusterNodes) {
    return `the Redis Cluster at ${config.redisClusterNodes.map((n) => `${n.host}:${n.port}`).join(",")}`;
  }
  return (config.redisUrl ?? "no Redis").replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");
}
