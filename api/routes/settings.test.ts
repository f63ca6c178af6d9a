import { describe, expect, it } from "vitest";
import { call, createCompany, useTestCompany, useTestVerdict } from "../../test/helpers.js";

const verdict = useTestVerdict({ workers: false });
const company = useTestCompany(verdict);

describe("settings", () => {
  it("starts with the defaults, which an agent may read", async () => {
    const response = await call(verdict.app, company.agent, "GET", "/v1/settings");
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      awaitingAction: { enabled: true, slaHours: 24, onExpiry: "keep" },
      highRiskCountries: [],
      extraFields: [],
      retention: { liquidateAfterDays: null },
      webhook: null,
      review: { fourEyes: null },
      security: { requireTwoFactor: "none", rulesNeedApproval: false },
    });
    expect((await call(verdict.app, company.integrator, "GET", "/v1/settings")).statusCode).toBe(403);
  });

  it("replaces the sections given and keeps the rest", async () => {
    const response = await call(verdict.app, company.master, "PUT", "/v1/settings", {
      highRiskCountries: ["IR", "KP"],
      extraFields: [{ name: "orderTotal", type: "number" }],
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      awaitingAction: { enabled: true },
      highRiskCountries: ["IR", "KP"],
      extraFields: [{ name: "orderTotal", type: "number", required: false }],
    });
    const read = await call(verdict.app, company.master, "GET", "/v1/settings");
    expect(read.json().highRiskCountries).toEqual(["IR", "KP"]);
  });

  it("refuses bad settings naming the field, and an agent's change", async () => {
    const cases = [
      [{ awaitingAction: { enabled: true, slaHours: 0, onExpiry: "keep" } }, "slaHours"],
      [{ awaitingAction: { enabled: true, slaHours: 1, onExpiry: "drop" } }, "onExpiry"],
      [{ highRiskCountries: ["iran"] }, "highRiskCountries"],
      [{ extraFields: [{ name: "a", type: "date" }] }, "type"],
      [
        {
          extraFields: [
            { name: "a", type: "number" },
            { name: "a", type: "string" },
          ],
        },
        "declared twice",
      ],
      [{ retention: { liquidateAfterDays: -1 } }, "liquidateAfterDays"],
      [{ surprise: true }, "surprise"],
    ] as const;
    for (const [body, field] of cases) {
      const response = await call(verdict.app, company.master, "PUT", "/v1/settings", body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().message).toContain(field);
    }
    const agent = await call(verdict.app, company.agent, "PUT", "/v1/settings", { highRiskCountries: [] });
    expect(agent.statusCode).toBe(403);
  });

  it("accepts fractional SLA hours", async () => {
    const response = await call(verdict.app, company.master, "PUT", "/v1/settings", {
      awaitingAction: { enabled: true, slaHours: 0.5, onExpiry: "reject" },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().awaitingAction.slaHours).toBe(0.5);
  });
});

describe("condition sets", () => {
  it("starts at version 1 with the default set", async () => {
    const fresh = await createCompany(verdict.app, "Fresh");
    const response = await call(verdict.app, fresh.agent, "GET", "/v1/rules");
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.version).toBe(1);
    expect(
      body.rules.map((rule: { event: { params: { reason: string } } }) => rule.event.params.reason),
    ).toEqual([
      "CHECKS_MISSING",
      "LIVENESS_FAILED",
      "DOCUMENT_INVALID",
      "DOCUMENT_EXPIRED",
      "UNDERAGE",
      "HIGH_RISK_COUNTRY",
      "FACE_MATCH_LOW",
      "MRZ_INVALID",
    ]);
  });

  it("saves a new version and keeps every earlier one", async () => {
    const rules = [
      {
        conditions: { all: [{ fact: "extra", path: "$.orderTotal", operator: "greaterThan", value: 1000 }] },
        event: { type: "review", params: { reason: "LARGE_ORDER" } },
      },
    ];
    const saved = await call(verdict.app, company.master, "PUT", "/v1/rules", { rules });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ version: 2, rules });
    const versions = await call(verdict.app, company.agent, "GET", "/v1/rules/versions");
    expect(versions.json().items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(versions.json().items[0].createdBy).toEqual({
      type: "key",
      id: expect.any(String),
      name: expect.any(String),
    });
  });

  it("refuses invalid rules and changes nothing", async () => {
    const before = (await call(verdict.app, company.master, "GET", "/v1/rules")).json().version;
    const leaf = { fact: "age", operator: "lessThan", value: 18 };
    const cases = [
      [
        {
          conditions: { all: [{ ...leaf, operator: "matches" }] },
          event: { type: "reject", params: { reason: "X" } },
        },
      ],
      [{ conditions: { all: [leaf] }, event: { type: "approve", params: { reason: "X" } } }],
      [{ conditions: { all: [leaf] }, event: { type: "reject", params: {} } }],
      [
        {
          conditions: { all: [{ ...leaf, path: "$..x" }] },
          event: { type: "reject", params: { reason: "X" } },
        },
      ],
      [
        {
          conditions: { all: [{ ...leaf, path: "$[?(@.a)]" }] },
          event: { type: "reject", params: { reason: "X" } },
        },
      ],
      Array.from({ length: 201 }, () => ({
        conditions: { all: [leaf] },
        event: { type: "reject", params: { reason: "X" } },
      })),
      [{ conditions: leaf, event: { type: "reject", params: { reason: "X" } } }],
    ];
    for (const rules of cases) {
      const response = await call(verdict.app, company.master, "PUT", "/v1/rules", { rules });
      expect(response.statusCode, JSON.stringify(rules).slice(0, 200)).toBe(400);
      expect(response.json().code).toBe("INVALID_RULES");
      expect(response.json().message).toMatch(/rules/);
    }
    expect((await call(verdict.app, company.master, "GET", "/v1/rules")).json().version).toBe(before);
    const agent = await call(verdict.app, company.agent, "PUT", "/v1/rules", { rules: [] });
    expect(agent.statusCode).toBe(403);
  });

  it("records settings and rules changes in the activity log", async () => {
    const { rows } = await verdict.ctx.pool.query(
      "SELECT action FROM activity WHERE company_id = $1 ORDER BY id",
      [company.id],
    );
    const actions = rows.map((row) => row.action);
    expect(actions).toContain("settings.updated");
    expect(actions).toContain("rules.updated");
    expect(actions).toContain("key.created");
  });
});
