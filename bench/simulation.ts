import type pg from "pg";
import { readSimulated } from "../engine/sql/rule-lab.js";
import { formatRate, type HttpClient, progress, rssMB, sleep } from "./support.js";

export interface SimulationBenchResult {
  sessions: number;
  /** From `POST /v1/rules/simulations` to its result, polled every 100 ms. */
  seconds: number;
  sessionsPerSecond: number;
  /** The same rows through the same cursor in the bench process, without evaluating: the limit. */
  plainReadSeconds: number;
  plainReadPerSecond: number;
  /** The largest growth of any Verdict process's RSS while the simulation ran. */
  rssGrowthMB: number;
  /** Sessions whose outcome the draft changes. */
  changed: number;
}

/** A rule a draft adds to the live set (simulated, or run as the shadow set): large orders go to a person. */
export const LARGE_ORDERS = {
  name: "Large order",
  conditions: { all: [{ fact: "extra", path: "$.orderTotal", operator: "greaterThan", value: 900 }] },
  event: { type: "review", params: { reason: "LARGE_ORDER" } },
};

/**
 * A simulation over the company's stored sessions: first the plain reading of the same rows (the
 * cursor the simulation uses, in this process, counting them), then the simulation of the live set
 * plus one rule through the API and its job, with the RSS of every Verdict process sampled.
 */
export async function measureSimulation(
  api: HttpClient,
  pool: pg.Pool,
  company: { id: string; master: string },
  pids: readonly number[],
  stored: number,
): Promise<SimulationBenchResult> {
  const to = new Date();
  const from = new Date(to.getTime() - 91 * 86_400_000);
  progress(`simulation: plain reading of ${stored.toLocaleString("en-US")} sessions through the cursor`);
  const client = await pool.connect();
  let read = 0;
  const readStart = performance.now();
  try {
    for await (const rows of readSimulated(client, { companyId: company.id, from, to, limit: stored }))
      read += rows.length;
  } finally {
    client.release();
  }
  const plainReadSeconds = (performance.now() - readStart) / 1000;
  progress(`simulation: read ${read.toLocaleString("en-US")} in ${plainReadSeconds.toFixed(2)} s`);

  const live = await api.expect<{ rules: unknown[] }>(200, "GET", "/v1/rules", { token: company.master });
  const rssBefore = pids.map(rssMB);
  const rssPeak = [...rssBefore];
  const start = performance.now();
  const { id } = await api.expect<{ id: string }>(202, "POST", "/v1/rules/simulations", {
    token: company.master,
    body: {
      rules: [...live.rules, LARGE_ORDERS],
      from: from.toISOString(),
      to: to.toISOString(),
      limit: stored,
    },
  });
  type Answer = {
    status: string;
    progress: { done: number; total: number };
    result?: { sessions: number; transitions: { from: string; to: string; count: number }[] };
    error?: string;
  };
  let answer: Answer;
  let lastReport = start;
  for (;;) {
    await sleep(100);
    pids.forEach((pid, i) => {
      rssPeak[i] = Math.max(rssPeak[i]!, rssMB(pid));
    });
    answer = await api.expect<Answer>(200, "GET", `/v1/rules/simulations/${id}`, { token: company.master });
    if (answer.status === "completed" || answer.status === "failed") break;
    if (performance.now() - lastReport >= 2000) {
      lastReport = performance.now();
      progress(
        `simulation: ${answer.progress.done.toLocaleString("en-US")} of ${answer.progress.total.toLocaleString("en-US")}`,
      );
    }
  }
  const seconds = (performance.now() - start) / 1000;
  if (answer.status !== "completed" || !answer.result)
    throw new Error(`simulation ${answer.status}: ${answer.error}`);
  const { result } = answer;
  const sessions = answer.progress.done;
  const changed = result.transitions.filter((t) => t.from !== t.to).reduce((sum, t) => sum + t.count, 0);
  const rssGrowthMB = Math.max(...rssPeak.map((peak, i) => peak - rssBefore[i]!));
  const out: SimulationBenchResult = {
    sessions,
    seconds,
    sessionsPerSecond: sessions / seconds,
    plainReadSeconds,
    plainReadPerSecond: read / plainReadSeconds,
    rssGrowthMB,
    changed,
  };
  progress(
    `simulation: ${formatRate(out.sessionsPerSecond)} (${sessions.toLocaleString("en-US")} in ${seconds.toFixed(2)} s, ${changed.toLocaleString("en-US")} change), plain reading ${formatRate(out.plainReadPerSecond)}, RSS +${Math.round(rssGrowthMB)} MB`,
  );
  return out;
}
