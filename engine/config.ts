import { randomBytes } from "node:crypto";

/** Which parts of Verdict one process runs. */
export type Role = "api" | "worker" | "all";

export interface Config {
  port: number;
  host: string;
  redisUrl: string;
  databaseUrl: string;
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
  bodyLimitBytes: number;
  /** How many decide jobs one worker process runs at once. */
  decideConcurrency: number;
  /** Sessions carried by one decide job. */
  decideBatchSize: number;
  /** How long a session may stay pending before the reconciler looks for its job. */
  reconcileAfterMs: number;
  reconcileEveryMs: number;
  shutdownTimeoutMs: number;
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
  return {
    port: integer(env, "PORT", 3000),
    host: env.HOST || "127.0.0.1",
    redisUrl: url(env, "REDIS_URL", "redis://127.0.0.1:6379", ["redis:", "rediss:"]),
    databaseUrl: url(env, "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/verdict", [
      "postgres:",
      "postgresql:",
    ]),
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
    bodyLimitBytes: integer(env, "VERDICT_BODY_LIMIT_BYTES", 5 * 1024 * 1024, 1024),
    decideConcurrency: integer(env, "VERDICT_DECIDE_CONCURRENCY", 4, 1),
    decideBatchSize: integer(env, "VERDICT_DECIDE_BATCH_SIZE", 500, 1),
    reconcileAfterMs: integer(env, "VERDICT_RECONCILE_AFTER_MS", 60_000, 0),
    reconcileEveryMs: integer(env, "VERDICT_RECONCILE_EVERY_MS", 30_000, 100),
    shutdownTimeoutMs: integer(env, "VERDICT_SHUTDOWN_TIMEOUT_MS", 10_000, 0),
    logLevel: env.LOG_LEVEL || "info",
  };
}
