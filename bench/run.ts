/**
 * `npm run bench`: Verdict's benchmarks against the local Redis and Postgres, side by side with
 * the one-job-per-session ceiling. bench/README.md says what each measurement does.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import type pg from "pg";
import { type CeilingResult, measureCeiling } from "./ceiling.js";
import { measureConsole } from "./console.js";
import { CpuMonitor, describeCores, microsPer, OUTSIDE_KEY, POSTGRES_REST_KEY } from "./cpu.js";
import { measureEndToEnd } from "./end-to-end.js";
import { measureEvidence } from "./evidence.js";
import { measureFairness, measureHostileNeighbour } from "./fairness.js";
import { measureSteadyLatency } from "./latency.js";
import { generateSessions } from "./payloads.js";
import { measureReads } from "./reads.js";
import { type BenchResults, detail, machineInfo, summarize, summaryTable, writeResults } from "./report.js";
import { measureRules } from "./rules.js";
import {
  BENCH_DATABASE,
  benchPool,
  deleteRedisKeys,
  dropBenchDatabase,
  HttpClient,
  type Knobs,
  MEASUREMENTS,
  progress,
  ROOT,
  randomId,
  readKnobs,
  startVerdictProcess,
  type VerdictProcess,
} from "./support.js";
import { measureWebhooks } from "./webhooks.js";

const SERVER_MEASUREMENTS = [
  "end-to-end",
  "latency",
  "fairness",
  "hostile",
  "reads",
  "console",
  "evidence",
  "postgres",
] as const;

/** Everything a run starts, so that it can all be stopped and removed, also on failure or Ctrl-C. */
class Run {
  readonly id = randomId();
  readonly queuePrefix = `bench-${this.id}`;
  readonly ceilingPrefix = `bench-ceiling-${this.id}`;
  readonly operatorToken = `op_bench_${randomBytes(16).toString("hex")}`;
  readonly processes: VerdictProcess[] = [];
  api?: HttpClient;
  pool?: pg.Pool;
  fileDir?: string;
  usesDatabase = false;
  /** Set by SIGINT/SIGTERM: whatever fails after that is the interruption's doing. */
  interrupted = false;
  private cleaning?: Promise<void>;

  cleanup(): Promise<void> {
    this.cleaning ??= (async () => {
      this.api?.close();
      await this.pool?.end().catch(() => {});
      await Promise.all(this.processes.map((p) => p.stop()));
      if (this.usesDatabase)
        await dropBenchDatabase().catch((e) => progress(`could not drop the database: ${e}`));
      // Verdict's keys are `{prefix}:…` (hash-tagged); the ceiling's are left only by an interrupted run
      const removed = await deleteRedisKeys(`{${this.queuePrefix}}`).catch(() => 0);
      await deleteRedisKeys(this.ceilingPrefix).catch(() => 0);
      if (this.fileDir) await rm(this.fileDir, { recursive: true, force: true });
      if (this.usesDatabase) {
        progress(
          `cleaned up: ${this.processes.length} Verdict processes stopped, ${BENCH_DATABASE} dropped, ${removed} Redis keys removed`,
        );
      }
    })();
    return this.cleaning;
  }
}

function logSummary(processes: readonly VerdictProcess[]) {
  return processes.map((p) => {
    let lines: string[] = [];
    try {
      lines = readFileSync(p.logFile, "utf8").split("\n").filter(Boolean);
    } catch {
      // no log
    }
    const errors = lines.filter((line) => /"level":(50|60)\b/.test(line)).length;
    return { file: relative(ROOT, p.logFile), lines: lines.length, errors };
  });
}

async function main(knobs: Knobs, run: Run): Promise<BenchResults> {
  const results: BenchResults = {
    date: new Date().toISOString(),
    ...machineInfo(),
    knobs: { ...knobs, only: [...knobs.only] },
    processes: [],
    coresUsed: {},
    cpuMicrosPerSession: {},
    logs: [],
    summary: [],
  };
  const children = () => run.processes.map((p) => ({ name: p.name, pid: p.child.pid }));
  /** Runs one step and records the cores each part used; with `units`, CPU µs per unit too. */
  const measure = async <T>(
    name: string,
    work: () => Promise<T>,
    options: { units?: number; periodic?: boolean } = {},
  ): Promise<T> => {
    const monitor = new CpuMonitor(children(), { periodic: options.periodic });
    const value = await work();
    const use = monitor.stop();
    results.coresUsed[name] = use.cores;
    progress(`${name}: cores used — ${describeCores(use.cores)}`);
    if (options.units) {
      const micros = microsPer(use, options.units);
      results.cpuMicrosPerSession[name] = micros;
      const mine = Object.entries(micros).filter(([part, us]) => part !== POSTGRES_REST_KEY && us > 0);
      progress(
        `${name}: CPU per session — ${mine
          .sort((a, b) => b[1] - a[1])
          .map(([part, us]) => `${part} ${us} µs`)
          .join(", ")} (total ${mine.reduce((sum, [, us]) => sum + us, 0)} µs)`,
      );
    }
    const outside = (use.cores[OUTSIDE_KEY] ?? 0) + (use.cores[POSTGRES_REST_KEY] ?? 0);
    if (outside > 0.25) {
      progress(
        `${name}: WARNING: work outside this bench used ${outside.toFixed(2)} cores meanwhile; figures are low`,
      );
    }
    return value;
  };
  const print = (title: string, text: string) => process.stdout.write(`\n## ${title}\n\n${text}\n\n`);

  const sessions = generateSessions(knobs.sessions, "s");

  if (knobs.only.has("rules")) {
    results.rules = await measure("rules", () => measureRules({ seconds: knobs.rulesSeconds }), {
      periodic: false,
    });
    print("Rules: evaluations per second on one core", detail.rules(results.rules));
  }
  /** The ceiling, once more each time: the best run is the one Verdict is held against. */
  const ceilingRuns: CeilingResult[] = [];
  const measureCeilingAgain = async (label: string) => {
    const prefix = `${run.ceilingPrefix}-${ceilingRuns.length + 1}`;
    ceilingRuns.push(
      await measure(label, () => measureCeiling(sessions, prefix), { units: sessions.length }),
    );
    results.ceilingRuns = ceilingRuns;
    results.ceiling = ceilingRuns.reduce((best, r) => (r.jobsPerSecond > best.jobsPerSecond ? r : best));
    print("Ceiling: raw BullMQ, one no-op job per session", detail.ceiling(ceilingRuns));
  };
  if (knobs.only.has("ceiling")) await measureCeilingAgain("ceiling");
  if (knobs.only.has("webhooks")) {
    results.webhooks = await measure("webhooks", () => measureWebhooks(knobs.webhooks));
    print("Webhooks: one company at its limit, a slow endpoint", detail.webhooks(results.webhooks));
  }
  if (!SERVER_MEASUREMENTS.some((name) => knobs.only.has(name))) return results;

  progress(`starting Verdict: a fresh bench database, queue prefix ${run.queuePrefix}`);
  await dropBenchDatabase();
  run.usesDatabase = true;
  run.fileDir = await mkdtemp(join(tmpdir(), "verdict-bench-files-"));
  const shared = { queuePrefix: run.queuePrefix, operatorToken: run.operatorToken, fileDir: run.fileDir };
  run.processes.push(await startVerdictProcess("verdict-all", "all", shared));
  for (let i = 1; i <= knobs.extraWorkers; i++) {
    run.processes.push(await startVerdictProcess(`verdict-worker-${i}`, "worker", shared));
  }
  results.processes = run.processes.map((p) => `${p.name} (VERDICT_ROLE=${p.role})`);
  for (const p of run.processes) progress(`${p.name}: pid ${p.child.pid}, log ${relative(ROOT, p.logFile)}`);
  progress(`Verdict is ready: ${results.processes.join(" + ")} at ${run.processes[0]!.origin}`);
  const api = new HttpClient(run.processes[0]!.origin);
  run.api = api;
  const pool = benchPool();
  run.pool = pool;

  if (knobs.only.has("end-to-end")) {
    const e2e = await endToEndWithWarmup(api, pool, run, knobs, sessions, measure, "end-to-end", {
      shadow: true,
    });
    // the machine may be busier or quieter now than it was: measure the ceiling again beside it
    if (knobs.only.has("ceiling")) await measureCeilingAgain("ceiling (again, after end to end)");
    results.endToEnd = {
      ...e2e,
      ratioToCeiling: results.ceiling ? e2e.sessionsPerSecond / results.ceiling.jobsPerSecond : undefined,
    };
    print("Verdict end to end", detail.endToEnd(results.endToEnd));
  }
  if (knobs.only.has("latency")) {
    results.latency = await measure("latency", () =>
      measureSteadyLatency(api, pool, run.operatorToken, {
        rate: knobs.rate,
        seconds: knobs.steadySeconds,
        warmupSeconds: knobs.warmupSeconds,
      }),
    );
    print(`Decision latency under a steady ${knobs.rate}/s`, detail.latency(results.latency));
  }
  if (knobs.only.has("fairness")) {
    results.fairness = await measure("fairness", () =>
      measureFairness(api, pool, run.operatorToken, sessions, {
        parallel: knobs.parallel,
        quietRate: knobs.quietRate,
      }),
    );
    print("Fairness: a quiet company during another's flood", detail.fairness(results.fairness));
  }
  if (knobs.only.has("hostile")) {
    results.hostile = await measure("hostile", () =>
      measureHostileNeighbour(api, pool, run.operatorToken, {
        sessions: knobs.hostileSessions,
        parallel: Math.min(2, knobs.parallel),
        quietRate: knobs.quietRate,
      }),
    );
    print("Fairness: a neighbour of a company at the limits", detail.hostile(results.hostile));
  }
  if (knobs.only.has("reads")) {
    results.reads = await measure("reads", () =>
      measureReads(api, pool, run.operatorToken, {
        stored: knobs.stored,
        requests: knobs.reads,
        pids: run.processes.map((p) => p.child.pid!),
      }),
    );
    print("Reviewer reads", detail.reads(results.reads));
  }
  if (knobs.only.has("console")) {
    const measured = await measure("console", () =>
      measureConsole(api, pool, run.operatorToken, { stored: knobs.stored }),
    );
    results.console = measured;
    print("Console: Awaiting Action in the browser", detail.console(measured));
  }
  if (knobs.only.has("evidence")) {
    const apiPid = run.processes[0]!.child.pid!;
    results.evidence = await measure("evidence", () =>
      measureEvidence(api, run.operatorToken, apiPid, { ...knobs.evidence, inFlight: 16 }),
    );
    print("Evidence: uploads and reads of images", detail.evidence(results.evidence));
  }
  if (knobs.only.has("postgres")) await measurePostgresMode(knobs, run, results, sessions, measure, print);
  return results;
}

type Measure = <T>(name: string, work: () => Promise<T>, options?: { units?: number }) => Promise<T>;

/**
 * The end-to-end run of the processes running now, after a warm-up pass (unless
 * `BENCH_E2E_WARMUP=0`): fresh processes compile their hot paths and start every pool's Postgres
 * backends on their first flood, so a pass of the same sessions for another company comes first,
 * timed but not held against the ceiling. With `shadow`, a pass with a shadow set follows.
 */
async function endToEndWithWarmup(
  api: HttpClient,
  pool: pg.Pool,
  run: Run,
  knobs: Knobs,
  sessions: ReturnType<typeof generateSessions>,
  measure: Measure,
  name: string,
  options: { shadow?: boolean } = {},
) {
  const processes = run.processes.map((p) => p.name);
  const pass = (passName: string, shadow = false) =>
    measureEndToEnd(api, pool, run.operatorToken, sessions, {
      parallel: knobs.parallel,
      processes,
      name: passName,
      shadow,
    });
  const warmup = knobs.endToEndWarmup ? await pass(`${name} warm-up`) : undefined;
  const e2e = await measure(name, () => pass(name), { units: sessions.length });
  const shadow = options.shadow
    ? await measure(`${name} with a shadow set`, () => pass(`${name} with a shadow set`, true))
    : undefined;
  return {
    ...e2e,
    warmupSessionsPerSecond: warmup?.sessionsPerSecond,
    shadowSessionsPerSecond: shadow?.sessionsPerSecond,
  };
}

/**
 * The queues in Postgres: the Redis-mode processes stop, the same set starts again with
 * `REDIS_URL` unset (queues, counters, slots and live events in the bench database), and the
 * end-to-end and steady-latency runs repeat. Then a bare start: neither DATABASE_URL nor
 * REDIS_URL, a fresh data directory (the embedded Postgres's initdb), timed to `/readyz` 200,
 * stopped and timed again.
 */
async function measurePostgresMode(
  knobs: Knobs,
  run: Run,
  results: BenchResults,
  sessions: ReturnType<typeof generateSessions>,
  measure: Measure,
  print: (title: string, text: string) => void,
): Promise<void> {
  progress("queues in Postgres: stopping the Redis-mode processes, starting the same without REDIS_URL");
  run.api?.close();
  await Promise.all(run.processes.splice(0).map((p) => p.stop()));
  const shared = {
    queuePrefix: `${run.queuePrefix}-pg`,
    operatorToken: run.operatorToken,
    fileDir: run.fileDir ?? tmpdir(),
  };
  const noRedis = { REDIS_URL: "", REDIS_CLUSTER_NODES: "" };
  run.processes.push(await startVerdictProcess("verdict-pg-all", "all", shared, noRedis));
  for (let i = 1; i <= knobs.extraWorkers; i++) {
    run.processes.push(await startVerdictProcess(`verdict-pg-worker-${i}`, "worker", shared, noRedis));
  }
  const api = new HttpClient(run.processes[0]!.origin);
  run.api = api;
  const pool = run.pool ?? benchPool();
  run.pool = pool;
  const e2e = await endToEndWithWarmup(api, pool, run, knobs, sessions, measure, "postgres end-to-end");
  const latency = await measure("postgres latency", () =>
    measureSteadyLatency(api, pool, run.operatorToken, {
      rate: knobs.rate,
      seconds: knobs.steadySeconds,
      warmupSeconds: knobs.warmupSeconds,
    }),
  );
  api.close();
  run.api = undefined;
  await Promise.all(run.processes.splice(0).map((p) => p.stop()));

  const dataDir = await mkdtemp(join(tmpdir(), "verdict-bench-bare-"));
  await chmod(dataDir, 0o755); // run as root, the embedded Postgres runs as another user
  const bare = { DATABASE_URL: "", ...noRedis, VERDICT_DATA_DIR: dataDir, VERDICT_FILE_STORE: "" };
  const timedStart = async (name: string) => {
    const started = performance.now();
    const verdict = await startVerdictProcess(name, "all", shared, bare);
    const ms = performance.now() - started;
    await verdict.stop();
    return ms;
  };
  try {
    const coldStartMs = await timedStart("verdict-bare-first");
    const warmStartMs = await timedStart("verdict-bare-next");
    results.postgres = {
      coldStartMs,
      warmStartMs,
      endToEnd: {
        ...e2e,
        ratioToCeiling: results.ceiling ? e2e.sessionsPerSecond / results.ceiling.jobsPerSecond : undefined,
      },
      latency,
    };
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
  print("Queues in Postgres: end to end", detail.endToEnd(results.postgres.endToEnd!));
  print(`Queues in Postgres: decision latency under a steady ${knobs.rate}/s`, detail.latency(latency));
}

const knobs = readKnobs();
const run = new Run();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    run.interrupted = true;
    progress(`${signal}: stopping Verdict and cleaning up`);
    run.cleanup().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  });
}
progress(
  `Verdict bench: ${[...knobs.only].join(", ")}; ${knobs.sessions.toLocaleString("en-US")} sessions, ${knobs.stored.toLocaleString("en-US")} stored`,
);
let results: BenchResults | undefined;
try {
  results = await main(knobs, run);
} catch (error) {
  if (!run.interrupted) {
    process.stderr.write(
      `\nbench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exitCode = 1;
} finally {
  await run.cleanup();
}
if (results) {
  results.logs = logSummary(run.processes);
  for (const log of results.logs) {
    if (log.lines > 0) progress(`${log.file}: ${log.lines} log lines, ${log.errors} errors`);
  }
  results.summary = summarize(results);
  const complete = MEASUREMENTS.every((name) => knobs.only.has(name));
  const written = writeResults(results, complete ? "latest" : "partial");
  process.stdout.write(`\n## Summary\n\n${summaryTable(results.summary)}\n\n`);
  progress(`wrote ${written.map((file) => relative(ROOT, file)).join(" and ")}`);
}
if (process.exitCode) {
  for (const p of run.processes) progress(`see ${relative(ROOT, p.logFile)}`);
}
