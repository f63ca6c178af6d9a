import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.js";

describe("loadConfig", () => {
  it("has the contract's defaults", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: "127.0.0.1",
      redisUrl: "redis://127.0.0.1:6379",
      databaseUrl: "postgres://postgres@127.0.0.1:5432/verdict",
      databaseListenUrl: "postgres://postgres@127.0.0.1:5432/verdict",
      queuePrefix: "{verdict}",
      role: "all",
      webhookAllowPrivate: false,
      webhookRetryBaseMs: 5000,
      bodyLimitBytes: 5 * 1024 * 1024,
      decideRunBudgetMs: 50,
      operatorTokenGenerated: true,
    });
    expect(config.operatorToken).toMatch(/^op_.{20,}/);
  });

  it("sends the listening connection past a pooler when told to", () => {
    const config = loadConfig({
      DATABASE_URL: "postgres://verdict@pgbouncer:6432/verdict",
      DATABASE_LISTEN_URL: "postgres://verdict@postgres:5432/verdict",
    });
    expect(config.databaseUrl).toBe("postgres://verdict@pgbouncer:6432/verdict");
    expect(config.databaseListenUrl).toBe("postgres://verdict@postgres:5432/verdict");
    expect(() => loadConfig({ DATABASE_LISTEN_URL: "mysql://x" })).toThrow(/DATABASE_LISTEN_URL/);
  });

  it("reads what is set", () => {
    const config = loadConfig({
      PORT: "8080",
      VERDICT_ROLE: "worker",
      VERDICT_QUEUE_PREFIX: "staging",
      VERDICT_OPERATOR_TOKEN: "a-long-enough-operator-token",
      VERDICT_WEBHOOK_ALLOW_PRIVATE: "true",
      VERDICT_DECIDE_RUN_BUDGET_MS: "0",
    });
    expect(config).toMatchObject({
      decideRunBudgetMs: 0,
      port: 8080,
      role: "worker",
      queuePrefix: "{staging}",
      operatorToken: "a-long-enough-operator-token",
      operatorTokenGenerated: false,
      webhookAllowPrivate: true,
    });
  });

  it.each([
    [{ PORT: "http" }, "PORT"],
    [{ VERDICT_ROLE: "both" }, "VERDICT_ROLE"],
    [{ REDIS_URL: "localhost:6379" }, "REDIS_URL"],
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL"],
    [{ VERDICT_OPERATOR_TOKEN: "short" }, "VERDICT_OPERATOR_TOKEN"],
    [{ VERDICT_WEBHOOK_ALLOW_PRIVATE: "yes" }, "VERDICT_WEBHOOK_ALLOW_PRIVATE"],
    [{ VERDICT_QUEUE_PREFIX: "a:b" }, "VERDICT_QUEUE_PREFIX"],
    [{ VERDICT_DECIDE_RUN_BUDGET_MS: "-1" }, "VERDICT_DECIDE_RUN_BUDGET_MS"],
  ])("refuses %o naming the variable", (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });

  it("reads the webhook limit per company and the lease of its slots", () => {
    expect(loadConfig({})).toMatchObject({ webhookCompanyConcurrency: 4, webhookSlotLeaseMs: 15_000 });
    expect(
      loadConfig({ VERDICT_WEBHOOK_COMPANY_CONCURRENCY: "8", VERDICT_WEBHOOK_SLOT_LEASE_MS: "500" }),
    ).toMatchObject({ webhookCompanyConcurrency: 8, webhookSlotLeaseMs: 500 });
    expect(() => loadConfig({ VERDICT_WEBHOOK_SLOT_LEASE_MS: "50" })).toThrow(
      "VERDICT_WEBHOOK_SLOT_LEASE_MS",
    );
  });

  it("reads the operations settings: Redis Cluster, locks, limits, the worker metrics port", () => {
    expect(loadConfig({})).toMatchObject({
      redisClusterNodes: undefined,
      lockDurationMs: 30_000,
      stalledIntervalMs: 30_000,
      rateLimitPerMinute: 6000,
      maxEventLoopDelayMs: 1000,
      metricsPort: undefined,
    });
    expect(
      loadConfig({
        REDIS_CLUSTER_NODES: "10.0.0.1:7000, redis-b:7001,[::1]:7002",
        VERDICT_LOCK_DURATION_MS: "2000",
        VERDICT_STALLED_INTERVAL_MS: "500",
        VERDICT_RATE_LIMIT_PER_MINUTE: "0",
        VERDICT_METRICS_PORT: "9464",
      }),
    ).toMatchObject({
      redisClusterNodes: [
        { host: "10.0.0.1", port: 7000 },
        { host: "redis-b", port: 7001 },
        { host: "::1", port: 7002 },
      ],
      lockDurationMs: 2000,
      stalledIntervalMs: 500,
      rateLimitPerMinute: 0,
      metricsPort: 9464,
    });
  });

  it.each([
    [{ REDIS_CLUSTER_NODES: "redis://a:7000" }, "REDIS_CLUSTER_NODES"],
    [{ REDIS_CLUSTER_NODES: "a:7000,b" }, "REDIS_CLUSTER_NODES"],
    [{ REDIS_CLUSTER_NODES: "a:70000" }, "REDIS_CLUSTER_NODES"],
    [{ VERDICT_LOCK_DURATION_MS: "10" }, "VERDICT_LOCK_DURATION_MS"],
    [{ VERDICT_RATE_LIMIT_PER_MINUTE: "-1" }, "VERDICT_RATE_LIMIT_PER_MINUTE"],
    [{ VERDICT_MAX_EVENT_LOOP_DELAY_MS: "soon" }, "VERDICT_MAX_EVENT_LOOP_DELAY_MS"],
  ])("refuses %o naming the variable", (env, name) => {
    expect(() => loadConfig(env)).toThrow(name);
  });
});

describe("export settings", () => {
  it("checks that the maintenance schedulers are in Redis every 30 s unless told otherwise", () => {
    expect(loadConfig({}).scheduleCheckMs).toBe(30_000);
    expect(loadConfig({ VERDICT_SCHEDULE_CHECK_MS: "500" }).scheduleCheckMs).toBe(500);
    expect(() => loadConfig({ VERDICT_SCHEDULE_CHECK_MS: "10" })).toThrow(ConfigError);
  });

  it("resolves the export directory from the working directory and takes fractional hours", () => {
    expect(loadConfig({})).toMatchObject({ exportDir: resolve("data/exports"), exportTtlHours: 24 });
    expect(loadConfig({ VERDICT_EXPORT_DIR: "/srv/exports", VERDICT_EXPORT_TTL_HOURS: "0.5" })).toMatchObject(
      {
        exportDir: "/srv/exports",
        exportTtlHours: 0.5,
      },
    );
  });

  it.each(["0", "-1", "a day"])("refuses VERDICT_EXPORT_TTL_HOURS=%s", (hours) => {
    expect(() => loadConfig({ VERDICT_EXPORT_TTL_HOURS: hours })).toThrow("VERDICT_EXPORT_TTL_HOURS");
  });
});

describe("API edge settings", () => {
  it("caps event streams and failed authentications by default, and trusts no proxy", () => {
    expect(loadConfig({})).toMatchObject({
      eventStreamsPerKey: 20,
      eventStreamLeaseMs: 30_000,
      eventStreamBufferBytes: 1024 * 1024,
      authFailuresPerMinute: 60,
      trustProxy: false,
    });
    expect(
      loadConfig({
        VERDICT_EVENT_STREAMS_PER_KEY: "5",
        VERDICT_EVENT_STREAM_LEASE_MS: "1000",
        VERDICT_EVENT_STREAM_BUFFER_BYTES: "65536",
        VERDICT_AUTH_FAILURES_PER_MINUTE: "10",
      }),
    ).toMatchObject({
      eventStreamsPerKey: 5,
      eventStreamLeaseMs: 1000,
      eventStreamBufferBytes: 65536,
      authFailuresPerMinute: 10,
    });
  });

  it.each([
    ["true", true],
    ["false", false],
    ["2", 2],
    ["10.0.0.1", ["10.0.0.1"]],
    ["10.0.0.0/8, fd00::/8,loopback", ["10.0.0.0/8", "fd00::/8", "loopback"]],
  ])("reads VERDICT_TRUST_PROXY=%s as Fastify's trustProxy", (raw, trustProxy) => {
    expect(loadConfig({ VERDICT_TRUST_PROXY: raw }).trustProxy).toEqual(trustProxy);
  });

  it.each([
    [{ VERDICT_TRUST_PROXY: "proxy.internal" }, "VERDICT_TRUST_PROXY"],
    [{ VERDICT_TRUST_PROXY: "10.0.0.0/99" }, "VERDICT_TRUST_PROXY"],
    [{ VERDICT_EVENT_STREAMS_PER_KEY: "0" }, "VERDICT_EVENT_STREAMS_PER_KEY"],
    [{ VERDICT_EVENT_STREAM_LEASE_MS: "10" }, "VERDICT_EVENT_STREAM_LEASE_MS"],
    [{ VERDICT_EVENT_STREAM_BUFFER_BYTES: "100" }, "VERDICT_EVENT_STREAM_BUFFER_BYTES"],
    [{ VERDICT_AUTH_FAILURES_PER_MINUTE: "-1" }, "VERDICT_AUTH_FAILURES_PER_MINUTE"],
  ])("refuses %o naming the variable", (env, name) => {
    expect(() => loadConfig(env)).toThrow(name);
  });
});
