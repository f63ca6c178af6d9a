/**
 * `npm run soak`: Verdict under a steady load for a long while, to find what grows. It starts
 * Verdict as real processes the way `npm run bench` does (an `all` process and workers, a fresh
 * database and queue prefix), sends single sessions at `SOAK_RATE` a second for `SOAK_SECONDS`,
 * while reviewers work the queue (`POST /v1/awaiting-action/next`, then resolve) and every webhook
 * goes to a local receiver. Every `SOAK_SAMPLE_SECONDS` it samples each process's RSS and
 * event-loop lag (its `/metrics`), the queue depths and Postgres's connections; at the end it prints
 * the samples, the trend of each process's RSS (a least-squares slope over the second half) and
 * exits non-zero when a slope is above `SOAK_MAX_RSS_MB_PER_MINUTE` (default 10), when the work
 * left at the end of the load took longer than `SOAK_KEEP_UP_SECONDS` (default 30) to finish
 * (Verdict did not keep up, so the trend is the backlog's), when it did not finish within
 * `SOAK_DRAIN_SECONDS` at all, a process died, or a session accepted was not decided exactly once.
 */

import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

// its own database, so that a soak and a bench can run on one machine; read when support loads
process.env.BENCH_DATABASE ||= "verdict_soak";
const support = await import("./support.js");
const { generateSessions } = await import("./payloads.js");
const { HttpClient, progress, rssMB, sleep, table, round } = support;
type VerdictProcess = import("./support.js").VerdictProcess;

function knob(name: string, fallback: number, min = 1): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw.replaceAll("_", ""));
  if (!Number.isFinite(value) || value < min)
    throw new Error(`${name} must be a number of at least ${min}, got "${raw}"`);
  return value;
}

const knobs = {
  seconds: knob("SOAK_SECONDS", 600),
  rate: knob("SOAK_RATE", 500),
  reviewers: knob("SOAK_REVIEWERS", 4),
  workers: knob("SOAK_WORKERS", 1, 0),
  /** 0: no webhook, to see what the rest costs. */
  webhooks: knob("SOAK_WEBHOOKS", 1, 0) > 0,
  sampleSeconds: knob("SOAK_SAMPLE_SECONDS", 10),
  /** The bound on each process's RSS trend over the second half, MB a minute. */
  maxRssSlope: knob("SOAK_MAX_RSS_MB_PER_MINUTE", 10, 0),
  /** Keeping up: the work left when the load ends is done within this many seconds. */
  keepUpSeconds: knob("SOAK_KEEP_UP_SECONDS", 30),
  /** How long the soak waits for that work at all, seconds. */
  drainSeconds: knob("SOAK_DRAIN_SECONDS", 300),
  /** Unset: Redis (the high-volume set-up); `postgres`: the queues in Postgres. */
  queues: process.env.SOAK_QUEUES === "postgres" ? ("postgres" as const) : ("redis" as const),
};

interface Sample {
  at: number;
  process: string;
  rssMB: number;
  lagP99Ms: number;
  lagMaxMs: number;
}
interface Totals {
  at: number;
  accepted: number;
  failed: number;
  decided: number;
  resolved: number;
  webhooks: number;
  queued: number;
  decideQueued: number;
  webhookQueued: number;
  pgConnections: number;
  awaiting: number;
}

/** Whatever the soak starts, so that all of it is stopped and removed, also on failure or Ctrl-C. */
const run = {
  id: randomBytes(4).toString("hex"),
  processes: [] as VerdictProcess[],
  api: undefined as InstanceType<typeof HttpClient> | undefined,
  receiver: undefined as Server | undefined,
  fileDir: undefined as string | undefined,
  stopping: false,
};
const queuePrefix = `soak-${run.id}`;
const operatorToken = `op_soak_${randomBytes(16).toString("hex")}`;

async function cleanup(): Promise<void> {
  run.stopping = true;
  run.api?.close();
  await Promise.all(run.processes.map((p) => p.stop()));
  await support.dropBenchDatabase().catch((e) => progress(`could not drop the database: ${e}`));
  if (knobs.queues === "redis") await support.deleteRedisKeys(`{${queuePrefix}}`).catch(() => 0);
  await new Promise((resolve) => (run.receiver ? run.receiver.close(resolve) : resolve(undefined)));
  if (run.fileDir) await rm(run.fileDir, { recursive: true, force: true });
}

/** A webhook endpoint that answers every delivery 200 at once, counting them. */
async function startReceiver(): Promise<{ url: string; count: () => number }> {
  let received = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      received++;
      response.writeHead(200).end("ok");
    });
  });
  run.receiver = server;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, count: () => received };
}

/** The value of `name` (with `labels` in its label set, if given) in Prometheus text; summed over matches. */
function metric(text: string, name: string, labels: string[] = []): number {
  let sum = 0;
  for (const line of text.split("\n")) {
    if (!line.startsWith(name) || (line[name.length] !== " " && line[name.length] !== "{")) continue;
    if (!labels.every((label) => line.includes(label))) continue;
    sum += Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return sum;
}

/** The least-squares slope of y over x. */
function slope(points: readonly { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return Number.NaN;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const sxy = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return sxy / sxx;
}

const LIVE = ["waiting", "active", "delayed", "prioritized"].map((state) => `state="${state}"`);

async function main(): Promise<boolean> {
  progress(
    `soak: ${knobs.rate} sessions/s for ${knobs.seconds} s, ${knobs.reviewers} reviewers, 1 + ${knobs.workers} processes, queues in ${knobs.queues}`,
  );
  await support.dropBenchDatabase();
  run.fileDir = await mkdtemp(join(tmpdir(), "verdict-soak-files-"));
  const shared = { queuePrefix, operatorToken, fileDir: run.fileDir };
  const overrides = {
    VERDICT_WEBHOOK_ALLOW_PRIVATE: "true",
    ...(knobs.queues === "postgres" ? { REDIS_URL: "" } : {}),
  };
  run.processes.push(await support.startVerdictProcess("soak-all", "all", shared, overrides));
  for (let i = 1; i <= knobs.workers; i++) {
    run.processes.push(await support.startVerdictProcess(`soak-worker-${i}`, "worker", shared, overrides));
  }
  const api = new HttpClient(run.processes[0]!.origin);
  run.api = api;
  const receiver = await startReceiver();
  const company = await support.createCompany(api, operatorToken, "soak");
  if (knobs.webhooks) {
    await api.expect(200, "PUT", "/v1/settings", {
      token: company.master,
      body: { webhook: { url: receiver.url, enabled: true } },
    });
  }
  const reviewerKeys: string[] = [];
  for (let i = 0; i < knobs.reviewers; i++) {
    const key = await api.expect<{ key: string }>(201, "POST", "/v1/api-keys", {
      token: company.master,
      body: { name: `reviewer ${i + 1}`, role: "agent" },
    });
    reviewerKeys.push(key.key);
  }
  const pool = support.benchPool();

  const totals = { accepted: 0, failed: 0, resolved: 0 };
  const failures: Record<string, number> = {};
  const start = performance.now();
  const elapsed = () => (performance.now() - start) / 1000;
  const sending = () => !run.stopping && elapsed() < knobs.seconds;

  // intake: `rate` single sessions a second on the wall clock, a few every 10 ms, generated a second
  // ahead; at most 4 seconds' worth in flight, so that a stalled Verdict does not grow this process
  const intake = (async () => {
    const inFlight = new Set<Promise<void>>();
    let second = 0;
    let bodies: string[] = [];
    let sent = 0;
    for (let tick = 0; sending(); tick++) {
      const due = start + tick * 10;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      const upTo = Math.floor(((tick + 1) * 10 * knobs.rate) / 1000);
      while (sent < upTo && inFlight.size < knobs.rate * 4) {
        if (bodies.length === 0) {
          bodies = generateSessions(knobs.rate, `soak-${second}`, second + 1).map((s) => JSON.stringify(s));
          second++;
        }
        const body = bodies.pop()!;
        sent++;
        const request = api
          .request("POST", "/v1/sessions", { token: company.integrator, body })
          .then((answer) => {
            if (answer.status === 202 || answer.status === 200) totals.accepted++;
            else {
              totals.failed++;
              failures[answer.status] = (failures[answer.status] ?? 0) + 1;
            }
          })
          .catch(() => {
            totals.failed++;
            failures.none = (failures.none ?? 0) + 1;
          })
          .finally(() => inFlight.delete(request));
        inFlight.add(request);
      }
    }
    await Promise.all(inFlight);
  })();

  // reviewers: the next parked session, resolved at once (one in ten rejected); a moment's rest when none waits
  let draining = true;
  const reviewers = reviewerKeys.map(async (token, i) => {
    while (!run.stopping && (sending() || draining)) {
      const next = await api
        .request<{ id: string }>("POST", "/v1/awaiting-action/next", { token })
        .catch(() => undefined);
      if (next?.status !== 200) {
        await sleep(200);
        continue;
      }
      const reject = (totals.resolved + i) % 10 === 0;
      const resolved = await api
        .request("POST", `/v1/sessions/${next.body.id}/resolve`, {
          token,
          body: reject ? { outcome: "rejected", reason: "OTHER" } : { outcome: "success" },
        })
        .catch(() => undefined);
      if (resolved?.status === 200) totals.resolved++;
    }
  });

  const samples: Sample[] = [];
  const rows: Totals[] = [];
  const takeSample = async () => {
    const at = round(elapsed(), 0);
    for (const p of run.processes) {
      const text = await fetch(`${p.origin}/metrics`)
        .then((r) => r.text())
        .catch(() => "");
      samples.push({
        at,
        process: p.name,
        rssMB: round(rssMB(p.child.pid!), 1),
        lagP99Ms: round(metric(text, "nodejs_eventloop_lag_p99_seconds") * 1000, 1),
        lagMaxMs: round(metric(text, "nodejs_eventloop_lag_max_seconds") * 1000, 1),
      });
    }
    const metrics = await fetch(`${run.processes[0]!.origin}/metrics`)
      .then((r) => r.text())
      .catch(() => "");
    const queued = (queue?: string) =>
      LIVE.reduce(
        (sum, state) =>
          sum + metric(metrics, "verdict_queue_jobs", [state, ...(queue ? [`queue="${queue}"`] : [])]),
        0,
      );
    const { rows: db } = await pool.query<{ connections: number; decided: number; awaiting: number }>(
      `SELECT (SELECT count(*)::int FROM pg_stat_activity WHERE datname = current_database()) AS connections,
              (SELECT coalesce(sum(count), 0)::int FROM decision_stats WHERE company_id = $1 AND kind = 'latency') AS decided,
              (SELECT coalesce(sum(count), 0)::int FROM awaiting_counts WHERE company_id = $1) AS awaiting`,
      [company.id],
    );
    rows.push({
      at,
      accepted: totals.accepted,
      failed: totals.failed,
      decided: db[0]!.decided,
      resolved: totals.resolved,
      webhooks: receiver.count(),
      queued: queued(),
      decideQueued: queued("decide"),
      webhookQueued: queued("webhooks"),
      pgConnections: db[0]!.connections,
      awaiting: db[0]!.awaiting,
    });
    const last = rows.at(-1)!;
    progress(
      `${at} s: ${last.accepted} accepted, ${last.decided} decided, ${last.resolved} resolved, ${last.webhooks} webhooks; queued ${last.queued}; RSS ${samples
        .slice(-run.processes.length)
        .map((s) => `${s.process} ${s.rssMB} MB`)
        .join(", ")}`,
    );
  };
  const dead = () => run.processes.filter((p) => p.child.exitCode !== null || p.child.signalCode !== null);
  await takeSample();
  while (sending()) {
    const next = rows.length * knobs.sampleSeconds;
    while (sending() && elapsed() < next) await sleep(100);
    if (!sending()) break;
    await takeSample();
    if (dead().length > 0) break;
  }
  await intake;
  progress(
    `intake done after ${round(elapsed(), 1)} s: ${totals.accepted} accepted, ${totals.failed} not (${JSON.stringify(failures)})`,
  );

  // drain: every accepted session decided, every parked one resolved, every webhook delivered
  const drainStart = performance.now();
  const left = { pending: 0, awaiting: 0, deliveries: 0 };
  for (;;) {
    const { rows: remaining } = await pool.query<{ pending: number; awaiting: number; deliveries: number }>(
      `SELECT (SELECT count(*)::int FROM sessions WHERE status = 'pending') AS pending,
              (SELECT count(*)::int FROM sessions WHERE status = 'awaiting_action') AS awaiting,
              (SELECT count(*)::int FROM webhook_deliveries WHERE status = 'pending') AS deliveries`,
    );
    Object.assign(left, remaining[0]!);
    const { pending, awaiting, deliveries } = left;
    if (pending === 0 && awaiting === 0 && deliveries === 0) break;
    if (performance.now() - drainStart > knobs.drainSeconds * 1000 || dead().length > 0) {
      progress(`not drained: ${pending} pending, ${awaiting} awaiting, ${deliveries} deliveries pending`);
      break;
    }
    await sleep(500);
  }
  draining = false;
  const drainedIn = (performance.now() - drainStart) / 1000;
  await Promise.all(reviewers);
  progress(`drain ended after ${round(drainedIn, 1)} s`);
  await takeSample();
  const { rows: counted } = await pool.query<{ decided: number; twice: number; pending: number }>(
    `SELECT count(*) FILTER (WHERE status <> 'pending')::int AS decided, count(*) FILTER (WHERE status = 'pending')::int AS pending,
            (SELECT coalesce(sum(count), 0)::int FROM decision_stats WHERE kind = 'latency') - count(*) FILTER (WHERE status <> 'pending')::int AS twice
       FROM sessions`,
  );
  await pool.end();

  // the report
  const names = run.processes.map((p) => p.name);
  const times = [...new Set(samples.map((s) => s.at))];
  process.stdout.write(
    `\n## Samples every ${knobs.sampleSeconds} s (RSS MB / event-loop lag p99 ms / max ms)\n\n${table(
      [
        "s",
        ...names,
        "accepted",
        "decided",
        "resolved",
        "webhooks",
        "queued (decide, webhooks)",
        "pg conns",
        "awaiting",
      ],
      times.map((at) => {
        const row = rows.find((r) => r.at === at)!;
        return [
          String(at),
          ...names.map((name) => {
            const s = samples.find((x) => x.at === at && x.process === name);
            return s ? `${s.rssMB} / ${s.lagP99Ms} / ${s.lagMaxMs}` : "—";
          }),
          String(row.accepted),
          String(row.decided),
          String(row.resolved),
          String(row.webhooks),
          `${row.queued} (${row.decideQueued}, ${row.webhookQueued})`,
          String(row.pgConnections),
          String(row.awaiting),
        ];
      }),
    )}\n`,
  );
  // the trend: RSS over the second half of the load (the first half holds the warm-up: JIT, pools, caches)
  const half = knobs.seconds / 2;
  const trends = names.map((name) => {
    const points = samples
      .filter((s) => s.process === name && s.at >= half && s.at <= knobs.seconds + knobs.sampleSeconds)
      .map((s) => ({ x: s.at / 60, y: s.rssMB }));
    const perMinute = slope(points);
    const ok = Number.isFinite(perMinute) && perMinute <= knobs.maxRssSlope;
    return { name, perMinute, points: points.length, ok };
  });
  process.stdout.write(
    `\n## RSS trend over the second half (least squares), bound ${knobs.maxRssSlope} MB a minute\n\n${table(
      ["process", "samples", "MB a minute", "within the bound?"],
      trends.map((t) => [
        t.name,
        String(t.points),
        round(t.perMinute, 2).toFixed(2),
        t.ok ? "yes" : "**no**",
      ]),
    )}\n\n`,
  );
  // keeping up: what was left when the load ended is done soon after; a backlog makes the RSS trend the backlog's
  const drained = left.pending + left.awaiting + left.deliveries === 0;
  const keptUp = drained && drainedIn <= knobs.keepUpSeconds;
  const peak = Math.max(...rows.map((r) => r.queued));
  const afterDrain = samples.slice(-names.length);
  progress(
    `queued jobs at most ${peak}; the rest done ${round(drainedIn, 1)} s after the load (${keptUp ? "kept up" : "did not keep up"}); RSS after the drain: ${afterDrain.map((s) => `${s.process} ${s.rssMB} MB`).join(", ")}`,
  );
  const lags = samples.filter((s) => s.at > 0).map((s) => s.lagP99Ms);
  progress(
    `event-loop lag p99 over the samples: median ${[...lags].sort((a, b) => a - b)[Math.floor(lags.length / 2)] ?? "n/a"} ms, worst ${Math.max(...lags)} ms`,
  );
  const verdict = counted[0]!;
  progress(
    `${totals.accepted} accepted, ${verdict.decided} decided (${verdict.pending} pending, ${verdict.twice} decided twice), ${totals.resolved} resolved by reviewers, ${receiver.count()} webhooks received`,
  );
  const problems = [
    ...trends.filter((t) => !t.ok).map((t) => `${t.name}'s RSS grows ${round(t.perMinute, 2)} MB a minute`),
    ...(keptUp || !drained
      ? []
      : [
          `Verdict did not keep up with ${knobs.rate} sessions/s: the work left at the end of the load took ${round(drainedIn, 1)} s, more than ${knobs.keepUpSeconds} s (so the RSS trend measures the backlog; a lower SOAK_RATE measures growth)`,
        ]),
    ...(!drained
      ? [
          `not drained in ${knobs.drainSeconds} s: ${left.pending} pending, ${left.awaiting} awaiting, ${left.deliveries} deliveries pending`,
        ]
      : []),
    ...dead().map((p) => `${p.name} died (see ${p.logFile})`),
    ...(verdict.pending > 0 ? [`${verdict.pending} sessions still pending`] : []),
    ...(verdict.twice !== 0
      ? [`the decisions recorded differ from the sessions decided by ${verdict.twice}`]
      : []),
    ...(verdict.decided < totals.accepted
      ? [`${totals.accepted - verdict.decided} accepted sessions not decided`]
      : []),
  ];
  for (const problem of problems) progress(`FAILED: ${problem}`);
  if (problems.length === 0) progress("soak passed");
  return problems.length === 0;
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    progress(`${signal}: stopping and cleaning up`);
    run.stopping = true;
    cleanup().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  });
}

try {
  const passed = await main();
  process.exitCode = passed ? 0 : 1;
} catch (error) {
  process.stderr.write(
    `\nsoak failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
} finally {
  await cleanup();
}
