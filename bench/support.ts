import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, mkdirSync, openSync, readFileSync } from "node:fs";
import http from "node:http";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import pg from "pg";

/** The repository's root (Verdict's children run from there) and where results go. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const RESULTS_DIR = join(ROOT, "bench", "results");

export const REDIS_URL = process.env.REDIS_URL || "redis://127.0.0.1:6379";
const PG_URL = (process.env.BENCH_PG_URL || "postgres://postgres@127.0.0.1:5432").replace(/\/$/, "");
export const BENCH_DATABASE = process.env.BENCH_DATABASE || "verdict_bench";
export const BENCH_DATABASE_URL = `${PG_URL}/${BENCH_DATABASE}`;
const ADMIN_URL = `${PG_URL}/postgres`;

// ---------------------------------------------------------------- knobs

function integerKnob(name: string, fallback: number, min = 1): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw.replaceAll("_", ""));
  if (!Number.isInteger(value) || value < min) {
    throw new Error(`${name} must be an integer of at least ${min}, got "${raw}"`);
  }
  return value;
}

export const MEASUREMENTS = [
  "rules",
  "ceiling",
  "webhooks",
  "end-to-end",
  "latency",
  "fairness",
  "hostile",
  "reads",
  "console",
  "evidence",
  "postgres",
] as const;
export type Measurement = (typeof MEASUREMENTS)[number];

/** What one `npm run bench` does; every knob is an environment variable (bench/README.md). */
export interface Knobs {
  /** Sessions of the ceiling, the end-to-end run and the fairness flood. */
  sessions: number;
  /** Sessions stored before the reviewer reads are measured. */
  stored: number;
  /** Single sessions a second under steady load, and for how long. */
  rate: number;
  steadySeconds: number;
  /** Seconds of the same load sent first and not measured (fresh connections, a cold JIT). */
  warmupSeconds: number;
  /** The quiet company's single sessions a second during the flood. */
  quietRate: number;
  /** Sessions at the data limits that the hostile neighbour floods. */
  hostileSessions: number;
  /** Whether the end-to-end run is preceded by a warm-up pass of the same sessions, not measured. */
  endToEndWarmup: boolean;
  /** Batch requests in flight at once during the end-to-end run and the flood. */
  parallel: number;
  /** `VERDICT_ROLE=worker` processes started beside the `all` process. */
  extraWorkers: number;
  /** Requests of each reviewer read. */
  reads: number;
  /** Evidence: 2 MiB uploads (16 in flight), 10 MiB uploads at once, 2 MiB reads. */
  evidence: { uploads: number; bigUploads: number; serves: number };
  /** Seconds each rules evaluator is timed, per rule set. */
  rulesSeconds: number;
  /** One company's webhooks at its limit: how long, the endpoint's latency, the limit, worker processes. */
  webhooks: { seconds: number; endpointLatencyMs: number; limit: number; processes: number };
  only: ReadonlySet<Measurement>;
}

export function readKnobs(): Knobs {
  const onlyRaw = process.env.BENCH_ONLY?.trim();
  const only = onlyRaw ? onlyRaw.split(",").map((name) => name.trim()) : [...MEASUREMENTS];
  for (const name of only) {
    if (!(MEASUREMENTS as readonly string[]).includes(name)) {
      throw new Error(`BENCH_ONLY names "${name}"; the measurements are ${MEASUREMENTS.join(", ")}`);
    }
  }
  return {
    sessions: integerKnob("BENCH_SESSIONS", 30_000),
    stored: integerKnob("BENCH_STORED", 1_000_000),
    rate: integerKnob("BENCH_RATE", 1000),
    steadySeconds: integerKnob("BENCH_STEADY_SECONDS", 10),
    warmupSeconds: integerKnob("BENCH_WARMUP_SECONDS", 3, 0),
    quietRate: integerKnob("BENCH_QUIET_RATE", 20),
    hostileSessions: integerKnob("BENCH_HOSTILE_SESSIONS", 2000),
    parallel: integerKnob("BENCH_PARALLEL", 4),
    endToEndWarmup: integerKnob("BENCH_E2E_WARMUP", 1, 0) > 0,
    extraWorkers: integerKnob("BENCH_WORKERS", 1, 0),
    reads: integerKnob("BENCH_READS", 500),
    rulesSeconds: integerKnob("BENCH_RULES_SECONDS", 2),
    evidence: {
      uploads: integerKnob("BENCH_UPLOADS", 300),
      bigUploads: integerKnob("BENCH_BIG_UPLOADS", 20),
      serves: integerKnob("BENCH_SERVES", 500),
    },
    webhooks: {
      seconds: integerKnob("BENCH_WEBHOOK_SECONDS", 30),
      endpointLatencyMs: integerKnob("BENCH_WEBHOOK_LATENCY_MS", 250),
      limit: integerKnob("BENCH_WEBHOOK_LIMIT", 4),
      processes: integerKnob("BENCH_WEBHOOK_PROCESSES", 3),
    },
    only: new Set(only as Measurement[]),
  };
}

// ---------------------------------------------------------------- progress and numbers

const started = Date.now();

/** A progress line, with the seconds since the bench started. */
export function progress(message: string): void {
  const seconds = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
  process.stdout.write(`[bench ${seconds}s] ${message}\n`);
}

/** The resident memory of process `pid` in MB (Linux), or NaN where /proc does not say. */
export function rssMB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kB = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]);
    return kB / 1024;
  } catch {
    return Number.NaN;
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The `p`-th percentile (0..100) by nearest rank; NaN for no values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export interface Distribution {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export function distribution(values: readonly number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}

export const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

export function formatRate(perSecond: number): string {
  return `${Math.round(perSecond).toLocaleString("en-US")}/s`;
}

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return "n/a";
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
}

/** A markdown table; the same text reads well on a terminal. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, i) =>
    Math.max(header.length, ...rows.map((row) => (row[i] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, i) => cell.padEnd(widths[i]!)).join(" | ")} |`;
  return [line(headers), `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`, ...rows.map(line)].join("\n");
}

// ---------------------------------------------------------------- Postgres and Redis

export async function withAdminClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(ADMIN_URL);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function dropBenchDatabase(): Promise<void> {
  await withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS "${BENCH_DATABASE}" WITH (FORCE)`));
}

export function benchPool(): pg.Pool {
  const pool = new pg.Pool({ connectionString: BENCH_DATABASE_URL, max: 4 });
  pool.on("error", () => {});
  return pool;
}

export function createRedis(): Redis {
  // BullMQ workers need maxRetriesPerRequest null
  return new Redis(REDIS_URL, { maxRetriesPerRequest: null });
}

/** Deletes every Redis key that begins with `prefix`; answers how many. */
export async function deleteRedisKeys(prefix: string): Promise<number> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    let cursor = "0";
    let deleted = 0;
    const pattern = `${prefix.replace(/[*?[\]\\]/g, "\\$&")}*`;
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.unlink(...keys);
    } while (cursor !== "0");
    return deleted;
  } finally {
    redis.disconnect();
  }
}

export const randomId = () => randomBytes(4).toString("hex");

// ---------------------------------------------------------------- HTTP

export interface HttpAnswer<T> {
  status: number;
  body: T;
}

/** A keep-alive HTTP/1.1 client for one origin; bodies may be given pre-serialized. */
export class HttpClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

  constructor(readonly origin: string) {}

  request<T = unknown>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown } = {},
  ): Promise<HttpAnswer<T>> {
    const payload =
      options.body === undefined
        ? undefined
        : typeof options.body === "string"
          ? options.body
          : JSON.stringify(options.body);
    const headers: http.OutgoingHttpHeaders = {};
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (payload !== undefined) {
      headers["content-type"] = "application/json";
      headers["content-length"] = Buffer.byteLength(payload);
    }
    return new Promise((resolve, reject) => {
      const request = http.request(
        `${this.origin}${path}`,
        { method, headers, agent: this.agent },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("error", reject);
          response.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let body: unknown = text;
            if (response.headers["content-type"]?.includes("json") && text) {
              try {
                body = JSON.parse(text);
              } catch {
                // keep the text
              }
            }
            resolve({ status: response.statusCode ?? 0, body: body as T });
          });
        },
      );
      request.on("error", reject);
      request.end(payload);
    });
  }

  /** Like `request`, but anything but `expected` is an error naming the call. */
  async expect<T = unknown>(
    expected: number,
    method: string,
    path: string,
    options: { token?: string; body?: unknown } = {},
  ): Promise<T> {
    const answer = await this.request<T>(method, path, options);
    if (answer.status !== expected) {
      throw new Error(
        `${method} ${path} answered ${answer.status}, expected ${expected}: ${JSON.stringify(answer.body).slice(0, 300)}`,
      );
    }
    return answer.body;
  }

  close(): void {
    this.agent.destroy();
  }
}

// ---------------------------------------------------------------- Verdict processes

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface VerdictProcess {
  name: string;
  role: "all" | "worker";
  /** Where the API (role all) or the worker's /healthz and /metrics (role worker) listen. */
  origin: string;
  logFile: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** What every Verdict child of one bench run shares. */
export interface VerdictEnvironment {
  queuePrefix: string;
  operatorToken: string;
  /** The file store (a temporary directory): media and exports. */
  fileDir: string;
}

/**
 * Starts Verdict (`bin/verdict.ts start`) as a child process in its own process group, with its
 * output in `bench/results/<name>.log`, and waits until it answers (`/readyz`, or a worker's
 * `/healthz`). The child is node with tsx's loader, so that signals and `--cpu-prof` (through
 * NODE_OPTIONS) reach Verdict itself rather than an npx or tsx wrapper.
 */
export async function startVerdictProcess(
  name: string,
  role: "all" | "worker",
  shared: VerdictEnvironment,
  /** Overrides: `REDIS_URL: ""` puts the queues in Postgres; `DATABASE_URL: ""` embeds Postgres. */
  overrides: Record<string, string> = {},
): Promise<VerdictProcess> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const port = await freePort();
  const logFile = join(RESULTS_DIR, `${name}.log`);
  const log = openSync(logFile, "w");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: BENCH_DATABASE_URL,
    REDIS_URL,
    VERDICT_QUEUE_PREFIX: shared.queuePrefix,
    VERDICT_OPERATOR_TOKEN: shared.operatorToken,
    VERDICT_ROLE: role,
    // one integrator key sends 1,000 sessions a second here; keep the limiter's Redis round trip
    // on the path (as in production) with a budget the bench does not exhaust
    VERDICT_RATE_LIMIT_PER_MINUTE: process.env.VERDICT_RATE_LIMIT_PER_MINUTE || "100000000",
    VERDICT_FILE_STORE: shared.fileDir,
    LOG_LEVEL: process.env.LOG_LEVEL || "warn",
    ...(role === "all" ? { PORT: String(port) } : { VERDICT_METRICS_PORT: String(port) }),
    ...overrides,
  };
  // Node 20 refuses --cpu-prof in NODE_OPTIONS: profiling flags go on the child's command line
  const nodeArgs = (process.env.BENCH_VERDICT_NODE_ARGS ?? "").split(" ").filter(Boolean);
  if (process.env.BENCH_CPU_PROF === "1") {
    // written when the child exits (the bench stops it with SIGTERM), one a thread:
    // CPU.<date>.<time>.<pid>.<thread>.<n>.cpuprofile, thread 0 being Verdict's main thread
    nodeArgs.push("--cpu-prof", `--cpu-prof-dir=${RESULTS_DIR}`);
  }
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", "bin/verdict.ts", "start"], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ["ignore", log, log],
  });
  closeSync(log);
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once("exit", () => {
      exited = true;
      resolve();
    });
  });
  const origin = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (exited || child.pid === undefined) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => {
      if (!exited && child.pid !== undefined) {
        try {
          process.kill(-child.pid, "SIGKILL");
        } catch {
          // gone already
        }
      }
    }, 20_000);
    await exit;
    clearTimeout(timer);
  };
  const probe = new HttpClient(origin);
  try {
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (exited) throw new Error(`Verdict ${name} exited at start; see ${logFile}`);
      const answer = await probe
        .request("GET", role === "all" ? "/readyz" : "/healthz")
        .catch(() => undefined);
      if (answer?.status === 200) break;
      if (Date.now() > deadline)
        throw new Error(`Verdict ${name} did not become ready in 120 s; see ${logFile}`);
      await sleep(100);
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    probe.close();
  }
  return { name, role, origin, logFile, child, stop };
}

// ---------------------------------------------------------------- the API

export interface BenchCompany {
  id: string;
  name: string;
  master: string;
  integrator: string;
  agent: string;
}

export const HIGH_RISK_COUNTRIES = ["IR", "KP", "SY"];

/** Creates a company with an integrator and an agent key, and a few high-risk countries. */
export async function createCompany(
  api: HttpClient,
  operatorToken: string,
  name: string,
): Promise<BenchCompany> {
  const created = await api.expect<{ id: string; masterKey: string }>(201, "POST", "/v1/companies", {
    token: operatorToken,
    body: { name },
  });
  const key = async (role: string) =>
    (
      await api.expect<{ key: string }>(201, "POST", "/v1/api-keys", {
        token: created.masterKey,
        body: { name: `bench ${role}`, role },
      })
    ).key;
  const settings = await api.expect<Record<string, unknown>>(200, "GET", "/v1/settings", {
    token: created.masterKey,
  });
  await api.expect(200, "PUT", "/v1/settings", {
    token: created.masterKey,
    body: { ...settings, highRiskCountries: HIGH_RISK_COUNTRIES },
  });
  return {
    id: created.id,
    name,
    master: created.masterKey,
    integrator: await key("integrator"),
    agent: await key("agent"),
  };
}

/**
 * Polls until `count` of the company's sessions are decided; answers when it saw it. The probe is
 * the company's latency rollup (`decision_stats`, a few rows), which deciding writes in the
 * statement that records the decisions. Counting the sessions themselves every 20 ms is work
 * that grows with the table, done by the Postgres being measured. Once the rollup says done, the
 * sessions are counted once to confirm it.
 */
export async function waitForDecided(
  pool: pg.Pool,
  companyId: string,
  count: number,
  options: { timeoutMs: number; everyMs?: number; onPoll?: (decided: number) => void },
): Promise<number> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const decided = await countRow(
      pool,
      "SELECT coalesce(sum(count), 0) AS n FROM decision_stats WHERE company_id = $1 AND kind = 'latency'",
      companyId,
    );
    options.onPoll?.(decided);
    if (decided >= count) {
      const seen = performance.now();
      const stored = await countRow(
        pool,
        "SELECT count(*) AS n FROM sessions WHERE company_id = $1 AND status <> 'pending'",
        companyId,
      );
      if (stored < count) throw new Error(`the rollup counts ${decided} decided, the sessions ${stored}`);
      return seen;
    }
    if (Date.now() > deadline) {
      throw new Error(`only ${decided} of ${count} sessions were decided in ${options.timeoutMs / 1000} s`);
    }
    await sleep(options.everyMs ?? 20);
  }
}

async function countRow(pool: pg.Pool, sql: string, companyId: string): Promise<number> {
  const { rows } = await pool.query<{ n: string }>(sql, [companyId]);
  return Number(rows[0]!.n);
}

/** Decision latencies (`decided_at - created_at`, ms) of the given sessions, once all are decided. */
export async function decisionLatencies(
  pool: pg.Pool,
  ids: readonly string[],
  timeoutMs: number,
): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await pool.query<{ ms: number | null }>(
      `SELECT extract(epoch FROM decided_at - created_at)::float8 * 1000 AS ms
         FROM sessions WHERE id = ANY($1::uuid[])`,
      [ids],
    );
    const decided = rows.filter((row) => row.ms !== null);
    if (decided.length >= ids.length) return decided.map((row) => row.ms!);
    if (Date.now() > deadline) {
      throw new Error(
        `only ${decided.length} of ${ids.length} sessions were decided in ${timeoutMs / 1000} s`,
      );
    }
    await sleep(100);
  }
}

/**
 * Sends `bodies` to the batch endpoint, `parallel` requests at a time; answers the sessions
 * accepted. With `retryOverloaded`, a 503 (Verdict shedding load) is sent again after 100 ms, as
 * a client would.
 */
export async function submitBatches(
  api: HttpClient,
  token: string,
  bodies: readonly string[],
  parallel: number,
  options: { retryOverloaded?: boolean } = {},
): Promise<number> {
  let next = 0;
  let accepted = 0;
  const lane = async () => {
    while (next < bodies.length) {
      const body = bodies[next++]!;
      const send = () =>
        api.request<{ accepted: unknown[]; rejected: unknown[] }>("POST", "/v1/sessions/batch", {
          token,
          body,
        });
      let answer = await send();
      while (answer.status === 503 && options.retryOverloaded) {
        await sleep(100);
        answer = await send();
      }
      if (answer.status !== 202) {
        throw new Error(`a batch answered ${answer.status}: ${JSON.stringify(answer.body).slice(0, 300)}`);
      }
      if (answer.body.rejected.length > 0) {
        throw new Error(`a batch rejected sessions: ${JSON.stringify(answer.body.rejected[0])}`);
      }
      accepted += answer.body.accepted.length;
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, bodies.length) }, lane));
  return accepted;
}
