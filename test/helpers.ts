import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import pg from "pg";
import { pino } from "pino";
import { buildApp } from "../api/app.js";
import { type Config, loadConfig } from "../engine/config.js";
import { type Context, closeContext, openContext } from "../engine/context.js";
import { startWorkers, type Workers } from "../workers/index.js";

export const OPERATOR_TOKEN = "op_test_operator_token_0123456789";
const ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres";

export interface TestVerdict {
  ctx: Context;
  app: FastifyInstance;
  workers?: Workers;
  config: Config;
  /** Starts the workers (when the test began without them). */
  startWorkers(): Promise<Workers>;
  close(): Promise<void>;
}

/**
 * A Verdict of its own for one test file: a fresh database, a fresh queue prefix, the API (not
 * listening: use `inject`) and, unless `workers: false`, the workers. `close` removes it all.
 */
export async function startTestVerdict(
  options: { workers?: boolean; env?: Record<string, string> } = {},
): Promise<TestVerdict> {
  const id = randomBytes(5).toString("hex");
  const database = `verdict_test_${id}`;
  const exportDir = await mkdtemp(join(tmpdir(), `verdict-exports-${id}-`));
  const config = loadConfig({
    DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${database}`,
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    VERDICT_QUEUE_PREFIX: `test-${id}`,
    VERDICT_OPERATOR_TOKEN: OPERATOR_TOKEN,
    VERDICT_RECONCILE_AFTER_MS: "500",
    VERDICT_RECONCILE_EVERY_MS: "300",
    // tests poll hard with one key; the rate-limit test sets its own limit
    VERDICT_RATE_LIMIT_PER_MINUTE: "1000000",
    VERDICT_EXPORT_DIR: exportDir,
    ...options.env,
  });
  const ctx = await openContext(config, pino({ level: process.env.LOG_LEVEL ?? "silent" }));
  const app = await buildApp(ctx);
  const verdict: TestVerdict = {
    ctx,
    app,
    config,
    async startWorkers() {
      verdict.workers = await startWorkers(ctx);
      return verdict.workers;
    },
    async close() {
      await app.close();
      await verdict.workers?.close();
      await Promise.all(Object.values(ctx.queues).map((queue) => queue.obliterate({ force: true })));
      // what is not a queue's: live event streams, intake volumes, rate-limit counters
      const rest = await ctx.redis.keys(`${config.queuePrefix}:*`);
      if (rest.length > 0) await ctx.redis.del(...rest);
      await closeContext(ctx);
      await dropDatabase(database);
      await rm(exportDir, { recursive: true, force: true });
    },
  };
  if (options.workers !== false) await verdict.startWorkers();
  return verdict;
}

async function dropDatabase(name: string): Promise<void> {
  const client = new pg.Client(ADMIN_URL);
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

/** Sends a request with a bearer token and a JSON body. */
export function call(
  app: FastifyInstance,
  token: string | undefined,
  method: InjectOptions["method"],
  url: string,
  body?: unknown,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method,
    url,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    ...(body === undefined ? {} : { payload: body as InjectOptions["payload"] }),
  });
}

/** Creates a company and answers its id with a key of every role. */
export async function createCompany(app: FastifyInstance, name = "Acme") {
  const created = await call(app, OPERATOR_TOKEN, "POST", "/v1/companies", { name });
  if (created.statusCode !== 201) throw new Error(`company not created: ${created.body}`);
  const { id, masterKey } = created.json<{ id: string; masterKey: string }>();
  const key = async (role: string) => {
    const response = await call(app, masterKey, "POST", "/v1/api-keys", { name: role, role });
    return response.json<{ key: string }>().key;
  };
  return { id, master: masterKey, integrator: await key("integrator"), agent: await key("agent") };
}

/** Polls `probe` until it answers something truthy; fails after `timeoutMs`. */
export async function waitFor<T>(
  probe: () => Promise<T> | T,
  timeoutMs = 10_000,
  what = "a condition",
): Promise<Exclude<T, undefined | null | false | 0 | "">> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as Exclude<T, undefined | null | false | 0 | "">;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Waits until no session of the Verdict's database is pending any more. */
export async function waitForNonePending(verdict: Pick<TestVerdict, "ctx">, what: string): Promise<void> {
  await waitFor(
    async () => {
      const { rows } = await verdict.ctx.pool.query(
        "SELECT count(*)::int AS n FROM sessions WHERE status = 'pending'",
      );
      return rows[0].n === 0;
    },
    30_000,
    what,
  );
}

/** A session's data that the default condition set accepts. */
export function goodData(overrides: Record<string, unknown> = {}) {
  return {
    documentType: "PASSPORT",
    liveness: { passed: true, score: 0.97 },
    faceMatch: { matchLevel: 5, confidence: 91 },
    document: { valid: true, mrzValid: true, expiryDate: "2031-04-01" },
    person: {
      firstName: "Nino",
      lastName: "Beridze",
      birthDate: "1990-05-05",
      nationality: "GE",
      documentNumber: "13AB45678",
      personalNumber: "01001012345",
    },
    ip: { address: "203.0.113.7", country: "GE" },
    ...overrides,
  };
}

/**
 * How many engine decisions were recorded: every decision adds one to its day's latency
 * histogram in the same statement that records it, so this counts decisions, a double one twice.
 */
export async function engineDecisions(ctx: Pick<Context, "pool">, companyId?: string): Promise<number> {
  const { rows } = await ctx.pool.query<{ n: number }>(
    `SELECT coalesce(sum(count), 0)::int AS n FROM decision_stats
      WHERE kind = 'latency' AND ($1::uuid IS NULL OR company_id = $1)`,
    [companyId ?? null],
  );
  return rows[0]!.n;
}
