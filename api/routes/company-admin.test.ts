import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { liquidateExpired } from "../../engine/liquidation.js";
import {
  call,
  createCompany,
  goodData,
  startTestVerdict,
  type TestVerdict,
  waitFor,
} from "../../test/helpers.js";

let verdict: TestVerdict;
beforeAll(async () => {
  verdict = await startTestVerdict();
});
afterAll(() => verdict.close());

async function submitAndWait(
  company: Awaited<ReturnType<typeof createCompany>>,
  externalId: string,
  data: unknown,
) {
  const id = (
    await call(verdict.app, company.integrator, "POST", "/v1/sessions", { externalId, data })
  ).json().id;
  await waitFor(
    async () =>
      (await call(verdict.app, company.agent, "GET", `/v1/sessions/${id}`)).json().status !== "pending",
  );
  return id as string;
}

describe("liquidation", () => {
  it("erases a final session's personal data from every table, keeping decision and history", async () => {
    const company = await createCompany(verdict.app, "Liquid");
    const marker = "Zviadauri";
    const data = goodData({ person: { ...goodData().person, lastName: marker, documentNumber: "LQ-99" } });
    const id = await submitAndWait(company, "liq-1", data);

    const response = await call(verdict.app, company.master, "POST", `/v1/sessions/${id}/liquidate`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      id,
      status: "success",
      data: null,
      liquidatedAt: expect.any(String),
    });
    expect(response.json().decision.outcome).toBe("success");
    expect(response.json().history.map((h: { type: string }) => h.type)).toEqual([
      "submitted",
      "decided",
      "liquidated",
    ]);

    // no table keeps the personal data or a hash of it
    for (const table of ["sessions", "session_events", "activity", "rule_sets", "companies"]) {
      const { rows } = await verdict.ctx.pool.query(
        `SELECT count(*)::int AS n FROM ${table} t WHERE t::text ILIKE $1`,
        [`%${marker}%`],
      );
      expect(rows[0].n, table).toBe(0);
    }
    const { rows } = await verdict.ctx.pool.query(
      "SELECT data, data_hash, (SELECT count(*)::int FROM session_search WHERE session_id = $1) AS searchable FROM sessions WHERE id = $1",
      [id],
    );
    expect(rows[0]).toEqual({ data: null, data_hash: null, searchable: 0 });
    const found = await call(verdict.app, company.agent, "GET", `/v1/sessions?q=${marker.toLowerCase()}`);
    expect(found.json().items).toHaveLength(0);

    expect((await call(verdict.app, company.master, "POST", `/v1/sessions/${id}/liquidate`)).statusCode).toBe(
      200,
    );
  });

  it("refuses a session that is not final, and non-masters", async () => {
    const company = await createCompany(verdict.app, "Liquid 2");
    const parked = await submitAndWait(company, "liq-2", goodData({ faceMatch: { matchLevel: 1 } }));
    const response = await call(verdict.app, company.master, "POST", `/v1/sessions/${parked}/liquidate`);
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe("NOT_FINAL");
    expect(
      (await call(verdict.app, company.agent, "POST", `/v1/sessions/${parked}/liquidate`)).statusCode,
    ).toBe(403);
  });

  it("liquidates on the retention schedule", async () => {
    const company = await createCompany(verdict.app, "Retention");
    await call(verdict.app, company.master, "PUT", "/v1/settings", { retention: { liquidateAfterDays: 30 } });
    const old = await submitAndWait(company, "old", goodData());
    const recent = await submitAndWait(company, "recent", goodData());
    await verdict.ctx.pool.query(
      "UPDATE sessions SET created_at = now() - interval '31 days' WHERE id = $1",
      [old],
    );
    expect(await liquidateExpired(verdict.ctx)).toBeGreaterThanOrEqual(1);
    expect((await call(verdict.app, company.agent, "GET", `/v1/sessions/${old}`)).json().data).toBeNull();
    expect(
      (await call(verdict.app, company.agent, "GET", `/v1/sessions/${recent}`)).json().data,
    ).not.toBeNull();
  });
});

describe("the activity log", () => {
  it("records every change with its actor, newest first, for the master only", async () => {
    const company = await createCompany(verdict.app, "Audit");
    await call(verdict.app, company.master, "PUT", "/v1/settings", { highRiskCountries: ["KP"] });
    const id = await submitAndWait(company, "audit-1", goodData({ faceMatch: { matchLevel: 1 } }));
    await call(verdict.app, company.agent, "POST", `/v1/sessions/${id}/claim`);
    await call(verdict.app, company.agent, "POST", `/v1/sessions/${id}/notes`, { text: "checked" });
    await call(verdict.app, company.agent, "POST", `/v1/sessions/${id}/resolve`, { outcome: "success" });
    await call(verdict.app, company.master, "POST", `/v1/sessions/${id}/liquidate`);

    const response = await call(verdict.app, company.master, "GET", "/v1/activity?limit=5");
    expect(response.statusCode).toBe(200);
    const actions = response.json().items.map((i: { action: string }) => i.action);
    expect(actions).toEqual([
      "session.liquidated",
      "session.resolved",
      "session.noted",
      "session.claimed",
      "settings.updated",
    ]);
    expect(response.json().items[1]).toMatchObject({
      actor: { type: "user", id: expect.any(String) },
      target: id,
    });
    const next = await call(
      verdict.app,
      company.master,
      "GET",
      `/v1/activity?cursor=${response.json().nextCursor}`,
    );
    expect(next.json().items.map((i: { action: string }) => i.action)).toContain("key.created");
    expect((await call(verdict.app, company.agent, "GET", "/v1/activity")).statusCode).toBe(403);
  });
});

describe("the dashboard", () => {
  it("counts by status and day, gives top reasons and latency percentiles", async () => {
    const company = await createCompany(verdict.app, "Dash");
    await submitAndWait(company, "d1", goodData());
    await submitAndWait(company, "d2", goodData({ liveness: { passed: false } }));
    await submitAndWait(
      company,
      "d3",
      goodData({ liveness: { passed: false }, faceMatch: { matchLevel: 1 } }),
    );
    const parked = await submitAndWait(company, "d4", goodData({ faceMatch: { matchLevel: 1 } }));
    await call(verdict.app, company.agent, "POST", `/v1/sessions/${parked}/resolve`, {
      outcome: "rejected",
      reason: "PEP",
    });

    const response = await call(verdict.app, company.agent, "GET", "/v1/dashboard");
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.counts).toEqual({ pending: 0, success: 1, rejected: 3, awaiting_action: 0 });
    const today = new Date().toISOString().slice(0, 10);
    expect(body.byDay).toEqual([
      { day: today, total: 4, pending: 0, success: 1, rejected: 3, awaiting_action: 0 },
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
