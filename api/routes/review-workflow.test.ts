import { describe, expect, it } from "vitest";
import { expireAwaiting } from "../../engine/review/sla.js";
import {
  call,
  createCompany,
  goodData,
  seedSessions,
  type TestCompany,
  useTestVerdict,
  waitFor,
} from "../../test/helpers.js";

const verdict = useTestVerdict();

/** A company with two agents (Nino and Giorgi), its keys named so. */
async function team(name: string) {
  const company = await createCompany(verdict.app, name);
  const key = async (keyName: string) =>
    (await call(verdict.app, company.master, "POST", "/v1/api-keys", { name: keyName, role: "agent" })).json()
      .key as string;
  return { ...company, nino: await key("Nino"), giorgi: await key("Giorgi") };
}

/** Seeds parked sessions of the company, oldest first, each parked with `reasons`. */
async function parked(company: { id: string }, count: number, reasons = ["FACE_MATCH_LOW"]) {
  const start = Date.now() - count * 1000;
  return seedSessions(
    verdict.ctx.pool,
    company.id,
    Array.from({ length: count }, (_, i) => ({
      status: "awaiting_action" as const,
      externalId: `parked-${Math.random().toString(36).slice(2)}`,
      createdAt: new Date(start + i * 1000),
      reasons,
    })),
  ).then(async (ids) => {
    await verdict.ctx.pool.query(
      `INSERT INTO awaiting_counts (company_id, count) VALUES ($1, $2)
       ON CONFLICT (company_id) DO UPDATE SET count = awaiting_counts.count + $2`,
      [company.id, count],
    );
    return ids;
  });
}

const post = (token: string, url: string, body?: unknown) => call(verdict.app, token, "POST", url, body);
const get = (token: string, url: string) => call(verdict.app, token, "GET", url);

describe("next", () => {
  it("gives twenty reviewers asking at once twenty different sessions, then the other ten, then 204", async () => {
    const company = await createCompany(verdict.app, "Next");
    const ids = await parked(company, 30);
    const reviewers = await Promise.all(
      Array.from(
        { length: 20 },
        async (_, i) =>
          (await post(company.master, "/v1/api-keys", { name: `reviewer ${i}`, role: "agent" })).json()
            .key as string,
      ),
    );
    const first = await Promise.all(reviewers.map((key) => post(key, "/v1/awaiting-action/next")));
    expect(first.map((answer) => answer.statusCode)).toEqual(Array(20).fill(200));
    const handed = first.map((answer) => answer.json().id);
    expect(new Set(handed).size).toBe(20);
    // the oldest twenty, each now claimed by the one it was handed to
    expect([...handed].sort()).toEqual(ids.slice(0, 20).sort());
    for (const [i, answer] of first.entries()) {
      expect(answer.json().claim.by).toMatchObject({ name: `reviewer ${i} (agent key)` });
    }
    const second = await Promise.all(
      reviewers.slice(0, 10).map((key) => post(key, "/v1/awaiting-action/next")),
    );
    const rest = second.map((answer) => answer.json().id);
    expect(new Set([...handed, ...rest]).size).toBe(30);
    const none = await post(reviewers[10]!, "/v1/awaiting-action/next");
    expect(none.statusCode).toBe(204);
  });

  it("takes a reason, and refuses integrators", async () => {
    const company = await createCompany(verdict.app, "Next by reason");
    await parked(company, 2, ["FACE_MATCH_LOW"]);
    const [mrz] = await parked(company, 1, ["MRZ_INVALID"]);
    const answer = await post(company.agent, "/v1/awaiting-action/next?reason=MRZ_INVALID");
    expect(answer.json().id).toBe(mrz);
    expect((await post(company.agent, "/v1/awaiting-action/next?reason=MRZ_INVALID")).statusCode).toBe(204);
    expect((await post(company.integrator, "/v1/awaiting-action/next")).statusCode).toBe(403);
  });
});

describe("the awaiting-action filters", () => {
  it("narrow the list by reason, claim, overdue and text", async () => {
    const company = await createCompany(verdict.app, "Filters");
    const [a, b] = await parked(company, 2, ["FACE_MATCH_LOW"]);
    const [c] = await parked(company, 1, ["MRZ_INVALID", "FACE_MATCH_LOW"]);
    await post(company.agent, `/v1/sessions/${a}/claim`);
    await verdict.ctx.pool.query("UPDATE sessions SET decided_at = now() - interval '3 days' WHERE id = $1", [
      b,
    ]);
    await verdict.ctx.pool.query(
      "INSERT INTO session_search (session_id, company_id, search) VALUES ($1, $2, 'parked nino beridze')",
      [c, company.id],
    );
    const ids = async (query: string) =>
      (await get(company.agent, `/v1/awaiting-action?${query}`))
        .json()
        .items.map((item: { id: string }) => item.id);
    expect(await ids("reason=MRZ_INVALID")).toEqual([c]);
    expect(await ids("reason=FACE_MATCH_LOW")).toEqual([a, b, c]);
    expect(await ids("claimed=false")).toEqual([b, c]);
    expect(await ids("claimed=true")).toEqual([a]);
    expect(await ids("overdue=true")).toEqual([b]);
    expect(await ids("q=Beridze")).toEqual([c]);
    expect(await ids("claimed=false&reason=FACE_MATCH_LOW&overdue=true")).toEqual([b]);
    const refused = await get(company.agent, "/v1/awaiting-action?claimed=maybe");
    expect(refused.statusCode).toBe(400);
  });
});

describe("four eyes", () => {
  async function fourEyesTeam(name: string) {
    const company = await team(name);
    await call(verdict.app, company.master, "PUT", "/v1/settings", {
      review: { fourEyes: { outcomes: ["success"], reasons: ["FACE_MATCH_LOW"] } },
    });
    return company;
  }

  it("turns a covered resolution into a proposal that another person approves", async () => {
    const company = await fourEyesTeam("Four eyes");
    const [id] = await parked(company, 1);
    await post(company.nino, `/v1/sessions/${id}/claim`);
    const proposed = await post(company.nino, `/v1/sessions/${id}/resolve`, {
      outcome: "success",
      note: "looks fine",
    });
    expect(proposed.statusCode).toBe(202);
    expect(proposed.json()).toMatchObject({
      status: "awaiting_action",
      claim: null,
      proposal: {
        outcome: "success",
        reason: null,
        note: "looks fine",
        by: { type: "key", name: "Nino (agent key)" },
        at: expect.any(String),
      },
    });
    // the proposer cannot approve it, even holding a claim again
    await post(company.nino, `/v1/sessions/${id}/claim`);
    const self = await post(company.nino, `/v1/sessions/${id}/proposal/approve`);
    expect(self.statusCode).toBe(403);
    expect(self.json().code).toBe("SELF_APPROVAL");
    await call(verdict.app, company.nino, "DELETE", `/v1/sessions/${id}/claim`);
    // nor may anyone resolve it around the proposal
    const around = await post(company.giorgi, `/v1/sessions/${id}/resolve`, {
      outcome: "rejected",
      reason: "SPAM",
    });
    expect(around.json()).toMatchObject({
      code: "PROPOSAL_PENDING",
      message: expect.stringContaining("Nino (agent key)"),
    });

    const approved = await post(company.giorgi, `/v1/sessions/${id}/proposal/approve`);
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({
      status: "success",
      proposal: null,
      decision: {
        outcome: "success",
        note: "looks fine",
        decidedBy: { type: "key", name: "Nino (agent key)" },
        approvedBy: { type: "key", name: "Giorgi (agent key)" },
      },
    });
    const types = approved.json().history.map((entry: { type: string }) => entry.type);
    expect(types).toEqual(["submitted", "decided", "claimed", "proposed", "claimed", "released", "resolved"]);
    const again = await post(company.giorgi, `/v1/sessions/${id}/proposal/approve`);
    expect(again.statusCode).toBe(409);
  });

  it("leaves outcomes and reasons it does not cover alone", async () => {
    const company = await fourEyesTeam("Four eyes, narrow");
    const [mrz] = await parked(company, 1, ["MRZ_INVALID"]);
    const [low] = await parked(company, 1);
    expect((await post(company.nino, `/v1/sessions/${mrz}/resolve`, { outcome: "success" })).statusCode).toBe(
      200,
    );
    const rejected = await post(company.nino, `/v1/sessions/${low}/resolve`, {
      outcome: "rejected",
      reason: "SPAM",
    });
    expect(rejected.statusCode).toBe(200);
  });

  it("lets a decline withdraw the proposal, and exactly one of racing approvals and declines win", async () => {
    const company = await fourEyesTeam("Four eyes, races");
    const [declined, raced] = await parked(company, 2);
    await post(company.nino, `/v1/sessions/${declined}/resolve`, { outcome: "success" });
    const decline = await post(company.giorgi, `/v1/sessions/${declined}/proposal/decline`, {
      note: "the selfie is older",
    });
    expect(decline.statusCode).toBe(200);
    expect(decline.json()).toMatchObject({ status: "awaiting_action", proposal: null });
    expect(decline.json().history.at(-1)).toMatchObject({
      type: "proposal_declined",
      actor: { name: "Giorgi (agent key)" },
      details: { note: "the selfie is older", proposal: { outcome: "success" } },
    });
    expect((await post(company.master, `/v1/sessions/${declined}/proposal/approve`)).json().code).toBe(
      "NO_PROPOSAL",
    );

    await post(company.nino, `/v1/sessions/${raced}/resolve`, { outcome: "success" });
    const answers = await Promise.all([
      post(company.giorgi, `/v1/sessions/${raced}/proposal/approve`),
      post(company.master, `/v1/sessions/${raced}/proposal/decline`),
      post(company.agent, `/v1/sessions/${raced}/proposal/approve`),
      post(company.master, `/v1/sessions/${raced}/proposal/decline`),
    ]);
    const won = answers.filter((answer) => answer.statusCode === 200);
    expect(won).toHaveLength(1);
    for (const answer of answers.filter((a) => a.statusCode !== 200))
      expect(answer.statusCode, answer.body).toBe(409);
  });

  it("answers 202 in bulk for covered sessions, and fires session.resolved only when final", async () => {
    const company = await fourEyesTeam("Four eyes, bulk");
    const [covered] = await parked(company, 1);
    const [other] = await parked(company, 1, ["MRZ_INVALID"]);
    const bulk = await post(company.nino, "/v1/awaiting-action/resolve", {
      ids: [covered, other],
      outcome: "success",
    });
    expect(bulk.json().results).toEqual([
      { id: covered, status: 202 },
      { id: other, status: 200 },
    ]);
    const { rows } = await verdict.ctx.pool.query(
      "SELECT count(*)::int AS n FROM session_events WHERE session_id = $1 AND type = 'resolved'",
      [covered],
    );
    expect(rows[0].n).toBe(0);
  });

  it("lets the SLA expire a session with a proposal, recording that it lapsed", async () => {
    const company = await fourEyesTeam("Four eyes, SLA");
    await call(verdict.app, company.master, "PUT", "/v1/settings", {
      awaitingAction: { enabled: true, slaHours: 1, onExpiry: "reject" },
    });
    const [id] = await parked(company, 1);
    await post(company.nino, `/v1/sessions/${id}/resolve`, { outcome: "success" });
    await verdict.ctx.pool.query(
      "UPDATE sessions SET decided_at = now() - interval '2 hours' WHERE id = $1",
      [id],
    );
    expect(await expireAwaiting(verdict.ctx, company.id, [id!])).toBe(1);
    const session = (await get(company.agent, `/v1/sessions/${id}`)).json();
    expect(session).toMatchObject({
      status: "rejected",
      proposal: null,
      decision: { decidedBy: { type: "sla" } },
    });
    expect(session.history.map((entry: { type: string }) => entry.type)).toContain("proposal_lapsed");
  });
});

describe("resubmission", () => {
  async function submit(company: TestCompany, externalId: string, data: unknown) {
    return post(company.integrator, "/v1/sessions", { externalId, data });
  }

  it("asks the customer to try again, and takes their next submission as attempt 2, linked both ways", async () => {
    const company = await createCompany(verdict.app, "Resubmit");
    const first = await submit(company, "order-7", goodData({ faceMatch: { matchLevel: 2 } }));
    const id = first.json().id;
    await waitFor(
      async () => (await get(company.agent, `/v1/sessions/${id}`)).json().status === "awaiting_action",
    );

    const asked = await post(company.agent, `/v1/sessions/${id}/request-resubmission`, {
      reason: "SELFIE_MISMATCH",
      note: "the selfie is blurred",
    });
    expect(asked.statusCode).toBe(200);
    expect(asked.json()).toMatchObject({
      status: "resubmission_requested",
      attempt: 1,
      decision: {
        outcome: "resubmission_requested",
        reasons: ["SELFIE_MISMATCH"],
        note: "the selfie is blurred",
      },
    });
    // the same data again is the same session, not a new attempt
    expect((await submit(company, "order-7", goodData({ faceMatch: { matchLevel: 2 } }))).json().id).toBe(id);

    const second = await submit(company, "order-7", goodData());
    expect(second.statusCode).toBe(202);
    const next = second.json().id;
    expect(next).not.toBe(id);
    const newest = await waitFor(async () => {
      const session = (await get(company.agent, `/v1/sessions/${next}`)).json();
      return session.status !== "pending" && session;
    });
    expect(newest).toMatchObject({
      status: "success",
      attempt: 2,
      previousAttemptId: id,
      nextAttemptId: null,
    });
    expect((await get(company.agent, `/v1/sessions/${id}`)).json()).toMatchObject({ nextAttemptId: next });

    // the new data again answers the new attempt; other data is a conflict once more
    const repeated = await submit(company, "order-7", goodData());
    expect(repeated.statusCode).toBe(200);
    expect(repeated.json().id).toBe(next);
    expect((await submit(company, "order-7", goodData({ ip: { country: "DE" } }))).statusCode).toBe(409);

    const dashboard = (await get(company.master, "/v1/dashboard")).json();
    expect(dashboard.counts).toMatchObject({ resubmission_requested: 1, success: 1 });
  });

  it("takes exactly one of racing resubmissions", async () => {
    const company = await createCompany(verdict.app, "Resubmit races");
    const [id] = await parked(company, 1);
    const { rows } = await verdict.ctx.pool.query("SELECT external_id FROM sessions WHERE id = $1", [id]);
    await post(company.agent, `/v1/sessions/${id}/request-resubmission`, { reason: "OTHER" });
    const answers = await Promise.all(
      [1, 2, 3, 4].map((n) => submit(company, rows[0].external_id, goodData({ extra: { n } }))),
    );
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([202, 409, 409, 409]);
  });

  it("refuses what is not a parked session or not a reason", async () => {
    const company = await createCompany(verdict.app, "Resubmit refusals");
    const [final] = await seedSessions(verdict.ctx.pool, company.id, [
      { status: "success", externalId: "done" },
    ]);
    const [id] = await parked(company, 1);
    const notParked = await post(company.agent, `/v1/sessions/${final}/request-resubmission`, {
      reason: "OTHER",
    });
    expect(notParked.json()).toMatchObject({ statusCode: 409, code: "NOT_AWAITING_ACTION" });
    const badReason = await post(company.agent, `/v1/sessions/${id}/request-resubmission`, {
      reason: "BLURRY",
    });
    expect(badReason.json()).toMatchObject({ statusCode: 400, message: expect.stringContaining("BLURRY") });
    expect(
      (await post(company.integrator, `/v1/sessions/${id}/request-resubmission`, { reason: "OTHER" }))
        .statusCode,
    ).toBe(403);
  });
});

describe("named actors and the reviewers' figures", () => {
  it("names who claimed, noted and decided, and counts each reviewer's resolutions and handling time", async () => {
    const company = await team("Figures");
    const [a, b, c, d] = await parked(company, 4);
    // a: claimed by Nino, released, claimed by Giorgi, resolved by Giorgi
    await post(company.nino, `/v1/sessions/${a}/claim`);
    await call(verdict.app, company.nino, "DELETE", `/v1/sessions/${a}/claim`);
    await post(company.giorgi, `/v1/sessions/${a}/claim`);
    await post(company.giorgi, `/v1/sessions/${a}/notes`, { text: "checked the document" });
    await post(company.giorgi, `/v1/sessions/${a}/resolve`, { outcome: "success" });
    // b and c: Nino, unclaimed; d: Nino after a claim
    await post(company.nino, `/v1/sessions/${b}/resolve`, { outcome: "rejected", reason: "FAKE_DOCUMENT" });
    await post(company.nino, `/v1/sessions/${c}/request-resubmission`, { reason: "SELFIE_MISMATCH" });
    await post(company.nino, `/v1/sessions/${d}/claim`);
    await post(company.nino, `/v1/sessions/${d}/resolve`, { outcome: "success" });

    const session = (await get(company.agent, `/v1/sessions/${a}`)).json();
    expect(session.decision.decidedBy).toMatchObject({ type: "key", name: "Giorgi (agent key)" });
    const actors = session.history.map((entry: { type: string; actor: { name?: string } }) => [
      entry.type,
      entry.actor.name,
    ]);
    expect(actors).toEqual([
      ["submitted", undefined],
      ["decided", undefined],
      ["claimed", "Nino (agent key)"],
      ["released", "Nino (agent key)"],
      ["claimed", "Giorgi (agent key)"],
      ["note", "Giorgi (agent key)"],
      ["resolved", "Giorgi (agent key)"],
    ]);
    const activity = (await get(company.master, "/v1/activity?limit=1")).json().items[0];
    expect(activity.actor).toMatchObject({ type: "key", name: "Nino (agent key)" });

    const { reviewers } = (await get(company.master, "/v1/dashboard")).json();
    expect(reviewers).toEqual([
      {
        id: expect.any(String),
        name: "Nino (agent key)",
        resolved: 3,
        approved: 1,
        rejected: 1,
        medianHandlingMs: expect.any(Number),
      },
      {
        id: expect.any(String),
        name: "Giorgi (agent key)",
        resolved: 1,
        approved: 1,
        rejected: 0,
        medianHandlingMs: expect.any(Number),
      },
    ]);
    // Giorgi's handling is from his own claim, not from Nino's nor from the parking
    const [giorgi] = reviewers.filter((r: { name: string }) => r.name.startsWith("Giorgi"));
    const { rows } = await verdict.ctx.pool.query(
      `SELECT extract(epoch FROM max(at) FILTER (WHERE type = 'resolved') - max(at) FILTER (WHERE type = 'claimed')) * 1000 AS ms
         FROM session_events WHERE session_id = $1`,
      [a],
    );
    expect(giorgi.medianHandlingMs).toBeCloseTo(Number(rows[0].ms), -1);
  });

  it("gives the queue's oldest age and overdue count", async () => {
    const company = await createCompany(verdict.app, "Queue age");
    const [old] = await parked(company, 2);
    await verdict.ctx.pool.query(
      "UPDATE sessions SET decided_at = now() - interval '30 hours' WHERE id = $1",
      [old],
    );
    const { awaiting } = (await get(company.master, "/v1/dashboard")).json();
    expect(awaiting.overdue).toBe(1);
    expect(awaiting.oldestAgeMs).toBeGreaterThan(29 * 3_600_000);
  });
});
