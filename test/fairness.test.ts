import { describe, expect, it } from "vitest";
import { priorityAfter, priorityAfterRun, sessionWeight } from "../engine/deciding/fairness.js";
import { call, createCompany, goodData, useTestVerdict, waitForNonePending } from "./helpers.js";

const verdict = useTestVerdict({ workers: false, env: { VERDICT_DECIDE_CONCURRENCY: "1" } });

describe("fairness between companies", () => {
  it("sinks a flood's later batches one priority step per 1000 sessions", () => {
    expect([0, 999, 1000, 5500].map(priorityAfter)).toEqual([1, 1, 2, 6]);
    expect(priorityAfter(1e12)).toBe(2_097_152);
  });

  it("counts a session by its size, so that a flood of sessions at the data limits sinks as fast", () => {
    expect([0, 430, 4096, 4097, 64 * 1024].map(sessionWeight)).toEqual([1, 1, 1, 2, 16]);
    // 1,000 sessions of 64 KiB weigh as 16,000 small ones
    expect(priorityAfter(1000 * sessionWeight(64 * 1024))).toBe(17);
  });

  it("puts a job back after a run over its budget one step lower", () => {
    expect([0, 1, 5, 2_097_152].map(priorityAfterRun)).toEqual([2, 2, 6, 2_097_152]);
  });

  it("decides a quiet company's session before most of another company's flood", async () => {
    const flood = await createCompany(verdict.app, "Flood");
    const quiet = await createCompany(verdict.app, "Quiet");
    for (let batch = 0; batch < 6; batch++) {
      const sessions = Array.from({ length: 1000 }, (_, i) => ({
        externalId: `f-${batch}-${i}`,
        data: goodData(),
      }));
      await call(verdict.app, flood.integrator, "POST", "/v1/sessions/batch", { sessions });
    }
    const single = await call(verdict.app, quiet.integrator, "POST", "/v1/sessions", {
      externalId: "q-1",
      data: goodData(),
    });
    const quietId = single.json().id;

    await verdict.startWorkers();
    await waitForNonePending(verdict, "every session to be decided");
    const { rows } = await verdict.ctx.pool.query(
      `SELECT count(*)::int AS n FROM sessions
        WHERE company_id = $1 AND decided_at > (SELECT decided_at FROM sessions WHERE id = $2)`,
      [flood.id, quietId],
    );
    // the flood's first 1000 share the top priority; everything after them waits for the quiet one
    expect(rows[0].n).toBeGreaterThanOrEqual(4000);
  });
});
