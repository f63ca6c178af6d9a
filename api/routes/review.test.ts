import { beforeAll, describe, expect, it } from "vitest";
import { expireAwaiting } from "../../engine/review/sla.js";
import {
  call,
  createCompany,
  goodData,
  useTestCompany,
  useTestVerdict,
  waitFor,
} from "../../test/helpers.js";

const verdict = useTestVerdict();
const company = useTestCompany(verdict);
let secondAgent: string;
beforeAll(async () => {
  const created = await call(verdict.app, company.master, "POST", "/v1/api-keys", {
    name: "agent-2",
    role: "agent",
  });
  secondAgent = created.json().key;
});

let serial = 0;
/** Submits sessions that the default rules park (face match too low) and waits until they are. */
async function park(count = 1, token = company.integrator, reader = company.agent): Promise<string[]> {
  const sessions = Array.from({ length: count }, () => ({
    externalId: `park-${serial++}`,
    data: goodData({ faceMatch: { matchLevel: 2 } }),
  }));
  const response = await call(verdict.app, token, "POST", "/v1/sessions/batch", { sessions });
  const ids: string[] = response.json().accepted.map((a: { id: string }) => a.id);
  for (const id of ids) {
    await waitFor(async () => {
      const session = (await call(verdict.app, reader, "GET", `/v1/sessions/${id}`)).json();
      return session.status === "awaiting_action";
    });
  }
  return ids;
}

const resolve = (token: string, id: string, body: unknown) =>
  call(verdict.app, token, "POST", `/v1/sessions/${id}/resolve`, body);

describe("the awaiting-action list", () => {
  it("lists parked sessions oldest first and counts them", async () => {
    const acme = await createCompany(verdict.app, "Lists");
    const first = await park(3, acme.integrator, acme.agent);
    const second = await park(2, acme.integrator, acme.agent);
    const list = await call(verdict.app, acme.agent, "GET", "/v1/awaiting-action?limit=4");
    expect(list.statusCode).toBe(200);
    const ids = list.json().items.map((i: { id: string }) => i.id);
    expect(ids.slice(0, 3).sort()).toEqual([...first].sort());
    expect(list.json().items[0]).toMatchObject({ status: "awaiting_action", overdue: false });
    const rest = await call(
      verdict.app,
      acme.agent,
      "GET",
      `/v1/awaiting-action?cursor=${list.json().nextCursor}`,
    );
    expect(rest.json().items).toHaveLength(1);
    expect(second).toContain(rest.json().items[0].id);
    const count = await call(verdict.app, acme.agent, "GET", "/v1/awaiting-action/count");
    expect(count.json()).toEqual({ count: 5 });
    expect((await call(verdict.app, acme.integrator, "GET", "/v1/awaiting-action/count")).statusCode).toBe(
      403,
    );
  });

  it("flags sessions parked past the SLA as overdue when the company keeps them", async () => {
    const acme = await createCompany(verdict.app, "Overdue");
    await call(verdict.app, acme.master, "PUT", "/v1/settings", {
      awaitingAction: { enabled: true, slaHours: 1, onExpiry: "keep" },
    });
    const [late, fresh] = await park(2, acme.integrator, acme.agent);
    // parked two hours ago: past the one-hour SLA
    await verdict.ctx.pool.query(
      "UPDATE sessions SET decided_at = now() - interval '2 hours' WHERE id = $1",
      [late],
    );
    const items = (await call(verdict.app, acme.agent, "GET", "/v1/awaiting-action")).json().items;
    const overdue = Object.fromEntries(
      items.map((item: { id: string; overdue: boolean }) => [item.id, item.overdue]),
    );
    expect(overdue).toEqual({ [late!]: true, [fresh!]: false });
  });
});

describe("claims", () => {
  it("holds a session for one reviewer, refuses another with 409, and releases", async () => {
    const [id] = await park();
    const claim = await call(verdict.app, company.agent, "POST", `/v1/sessions/${id}/claim`);
    expect(claim.statusCode).toBe(200);
    expect(claim.json().claim).toEqual({
      by: { type: "key", id: expect.any(String), name: "agent (agent key)" },
      expiresAt: expect.any(String),
    });
    const expires = Date.parse(claim.json().claim.expiresAt);
    expect(expires - Date.now()).toBeGreaterThan(14 * 60_000);

    const other = await call(verdict.app, secondAgent, "POST", `/v1/sessions/${id}/claim`);
    expect(other.statusCode).toBe(409);
    expect(other.json()).toMatchObject({
      code: "CLAIMED",
      message: "the session is claimed by agent (agent key)",
    });
    expect((await resolve(secondAgent, id!, { outcome: "success" })).statusCode).toBe(409);
    expect((await call(verdict.app, secondAgent, "DELETE", `/v1/sessions/${id}/claim`)).statusCode).toBe(409);

    const session = (await call(verdict.app, company.agent, "GET", `/v1/sessions/${id}`)).json();
    expect(session.claim.by).toEqual(claim.json().claim.by);

    expect((await call(verdict.app, company.agent, "DELETE", `/v1/sessions/${id}/claim`)).statusCode).toBe(
      204,
    );
    expect((await call(verdict.app, secondAgent, "POST", `/v1/sessions/${id}/claim`)).statusCode).toBe(200);
    const history = (await call(verdict.app, company.agent, "GET", `/v1/sessions/${id}`)).json().history;
    expect(history.map((h: { type: string }) => h.type)).toEqual([
      "submitted",
      "decided",
      "claimed",
      "released",
      "claimed",
    ]);
  });

  it("lets anyone reclaim after the claim expired", async () => {
    const [id] = await park();
    await call(verdict.app, company.agent, "POST", `/v1/sessions/${id}/claim`);
    await verdict.ctx.pool.query(
      "UPDATE sessions SET claim_expires_at = now() - interval '1 second' WHERE id = $1",
      [id],
    );
    const session = (await call(verdict.app, company.agent, "GET", `/v1/sessions/${id}`)).json();
    expect(session.claim).toBeNull();
    expect((await call(verdict.app, secondAgent, "POST", `/v1/sessions/${id}/claim`)).statusCode).toBe(200);
  });

  it("gives exactly one of many racing claims", async () => {
    const [id] = await park();
    const keys = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const response = await call(verdict.app, company.master, "POST", "/v1/api-keys", {
          name: `r${i}`,
          role: "agent",
        });
        return response.json().key as string;
      }),
    );
    const results = await Promise.all(
      keys.map((key) => call(verdict.app, key, "POST", `/v1/sessions/${id}/claim`)),
    );
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 409)).toHaveLength(5);
  });

  it("refuses to claim a session that is not awaiting action", async () => {
    const response = await call(verdict.app, company.integrator, "POST", "/v1/sessions", {
      externalId: "final-one",
      data: goodData(),
    });
    const id = response.json().id;
    await waitFor(
      async () =>
        (await call(verdict.app, company.agent, "GET", `/v1/sessions/${id}`)).json().status === "success",
    );
    const claim = await call(verdict.app, company.agent, "POST", `/v1/sessions/${id}/claim`);
    expect(claim.statusCode).toBe(409);
    expect(claim.json().code).toBe("NOT_AWAITING_ACTION");
  });
});

describe("resolutions", () => {
  it("rejects with a reason and a note, recorded in the decision and history", async () => {
    const [id] = await park();
    const response = await resolve(company.agent, id!, {
      outcome: "rejected",
      reason: "PEP",
      note: "listed",
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      status: "rejected",
      decision: { outcome: "rejected", reasons: ["PEP"], decidedBy: { type: "key" }, note: "listed" },
    });
    const last = response.json().history.at(-1);
    expect(last).toMatchObject({
      type: "resolved",
      actor: { type: "key" },
      details: { outcome: "rejected", reasons: ["PEP"] },
    });
    const again = await resolve(company.agent, id!, { outcome: "success" });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe("NOT_AWAITING_ACTION");
    const rejections = await call(verdict.app, company.agent, "GET", "/v1/rejections?limit=500");
    expect(rejections.json().items.map((i: { id: string }) => i.id)).toContain(id);
  });

  it("refuses an invalid outcome or reason with 400", async () => {
    const [id] = await park();
    const cases = [
      [{ outcome: "maybe" }, "outcome"],
      [{ outcome: "rejected" }, "reason"],
      [{ outcome: "rejected", reason: "BAD_VIBES" }, "reason"],
      [{ outcome: "success", reason: "PEP" }, "reason"],
      [{ outcome: "success", note: "x".repeat(10_001) }, "note"],
    ] as const;
    for (const [body, field] of cases) {
      const response = await resolve(company.agent, id!, body);
      expect(response.statusCode, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(response.json().message).toContain(field);
    }
  });

  it("lets exactly one of many racing resolutions win", async () => {
    const [id] = await park();
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        resolve(
          i % 2 ? company.agent : secondAgent,
          id!,
          i % 3 ? { outcome: "success" } : { outcome: "rejected", reason: "SPAM" },
        ),
      ),
    );
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 409)).toHaveLength(9);
    const history = (await call(verdict.app, company.agent, "GET", `/v1/sessions/${id}`)).json().history;
    expect(history.filter((h: { type: string }) => h.type === "resolved")).toHaveLength(1);
  });

  it("resolves in bulk with a result per id", async () => {
    const ids = await park(3);
    await call(verdict.app, secondAgent, "POST", `/v1/sessions/${ids[2]}/claim`);
    const other = await createCompany(verdict.app, "Bulk other");
    const [foreign] = await park(1, other.integrator, other.agent);
    const unknown = "00000000-0000-7000-8000-000000000000";
    const response = await call(verdict.app, company.agent, "POST", "/v1/awaiting-action/resolve", {
      ids: [ids[0], ids[1], ids[2], foreign, unknown, "not-an-id"],
      outcome: "success",
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().results).toEqual([
      { id: ids[0], status: 200 },
      { id: ids[1], status: 200 },
      { id: ids[2], status: 409 },
      { id: foreign, status: 404 },
      { id: unknown, status: 404 },
      { id: "not-an-id", status: 404 },
    ]);
    const foreignSession = (await call(verdict.app, other.agent, "GET", `/v1/sessions/${foreign}`)).json();
    expect(foreignSession.status).toBe("awaiting_action");
  });

  it("keeps another company's session out of reach", async () => {
    const other = await createCompany(verdict.app, "Isolated");
    const [id] = await park(1, other.integrator, other.agent);
    expect((await call(verdict.app, company.agent, "POST", `/v1/sessions/${id}/claim`)).statusCode).toBe(404);
    expect((await resolve(company.agent, id!, { outcome: "success" })).statusCode).toBe(404);
    expect(
      (await call(verdict.app, company.agent, "POST", `/v1/sessions/${id}/notes`, { text: "hi" })).statusCode,
    ).toBe(404);
    expect((await call(verdict.app, company.master, "POST", `/v1/sessions/${id}/liquidate`)).statusCode).toBe(
      404,
    );
    expect((await call(verdict.app, company.agent, "DELETE", `/v1/sessions/${id}/claim`)).statusCode).toBe(
      404,
    );
  });

  it("lets integrators neither claim nor resolve", async () => {
    const [id] = await park();
    expect((await call(verdict.app, company.integrator, "POST", `/v1/sessions/${id}/claim`)).statusCode).toBe(
      403,
    );
    expect((await resolve(company.integrator, id!, { outcome: "success" })).statusCode).toBe(403);
  });
});

describe("the SLA", () => {
  it("rejects a session parked past the SLA, unless a resolution won first", async () => {
    const acme = await createCompany(verdict.app, "SLA");
    await call(verdict.app, acme.master, "PUT", "/v1/settings", {
      awaitingAction: { enabled: true, slaHours: 0.0003, onExpiry: "reject" }, // about a second
    });
    const [expiring, resolved] = await park(2, acme.integrator, acme.agent);
    expect((await resolve(acme.agent, resolved!, { outcome: "success" })).statusCode).toBe(200);
    const session = await waitFor(
      async () => {
        const s = (await call(verdict.app, acme.agent, "GET", `/v1/sessions/${expiring}`)).json();
        return s.status === "rejected" ? s : undefined;
      },
      10_000,
      "the SLA to reject",
    );
    expect(session.decision).toMatchObject({
      outcome: "rejected",
      reasons: ["SLA_EXPIRED"],
      decidedBy: { type: "sla" },
    });
    const other = (await call(verdict.app, acme.agent, "GET", `/v1/sessions/${resolved}`)).json();
    expect(other.status).toBe("success");
    expect(other.history.filter((h: { type: string }) => h.type === "resolved")).toHaveLength(1);
  });
});

describe("resolution racing the SLA", () => {
  it("lets exactly one of a person and the SLA decide a session", async () => {
    const acme = await createCompany(verdict.app, "SLA race");
    await call(verdict.app, acme.master, "PUT", "/v1/settings", {
      awaitingAction: { enabled: true, slaHours: 1, onExpiry: "reject" },
    });
    const ids = await park(10, acme.integrator, acme.agent);
    // every session is now past its SLA: the expiry and the reviewers race for each
    await verdict.ctx.pool.query(
      "UPDATE sessions SET decided_at = now() - interval '2 hours' WHERE id = ANY($1)",
      [ids],
    );
    const [expired, ...answers] = await Promise.all([
      expireAwaiting(verdict.ctx, acme.id),
      ...ids.map((id) => resolve(acme.agent, id, { outcome: "success" })),
    ]);
    const won = answers.filter((answer) => answer.statusCode === 200).length;
    expect(won + (expired as number)).toBe(ids.length);
    expect(answers.every((answer) => answer.statusCode === 200 || answer.statusCode === 409)).toBe(true);
    const { rows } = await verdict.ctx.pool.query(
      "SELECT session_id, count(*)::int AS n FROM session_events WHERE type = 'resolved' AND session_id = ANY($1) GROUP BY 1",
      [ids],
    );
    expect(rows).toHaveLength(ids.length);
    expect(rows.every((row) => row.n === 1)).toBe(true);
    // the kept count followed every resolution, whoever won it
    expect((await call(verdict.app, acme.agent, "GET", "/v1/awaiting-action/count")).json()).toEqual({
      count: 0,
    });
  });
});

describe("notes", () => {
  it("adds a note to the history", async () => {
    const [id] = await park();
    const note = await call(verdict.app, company.agent, "POST", `/v1/sessions/${id}/notes`, {
      text: "called the customer",
    });
    expect(note.statusCode).toBe(201);
    const history = (await call(verdict.app, company.agent, "GET", `/v1/sessions/${id}`)).json().history;
    expect(history.at(-1)).toMatchObject({
      type: "note",
      actor: { type: "key" },
      details: { text: "called the customer" },
    });
    const long = await call(verdict.app, company.agent, "POST", `/v1/sessions/${id}/notes`, {
      text: "x".repeat(10_001),
    });
    expect(long.statusCode).toBe(400);
    const empty = await call(verdict.app, company.agent, "POST", `/v1/sessions/${id}/notes`, { text: "" });
    expect(empty.statusCode).toBe(400);
  });

  it("lists the reasons with their groups", async () => {
    const response = await call(verdict.app, company.agent, "GET", "/v1/rejection-reasons");
    expect(response.json().items).toContainEqual({ code: "PEP", group: "Compromised person" });
    expect(response.json().items).toHaveLength(13);
  });
});
