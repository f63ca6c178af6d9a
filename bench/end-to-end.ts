import type pg from "pg";
import { type BenchSession, batchBodies } from "./payloads.js";
import { LARGE_ORDERS } from "./simulation.js";
import {
  createCompany,
  formatRate,
  type HttpClient,
  progress,
  submitBatches,
  waitForDecided,
} from "./support.js";

export interface EndToEndResult {
  sessions: number;
  requests: number;
  parallel: number;
  processes: string[];
  /** From the first request to the last 202. */
  submitSeconds: number;
  /** From the first request to the last decision stored. */
  seconds: number;
  sessionsPerSecond: number;
  /** Sessions a second of the warm-up pass (fresh processes), when there was one. */
  warmupSessionsPerSecond?: number;
  /** Sessions a second of the same pass with a shadow set active, when there was one. */
  shadowSessionsPerSecond?: number;
}

/**
 * Verdict end to end: the sessions in batches of 1000 over `/v1/sessions/batch`, `parallel`
 * requests at a time, for a new company named after `name`, timed from the first request until
 * Postgres has every one decided (`waitForDecided`, polled every 20 ms). With `shadow`, the
 * company runs the live set plus one rule as its shadow set.
 */
export async function measureEndToEnd(
  api: HttpClient,
  pool: pg.Pool,
  operatorToken: string,
  sessions: readonly BenchSession[],
  options: { parallel: number; processes: string[]; name: string; shadow?: boolean },
): Promise<EndToEndResult> {
  const { name } = options;
  const company = await createCompany(api, operatorToken, `bench ${name}`);
  if (options.shadow) {
    const live = await api.expect<{ rules: unknown[] }>(200, "GET", "/v1/rules", { token: company.master });
    await api.expect(200, "PUT", "/v1/rules/shadow", {
      token: company.master,
      body: { rules: [...live.rules, LARGE_ORDERS] },
    });
  }
  const bodies = batchBodies(sessions);
  progress(
    `${name}: ${sessions.length.toLocaleString("en-US")} sessions in ${bodies.length} batches, ${options.parallel} in flight, processes: ${options.processes.join(" + ")}`,
  );
  const start = performance.now();
  let submitted = 0;
  const submitting = submitBatches(api, company.integrator, bodies, options.parallel).then((accepted) => {
    submitted = performance.now();
    return accepted;
  });
  let lastReport = start;
  const [accepted, end] = await Promise.all([
    submitting,
    waitForDecided(pool, company.id, sessions.length, {
      timeoutMs: 300_000,
      onPoll: (decided) => {
        const now = performance.now();
        if (now - lastReport >= 2000) {
          lastReport = now;
          progress(`${name}: ${decided.toLocaleString("en-US")} decided`);
        }
      },
    }),
  ]);
  if (accepted !== sessions.length) throw new Error(`${name}: ${accepted} of ${sessions.length} accepted`);
  const seconds = (end - start) / 1000;
  const result: EndToEndResult = {
    sessions: sessions.length,
    requests: bodies.length,
    parallel: options.parallel,
    processes: options.processes,
    submitSeconds: (submitted - start) / 1000,
    seconds,
    sessionsPerSecond: sessions.length / seconds,
  };
  progress(
    `${name}: ${formatRate(result.sessionsPerSecond)} (all accepted after ${result.submitSeconds.toFixed(2)} s, all decided after ${seconds.toFixed(2)} s)`,
  );
  return result;
}
