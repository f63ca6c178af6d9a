import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  brokerCounters,
  call,
  createCompany,
  goodData,
  OPERATOR_TOKEN,
  startTestVerdict,
  type TestVerdict,
  waitFor,
} from "../test/helpers.js";

let verdict: TestVerdict;
let company: Awaited<ReturnType<typeof createCompany>>;
const others: TestVerdict[] = [];
beforeAll(async () => {
  verdict = await startTestVerdict();
  company = await createCompany(verdict.app);
});
afterAll(async () => {
  await Promise.all([verdict, ...others].map((v) => v.close()));
});

const basic = (password: string, user = "ops") =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

const board = (url: string, authorization?: string, method: "GET" | "PUT" = "GET", app = verdict.app) =>
  app.inject({ method, url, headers: authorization ? { authorization } : {} });

describe("Bull Board at /admin/queues", () => {
  it("answers 401 without the operator token, on the page, its assets and its API", async () => {
    const page = await board("/admin/queues");
    const asset = (await board("/admin/queues", `Bearer ${OPERATOR_TOKEN}`)).body.match(
      /static\/js\/main\.[0-9a-f]+\.js/,
    )?.[0];
    expect(asset).toBeDefined();
    for (const url of ["/admin/queues", `/admin/queues/${asset}`, "/admin/queues/api/queues"]) {
      for (const authorization of [
        undefined,
        `Bearer ${company.master}`,
        basic(company.master),
        "Bearer not-a-token",
        basic("wrong-password"),
      ]) {
        const response = await board(url, authorization);
        expect(response.statusCode, `${url} with ${authorization}`).toBe(401);
        expect(response.json()).toMatchObject({ statusCode: 401, code: "UNAUTHORIZED" });
      }
    }
    expect(page.headers["www-authenticate"]).toMatch(/^Basic realm=/);
  });

  it("opens to the operator token, as a bearer or as the basic-auth password", async () => {
    for (const authorization of [
      `Bearer ${OPERATOR_TOKEN}`,
      basic(OPERATOR_TOKEN),
      basic(OPERATOR_TOKEN, ""),
    ]) {
      const page = await board("/admin/queues", authorization);
      expect(page.statusCode).toBe(200);
      expect(page.headers["content-type"]).toMatch(/text\/html/);
      expect(page.body).toContain("<title>Verdict</title>");
      const asset = page.body.match(/static\/js\/main\.[0-9a-f]+\.js/)?.[0];
      const script = await board(`/admin/queues/${asset}`, authorization);
      expect(script.statusCode).toBe(200);
      expect(script.headers["content-type"]).toMatch(/javascript/);
    }
  });

  it("lists every Verdict queue in its API, and lets the operator act on them", async () => {
    const response = await board("/admin/queues/api/queues", `Bearer ${OPERATOR_TOKEN}`);
    expect(response.statusCode).toBe(200);
    const names = response.json().queues.map((q: { name: string }) => q.name);
    expect(names.sort()).toEqual(Object.keys(verdict.ctx.queues).sort());
    const pause = await board("/admin/queues/api/queues/sla/pause", `Bearer ${OPERATOR_TOKEN}`, "PUT");
    expect(pause.statusCode).toBe(200);
    expect(await verdict.ctx.queues.sla.isPaused()).toBe(true);
    await board("/admin/queues/api/queues/sla/resume", `Bearer ${OPERATOR_TOKEN}`, "PUT");
    expect(await verdict.ctx.queues.sla.isPaused()).toBe(false);
  });

  it("is read-only with VERDICT_BULL_BOARD_READONLY=true", async () => {
    const readOnly = await startTestVerdict({ workers: false, env: { VERDICT_BULL_BOARD_READONLY: "true" } });
    others.push(readOnly);
    const auth = `Bearer ${OPERATOR_TOKEN}`;
    const queues = await board("/admin/queues/api/queues", auth, "GET", readOnly.app);
    expect(queues.json().queues.every((q: { readOnlyMode: boolean }) => q.readOnlyMode)).toBe(true);
    const pause = await board("/admin/queues/api/queues/decide/pause", auth, "PUT", readOnly.app);
    expect(pause.statusCode).toBe(405);
    expect(await readOnly.ctx.queues.decide.isPaused()).toBe(false);
  });
});

/** A metric's value from Prometheus text, by name and labels. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) {
      return Number(line.slice(line.lastIndexOf(" ") + 1));
    }
  }
  return undefined;
}

describe("GET /metrics", () => {
  it("answers Prometheus text without a token: queues, intake, decisions, latencies, event-loop lag", async () => {
    const sessions = [
      { externalId: "m-ok", data: goodData() },
      { externalId: "m-review", data: goodData({ faceMatch: { matchLevel: 2 } }) },
      { externalId: "m-reject", data: goodData({ liveness: { passed: false } }) },
    ];
    await call(verdict.app, company.integrator, "POST", "/v1/sessions/batch", { sessions });
    await call(verdict.app, company.integrator, "POST", "/v1/sessions/batch", { sessions }); // repeated
    await call(verdict.app, company.integrator, "POST", "/v1/sessions", {
      externalId: "m-ok",
      data: goodData({ documentType: "ID_CARD" }),
    }); // a conflict
    await waitFor(async () => {
      const { rows } = await verdict.ctx.pool.query(
        "SELECT count(*)::int AS n FROM sessions WHERE external_id LIKE 'm-%' AND status = 'pending'",
      );
      // decided, and the job that decided them finished too
      const { completed = 0 } = await verdict.ctx.queues.decide.getJobCounts("completed");
      return rows[0].n === 0 && completed >= 1;
    });

    const response = await verdict.app.inject({ method: "GET", url: "/metrics" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = response.body;
    expect(sample(text, "verdict_intake_sessions_total", { outcome: "created" })).toBeGreaterThanOrEqual(3);
    expect(sample(text, "verdict_intake_sessions_total", { outcome: "existing" })).toBeGreaterThanOrEqual(3);
    expect(sample(text, "verdict_intake_sessions_total", { outcome: "conflict" })).toBeGreaterThanOrEqual(1);
    for (const outcome of ["success", "rejected", "awaiting_action"]) {
      expect(
        sample(text, "verdict_decisions_total", { outcome, decided_by: "engine" }),
      ).toBeGreaterThanOrEqual(1);
    }
    expect(sample(text, "verdict_decision_latency_seconds_count")).toBeGreaterThanOrEqual(3);
    expect(sample(text, "verdict_decision_latency_seconds_bucket", { le: "+Inf" })).toBeGreaterThanOrEqual(3);
    for (const queue of Object.keys(verdict.ctx.queues)) {
      for (const state of ["waiting", "active", "delayed", "completed", "failed"]) {
        expect(
          sample(text, "verdict_queue_jobs", { queue, state }),
          `${queue} ${state}`,
        ).toBeGreaterThanOrEqual(0);
      }
    }
    expect(
      sample(text, "verdict_queue_jobs", { queue: "decide", state: "completed" }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(text, "verdict_http_request_duration_seconds_count", {
        method: "POST",
        route: "/v1/sessions/batch",
        status_code: "202",
      }),
    ).toBe(2);
    expect(sample(text, "nodejs_eventloop_lag_seconds")).toBeGreaterThanOrEqual(0);
    expect(text).toContain("# TYPE verdict_webhook_deliveries_total counter");
    expect(text).toContain("# TYPE verdict_exports_total counter");
  });

  it("counts the decisions of people too", async () => {
    const id = (
      await call(verdict.app, company.integrator, "POST", "/v1/sessions", {
        externalId: "m-resolve",
        data: goodData({ faceMatch: { matchLevel: 1 } }),
      })
    ).json().id;
    await waitFor(async () => {
      const session = (await call(verdict.app, company.agent, "GET", `/v1/sessions/${id}`)).json();
      return session.status === "awaiting_action";
    });
    const resolved = await call(verdict.app, company.agent, "POST", `/v1/sessions/${id}/resolve`, {
      outcome: "success",
    });
    expect(resolved.statusCode).toBe(200);
    const text = (await verdict.app.inject({ method: "GET", url: "/metrics" })).body;
    expect(sample(text, "verdict_decisions_total", { outcome: "success", decided_by: "key" })).toBe(1);
  });
});

describe("security headers", () => {
  it("locks the JSON API down, and lets the browser pages render", async () => {
    const api = await call(verdict.app, company.agent, "GET", "/v1/sessions");
    expect(api.headers["content-security-policy"]).toBe("default-src 'none';frame-ancestors 'none'");
    expect(api.headers["x-content-type-options"]).toBe("nosniff");
    expect(api.headers["strict-transport-security"]).toMatch(/max-age=/);
    for (const [url, authorization] of [
      ["/docs/", undefined],
      ["/admin/queues", `Bearer ${OPERATOR_TOKEN}`],
    ] as const) {
      const page = await board(url, authorization);
      expect(page.statusCode, url).toBe(200);
      const csp = String(page.headers["content-security-policy"]);
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self' 'unsafe-inline'");
      expect(csp).toContain("font-src 'self' data:");
      expect(csp, "nothing from the internet").not.toContain("https:");
      expect(csp).not.toContain("upgrade-insecure-requests");
      expect(page.headers["x-frame-options"]).toBe("SAMEORIGIN");
    }
  });
});

describe("stopping", () => {
  it("answers new requests 503 while draining; /healthz still 200, /readyz 503", async () => {
    const draining = await startTestVerdict({ workers: false });
    others.push(draining);
    const acme = await createCompany(draining.app);
    draining.app.draining = true;
    const refused = await call(draining.app, acme.integrator, "POST", "/v1/sessions", {
      externalId: "late",
      data: goodData(),
    });
    expect(refused.statusCode).toBe(503);
    expect(refused.json()).toMatchObject({ statusCode: 503, code: "SHUTTING_DOWN" });
    expect(refused.headers["retry-after"]).toBe("5");
    expect((await draining.app.inject({ method: "GET", url: "/healthz" })).statusCode).toBe(200);
    const ready = await draining.app.inject({ method: "GET", url: "/readyz" });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ status: "unavailable", stopping: true });
    const { rows } = await draining.ctx.pool.query("SELECT count(*)::int AS n FROM sessions");
    expect(rows[0].n).toBe(0);
  });
});

describe("limits", () => {
  it("rate-limits each token with 429 RATE_LIMITED and Retry-After, in Redis", async () => {
    const limited = await startTestVerdict({ workers: false, env: { VERDICT_RATE_LIMIT_PER_MINUTE: "5" } });
    others.push(limited);
    const acme = await createCompany(limited.app); // 3 calls with the operator token and master key
    for (let i = 0; i < 5; i += 1) {
      expect((await call(limited.app, acme.agent, "GET", "/v1/sessions")).statusCode).toBe(200);
    }
    const refused = await call(limited.app, acme.agent, "GET", "/v1/sessions");
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({
      statusCode: 429,
      error: "Too Many Requests",
      code: "RATE_LIMITED",
    });
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
    // another token has its own budget; health and metrics are not limited
    expect((await call(limited.app, acme.integrator, "GET", "/v1/sessions")).statusCode).toBe(200);
    expect((await limited.app.inject({ method: "GET", url: "/healthz" })).statusCode).toBe(200);
    const keys = await brokerCounters(limited.ctx, `${limited.config.queuePrefix}:rate-limit:`);
    expect(keys.length).toBeGreaterThanOrEqual(2);
  });

  it("sheds load with 503 OVERLOADED and Retry-After when the event loop lags", async () => {
    const pressed = await startTestVerdict({ workers: false, env: { VERDICT_MAX_EVENT_LOOP_DELAY_MS: "1" } });
    others.push(pressed);
    await pressed.app.ready();
    const refused = await waitFor(
      async () => {
        const busyUntil = Date.now() + 200;
        while (Date.now() < busyUntil) {
          // block the event loop, as a CPU-bound overload would
        }
        const response = await call(pressed.app, OPERATOR_TOKEN, "POST", "/v1/companies", { name: "x" });
        return response.statusCode === 503 ? response : undefined;
      },
      20_000,
      "a 503 under pressure",
    );
    expect(refused?.json()).toMatchObject({ statusCode: 503, code: "OVERLOADED" });
    expect(refused?.headers["retry-after"]).toBe("5");
    expect((await pressed.app.inject({ method: "GET", url: "/healthz" })).statusCode).toBe(200);
  });
});
