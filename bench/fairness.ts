import type pg from "pg";
import { hostileRules, hostileSessions } from "./hostile.js";
import { submitPaced } from "./latency.js";
import { type BenchSession, batchBodies, generateSessions } from "./payloads.js";
import {
  createCompany,
  type Distribution,
  decisionLatencies,
  distribution,
  formatMs,
  formatRate,
  type HttpClient,
  progress,
  submitBatches,
  waitForDecided,
} from "./support.js";

export interface FairnessResult {
  floodSessions: number;
  /** From the flood's first request until its last decision. */
  floodSeconds: number;
  floodSessionsPerSecond: number;
  quietRate: number;
  quietSent: number;
  quietAccepted: number;
  quietFailures: Record<string, number>;
  quietHttp: Distribution;
  /** The quiet company's decided_at - created_at, ms. */
  quietDecision: Distribution;
}

/**
 * Company A floods the batch endpoint while company B submits single sessions at `quietRate`
 * until A's flood is decided; B's decision latency from Postgres.
 */
export async function measureFairness(
  api: HttpClient,
  pool: pg.Pool,
  operatorToken: string,
  flood: readonly BenchSession[],
  options: { parallel: number; quietRate: number },
): Promise<FairnessResult> {
  const loud = await createCompany(api, operatorToken, "bench flood");
  const quiet = await createCompany(api, operatorToken, "bench quiet");
  const bodies = batchBodies(flood);
  const quietSessions = generateSessions(options.quietRate * 300, "quiet", 11);
  progress(
    `fairness: company A floods ${flood.length.toLocaleString("en-US")} sessions; company B sends ${options.quietRate} single sessions/s meanwhile`,
  );
  let floodDone = false;
  const start = performance.now();
  const quietRun = submitPaced(api, quiet.integrator, quietSessions, options.quietRate, () => floodDone);
  let lastReport = start;
  const [, end] = await Promise.all([
    submitBatches(api, loud.integrator, bodies, options.parallel),
    waitForDecided(pool, loud.id, flood.length, {
      timeoutMs: 300_000,
      onPoll: (decided) => {
        const now = performance.now();
        if (now - lastReport >= 2000) {
          lastReport = now;
          progress(`fairness: ${decided.toLocaleString("en-US")} of the flood decided`);
        }
      },
    }),
  ]).finally(() => {
    floodDone = true;
  });
  const run = await quietRun;
  const quietDecision = distribution(await decisionLatencies(pool, run.ids, 60_000));
  const floodSeconds = (end - start) / 1000;
  const result: FairnessResult = {
    floodSessions: flood.length,
    floodSeconds,
    floodSessionsPerSecond: flood.length / floodSeconds,
    quietRate: options.quietRate,
    quietSent: run.sent,
    quietAccepted: run.ids.length,
    quietFailures: run.failures,
    quietHttp: run.http,
    quietDecision,
  };
  progress(
    `fairness: flood decided at ${formatRate(result.floodSessionsPerSecond)}; company B's ${run.ids.length} sessions: p50 ${formatMs(quietDecision.p50)}, p99 ${formatMs(quietDecision.p99)}`,
  );
  return result;
}

export interface HostileNeighbourResult {
  hostileSessions: number;
  /** From the hostile flood's first request until its last decision. */
  hostileSeconds: number;
  quietRate: number;
  /** Company B's decided_at - created_at, ms, alone and during A's flood. */
  quietAlone: Distribution;
  quietDuringFlood: Distribution;
  /** B's answers other than 202 during the flood, by status (alone it had none, or the bench stops). */
  quietFailures: Record<string, number>;
  /** B's p99 during the flood over its p99 alone; the target is at most 2. */
  p99Ratio: number;
}

/** Sessions a hostile batch request carries: about 4 MB, under the 5 MiB body limit. */
const HOSTILE_PER_REQUEST = 64;
const QUIET_ALONE_SECONDS = 10;

/**
 * A hostile neighbour: company A's condition set is at the contract's limits (200 rules, 2,000
 * conditions, 1,000-item lists, under 256 KiB) and its sessions too (just under 64 KiB, ten
 * 1,000-item arrays), built to cost deciding as much as the limits allow (bench/hostile.ts).
 * Company B, with the default rules and normal sessions, submits singles at `quietRate`: first
 * alone for 10 s, then while A floods the batch endpoint until A's flood is decided. B's decision
 * latency both times, and the ratio of the p99s.
 */
export async function measureHostileNeighbour(
  api: HttpClient,
  pool: pg.Pool,
  operatorToken: string,
  options: { sessions: number; parallel: number; quietRate: number },
): Promise<HostileNeighbourResult> {
  const hostile = await createCompany(api, operatorToken, "bench hostile");
  const quiet = await createCompany(api, operatorToken, "bench neighbour");
  await api.expect(200, "PUT", "/v1/rules", { token: hostile.master, body: { rules: hostileRules() } });
  const flood = hostileSessions(generateSessions(options.sessions, "hostile", 13));
  const bodies = batchBodies(flood, HOSTILE_PER_REQUEST);

  progress(
    `hostile neighbour: company B alone, ${options.quietRate} single sessions/s for ${QUIET_ALONE_SECONDS} s`,
  );
  const aloneSessions = generateSessions(options.quietRate * QUIET_ALONE_SECONDS, "alone", 17);
  const alone = await submitPaced(api, quiet.integrator, aloneSessions, options.quietRate);
  if (alone.ids.length < alone.sent) throw new Error(`company B alone: ${JSON.stringify(alone.failures)}`);
  const quietAlone = distribution(await decisionLatencies(pool, alone.ids, 60_000));

  progress(
    `hostile neighbour: company A floods ${flood.length.toLocaleString("en-US")} sessions of ~60 KB under a 2,000-condition set; B goes on meanwhile`,
  );
  let floodDone = false;
  const start = performance.now();
  const duringSessions = generateSessions(options.quietRate * 600, "during", 19);
  const during = submitPaced(api, quiet.integrator, duringSessions, options.quietRate, () => floodDone);
  const [, end] = await Promise.all([
    submitBatches(api, hostile.integrator, bodies, options.parallel, { retryOverloaded: true }),
    waitForDecided(pool, hostile.id, flood.length, { timeoutMs: 600_000, everyMs: 200 }),
  ]).finally(() => {
    floodDone = true;
  });
  const run = await during;
  const quietDuringFlood = distribution(await decisionLatencies(pool, run.ids, 60_000));
  const result: HostileNeighbourResult = {
    hostileSessions: flood.length,
    hostileSeconds: (end - start) / 1000,
    quietRate: options.quietRate,
    quietAlone,
    quietDuringFlood,
    quietFailures: run.failures,
    p99Ratio: quietDuringFlood.p99 / quietAlone.p99,
  };
  progress(
    `hostile neighbour: A's flood decided in ${result.hostileSeconds.toFixed(1)} s; B's p99 ${formatMs(quietAlone.p99)} alone, ${formatMs(quietDuringFlood.p99)} during the flood: ${result.p99Ratio.toFixed(2)}x (target <= 2x)`,
  );
  return result;
}
