import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BROKER,
  call,
  createCompany,
  engineDecisions,
  goodData,
  startTestVerdict,
  type TestVerdict,
  waitFor,
  waitForNonePending,
} from "./helpers.js";
import { type Child, freePort, haveRedisBinaries, killChildren, startRedisServer } from "./processes.js";

// A Redis of this test's own (never the shared one), killed and started again on the same port.
const available = BROKER === "redis" && (await haveRedisBinaries());
if (!available) console.warn("skipping the Redis restart test: redis-server or redis-cli is not installed");

let port: number;
let redis: Child;
let verdict: TestVerdict;
beforeAll(async () => {
  if (!available) return;
  port = await freePort();
  redis = await startRedisServer(port);
  verdict = await startTestVerdict({ env: { REDIS_URL: `redis://127.0.0.1:${port}` } });
});
afterAll(async () => {
  await verdict?.close();
  await killChildren();
});

const readiness = async () => (await verdict.app.inject({ method: "GET", url: "/readyz" })).statusCode;

describe.skipIf(!available)("a Redis restart", () => {
  it("turns readiness 503 and back, and decides what was submitted meanwhile", async () => {
    const company = await createCompany(verdict.app);
    expect(await readiness()).toBe(200);

    redis.kill("SIGKILL");
    await redis.exited;
    await waitFor(async () => (await readiness()) === 503, 10_000, "/readyz to answer 503");
    const ready = await verdict.app.inject({ method: "GET", url: "/readyz" });
    expect(ready.json()).toEqual({ status: "unavailable", redis: false, postgres: true });
    // metrics still answer (without queue depths), and sessions are still taken: Postgres has them
    expect((await verdict.app.inject({ method: "GET", url: "/metrics" })).statusCode).toBe(200);
    const sessions = Array.from({ length: 50 }, (_, i) => ({ externalId: `during-${i}`, data: goodData() }));
    const submitted = await call(verdict.app, company.integrator, "POST", "/v1/sessions/batch", { sessions });
    expect(submitted.statusCode).toBe(202);
    expect(submitted.json().accepted).toHaveLength(50);

    redis = await startRedisServer(port); // empty: every job and scheduler is gone
    await waitFor(async () => (await readiness()) === 200, 15_000, "/readyz to answer 200 again");
    await waitForNonePending(verdict, "the sessions submitted during the outage to be decided");
    expect(await engineDecisions(verdict.ctx)).toBe(50);
  });
});
