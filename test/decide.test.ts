import { describe, expect, it } from "vitest";
import { latencyBucket } from "../engine/kernel/latency.js";
import {
  call,
  createCompany,
  goodData,
  seededRandom,
  seedSessions,
  useTestCompany,
  useTestVerdict,
  waitFor,
} from "./helpers.js";

const verdict = useTestVerdict();
const company = useTestCompany(verdict);

async function decided(id: string, token = company.agent) {
  return waitFor(
    async () => {
      const session = (await call(verdict.app, token, "GET", `/v1/sessions/${id}`)).json();
      return session.status === "pending" ? undefined : session;
    },
    10_000,
    `session ${id} to be decided`,
  );
}

async function submitOne(externalId: string, data: unknown, token = company.integrator) {
  const response = await call(verdict.app, token, "POST", "/v1/sessions", { externalId, data });
  expect(response.statusCode).toBe(202);
  return response.json().id as string;
}

describe("deciding with the default condition set", () => {
  it("accepts a clean session", async () => {
    const session = await decided(await submitOne("clean", goodData()));
    expect(session.status).toBe("success");
    expect(session.decision).toMatchObject({
      outcome: "success",
      reasons: [],
      ruleSetVersion: 1,
      decidedBy: { type: "engine" },
      decidedAt: expect.any(String),
    });
    expect(session.history.map((h: { type: string }) => h.type)).toEqual(["submitted", "decided"]);
  });

  it("rejects with every fired reason in rule order", async () => {
    const data = goodData({
      liveness: { passed: false },
      faceMatch: { matchLevel: 2 },
      person: { ...goodData().person, birthDate: "2015-01-01" },
      document: { valid: true, mrzValid: false, expiryDate: "2001-01-01" },
    });
    const session = await decided(await submitOne("bad", data));
    expect(session.status).toBe("rejected");
    expect(session.decision.reasons).toEqual([
      "LIVENESS_FAILED",
      "DOCUMENT_EXPIRED",
      "UNDERAGE",
      "FACE_MATCH_LOW",
      "MRZ_INVALID",
    ]);
  });

  it("parks a session that only needs review", async () => {
    const session = await decided(await submitOne("review", goodData({ faceMatch: { matchLevel: 3 } })));
    expect(session.status).toBe("awaiting_action");
    expect(session.decision).toMatchObject({ outcome: "awaiting_action", reasons: ["FACE_MATCH_LOW"] });
  });

  it("asks a person when the checks are missing, rather than approving", async () => {
    const session = await decided(await submitOne("sparse", { documentType: "PASSPORT" }));
    expect(session.status).toBe("awaiting_action");
    expect(session.decision).toMatchObject({ outcome: "awaiting_action", reasons: ["CHECKS_MISSING"] });
  });
});

describe("deciding with the company's own settings and rules", () => {
  it("rejects high-risk countries of the company's list", async () => {
    const acme = await createCompany(verdict.app, "HighRisk");
    await call(verdict.app, acme.master, "PUT", "/v1/settings", { highRiskCountries: ["IR"] });
    const data = goodData({ ip: { address: "198.51.100.1", country: "IR" } });
    const session = await decided(await submitOne("ir", data, acme.integrator), acme.agent);
    expect(session.decision.reasons).toEqual(["HIGH_RISK_COUNTRY"]);
  });

  it("rejects what would be reviewed when awaiting action is off", async () => {
    const acme = await createCompany(verdict.app, "NoReview");
    await call(verdict.app, acme.master, "PUT", "/v1/settings", {
      awaitingAction: { enabled: false, slaHours: 24, onExpiry: "keep" },
    });
    const session = await decided(
      await submitOne("r", goodData({ faceMatch: { matchLevel: 1 } }), acme.integrator),
      acme.agent,
    );
    expect(session.status).toBe("rejected");
    expect(session.decision.reasons).toEqual(["FACE_MATCH_LOW"]);
  });

  it("decides with the current version of the company's rules", async () => {
    const acme = await createCompany(verdict.app, "Custom");
    await call(verdict.app, acme.master, "PUT", "/v1/settings", {
      extraFields: [{ name: "orderTotal", type: "number", required: true }],
    });
    await call(verdict.app, acme.master, "PUT", "/v1/rules", {
      rules: [
        {
          conditions: {
            any: [{ fact: "extra", path: "$.orderTotal", operator: "greaterThan", value: 1000 }],
          },
          event: { type: "review", params: { reason: "LARGE_ORDER" } },
        },
      ],
    });
    const big = await decided(
      await submitOne("big", goodData({ extra: { orderTotal: 5000 } }), acme.integrator),
      acme.agent,
    );
    expect(big.decision).toMatchObject({
      outcome: "awaiting_action",
      reasons: ["LARGE_ORDER"],
      ruleSetVersion: 2,
    });
    // the default rules are gone in version 2: a failed liveness passes
    const small = await decided(
      await submitOne(
        "small",
        goodData({ extra: { orderTotal: 5 }, liveness: { passed: false } }),
        acme.integrator,
      ),
      acme.agent,
    );
    expect(small.status).toBe("success");
  });

  it("decides a batch of 1000", async () => {
    const sessions = Array.from({ length: 1000 }, (_, i) => ({
      externalId: `many-${i}`,
      data: goodData({ faceMatch: { matchLevel: i % 10 } }),
    }));
    const response = await call(verdict.app, company.integrator, "POST", "/v1/sessions/batch", { sessions });
    expect(response.json().accepted).toHaveLength(1000);
    await waitFor(
      async () => {
        const { rows } = await verdict.ctx.pool.query(
          "SELECT count(*)::int AS n FROM sessions WHERE external_id LIKE 'many-%' AND status = 'pending'",
        );
        return rows[0].n === 0;
      },
      20_000,
      "the batch to be decided",
    );
    const { rows } = await verdict.ctx.pool.query(
      "SELECT status, count(*)::int AS n FROM sessions WHERE external_id LIKE 'many-%' GROUP BY status ORDER BY status",
    );
    expect(rows).toEqual([
      { status: "awaiting_action", n: 400 },
      { status: "success", n: 600 },
    ]);
  });
});

describe("nothing lost", () => {
  it("re-queues a session whose job vanished, and decides it once", async () => {
    const id = await submitOne("lost", goodData());
    // Let its job finish first: a job still running could decide it between the reset below and
    // the removal of its history, leaving a decision without a history entry.
    await decided(id);
    const { rows } = await verdict.ctx.pool.query("SELECT batch_id FROM sessions WHERE id = $1", [id]);
    // Simulate a Redis that lost the job.
    await verdict.ctx.queues.decide.remove(rows[0].batch_id).catch(() => {});
    await verdict.ctx.pool.query("UPDATE sessions SET status = 'pending', decided_at = NULL WHERE id = $1", [
      id,
    ]);
    await verdict.ctx.pool.query("DELETE FROM session_events WHERE session_id = $1", [id]);
    const session = await decided(id);
    expect(session.status).toBe("success");
    expect(session.history.filter((h: { type: string }) => h.type === "decided")).toHaveLength(1);
  });

  it("decides a session inserted without any job (a crash between insert and enqueue)", async () => {
    const [id] = await seedSessions(verdict.ctx.pool, company.id, [
      { externalId: "orphan", data: goodData({ liveness: { passed: false } }), dataHash: "x" },
    ]);
    const session = await decided(id!);
    expect(session.decision.reasons).toEqual(["LIVENESS_FAILED"]);
  });

  it("decides nothing twice when a batch runs again", async () => {
    const id = await submitOne("twice", goodData());
    await decided(id);
    await verdict.ctx.queues.decide.add("decide", { companyId: company.id, sessionIds: [id] });
    await verdict.ctx.queues.decide.add("decide", { companyId: company.id, sessionIds: [id] });
    await waitFor(async () => {
      const counts = await verdict.ctx.queues.decide.getJobCounts("waiting", "active", "delayed");
      return (counts.waiting ?? 0) + (counts.active ?? 0) + (counts.delayed ?? 0) === 0;
    });
    const session = (await call(verdict.app, company.agent, "GET", `/v1/sessions/${id}`)).json();
    expect(session.history.filter((h: { type: string }) => h.type === "decided")).toHaveLength(1);
  });
});

describe("the latency rollup", () => {
  it("buckets in Postgres as latencyBucket does, exact powers of two included", async () => {
    const latencies = [0, 0.5, 0.999, 1, 1.5, 2, 3, 4, 7.999, 8, 1000, 1024, 65_536, 86_400_000];
    const random = seededRandom();
    for (let i = 0; i < 500; i++) latencies.push(Math.round(Math.exp(random() * 14) * 1000) / 1000);
    const { rows } = await verdict.ctx.pool.query<{ bucket: number }>(
      "SELECT verdict_latency_bucket(ms) AS bucket FROM unnest($1::float8[]) WITH ORDINALITY AS t(ms, i) ORDER BY i",
      [latencies],
    );
    expect(rows.map((row) => row.bucket)).toEqual(latencies.map(latencyBucket));
  });
});
