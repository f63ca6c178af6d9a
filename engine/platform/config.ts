import { randomBytes } from "node:crypto";
import { isIP } from "node:net";
import { resolve } from "node:path";

/** Which parts of Verdict one process runs. */
export type Role = "api" | "worker" | "all";

export interface Config {
  port: number;
  host: string;
  redisUrl: string;
  /** `REDIS_CLUSTER_NODES`: when set, Redis is a Cluster reached through these nodes (`REDIS_URL` is unused). */
  redisClusterNodes: { host: string; port: number }[] | undefined;
  databaseUrl: string;
  /**
   * `DATABASE_LISTEN_URL`: where the one connection that listens for key and settings changes
   * goes (engine/platform/key-and-settings-cache.ts); it needs a session of its own, which a transaction-mode pooler does
   * not give. Unset: `DATABASE_URL`.
   */
  databaseListenUrl: string;
  operatorToken: string;
  /** True when the operator token was generated at start and must be shown to the operator. */
  operatorTokenGenerated: boolean;
  /** BullMQ key prefix, hash-tagged (`{verdict}`) so every queue key lands in one Redis Cluster slot. */
  queuePrefix: string;
  role: Role;
  bullBoardReadOnly: boolean;
  webhookAllowPrivate: boolean;
  webhookRetryBaseMs: number;
  /** How long a delivery is retried, from its first attempt, before it is `failed`. */
  webhookRetryForMs: number;
  webhookTimeoutMs: number;
  /** Deliveries of one company in flight at once, across all workers. */
  webhookCompanyConcurrency: number;
  /**
   * How long a delivery's slot is leased at a time (renewed every third of it while the POST
   * runs): a worker that dies frees its slots after this long.
   */
  webhookSlotLeaseMs: number;
  bodyLimitBytes: number;
  /** How many decide jobs one worker process runs at once. */
  decideConcurrency: number;
  /** Sessions carried by one decide job. */
  decideBatchSize: number;
  /**
   * How long one run of a decide job may decide before it goes back to the queue with the rest
   * (engine/deciding/decide.ts), so that an expensive company's batch holds a worker only this long.
   */
  decideRunBudgetMs: number;
  /** How long a session may stay pending before the reconciler looks for its job. */
  reconcileAfterMs: number;
  reconcileEveryMs: number;
  /** How often every process checks that the maintenance schedulers are still in Redis. */
  scheduleCheckMs: number;
  shutdownTimeoutMs: number;
  /** The directory of the export file store (absolute). */
  exportDir: string;
  /** How long a finished export can be downloaded before it is deleted (fractions allowed). */
  exportTtlHours: number;
  /** BullMQ job lock: a worker that stops renewing it (killed) loses its jobs to others after this long. */
  lockDurationMs: number;
  /** How often workers look for stalled jobs (whose lock expired) and hand them out again. */
  stalledIntervalMs: number;
  /** Requests one token (or, without one, one IP) may make a minute; 0 turns the limit off. */
  rateLimitPerMinute: number;
  /** Failed authentications one address may make a minute before it is refused 429; 0 turns the limit off. */
  authFailuresPerMinute: number;
  /**
   * `VERDICT_TRUST_PROXY`, Fastify's `trustProxy`: `false` (the socket's address is the client's),
   * `true` (trust every proxy), a number of hops, or the addresses and CIDRs of trusted proxies.
   */
  trustProxy: boolean | number | string[];
  /** Event streams (`GET /v1/events`) one key may hold open at once, across every API process. */
  eventStreamsPerKey: number;
  /** How long a stream's slot outlives its last renewal, so that a killed process frees its slots. */
  eventStreamLeaseMs: number;
  /** Bytes a stream's socket may hold unsent before the stream is dropped (the client does not keep up). */
  eventStreamBufferBytes: number;
  /** Mean event-loop delay over which the API sheds load with 503; 0 turns it off. */
  maxEventLoopDelayMs: number;
  /** Where a worker-only process serves `/metrics` and `/healthz`; unset: it serves nothing. */
  metricsPort: number | undefined;
  logLevel: string;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new ConfigError(`${name} must be an integer of at least ${min}, got "${raw}"`);
  }
  return value;
}

function positiveNumber(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) {
    throw new ConfigError(`${name} must be a number above 0, got "${raw}"`);
  }
  return value;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  if (raw === "true" || raw === "1") return true;
  if (raw === "false" || raw === "0") return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function url(env: Env, name: string, fallback: string, protocols: string[]): string {
  const raw = env[name] || fallback;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} is not a URL: "${raw}"`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must start with ${protocols.join(" or ")}, got "${raw}"`);
  }
  return raw;
}

function clusterNodes(env: Env, name: string): { host: string; port: number }[] | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return undefined;
  return raw.split(",").map((entry) => {
    const match = /^\s*([A-Za-z0-9_.-]+|\[[0-9A-Fa-f:.]+\]):(\d{1,5})\s*$/.exec(entry);
    const port = Number(match?.[2]);
    if (!match || port < 1 || port > 65535) {
      throw new ConfigError(`${name} must be a comma-separated list of host:port, got "${raw}"`);
    }
    return { host: match[1]!.replace(/^\[|\]$/g, ""), port };
  });
}

/** proxy-addr's names for address ranges, besides addresses and CIDRs. */
const PROXY_RANGE_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

function trustProxy(env: Env, name: string): boolean | number | string[] {
  const raw = (env[name] ?? "").trim();
  if (raw === "" || raw === "false") return false;
  if (raw === "true") return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  const entries = raw.split(",").map((entry) => entry.trim());
  for (const entry of entries) {
    const [address = "", bits, ...extra] = entry.split("/");
    const family = isIP(address);
    const maxBits = family === 6 ? 128 : 32;
    const validBits = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= maxBits);
    if (!PROXY_RANGE_NAMES.has(entry) && (family === 0 || !validBits || extra.length > 0)) {
      throw new ConfigError(
        `${name} must be true, false, a number of hops or a comma-separated list of addresses, CIDRs, loopback, linklocal, uniquelocal; got "${raw}"`,
      );
    }
  }
  return entries;
}

const POSTGRES_PROTOCOLS = ["postgres:", "postgresql:"];

/** Reads and validates the environment once; nothing else in Verdict reads `process.env`. */
export function loadConfig(env: Env = process.env): Config {
  const role = env.VERDICT_ROLE || "all";
  if (role !== "api" && role !== "worker" && role !== "all") {
    throw new ConfigError(`VERDICT_ROLE must be api, worker or all, got "${role}"`);
  }
  const prefix = env.VERDICT_QUEUE_PREFIX || "verdict";
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(prefix)) {
    throw new ConfigError(`VERDICT_QUEUE_PREFIX may hold letters, digits, _ . - (1 to 64), got "${prefix}"`);
  }
  const token = env.VERDICT_OPERATOR_TOKEN;
  if (token !== undefined && token !== "" && token.length < 16) {
    throw new ConfigError("VERDICT_OPERATOR_TOKEN must be at least 16 characters");
  }
  const databaseUrl = url(
    env,
    "DATABASE_URL",
    "postgres://postgres@127.0.0.1:5432/verdict",
    POSTGRES_PROTOCOLS,
  );
  return {
    port: integer(env, "PORT", 3000),
    host: env.HOST || "127.0.0.1",
    redisUrl: url(env, "REDIS_URL", "redis://127.0.0.1:6379", ["redis:", "rediss:"]),
    redisClusterNodes: clusterNodes(env, "REDIS_CLUSTER_NODES"),
    databaseUrl,
    databaseListenUrl: url(env, "DATABASE_LISTEN_URL", databaseUrl, POSTGRES_PROTOCOLS),
    operatorToken: token || `op_${randomBytes(24).toString("base64url")}`,
    operatorTokenGenerated: !token,
    queuePrefix: `{${prefix}}`,
    role,
    bullBoardReadOnly: boolean(env, "VERDICT_BULL_BOARD_READONLY", false),
    webhookAllowPrivate: boolean(env, "VERDICT_WEBHOOK_ALLOW_PRIVATE", false),
    webhookRetryBaseMs: integer(env, "VERDICT_WEBHOOK_RETRY_BASE_MS", 5000, 1),
    webhookRetryForMs: integer(env, "VERDICT_WEBHOOK_RETRY_FOR_MS", 24 * 3_600_000, 0),
    webhookTimeoutMs: integer(env, "VERDICT_WEBHOOK_TIMEOUT_MS", 10_000, 1),
    webhookCompanyConcurrency: integer(env, "VERDICT_WEBHOOK_COMPANY_CONCURRENCY", 4, 1),
    webhookSlotLeaseMs: integer(env, "VERDICT_WEBHOOK_SLOT_LEASE_MS", 15_000, 100),
    bodyLimitBytes: integer(env, "VERDICT_BODY_LIMIT_BYTES", 5 * 1024 * 1024, 1024),
    decideConcurrency: integer(env, "VERDICT_DECIDE_CONCURRENCY", 4, 1),
    decideBatchSize: integer(env, "VERDICT_DECIDE_BATCH_SIZE", 500, 1),
    decideRunBudgetMs: integer(env, "VERDICT_DECIDE_RUN_BUDGET_MS", 50, 0),
    reconcileAfterMs: integer(env, "VERDICT_RECONCILE_AFTER_MS", 60_000, 0),
    reconcileEveryMs: integer(env, "VERDICT_RECONCILE_EVERY_MS", 30_000, 100),
    scheduleCheckMs: integer(env, "VERDICT_SCHEDULE_CHECK_MS", 30_000, 100),
    shutdownTimeoutMs: integer(env, "VERDICT_SHUTDOWN_TIMEOUT_MS", 10_000, 0),
    exportDir: resolve(env.VERDICT_EXPORT_DIR || "./data/exports"),
    exportTtlHours: positiveNumber(env, "VERDICT_EXPORT_TTL_HOURS", 24),
    lockDurationMs: integer(env, "VERDICT_LOCK_DURATION_MS", 30_000, 500),
    stalledIntervalMs: integer(env, "VERDICT_STALLED_INTERVAL_MS", 30_000, 100),
    rateLimitPerMinute: integer(env, "VERDICT_RATE_LIMIT_PER_MINUTE", 6000, 0),
    authFailuresPerMinute: integer(env, "VERDICT_AUTH_FAILURES_PER_MINUTE", 60, 0),
    trustProxy: trustProxy(env, "VERDICT_TRUST_PROXY"),
    eventStreamsPerKey: integer(env, "VERDICT_EVENT_STREAMS_PER_KEY", 20, 1),
    eventStreamLeaseMs: integer(env, "VERDICT_EVENT_STREAM_LEASE_MS", 30_000, 300),
    eventStreamBufferBytes: integer(env, "VERDICT_EVENT_STREAM_BUFFER_BYTES", 1024 * 1024, 1024),
    maxEventLoopDelayMs: integer(env, "VERDICT_MAX_EVENT_LOOP_DELAY_MS", 1000, 0),
    metricsPort: env.VERDICT_METRICS_PORT ? integer(env, "VERDICT_METRICS_PORT", 0, 0) : undefined,
    logLevel: env.LOG_LEVEL || "info",
  };
}
