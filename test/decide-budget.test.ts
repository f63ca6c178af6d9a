import { describe, expect, it } from "vitest";
import {
  call,
  createCompany,
  engineDecisions,
  goodData,
  useTestVerdict,
  waitFor,
  waitForNonePending,
} from "./helpers.js";

// A budget of 0 ms: every run of a decide job decides one session and puts the job back. One
// worker slot, so that the order in which jobs run is the order the queue gives them.
const verdict = useTestVerdict({
  workers: false,
  env: { VERDICT_DECIDE_CONCURRENCY: "1", VERDICT_DECIDE_RUN_BUDGET_MS: "0" },
});

describe("a decide job over its run budget", () => {
  it("goes back to the queue with the rest, so that another company's job waiting runs first", async () => {
    const expensive = await createCompany(verdict.app, "Expensive");
    const neighbour = await createCompany(verdict.app, "Neighbour");
    const sessions = Array.from({ length: 20 }, (_, i) => ({ externalId: `e-${i}`, data: goodData() }));
    const batch = await call(verdict.app, expensive.integrator, "POST", "/v1/sessions/batch", { sessions });
    expect(batch.json().accepted).toHaveLength(20);
    const single = await call(verdict.app, neighbour.integrator, "POST", "/v1/sessions", {
      externalId: "n-1",
      data: goodData(),
    });
    const { rows: jobs } = await verdict.ctx.pool.query(
      "SELECT DISTINCT batch_id FROM sessions WHERE company_id = $1",
      [expensive.id],
    );
    expect(jobs).toHaveLength(1);

    await verdict.startWorkers();
    await waitForNonePending(verdict, "every session to be decided");
    const { rows } = await verdict.ctx.pool.query(
      `SELECT count(*)::int AS n FROM sessions
        WHERE company_id = $1 AND decided_at > (SELECT decided_at FROM sessions WHERE id = $2)`,
      [expensive.id, single.json().id],
    );
    // the expensive job's first run decides one session; the neighbour's job comes next
    expect(rows[0].n).toBe(19);
    expect(await engineDecisions(verdict.ctx)).toBe(21);
    // the decisions commit before the job completes: wait for the job
    const { decide } = verdict.ctx.queues;
    await waitFor(
      async () => (await decide.getJobState(jobs[0].batch_id)) === "completed",
      10_000,
      "the job done",
    );
    const job = await decide.getJob(jobs[0].batch_id);
    // its result counts what every run decided
    expect(job?.returnvalue).toEqual({ sessions: 20, decided: 20 });
    // the run that completed it is its one attempt: going back to the queue spends none of the 12
    expect(job?.attemptsMade).toBe(1);
  });
});
