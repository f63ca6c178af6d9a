import type pg from "pg";
import { type BenchSession, generateSessions } from "./payloads.js";
import {
  createCompany,
  type Distribution,
  decisionLatencies,
  distribution,
  formatMs,
  type HttpClient,
  progress,
  sleep,
} from "./support.js";

const TICK_MS = 10;

export interface PacedRun {
  sent: number;
  /** Sessions answered 202 (or 200), by id. */
  ids: string[];
  /** Answers other than 202/200, by status (0: no answer). */
  failures: Record<string, number>;
  /** Submit round trips as the client saw them, ms. */
  http: Distribution;
  /** How far behind the wall-clock schedule a tick fired at worst, ms. */
  maxScheduleLagMs: number;
  seconds: number;
}

/**
 * Submits the sessions one by one with `POST /v1/sessions`, `rate` a second on the wall clock (a
 * few every 10 ms), never waiting for answers before sending the next ones.
 */
export async function submitPaced(
  api: HttpClient,
  token: string,
  sessions: readonly BenchSession[],
  rate: number,
  shouldStop: () => boolean = () => false,
): Promise<PacedRun> {
  const bodies = sessions.map((session) => JSON.stringify(session));
  const perTick = (rate * TICK_MS) / 1000;
  const ids: string[] = [];
  const failures: Record<string, number> = {};
  const roundTrips: number[] = [];
  const inFlight: Promise<void>[] = [];
  const send = async (body: string) => {
    const sentAt = performance.now();
    const answer = await api
      .request<{ id: string }>("POST", "/v1/sessions", { token, body })
      .catch(() => ({ status: 0, body: { id: "" } }));
    roundTrips.push(performance.now() - sentAt);
    if (answer.status === 202 || answer.status === 200) ids.push(answer.body.id);
    else failures[String(answer.status)] = (failures[String(answer.status)] ?? 0) + 1;
  };
  const start = performance.now();
  let sent = 0;
  let maxLag = 0;
  for (let tick = 0; sent < bodies.length && !shouldStop(); tick++) {
    const due = start + tick * TICK_MS;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    maxLag = Math.max(maxLag, performance.now() - due);
    const upTo = Math.min(bodies.length, Math.floor((tick + 1) * perTick));
    while (sent < upTo) inFlight.push(send(bodies[sent++]!));
  }
  const seconds = (performance.now() - start) / 1000;
  await Promise.all(inFlight);
  return { sent, ids, failures, http: distribution(roundTrips), maxScheduleLagMs: maxLag, seconds };
}

export interface LatencyResult {
  rate: number;
  /** Seconds of the same load sent before, not measured. */
  warmupSeconds: number;
  seconds: number;
  sent: number;
  accepted: number;
  failures: Record<string, number>;
  http: Distribution;
  maxScheduleLagMs: number;
  /** decided_at - created_at, ms. */
  decision: Distribution;
}

/**
 * Decision latency under a steady `rate` of single sessions for `seconds`, read from Postgres,
 * after `warmupSeconds` of the same load that is not measured: the first second of a fresh
 * process opens hundreds of connections and runs the single-session route unoptimized.
 */
export async function measureSteadyLatency(
  api: HttpClient,
  pool: pg.Pool,
  operatorToken: string,
  options: { rate: number; seconds: number; warmupSeconds: number },
): Promise<LatencyResult> {
  const company = await createCompany(api, operatorToken, "bench steady");
  if (options.warmupSeconds > 0) {
    progress(`latency: warming up with ${options.warmupSeconds} s of the same load, not measured`);
    const warmup = generateSessions(options.rate * options.warmupSeconds, "steady-warmup", 11);
    await submitPaced(api, company.integrator, warmup, options.rate);
  }
  const sessions = generateSessions(options.rate * options.seconds, "steady", 7);
  progress(`latency: ${options.rate.toLocaleString("en-US")} single sessions/s for ${options.seconds} s`);
  const run = await submitPaced(api, company.integrator, sessions, options.rate);
  progress(
    `latency: sent ${run.sent} in ${run.seconds.toFixed(2)} s (${run.ids.length} accepted); waiting for their decisions`,
  );
  const decision = distribution(await decisionLatencies(pool, run.ids, 120_000));
  const result: LatencyResult = {
    rate: options.rate,
    warmupSeconds: options.warmupSeconds,
    seconds: run.seconds,
    sent: run.sent,
    accepted: run.ids.length,
    failures: run.failures,
    http: run.http,
    maxScheduleLagMs: run.maxScheduleLagMs,
    decision,
  };
  progress(
    `latency: decision p50 ${formatMs(decision.p50)}, p99 ${formatMs(decision.p99)}, max ${formatMs(decision.max)}`,
  );
  return result;
}
