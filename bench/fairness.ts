import type pg from "pg";
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
