import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { priorityAfter } from "../engine/fairness.js";
import {
  call,
  createCompany,
  goodData,
  startTestVerdict,
  type TestVerdict,
  waitForNonePending,
} from "./helpers.js";

let verdict: TestVerdict;
beforeAll(async () => {
  verdict = await startTestVerdict({ workers: false, env: { VERDICT_DECIDE_CONCURRENCY: "1" } });
});
afterAll(() => verdict.close());

describe("fairness between companies", () => {
  it("sinks a flood's later batches one priority step per 1000 sessions", () => {
    expect([0, 999, 1000, 5500].map(priorityAfter)).toEqual([1, 1, 2, 6]);
    expect(priorityAfter(1e12)).toBe(2_097_152);
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
