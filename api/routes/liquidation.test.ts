import { describe, expect, it } from "vitest";
import { liquidateExpired } from "../../engine/sessions/liquidation.js";
import {
  call,
  createCompany,
  goodData,
  submitAndWaitForDecision,
  useTestVerdict,
} from "../../test/helpers.js";

const verdict = useTestVerdict();

describe("liquidation", () => {
  it("erases a final session's personal data from every table, keeping decision and history", async () => {
    const company = await createCompany(verdict.app, "Liquid");
    const marker = "Zviadauri";
    const data = goodData({ person: { ...goodData().person, lastName: marker, documentNumber: "LQ-99" } });
    const id = await submitAndWaitForDecision(verdict, company, "liq-1", data);

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
    const parked = await submitAndWaitForDecision(
      verdict,
      company,
      "liq-2",
      goodData({ faceMatch: { matchLevel: 1 } }),
    );
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
    const old = await submitAndWaitForDecision(verdict, company, "old", goodData());
    const recent = await submitAndWaitForDecision(verdict, company, "recent", goodData());
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
