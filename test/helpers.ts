import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import pg from "pg";
import { type DestinationStream, pino } from "pino";
import { afterAll, beforeAll } from "vitest";
import { buildApp } from "../api/app.js";
import type { SessionStatus } from "../engine/kernel/model.js";
import { type Config, loadConfig } from "../engine/platform/config.js";
import { type Context, closeContext, openContext } from "../engine/platform/context.js";
import { createLogger } from "../engine/platform/logger.js";
import { startWorkers, type Workers } from "../workers/index.js";

export { seededRandom, testSeed } from "./random.js";

export const OPERATOR_TOKEN = "op_test_operator_token_0123456789";

/**
 * The broker the suite runs on: Redis when `REDIS_URL` is set where `npm test` runs, else
 * Postgres (BullMQ's Postgres backend and the broker's tables). CI runs the suite in both.
 */
export const BROKER: "redis" | "postgres" = process.env.REDIS_URL ? "redis" : "postgres";
const ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres";

/** The directory of a directory file store (the test Verdicts' default). */
export function fileDirectory(config: Config): string {
  if (config.fileStore.kind !== "directory") throw new Error("the file store is not a directory");
  return config.fileStore.root;
}

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
 * What test Verdicts leave behind until they are closed. `test/setup.ts` closes whatever is left
 * after every test file, even when a hook timed out or failed before the file's own `afterAll`
 * could reach it, so that no database, queue or folder outlives its test.
 */
const unclosed = new Set<() => Promise<void>>();

export async function closeUnclosedVerdicts(): Promise<void> {
  await Promise.all([...unclosed].map((close) => close()));
}

/**
 * A Verdict of its own for one test file: a fresh database, a fresh queue prefix, the API (not
 * listening: use `inject`) and, unless `workers: false`, the workers. `close` removes it all.
 * Load shedding is off (a busy test machine lags; the test of shedding turns it on). `log` makes it
 * log as `npm start` does (Verdict's own logger), at that level, into that stream; else it logs at
 * `LOG_LEVEL` (default silent) to standard output.
 */
export async function startTestVerdict(
  options: {
    workers?: boolean;
    env?: Record<string, string>;
    id?: string;
    log?: { level: string; destination: DestinationStream };
  } = {},
): Promise<TestVerdict> {
  const id = options.id ?? randomBytes(5).toString("hex");
  const database = `verdict_test_${id}`;
  const parts: { ctx?: Context; app?: FastifyInstance; workers?: Workers; fileDir?: string } = {};
  let closing: Promise<void> | undefined;
  let startup: Promise<unknown> = Promise.resolve();
  const close = () => {
    closing ??= (async () => {
      unclosed.delete(close);
      await startup.catch(() => {}); // a startup cut short by a hook's timeout still finishes
      await tearDown(parts, database);
    })();
    return closing;
  };
  unclosed.add(close);

  const started = (async () => {
    parts.fileDir = await mkdtemp(join(tmpdir(), `verdict-files-${id}-`));
    const config = loadConfig({
      DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${database}`,
      ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
      VERDICT_QUEUE_PREFIX: `test-${id}`,
      VERDICT_OPERATOR_TOKEN: OPERATOR_TOKEN,
      VERDICT_RECONCILE_AFTER_MS: "500",
      VERDICT_RECONCILE_EVERY_MS: "300",
      // tests poll hard with one key; the rate-limit test sets its own limit
      VERDICT_RATE_LIMIT_PER_MINUTE: "1000000",
      VERDICT_MAX_EVENT_LOOP_DELAY_MS: "0",
      VERDICT_FILE_STORE: parts.fileDir,
      ...options.env,
    });
    const logger = options.log
      ? createLogger(options.log.level, options.log.destination)
      : pino({ level: process.env.LOG_LEVEL ?? "silent" });
    parts.ctx = await openContext(config, logger);
    parts.app = await buildApp(parts.ctx);
    const { ctx, app } = parts;
    const verdict: TestVerdict = {
      ctx,
      app,
      config,
      async startWorkers() {
        parts.workers = await startWorkers(ctx);
        verdict.workers = parts.workers;
        return parts.workers;
      },
      close,
    };
    if (options.workers !== false) await verdict.startWorkers();
    return verdict;
  })();
  startup = started;
  try {
    return await started;
  } catch (error) {
    await close();
    throw error;
  }
}

/** Closes what a test Verdict opened, each part on its own, so that one failure leaves no other behind. */
async function tearDown(
  parts: { ctx?: Context; app?: FastifyInstance; workers?: Workers; fileDir?: string },
  database: string,
): Promise<void> {
  const { ctx, app, workers, fileDir } = parts;
  const attempt = async (work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (error) {
      console.warn(`test clean-up of ${database}: ${error instanceof Error ? error.message : error}`);
    }
  };
  if (app) await attempt(() => app.close());
  if (workers) await attempt(() => workers.close());
  if (ctx) {
    // In Redis, remove what the test left under its prefix; in Postgres, dropping the database
    // does. With its Redis gone (a test that stopped it), there is nothing there to remove, and
    // commands would wait for it to come back.
    const { broker } = ctx;
    if (broker.kind === "redis" && broker.redis.status === "ready") {
      await attempt(() =>
        Promise.all(Object.values(ctx.queues).map((queue) => queue.obliterate({ force: true }))),
      );
      // what is not a queue's: live event streams, intake volumes, rate-limit counters
      await attempt(async () => {
        const rest = await broker.redis.keys(`${ctx.config.queuePrefix}:*`);
        if (rest.length > 0) await broker.redis.del(...rest);
      });
    } else if (broker.kind === "redis") broker.redis.disconnect();
    await attempt(() => closeContext(ctx));
  }
  await attempt(() => dropDatabase(database));
  if (fileDir) await attempt(() => rm(fileDir, { recursive: true, force: true }));
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

/** The broker's counters whose key starts with `prefix` (rate limits, intake volumes), in either kind. */
export async function brokerCounters(ctx: Context, prefix: string): Promise<string[]> {
  const { broker } = ctx;
  if (broker.kind === "redis") return broker.redis.keys(`${prefix}*`);
  const { rows } = await broker.pool.query<{ key: string }>(
    "SELECT key FROM broker_counters WHERE starts_with(key, $1) AND expires_at > clock_timestamp()",
    [prefix],
  );
  return rows.map((row) => row.key);
}

/**
 * Registers the `beforeAll` that starts a test Verdict for the file (or `describe` block) and the
 * `afterAll` that closes it; answers a handle whose parts are there once the `beforeAll` has run.
 */
export function useTestVerdict(options: Parameters<typeof startTestVerdict>[0] = {}): TestVerdict {
  const verdict = filledLater<TestVerdict>("the test Verdict is not started yet");
  beforeAll(async () => verdict.fill(await startTestVerdict(options)));
  afterAll(() => verdict.filled?.close());
  return verdict.handle;
}

export type TestCompany = Awaited<ReturnType<typeof createCompany>>;

/**
 * Registers the `beforeAll` that creates a company in `verdict` (after `useTestVerdict`'s, which
 * must come first); answers a handle whose id and keys are there once it has run.
 */
export function useTestCompany(verdict: Pick<TestVerdict, "app">, name?: string): TestCompany {
  const company = filledLater<TestCompany>("the test company is not created yet");
  beforeAll(async () => company.fill(await createCompany(verdict.app, name)));
  return company.handle;
}

/**
 * A stand-in for a value a hook makes later: reading or writing a property of `handle` before
 * `fill` throws `notYet`, after it reaches the value itself.
 */
function filledLater<T extends object>(notYet: string) {
  const slot: { filled?: T; handle: T; fill(value: T): void } = {
    fill: (value) => {
      slot.filled = value;
    },
    handle: new Proxy({} as T, {
      get: (_, key) => Reflect.get(value(), key),
      set: (_, key, next) => Reflect.set(value(), key, next),
    }),
  };
  const value = () => {
    if (!slot.filled) throw new Error(`${notYet} (use it inside a test or hook)`);
    return slot.filled;
  };
  return slot;
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

/**
 * Polls `probe` until it answers something truthy. `timeoutMs` only ends a wait that would never
 * succeed: a busy machine can take many times an idle one's time to reach a state, so the wait is
 * never shorter than `MIN_PATIENCE_MS`.
 */
export async function waitFor<T>(
  probe: () => Promise<T> | T,
  timeoutMs = MIN_PATIENCE_MS,
  what = "a condition",
): Promise<Exclude<T, undefined | null | false | 0 | "">> {
  const patience = Math.max(timeoutMs, MIN_PATIENCE_MS);
  const deadline = Date.now() + patience;
  for (;;) {
    const value = await probe();
    if (value) return value as Exclude<T, undefined | null | false | 0 | "">;
    if (Date.now() > deadline) throw new Error(`timed out after ${patience} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const MIN_PATIENCE_MS = 60_000;

const PENDING = {
  sessions: "SELECT count(*)::int AS n FROM sessions WHERE status = 'pending'",
  webhook_deliveries: "SELECT count(*)::int AS n FROM webhook_deliveries WHERE status = 'pending'",
};

/** Waits until no session (or webhook delivery) of the Verdict's database is pending any more. */
export async function waitForNonePending(
  verdict: Pick<TestVerdict, "ctx">,
  what: string,
  of: keyof typeof PENDING = "sessions",
): Promise<void> {
  await waitFor(
    async () => {
      const { rows } = await verdict.ctx.pool.query(PENDING[of]);
      return rows[0].n === 0;
    },
    MIN_PATIENCE_MS,
    what,
  );
}

/** Submits one session through the API and answers its id once it is no longer pending. */
export async function submitAndWaitForDecision(
  verdict: Pick<TestVerdict, "app">,
  company: { integrator: string; agent: string },
  externalId: string,
  data: unknown,
): Promise<string> {
  const submitted = await call(verdict.app, company.integrator, "POST", "/v1/sessions", { externalId, data });
  if (submitted.statusCode !== 202) throw new Error(`session not submitted: ${submitted.body}`);
  const { id } = submitted.json<{ id: string }>();
  await waitFor(
    async () =>
      (await call(verdict.app, company.agent, "GET", `/v1/sessions/${id}`)).json().status !== "pending",
    undefined,
    `session ${externalId} to be decided`,
  );
  return id;
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

/** A session as a test seeds it: what deciding (or liquidation) would have left in the table. */
export interface SeedRow {
  id: string;
  externalId: string;
  /** null for a liquidated session. */
  data: Record<string, unknown> | null;
  dataHash: string | null;
  status: SessionStatus;
  batchId: string;
  createdAt: string | Date;
  /** The decision's reasons; `[]` by default once decided. */
  reasons: string[];
  decidedBy: "engine" | "user" | "sla";
  decidedById: string | null;
  /** When it was decided; `createdAt` by default once decided. */
  decidedAt: string | Date;
  liquidatedAt: string | Date | null;
  /** The search text intake would index, if any. */
  search: string | null;
}

/**
 * Inserts sessions without deciding them, for tests of what reads, exports or recovers them:
 * a row not pending is decided by the first rule set version, by the engine unless told.
 * Answers the ids in the order of `rows`.
 */
export async function seedSessions(
  db: Pick<pg.Pool, "query">,
  companyId: string,
  rows: Partial<SeedRow>[],
): Promise<string[]> {
  const ids: string[] = [];
  for (const [index, row] of rows.entries()) {
    const id = row.id ?? randomUUID();
    const status = row.status ?? "pending";
    const createdAt = row.createdAt ?? new Date();
    const decided = status !== "pending";
    await db.query(
      `WITH session AS (
         INSERT INTO sessions (id, company_id, external_id, data, data_hash, status, batch_id, created_at,
                               outcome, reasons, rule_set_version, decided_by_type, decided_by_id, decided_at,
                               liquidated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       )
       INSERT INTO session_search (session_id, company_id, search) SELECT $1, $2, $16::text WHERE $16::text IS NOT NULL`,
      [
        id,
        companyId,
        row.externalId ?? `seeded-${index}`,
        row.data === undefined ? goodData() : row.data,
        row.dataHash ?? null,
        status,
        row.batchId ?? id,
        createdAt,
        decided ? status : null,
        decided ? JSON.stringify(row.reasons ?? []) : null,
        decided ? 1 : null,
        decided ? (row.decidedBy ?? "engine") : null,
        row.decidedById ?? null,
        decided ? (row.decidedAt ?? createdAt) : null,
        row.liquidatedAt ?? null,
        row.search ?? null,
      ],
    );
    ids.push(id);
  }
  return ids;
}
