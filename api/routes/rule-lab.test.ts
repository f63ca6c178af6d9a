import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import {
  compileRules,
  DEFAULT_RULES,
  decideOutcome,
  deriveFacts,
  type Rule,
  type SessionData,
} from "../../rules/index.js";
import {
  call,
  createCompany,
  goodData,
  seedSessions,
  submitAndWaitForDecision,
  type TestCompany,
  useTestVerdict,
  waitFor,
} from "../../test/helpers.js";

const verdict = useTestVerdict();

const put = (token: string, url: string, body: unknown) => call(verdict.app, token, "PUT", url, body);
const post = (token: string, url: string, body?: unknown) => call(verdict.app, token, "POST", url, body);
const get = (token: string, url: string) => call(verdict.app, token, "GET", url);

const rule = (
  fact: string,
  path: string | undefined,
  operator: string,
  value: unknown,
  type: string,
  reason: string,
) => ({
  conditions: { all: [{ fact, ...(path ? { path } : {}), operator, value }] },
  event: { type, params: { reason } },
});

describe("warnings", () => {
  it("name a fact no session has, with the nearest known one, a rule that always fires, and an empty set", async () => {
    const company = await createCompany(verdict.app, "Warnings");
    const saved = await put(company.master, "/v1/rules", {
      rules: [
        rule("livenes", "$.passed", "equal", false, "reject", "LIVENESS_FAILED"),
        { conditions: { all: [] }, event: { type: "review", params: { reason: "EVERYONE" } } },
        rule("orderTotal", undefined, "greaterThan", 5, "review", "BIG"),
      ],
    });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().warnings).toEqual([
      {
        path: "rules[0].conditions.all[0].fact",
        code: "UNKNOWN_FACT",
        message: expect.stringContaining('did you mean "liveness"?'),
      },
      { path: "rules[1].conditions", code: "ALWAYS_FIRES", message: expect.stringContaining("EVERYONE") },
      { path: "rules[2].conditions.all[0].fact", code: "UNKNOWN_FACT", message: expect.any(String) },
    ]);
    const empty = await put(company.master, "/v1/rules", { rules: [] });
    expect(empty.json().warnings).toEqual([{ path: "rules", code: "NO_RULES", message: expect.any(String) }]);
  });
});

describe("fail safe", () => {
  it("sends a session with no checks to a person", async () => {
    const company = await createCompany(verdict.app, "Fail safe");
    const id = await submitAndWaitForDecision(verdict, company, "bare", { person: { firstName: "Nino" } });
    const session = (await get(company.agent, `/v1/sessions/${id}`)).json();
    expect(session).toMatchObject({ status: "awaiting_action", decision: { reasons: ["CHECKS_MISSING"] } });
  });

  it("gives companies still on the untouched default set CHECKS_MISSING as a new version, and leaves the others", async () => {
    const [untouched, changed] = [
      await createCompany(verdict.app, "Untouched"),
      await createCompany(verdict.app, "Changed"),
    ];
    const oldDefaults = DEFAULT_RULES.filter((r) => r.event.params.reason !== "CHECKS_MISSING");
    for (const [company, rules] of [
      [untouched, oldDefaults],
      [changed, oldDefaults.slice(1)],
    ] as const) {
      await verdict.ctx.pool.query(
        "UPDATE rule_sets SET rules = $2, rules_count = $3 WHERE company_id = $1",
        [company.id, JSON.stringify(rules), rules.length],
      );
    }
    const migration = await readFile(
      new URL("../../engine/platform/migrations/015_checks_missing.sql", import.meta.url),
      "utf8",
    );
    await verdict.ctx.pool.query(migration.split("-- Approval of changes")[0]!);
    const now = (await get(untouched.agent, "/v1/rules")).json();
    expect(now.version).toBe(2);
    expect(now.rules.map((r: Rule) => r.event.params.reason)).toEqual(
      DEFAULT_RULES.map((r) => r.event.params.reason),
    );
    expect((await get(changed.agent, "/v1/rules")).json().version).toBe(1);
  });
});

describe("approval of changes", () => {
  it("proposes a version that only another master can make live, or decline", async () => {
    const company = await createCompany(verdict.app, "Approvals");
    const second = (
      await post(company.master, "/v1/api-keys", { name: "Second master", role: "master" })
    ).json().key;
    await put(company.master, "/v1/settings", {
      security: { requireTwoFactor: "none", rulesNeedApproval: true },
    });
    const rules = [rule("liveness", "$.passed", "equal", true, "reject", "EVERYONE_REJECTED")];
    const proposed = await put(company.master, "/v1/rules", { rules });
    expect(proposed.statusCode).toBe(202);
    expect(proposed.json()).toMatchObject({ version: 2, status: "proposed" });
    // deciding still uses version 1
    expect((await get(company.agent, "/v1/rules")).json().version).toBe(1);
    const live = await submitAndWaitForDecision(verdict, company, "before", goodData());
    expect((await get(company.agent, `/v1/sessions/${live}`)).json().status).toBe("success");

    const self = await post(company.master, "/v1/rules/versions/2/approve");
    expect(self.statusCode).toBe(403);
    expect(self.json().code).toBe("SELF_APPROVAL");
    const approved = await post(second, "/v1/rules/versions/2/approve");
    expect(approved.json()).toMatchObject({
      version: 2,
      status: "active",
      decidedBy: { name: "Second master (master key)" },
    });
    const after = await submitAndWaitForDecision(verdict, company, "after", goodData());
    expect((await get(company.agent, `/v1/sessions/${after}`)).json().status).toBe("rejected");
    expect((await post(second, "/v1/rules/versions/2/approve")).json().code).toBe("NOT_PROPOSED");

    await put(company.master, "/v1/rules", { rules: DEFAULT_RULES });
    expect((await post(second, "/v1/rules/versions/3/decline")).json()).toMatchObject({ status: "declined" });
    const versions = (await get(company.master, "/v1/rules/versions")).json().items;
    expect(versions.map((v: { version: number; status: string }) => [v.version, v.status])).toEqual([
      [3, "declined"],
      [2, "active"],
      [1, "superseded"],
    ]);
    const actions = (await get(company.master, "/v1/activity?limit=10"))
      .json()
      .items.map((a: { action: string }) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["rules.proposed", "rules.approved", "rules.declined"]));
  });
});

describe("simulations", () => {
  const DAY = 86_400_000;
  const draft: Rule[] = [
    ...DEFAULT_RULES.filter((r) => r.event.params.reason !== "FACE_MATCH_LOW"),
    rule("faceMatch", "$.matchLevel", "lessThan", 3, "reject", "FACE_MATCH_VERY_LOW") as Rule,
  ];

  async function simulate(company: TestCompany, body: Record<string, unknown>) {
    const created = await post(company.master, "/v1/rules/simulations", body);
    expect(created.statusCode, created.body).toBe(202);
    return waitFor(async () => {
      const answer = (await get(company.master, `/v1/rules/simulations/${created.json().id}`)).json();
      return answer.status === "completed" || answer.status === "failed" ? answer : undefined;
    });
  }

  it("counts what the draft would decide, as evaluating each session at its own submission would", async () => {
    const company = await createCompany(verdict.app, "Simulated");
    const settings = (await get(company.master, "/v1/settings")).json();
    const now = Date.now();
    // born 17.5 years before a session submitted 200 days ago: under age then, of age now
    const turning = new Date(now - 200 * DAY - 17.5 * 365.25 * DAY).toISOString().slice(0, 10);
    const datas: SessionData[] = [
      goodData(),
      goodData({ faceMatch: { matchLevel: 2 } }),
      goodData({ faceMatch: { matchLevel: 3 } }),
      goodData({ liveness: { passed: false } }),
      goodData({ person: { ...goodData().person, birthDate: turning } }),
      { person: { firstName: "No checks" } },
    ] as SessionData[];
    const rows = datas.map((data, i) => {
      const createdAt = new Date(now - (i === 4 ? 200 : i + 1) * DAY);
      const fired = compileRules(DEFAULT_RULES)(
        deriveFacts(data, { submittedAt: createdAt, highRiskCountries: [] }),
      );
      const status = decideOutcome(fired, { awaitingActionEnabled: true });
      return { externalId: `sim-${i}`, data, createdAt, status, reasons: fired.reasons };
    });
    const ids = await seedSessions(verdict.ctx.pool, company.id, rows);
    // one resolved by a person since (its engine outcome kept in the history), one liquidated
    await verdict.ctx.pool.query(
      `INSERT INTO session_events (session_id, company_id, type, actor_type, details)
       VALUES ($1, $2, 'decided', 'engine', '{"outcome": "awaiting_action", "reasons": ["FACE_MATCH_LOW"]}')`,
      [ids[2], company.id],
    );
    await verdict.ctx.pool.query(
      "UPDATE sessions SET status = 'success', outcome = 'success', decided_by_type = 'user', reasons = '[]' WHERE id = $1",
      [ids[2]],
    );
    await seedSessions(verdict.ctx.pool, company.id, [
      {
        externalId: "sim-gone",
        data: null,
        status: "success",
        createdAt: new Date(now - DAY),
        liquidatedAt: new Date(),
      },
    ]);

    const done = await simulate(company, { rules: draft, from: new Date(now - 365 * DAY).toISOString() });
    expect(done.status).toBe("completed");
    // the same sessions one by one, with the same compiled rules
    const evaluate = compileRules(draft);
    const expected = new Map<string, number>();
    for (const row of rows) {
      const fired = evaluate(
        deriveFacts(row.data, { submittedAt: row.createdAt, highRiskCountries: settings.highRiskCountries }),
      );
      const key = `${row.status}>${decideOutcome(fired, { awaitingActionEnabled: true })}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    const transitions = new Map(
      done.result.transitions.map((t: { from: string; to: string; count: number }) => [
        `${t.from}>${t.to}`,
        t.count,
      ]),
    );
    expect(transitions).toEqual(expected);
    expect(done.result).toMatchObject({ sessions: rows.length, skippedLiquidated: 1 });
    expect(done.progress).toEqual({ done: rows.length + 1, total: rows.length + 1 });
    // the under-age session of then is still rejected as UNDERAGE: its age then, not now
    expect(done.result.reasons).toEqual(
      expect.arrayContaining([{ reason: "UNDERAGE", current: 1, simulated: 1 }]),
    );
    // compared with the engine's outcome, also for the session a person resolved since (sim-2)
    const samples = (from: string, to: string) =>
      done.result.samples
        .filter((s: { from: string; to: string }) => s.from === from && s.to === to)
        .map((s: { externalId: string }) => s.externalId);
    expect(samples("awaiting_action", "rejected")).toEqual(["sim-1"]);
    expect(samples("awaiting_action", "success")).toEqual(["sim-2"]);
    // nothing changed
    const { rows: after } = await verdict.ctx.pool.query(
      "SELECT status FROM sessions WHERE id = ANY($1::uuid[]) ORDER BY external_id",
      [ids],
    );
    expect(after.map((r) => r.status)).toEqual(rows.map((r, i) => (i === 2 ? "success" : r.status)));
  });

  it("completes with zeros over a window with no sessions, and runs three at once, two at a time", async () => {
    const company = await createCompany(verdict.app, "Simulated, empty");
    const answers = await Promise.all([1, 2, 3].map(() => simulate(company, { rules: DEFAULT_RULES })));
    for (const answer of answers) {
      expect(answer).toMatchObject({
        status: "completed",
        result: {
          sessions: 0,
          current: { success: 0 },
          simulated: { success: 0 },
          transitions: [],
          samples: [],
        },
      });
    }
  });

  it("refuses invalid drafts, a window backwards and a limit over the maximum, with 400", async () => {
    const company = await createCompany(verdict.app, "Simulated, refused");
    const bad = await post(company.master, "/v1/rules/simulations", { rules: [{ conditions: {} }] });
    expect(bad.json()).toMatchObject({ statusCode: 400, code: "INVALID_RULES" });
    const backwards = await post(company.master, "/v1/rules/simulations", {
      rules: DEFAULT_RULES,
      from: "2026-02-01",
      to: "2026-01-01",
    });
    expect(backwards.json()).toMatchObject({ statusCode: 400, message: expect.stringContaining("from") });
    const huge = await post(company.master, "/v1/rules/simulations", {
      rules: DEFAULT_RULES,
      limit: 1_000_001,
    });
    expect(huge.statusCode).toBe(400);
    expect((await post(company.agent, "/v1/rules/simulations", { rules: DEFAULT_RULES })).statusCode).toBe(
      403,
    );
  });
});

describe("the shadow set", () => {
  it("counts what it would have decided beside the live set, changing nothing", async () => {
    const company = await createCompany(verdict.app, "Shadowed");
    const shadow = await put(company.master, "/v1/rules/shadow", {
      rules: [rule("liveness", "$.passed", "equal", true, "reject", "SHADOW_REJECTS")],
    });
    expect(shadow.statusCode).toBe(200);
    const ids = [];
    for (const n of [1, 2, 3])
      ids.push(await submitAndWaitForDecision(verdict, company, `shadowed-${n}`, goodData()));
    ids.push(
      await submitAndWaitForDecision(
        verdict,
        company,
        "shadowed-parked",
        goodData({ faceMatch: { matchLevel: 2 } }),
      ),
    );
    for (const id of ids.slice(0, 3))
      expect((await get(company.agent, `/v1/sessions/${id}`)).json().status).toBe("success");
    const counted = await waitFor(async () => {
      const answer = (await get(company.master, "/v1/rules/shadow")).json();
      return answer.sessions === 4 && answer;
    });
    expect(counted.transitions).toEqual([
      { from: "success", to: "rejected", count: 3 },
      { from: "awaiting_action", to: "rejected", count: 1 },
    ]);
    expect((await call(verdict.app, company.master, "DELETE", "/v1/rules/shadow")).statusCode).toBe(204);
    expect((await get(company.master, "/v1/rules/shadow")).statusCode).toBe(404);
  });
});
