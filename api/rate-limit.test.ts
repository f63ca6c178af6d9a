import { randomBytes } from "node:crypto";
import type { InjectOptions } from "fastify";
import type { QueryConfig } from "pg";
import { afterAll, describe, expect, it, vi } from "vitest";
import { brokerCounters, createCompany, startTestVerdict, type TestVerdict } from "../test/helpers.js";

const started: TestVerdict[] = [];
afterAll(async () => {
  await Promise.all(started.map((v) => v.close()));
});

const BUDGET = 5;
async function limitedVerdict(env: Record<string, string> = {}) {
  const verdict = await startTestVerdict({
    workers: false,
    env: { VERDICT_AUTH_FAILURES_PER_MINUTE: String(BUDGET), ...env },
  });
  started.push(verdict);
  return verdict;
}

const randomToken = () => `vk_${randomBytes(32).toString("base64url")}`;

function fromAddress(
  verdict: TestVerdict,
  token: string,
  remoteAddress: string,
  headers: InjectOptions["headers"] = {},
) {
  return verdict.app.inject({
    method: "GET",
    url: "/v1/sessions",
    remoteAddress,
    headers: { authorization: `Bearer ${token}`, ...headers },
  });
}

/** Counts the look-ups of keys by hash this Verdict sends to Postgres. */
function countKeyLookups(verdict: TestVerdict) {
  let lookups = 0;
  const query = verdict.ctx.pool.query.bind(verdict.ctx.pool);
  vi.spyOn(verdict.ctx.pool, "query").mockImplementation(((config: QueryConfig, ...rest: unknown[]) => {
    if (typeof config === "object" && config.name === "live-key-by-hash") lookups += 1;
    return (query as (...args: unknown[]) => unknown)(config, ...rest);
  }) as typeof verdict.ctx.pool.query);
  return () => lookups;
}

describe("unknown tokens", () => {
  it("count against their address: 429 once its failures are spent, before any look-up, with a bounded number of Redis keys", async () => {
    const verdict = await limitedVerdict();
    const acme = await createCompany(verdict.app);
    const address = "203.0.113.9";
    expect((await fromAddress(verdict, acme.agent, address)).statusCode).toBe(200);
    const lookups = countKeyLookups(verdict);

    const statuses: number[] = [];
    for (let i = 0; i < 100; i += 1)
      statuses.push((await fromAddress(verdict, randomToken(), address)).statusCode);
    expect(statuses.slice(0, BUDGET)).toEqual(Array(BUDGET).fill(401));
    expect(statuses.slice(BUDGET)).toEqual(Array(100 - BUDGET).fill(429));
    expect(lookups()).toBe(BUDGET);

    const refused = await fromAddress(verdict, randomToken(), address);
    expect(refused.json()).toMatchObject({ statusCode: 429, code: "RATE_LIMITED" });
    expect(refused.json().message).toContain(`${BUDGET} failed authentications`);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
    // no token at all fails too, and is refused alike
    expect((await verdict.app.inject({ url: "/v1/sessions", remoteAddress: address })).statusCode).toBe(429);

    // a valid key from the same address still works; another address still fails with 401
    expect((await fromAddress(verdict, acme.agent, address)).statusCode).toBe(200);
    expect((await fromAddress(verdict, randomToken(), "203.0.113.10")).statusCode).toBe(401);

    // one counter an address, one a principal (operator, master, agent): none a token
    const keys = await brokerCounters(verdict.ctx, `${verdict.config.queuePrefix}:rate-limit:`);
    expect(keys.length).toBeLessThanOrEqual(5);
    vi.restoreAllMocks();
  });

  it("take the client's address from x-forwarded-for only behind a trusted proxy (VERDICT_TRUST_PROXY)", async () => {
    const proxy = "10.1.2.3";
    const spend = async (verdict: TestVerdict, client: string) => {
      const statuses: number[] = [];
      for (let i = 0; i <= BUDGET; i += 1) {
        const response = await fromAddress(verdict, randomToken(), proxy, { "x-forwarded-for": client });
        statuses.push(response.statusCode);
      }
      return statuses;
    };
    const behindProxy = await limitedVerdict({ VERDICT_TRUST_PROXY: "10.0.0.0/8" });
    expect(await spend(behindProxy, "198.51.100.1")).toEqual([...Array(BUDGET).fill(401), 429]);
    expect(await spend(behindProxy, "198.51.100.2")).toEqual([...Array(BUDGET).fill(401), 429]);

    // untrusted: every client behind the proxy is the proxy's address
    const direct = await limitedVerdict();
    expect(await spend(direct, "198.51.100.1")).toEqual([...Array(BUDGET).fill(401), 429]);
    expect(await spend(direct, "198.51.100.2")).toEqual(Array(BUDGET + 1).fill(429));
  });

  it("count an IPv6 client by its /64, so that one subscriber's addresses share a budget", async () => {
    const verdict = await limitedVerdict();
    for (let i = 1; i <= BUDGET; i += 1) {
      expect((await fromAddress(verdict, randomToken(), `2001:db8:0:7::${i.toString(16)}`)).statusCode).toBe(
        401,
      );
    }
    expect((await fromAddress(verdict, randomToken(), "2001:db8::7:ffff:1:2:3")).statusCode).toBe(429);
    expect((await fromAddress(verdict, randomToken(), "2001:db8:0:8::1")).statusCode).toBe(401);
  });
});
