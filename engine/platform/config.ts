import { isIP } from "node:net";
import { join, resolve } from "node:path";
import { FormatRegistry, KindGuard, type StaticDecode, type TSchema, Type } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { pino } from "pino";

/** Which parts of Verdict one process runs. */
export type Role = "api" | "worker" | "all";

export interface Config {
  port: number;
  host: string;
  /** Unset (and no `REDIS_CLUSTER_NODES`): the broker is Postgres (engine/platform/broker.ts). */
  redisUrl: string | undefined;
  /** `REDIS_CLUSTER_NODES`: when set, Redis is a Cluster reached through these nodes (`REDIS_URL` is unused). */
  redisClusterNodes: { host: string; port: number }[] | undefined;
  /** Unset: the embedded Postgres in `dataDir` (engine/platform/database.ts). */
  databaseUrl: string | undefined;
  /**
   * `DATABASE_LISTEN_URL`: where the one connection that listens for key and settings changes
   * goes (engine/platform/key-and-settings-cache.ts); it needs a session of its own, which a transaction-mode pooler does
   * not give. Unset: `DATABASE_URL`.
   */
  databaseListenUrl: string | undefined;
  /** `VERDICT_DATA_DIR` (absolute): the embedded Postgres, export files and the like when not configured elsewhere. */
  dataDir: string;
  /** Postgres connections one process keeps at most, shared by its API and its workers. */
  databasePoolSize: number;
  /** `VERDICT_OPERATOR_TOKEN`; unset: the generated one kept hashed in Postgres (engine/companies/operator-token.ts). */
  operatorToken: string | undefined;
  /** BullMQ key prefix, hash-tagged (`{verdict}`) so every queue key lands in one Redis Cluster slot. */
  queuePrefix: string;
  role: Role;
  bullBoardReadOnly: boolean;
  webhookAllowPrivate: boolean;
  webhookRetryBaseMs: number;
  /** How long a delivery is retried, from its first attempt, before it is `failed`. */
  webhookRetryForMs: number;
  webhookTimeoutMs: number;
  /** Webhook deliveries one worker process attempts at once. */
  webhookConcurrency: number;
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
  /** How often every company's sessions awaiting action past their SLA are looked for (lost `sla` jobs). */
  expireSlaEveryMs: number;
  /** `sla` jobs (parked sessions whose SLA ran out) one worker process runs at once. */
  slaConcurrency: number;
  /** How often sessions past their company's retention are liquidated. */
  retentionEveryMs: number;
  /** How often every process checks that the maintenance schedulers are still in Redis. */
  scheduleCheckMs: number;
  /** Maintenance jobs one worker process runs at once. */
  maintenanceConcurrency: number;
  shutdownTimeoutMs: number;
  /** `VERDICT_FILE_STORE`: where media and export files are kept (engine/platform/file-store.ts). */
  fileStore: FileStoreConfig;
  /** `VERDICT_MEDIA_LIMIT_BYTES`: the largest image or document an upload may hold. */
  mediaLimitBytes: number;
  /** How often files due for removal (liquidated media, uploads a crash cut short) are deleted. */
  removeFilesEveryMs: number;
  /** How long a finished export can be downloaded before it is deleted (fractions allowed). */
  exportTtlHours: number;
  /** Export jobs one worker process writes at once. */
  exportConcurrency: number;
  /** Simulations one worker process runs at once. */
  simulationConcurrency: number;
  /** How often expired export files and those of stopped exports are deleted. */
  expireExportsEveryMs: number;
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
  /** Whether the console's sign-in cookie is `Secure`. */
  cookieSecure: boolean;
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

/**
 * A directory (absolute), or an S3 bucket with a key prefix (no leading or trailing `/`). The S3
 * client takes its credentials from the standard `AWS_*` variables (its default chain); an
 * `endpoint` (`AWS_ENDPOINT_URL_S3` or `AWS_ENDPOINT_URL`) is an S3-compatible server, addressed
 * by path (`http://host/bucket/key`), as MinIO and the like want.
 */
export type FileStoreConfig =
  | { kind: "directory"; root: string }
  | {
      kind: "s3";
      bucket: string;
      prefix: string;
      region: string;
      endpoint: string | undefined;
      /** Unset: the AWS SDK's default chain finds them. */
      credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | undefined;
    };

export class ConfigError extends Error {
  override name = "ConfigError";
}

type Env = Record<string, string | undefined>;

// ---- the formats of the variables that are more than a number, a flag or a word ----

/** What each format takes, as the error for a value it refuses says it. */
const FORMAT_TAKES = new Map<string, string>();

function format(name: string, takes: string, check: (raw: string) => boolean): string {
  FormatRegistry.Set(name, check);
  FORMAT_TAKES.set(name, takes);
  return name;
}

/**
 * A string of a format whose value Verdict reads into something else: the format accepts what
 * `read` can read, and decoding answers what it read. `write` is the way back, which TypeBox
 * asks of every transform.
 */
function readFormat<T>(
  name: string,
  takes: string,
  read: (raw: string) => T | undefined,
  write: (value: T) => string,
  options: { description: string; default?: string },
) {
  format(name, takes, (raw) => read(raw) !== undefined);
  return Type.Transform(Type.String({ ...options, format: name }))
    .Decode((raw) => {
      const value = read(raw);
      // unreachable: Value.Decode checks the format first
      if (value === undefined) throw new ConfigError(`not ${takes}: "${raw}"`);
      return value;
    })
    .Encode(write);
}

const url = (protocols: string[]) => (raw: string) =>
  URL.canParse(raw) && protocols.includes(new URL(raw).protocol);

/** A DNS name (labels of letters, digits, `-` and, as container names have them, `_`) or an IP address. */
function isHostname(raw: string): boolean {
  if (isIP(raw) !== 0) return true;
  return (
    raw.length <= 253 &&
    raw.split(".").every((label) => /^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/.test(label))
  );
}

function hostPorts(raw: string): { host: string; port: number }[] | undefined {
  const nodes: { host: string; port: number }[] = [];
  for (const entry of raw.split(",")) {
    const match = /^\s*([A-Za-z0-9_.-]+|\[[0-9A-Fa-f:.]+\]):(\d{1,5})\s*$/.exec(entry);
    const port = Number(match?.[2]);
    if (!match || port < 1 || port > 65535) return undefined;
    nodes.push({ host: match[1]!.replace(/^\[|\]$/g, ""), port });
  }
  return nodes;
}

/** The bucket and key prefix of an `s3://bucket/prefix` URL; undefined for anything else. */
function s3Location(raw: string): { bucket: string; prefix: string } | undefined {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/([^?#]*))?$/.exec(raw);
  if (!match) return undefined;
  return { bucket: match[1]!, prefix: (match[2] ?? "").replace(/^\/+|\/+$/g, "") };
}

/** proxy-addr's names for address ranges, besides addresses and CIDRs. */
const PROXY_RANGE_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

function trustedProxies(raw: string): boolean | number | string[] | undefined {
  const trimmed = raw.trim();
  if (trimmed === "false") return false;
  if (trimmed === "true") return true;
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const entries = trimmed.split(",").map((entry) => entry.trim());
  const valid = entries.every((entry) => {
    if (PROXY_RANGE_NAMES.has(entry)) return true;
    const [address = "", bits, ...extra] = entry.split("/");
    const family = isIP(address);
    const maxBits = family === 6 ? 128 : 32;
    const validBits = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= maxBits);
    return family !== 0 && validBits && extra.length === 0;
  });
  return valid ? entries : undefined;
}

const POSTGRES_URL = format(
  "postgres-url",
  "a postgres: or postgresql: URL",
  url(["postgres:", "postgresql:"]),
);
const REDIS_URL = format("redis-url", "a redis: or rediss: URL", url(["redis:", "rediss:"]));
const HTTP_URL = format("http-url", "an http: or https: URL", url(["http:", "https:"]));
const FILE_STORE = format(
  "file-store",
  "a directory or an s3://bucket/prefix URL",
  (raw) => !raw.startsWith("s3:") || s3Location(raw) !== undefined,
);
const LISTEN_HOST = format("listen-host", "a hostname or an IP address", isHostname);

/** pino's levels, and `silent`. */
const LOG_LEVELS = [...Object.keys(pino.levels.values), "silent"];

/** A count or a duration in milliseconds. */
const integer = (minimum: number, defaultValue: number, description: string) =>
  Type.Integer({ minimum, default: defaultValue, description });
const flag = (description: string) => Type.Boolean({ default: false, description });
const port = (options: { default?: number; description: string }) =>
  Type.Integer({ minimum: 0, maximum: 65535, ...options });

// ---- the variables ----

/**
 * Every environment variable Verdict reads, with its type, bounds, default and, in `description`,
 * what the README's configuration table says of it. A property marked `secret` is never echoed in
 * an error.
 */
export const ConfigSchema = Type.Object({
  PORT: port({ default: 3000, description: "HTTP listen port" }),
  HOST: Type.String({
    format: LISTEN_HOST,
    default: "127.0.0.1",
    description: "HTTP listen address: a hostname or an IP address (`0.0.0.0` or `::`: every interface)",
  }),
  REDIS_URL: Type.Optional(
    Type.String({
      format: REDIS_URL,
      description:
        "the Redis of the queues, rate limits, slots and live events (the set-up for volume, see Scaling); unset: they live in Postgres",
    }),
  ),
  REDIS_CLUSTER_NODES: Type.Optional(
    readFormat(
      "host-port-list",
      "a comma-separated list of host:port",
      hostPorts,
      (nodes) => nodes.map((node) => `${node.host}:${node.port}`).join(","),
      {
        description:
          "`host:port,host:port,…`: use a Redis Cluster reached through these nodes instead of `REDIS_URL` (see Scaling)",
      },
    ),
  ),
  DATABASE_URL: Type.Optional(
    Type.String({
      format: POSTGRES_URL,
      description:
        "the system of record, created if missing and migrated at start; unset: an embedded Postgres that Verdict starts itself, its files in `VERDICT_DATA_DIR/postgres`",
    }),
  ),
  VERDICT_DATA_DIR: Type.String({
    default: "./data",
    description:
      "where an all-in-one Verdict keeps what it stores on disk (resolved from the working directory): the embedded Postgres, the generated operator token, and files (media, exports) unless `VERDICT_FILE_STORE` says otherwise",
  }),
  DATABASE_LISTEN_URL: Type.Optional(
    Type.String({
      format: POSTGRES_URL,
      description:
        "the one connection that listens for key and settings changes; point it past a transaction-mode pooler (see Scaling). Unset: `DATABASE_URL`",
    }),
  ),
  VERDICT_DATABASE_POOL_SIZE: integer(
    1,
    10,
    "Postgres connections one process keeps open at most, shared by its API and its workers; with the queues in Postgres, the queues keep a second pool of this size",
  ),
  VERDICT_OPERATOR_TOKEN: Type.Optional(
    Type.String({
      minLength: 16,
      secret: true,
      description:
        "the operator's bearer token (16+ characters); unset: generated at the first start, printed once and kept hashed in the database (`verdict operator-token rotate` replaces it)",
    }),
  ),
  VERDICT_QUEUE_PREFIX: readFormat(
    "queue-prefix",
    "1 to 64 letters, digits, _ . or -",
    (raw) => (/^[A-Za-z0-9_.-]{1,64}$/.test(raw) ? `{${raw}}` : undefined),
    (prefix) => prefix.slice(1, -1),
    { default: "verdict", description: "BullMQ key prefix (hash-tagged as `{verdict}` for Redis Cluster)" },
  ),
  VERDICT_ROLE: Type.Union([Type.Literal("api"), Type.Literal("worker"), Type.Literal("all")], {
    default: "all",
    description: "`api`, `worker` or `all`",
  }),
  VERDICT_BULL_BOARD_READONLY: flag("Bull Board shows the queues but cannot retry, remove, pause or clean"),
  VERDICT_WEBHOOK_ALLOW_PRIVATE: flag("allow webhook URLs on loopback or private addresses"),
  VERDICT_WEBHOOK_RETRY_BASE_MS: integer(
    1,
    5000,
    "first webhook retry delay; each next one about four times longer (±20% jitter)",
  ),
  VERDICT_WEBHOOK_RETRY_FOR_MS: integer(
    0,
    24 * 3_600_000,
    "how long a delivery is retried before it is `failed`; an endpoint failing that long without a success is switched off",
  ),
  VERDICT_WEBHOOK_TIMEOUT_MS: integer(1, 10_000, "how long an endpoint may take to answer"),
  VERDICT_WEBHOOK_CONCURRENCY: integer(1, 32, "webhook deliveries one worker process attempts at once"),
  VERDICT_WEBHOOK_COMPANY_CONCURRENCY: integer(
    1,
    4,
    "one company's deliveries in flight at once, across all workers",
  ),
  VERDICT_WEBHOOK_SLOT_LEASE_MS: integer(
    100,
    15_000,
    "how long a delivery's slot is leased (renewed while its request runs): a killed worker's slots are free again after this long",
  ),
  VERDICT_BODY_LIMIT_BYTES: integer(1024, 5 * 1024 * 1024, "largest request body"),
  VERDICT_DECIDE_BATCH_SIZE: integer(1, 500, "sessions one decide job carries"),
  VERDICT_DECIDE_CONCURRENCY: integer(1, 4, "decide jobs one worker process runs at once"),
  VERDICT_DECIDE_RUN_BUDGET_MS: integer(
    0,
    50,
    "how long one run of a decide job may decide before the rest of its batch goes back to the queue, so that one expensive company holds a worker only this long",
  ),
  VERDICT_RECONCILE_AFTER_MS: integer(0, 60_000, "when a pending session counts as lost"),
  VERDICT_RECONCILE_EVERY_MS: integer(100, 30_000, "how often the reconciler looks"),
  VERDICT_EXPIRE_SLA_EVERY_MS: integer(
    100,
    60_000,
    "how often sessions awaiting action past their company's SLA are rejected, should their `sla` job be lost",
  ),
  VERDICT_SLA_CONCURRENCY: integer(
    1,
    2,
    "`sla` jobs (parked sessions whose SLA ran out) one worker process runs at once",
  ),
  VERDICT_RETENTION_EVERY_MS: integer(
    100,
    3_600_000,
    "how often sessions past their company's retention are liquidated",
  ),
  VERDICT_SCHEDULE_CHECK_MS: integer(
    100,
    30_000,
    "how often every process checks that the maintenance job schedulers are in Redis (a `FLUSHALL` removes them without a reconnect)",
  ),
  VERDICT_MAINTENANCE_CONCURRENCY: integer(
    1,
    1,
    "maintenance jobs (reconcile, SLA expiry, retention, export expiry, file removal) one worker process runs at once",
  ),
  VERDICT_SHUTDOWN_TIMEOUT_MS: integer(0, 10_000, "how long a stopping process lets running work finish"),
  VERDICT_FILE_STORE: Type.Optional(
    Type.String({
      format: FILE_STORE,
      description:
        "where media and export files are kept: a directory (resolved from the working directory), or `s3://bucket/prefix` for an S3-compatible store (see Evidence); every process of a deployment must see the same store. Unset: `VERDICT_DATA_DIR/files`",
    }),
  ),
  AWS_REGION: Type.String({ default: "us-east-1", description: "the S3 store's region" }),
  AWS_ENDPOINT_URL_S3: Type.Optional(
    Type.String({
      format: HTTP_URL,
      description:
        "an S3-compatible server (MinIO and the like), addressed by path; unset: `AWS_ENDPOINT_URL`, else AWS itself",
    }),
  ),
  AWS_ENDPOINT_URL: Type.Optional(
    Type.String({ format: HTTP_URL, description: "as `AWS_ENDPOINT_URL_S3`, for every AWS service" }),
  ),
  AWS_ACCESS_KEY_ID: Type.Optional(
    Type.String({
      description:
        "with `AWS_SECRET_ACCESS_KEY` (and `AWS_SESSION_TOKEN`), the S3 store's credentials; unset: the AWS SDK's default chain (profiles, instance and container roles)",
    }),
  ),
  AWS_SECRET_ACCESS_KEY: Type.Optional(
    Type.String({ secret: true, description: "the secret of `AWS_ACCESS_KEY_ID`" }),
  ),
  AWS_SESSION_TOKEN: Type.Optional(
    Type.String({ secret: true, description: "a temporary session's token, with `AWS_ACCESS_KEY_ID`" }),
  ),
  VERDICT_MEDIA_LIMIT_BYTES: integer(1, 10 * 1024 * 1024, "the largest image or document an upload may hold"),
  VERDICT_REMOVE_FILES_EVERY_MS: integer(
    100,
    60_000,
    "how often files due for removal (liquidated sessions' media, uploads a crash cut short) are deleted",
  ),
  VERDICT_EXPORT_TTL_HOURS: Type.Number({
    exclusiveMinimum: 0,
    default: 24,
    description:
      "how long a finished export can be downloaded before its file is deleted (fractions allowed)",
  }),
  VERDICT_EXPORT_CONCURRENCY: integer(1, 2, "export jobs one worker process writes at once"),
  VERDICT_SIMULATION_CONCURRENCY: integer(
    1,
    1,
    "simulations of draft condition sets one worker process runs at once (a company runs at most 2 at once)",
  ),
  VERDICT_EXPIRE_EXPORTS_EVERY_MS: integer(
    100,
    600_000,
    "how often the files of expired exports are deleted",
  ),
  VERDICT_LOCK_DURATION_MS: integer(
    500,
    30_000,
    "BullMQ's job lock: a killed worker's jobs go to another within about this and `VERDICT_STALLED_INTERVAL_MS` together",
  ),
  VERDICT_STALLED_INTERVAL_MS: integer(100, 30_000, "how often workers look for jobs whose lock expired"),
  VERDICT_RATE_LIMIT_PER_MINUTE: integer(
    0,
    6000,
    "requests one key (or the operator) may make a minute, counted in Redis across API processes; `0` turns it off",
  ),
  VERDICT_AUTH_FAILURES_PER_MINUTE: integer(
    0,
    60,
    "failed authentications one address (an IPv6 /64) may make a minute before unknown tokens from it get `429`; `0` turns it off",
  ),
  VERDICT_COOKIE_SECURE: Type.Boolean({
    default: true,
    description:
      "the console's sign-in cookie is `Secure` (sent over HTTPS only); `false` for plain HTTP on a trusted network or in development",
  }),
  VERDICT_TRUST_PROXY: readFormat(
    "trust-proxy",
    "true, false, a number of hops or a comma-separated list of addresses, CIDRs, loopback, linklocal, uniquelocal",
    trustedProxies,
    (trust) => (Array.isArray(trust) ? trust.join(",") : String(trust)),
    {
      default: "false",
      description:
        "behind a proxy: `true` (every hop), a number of hops, or the proxies' addresses or CIDRs (`10.0.0.0/8,fd00::/8`; `loopback`, `linklocal`, `uniquelocal`), so that the client's address comes from `X-Forwarded-For`",
    },
  ),
  VERDICT_EVENT_STREAMS_PER_KEY: integer(
    1,
    20,
    "`GET /v1/events` streams one key may hold open at once, across API processes",
  ),
  VERDICT_EVENT_STREAM_LEASE_MS: integer(
    300,
    30_000,
    "how long a stream's slot outlives a process that died holding it",
  ),
  VERDICT_EVENT_STREAM_BUFFER_BYTES: integer(
    1024,
    1024 * 1024,
    "unsent bytes a stream may hold before it is closed (the client reconnects with `Last-Event-ID`)",
  ),
  VERDICT_MAX_EVENT_LOOP_DELAY_MS: integer(
    0,
    1000,
    "mean event-loop delay above which the API sheds load (`503 OVERLOADED`); `0` turns it off",
  ),
  VERDICT_METRICS_PORT: Type.Optional(
    port({ description: "a `VERDICT_ROLE=worker` process serves `/metrics` and `/healthz` on this port" }),
  ),
  LOG_LEVEL: Type.Union(
    LOG_LEVELS.map((level) => Type.Literal(level)),
    { default: "info", description: "pino level; logs are JSON, pretty on a terminal" },
  ),
});

type Settings = StaticDecode<typeof ConfigSchema>;

// ---- reading the environment ----

/**
 * The variables the schema names, as its numbers and flags. An empty (or blank) variable counts
 * as unset. Not TypeBox's `Value.Convert`: it reads integers with `parseInt`, so "1.5" or "1e3"
 * would pass as 1.
 */
function fromEnvironment(env: Env): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(ConfigSchema.properties)) {
    const raw = env[name];
    if (raw === undefined || raw.trim() === "") continue;
    values[name] = asSchemaScalar(schema, raw);
  }
  return values;
}

function asSchemaScalar(schema: TSchema, raw: string): unknown {
  if (KindGuard.IsInteger(schema) || KindGuard.IsNumber(schema)) {
    const value = Number(raw);
    return Number.isNaN(value) ? raw : value;
  }
  if (KindGuard.IsBoolean(schema)) {
    if (raw === "true" || raw === "1") return true;
    if (raw === "false" || raw === "0") return false;
  }
  return raw;
}

/** What a variable takes, in the words of its error. */
function takes(schema: TSchema): string {
  const formatTakes = typeof schema.format === "string" ? FORMAT_TAKES.get(schema.format) : undefined;
  if (formatTakes) return formatTakes;
  if (KindGuard.IsUnion(schema)) {
    const words = schema.anyOf.map((literal) => String(literal.const));
    return `${words.slice(0, -1).join(", ")} or ${words.at(-1)}`;
  }
  if (KindGuard.IsInteger(schema)) {
    if (schema.maximum !== undefined) return `an integer from ${schema.minimum} to ${schema.maximum}`;
    return `an integer of at least ${schema.minimum}`;
  }
  if (KindGuard.IsNumber(schema)) return `a number above ${schema.exclusiveMinimum}`;
  if (KindGuard.IsBoolean(schema)) return "true or false";
  if (KindGuard.IsString(schema) && schema.minLength !== undefined)
    return `at least ${schema.minLength} characters`;
  return "a string";
}

/** One line a refused variable: its name, what it got (unless it is a secret) and what it takes. */
function refusals(env: Env, values: Record<string, unknown>): string[] {
  const names = new Set([...Value.Errors(ConfigSchema, values)].map((error) => error.path.slice(1)));
  return [...names].map((name) => {
    const schema = ConfigSchema.properties[name as keyof Settings];
    const got = schema.secret === true ? "" : `, got "${env[name]}"`;
    return `${name} must be ${takes(schema)}${got}`;
  });
}

/** Reads and validates the environment once; nothing else in Verdict reads `process.env`. */
export function loadConfig(env: Env = process.env): Config {
  const values = Value.Default(ConfigSchema, fromEnvironment(env));
  const refused = refusals(env, values as Record<string, unknown>);
  if (refused.length > 0) throw new ConfigError(refused.join("; "));
  const config = toConfig(Value.Decode(ConfigSchema, values));
  if (config.role === "worker" && !config.databaseUrl) {
    throw new ConfigError(
      "a worker-only process (VERDICT_ROLE=worker) needs DATABASE_URL: it shares the database of the Verdict it works for, and an embedded Postgres is one process's own",
    );
  }
  return config;
}

function toConfig(settings: Settings): Config {
  return {
    port: settings.PORT,
    host: settings.HOST,
    redisUrl: settings.REDIS_URL,
    redisClusterNodes: settings.REDIS_CLUSTER_NODES,
    databaseUrl: settings.DATABASE_URL,
    databaseListenUrl: settings.DATABASE_LISTEN_URL ?? settings.DATABASE_URL,
    dataDir: resolve(settings.VERDICT_DATA_DIR),
    databasePoolSize: settings.VERDICT_DATABASE_POOL_SIZE,
    operatorToken: settings.VERDICT_OPERATOR_TOKEN,
    queuePrefix: settings.VERDICT_QUEUE_PREFIX,
    role: settings.VERDICT_ROLE,
    bullBoardReadOnly: settings.VERDICT_BULL_BOARD_READONLY,
    webhookAllowPrivate: settings.VERDICT_WEBHOOK_ALLOW_PRIVATE,
    webhookRetryBaseMs: settings.VERDICT_WEBHOOK_RETRY_BASE_MS,
    webhookRetryForMs: settings.VERDICT_WEBHOOK_RETRY_FOR_MS,
    webhookTimeoutMs: settings.VERDICT_WEBHOOK_TIMEOUT_MS,
    webhookConcurrency: settings.VERDICT_WEBHOOK_CONCURRENCY,
    webhookCompanyConcurrency: settings.VERDICT_WEBHOOK_COMPANY_CONCURRENCY,
    webhookSlotLeaseMs: settings.VERDICT_WEBHOOK_SLOT_LEASE_MS,
    bodyLimitBytes: settings.VERDICT_BODY_LIMIT_BYTES,
    decideConcurrency: settings.VERDICT_DECIDE_CONCURRENCY,
    decideBatchSize: settings.VERDICT_DECIDE_BATCH_SIZE,
    decideRunBudgetMs: settings.VERDICT_DECIDE_RUN_BUDGET_MS,
    reconcileAfterMs: settings.VERDICT_RECONCILE_AFTER_MS,
    reconcileEveryMs: settings.VERDICT_RECONCILE_EVERY_MS,
    expireSlaEveryMs: settings.VERDICT_EXPIRE_SLA_EVERY_MS,
    slaConcurrency: settings.VERDICT_SLA_CONCURRENCY,
    retentionEveryMs: settings.VERDICT_RETENTION_EVERY_MS,
    scheduleCheckMs: settings.VERDICT_SCHEDULE_CHECK_MS,
    maintenanceConcurrency: settings.VERDICT_MAINTENANCE_CONCURRENCY,
    shutdownTimeoutMs: settings.VERDICT_SHUTDOWN_TIMEOUT_MS,
    fileStore: fileStoreConfig(settings),
    mediaLimitBytes: settings.VERDICT_MEDIA_LIMIT_BYTES,
    removeFilesEveryMs: settings.VERDICT_REMOVE_FILES_EVERY_MS,
    exportTtlHours: settings.VERDICT_EXPORT_TTL_HOURS,
    exportConcurrency: settings.VERDICT_EXPORT_CONCURRENCY,
    simulationConcurrency: settings.VERDICT_SIMULATION_CONCURRENCY,
    expireExportsEveryMs: settings.VERDICT_EXPIRE_EXPORTS_EVERY_MS,
    lockDurationMs: settings.VERDICT_LOCK_DURATION_MS,
    stalledIntervalMs: settings.VERDICT_STALLED_INTERVAL_MS,
    rateLimitPerMinute: settings.VERDICT_RATE_LIMIT_PER_MINUTE,
    authFailuresPerMinute: settings.VERDICT_AUTH_FAILURES_PER_MINUTE,
    trustProxy: settings.VERDICT_TRUST_PROXY,
    cookieSecure: settings.VERDICT_COOKIE_SECURE,
    eventStreamsPerKey: settings.VERDICT_EVENT_STREAMS_PER_KEY,
    eventStreamLeaseMs: settings.VERDICT_EVENT_STREAM_LEASE_MS,
    eventStreamBufferBytes: settings.VERDICT_EVENT_STREAM_BUFFER_BYTES,
    maxEventLoopDelayMs: settings.VERDICT_MAX_EVENT_LOOP_DELAY_MS,
    metricsPort: settings.VERDICT_METRICS_PORT,
    logLevel: settings.LOG_LEVEL,
  };
}

function fileStoreConfig(settings: Settings): FileStoreConfig {
  const raw = settings.VERDICT_FILE_STORE ?? join(settings.VERDICT_DATA_DIR, "files");
  const s3 = s3Location(raw);
  if (!s3) return { kind: "directory", root: resolve(raw) };
  return {
    kind: "s3",
    ...s3,
    region: settings.AWS_REGION,
    endpoint: settings.AWS_ENDPOINT_URL_S3 ?? settings.AWS_ENDPOINT_URL,
    credentials:
      settings.AWS_ACCESS_KEY_ID && settings.AWS_SECRET_ACCESS_KEY
        ? {
            accessKeyId: settings.AWS_ACCESS_KEY_ID,
            secretAccessKey: settings.AWS_SECRET_ACCESS_KEY,
            ...(settings.AWS_SESSION_TOKEN ? { sessionToken: settings.AWS_SESSION_TOKEN } : {}),
          }
        : undefined,
  };
}
