import { describe, expect, it } from "vitest";
import {
  call,
  createCompany,
  goodData,
  submitAndWaitForDecision,
  useTestVerdict,
} from "../../test/helpers.js";

const verdict = useTestVerdict();

describe("the dashboard", () => {
  it("counts by status and day, gives top reasons and latency percentiles", async () => {
    const company = await createCompany(verdict.app, "Dash");
    await submitAndWaitForDecision(verdict, company, "d1", goodData());
    await submitAndWaitForDecision(verdict, company, "d2", goodData({ liveness: { passed: false } }));
    await submitAndWaitForDecision(
      verdict,
      company,
      "d3",
      goodData({ liveness: { passed: false }, faceMatch: { matchLevel: 1 } }),
    );
    const parked = await submitAndWaitForDecision(
      verdict,
      company,
      "d4",
      goodData({ faceMatch: { matchLevel: 1 } }),
    );
    await call(verdict.app, company.agent, "POST", `/v1/sessions/${parked}/resolve`, {
      outcome: "rejected",
      reason: "PEP",
    });

    const response = await call(verdict.app, company.agent, "GET", "/v1/dashboard");
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.counts).toEqual({
      pending: 0,
      success: 1,
      rejected: 3,
      awaiting_action: 0,
      resubmission_requested: 0,
    });
    const today = new Date().toISOString().slice(0, 10);
    expect(body.byDay).toEqual([
      {
        day: today,
        total: 4,
        pending: 0,
        success: 1,
        rejected: 3,
        awaiting_action: 0,
        resubmission_requested: 0,
      },
    ]);
    expect(body.topReasons).toEqual([
      { reason: "FACE_MATCH_LOW", count: 2 },
      { reason: "LIVENESS_FAILED", count: 2 },
      { reason: "PEP", count: 1 },
    ]);
    expect(body.decisionLatencyMs.p50).toBeGreaterThan(0);
    expect(body.decisionLatencyMs.p95).toBeGreaterThanOrEqual(body.decisionLatencyMs.p50);

    const empty = await call(
      verdict.app,
      company.agent,
      "GET",
      "/v1/dashboard?from=2001-01-01&to=2001-01-31",
    );
    expect(empty.json()).toMatchObject({
      counts: { success: 0 },
      byDay: [],
      topReasons: [],
      decisionLatencyMs: { p50: null },
    });
    expect((await call(verdict.app, company.agent, "GET", "/v1/dashboard?from=nonsense")).statusCode).toBe(
      400,
    );
  });
});
