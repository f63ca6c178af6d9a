import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { KindGuard } from "@sinclair/typebox";
import { describe, expect, it } from "vitest";
import { ConfigError, ConfigSchema, loadConfig } from "./config.js";

describe("loadConfig", () => {
  it("has the contract's defaults", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: "127.0.0.1",
      // neither store configured: the embedded Postgres, and the queues in it
      redisUrl: undefined,
      databaseUrl: undefined,
      dataDir: resolve("data"),
      fileStore: { kind: "directory", root: resolve("data/files") },
      mediaLimitBytes: 10 * 1024 * 1024,
      queuePrefix: "{verdict}",
      role: "all",
      webhookAllowPrivate: false,
      webhookRetryBaseMs: 5000,
      bodyLimitBytes: 5 * 1024 * 1024,
      decideRunBudgetMs: 50,
      // generated at the first start and kept in the database
      operatorToken: undefined,
    });
  });

  it("refuses a worker-only process without DATABASE_URL, saying why", () => {
    expect(() => loadConfig({ VERDICT_ROLE: "worker" })).toThrow(/VERDICT_ROLE=worker\) needs DATABASE_URL/);
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
      DATABASE_URL: "postgres://postgres@127.0.0.1:5432/verdict",
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

  it("keeps files in a directory resolved from the working directory, and takes fractional hours", () => {
    expect(loadConfig({ VERDICT_DATA_DIR: "/srv/verdict" })).toMatchObject({
      fileStore: { kind: "directory", root: "/srv/verdict/files" },
      exportTtlHours: 24,
    });
    expect(loadConfig({ VERDICT_FILE_STORE: "files", VERDICT_EXPORT_TTL_HOURS: "0.5" })).toMatchObject({
      fileStore: { kind: "directory", root: resolve("files") },
      exportTtlHours: 0.5,
    });
  });

  it("reads an S3 store's bucket, prefix, region and endpoint", () => {
    expect(loadConfig({ VERDICT_FILE_STORE: "s3://kyc-evidence/verdict/prod/" }).fileStore).toEqual({
      kind: "s3",
      bucket: "kyc-evidence",
      prefix: "verdict/prod",
      region: "us-east-1",
      endpoint: undefined,
      credentials: undefined,
    });
    expect(
      loadConfig({
        VERDICT_FILE_STORE: "s3://evidence",
        AWS_REGION: "eu-central-1",
        AWS_ENDPOINT_URL: "http://minio:9000",
      }).fileStore,
    ).toMatchObject({
      bucket: "evidence",
      prefix: "",
      region: "eu-central-1",
      endpoint: "http://minio:9000",
    });
    expect(
      loadConfig({
        VERDICT_FILE_STORE: "s3://evidence",
        AWS_ENDPOINT_URL: "http://minio:9000",
        AWS_ENDPOINT_URL_S3: "http://s3.local:9000",
      }).fileStore,
    ).toMatchObject({ endpoint: "http://s3.local:9000" });
  });

  it.each(["s3://", "s3://UPPER/x", "s3:bucket"])(
    "refuses VERDICT_FILE_STORE=%s, saying what it takes",
    (raw) => {
      expect(() => loadConfig({ VERDICT_FILE_STORE: raw })).toThrow(
        `VERDICT_FILE_STORE must be a directory or an s3://bucket/prefix URL, got "${raw}"`,
      );
    },
  );

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

describe("listening and logging", () => {
  it.each(["0.0.0.0", "::", "::1", "localhost", "api.internal.example.com", "verdict_api"])(
    "listens on HOST=%s",
    (host) => {
      expect(loadConfig({ HOST: host }).host).toBe(host);
    },
  );

  it.each(["trace", "debug", "info", "warn", "error", "fatal", "silent"])("logs at LOG_LEVEL=%s", (level) => {
    expect(loadConfig({ LOG_LEVEL: level }).logLevel).toBe(level);
  });

  it.each([
    [{ HOST: "not a host" }, "HOST"],
    [{ HOST: "[::1]" }, "HOST"],
    [{ HOST: "http://0.0.0.0" }, "HOST"],
    [{ HOST: "-api.internal" }, "HOST"],
    [{ LOG_LEVEL: "verbose" }, "LOG_LEVEL"],
    [{ LOG_LEVEL: "INFO" }, "LOG_LEVEL"],
    [{ PORT: "65536" }, "PORT"],
    [{ VERDICT_METRICS_PORT: "70000" }, "VERDICT_METRICS_PORT"],
  ])("refuses %o naming the variable", (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });
});

describe("refusals", () => {
  it("says what the variable got and what it takes", () => {
    expect(() => loadConfig({ LOG_LEVEL: "verbose" })).toThrow(
      'LOG_LEVEL must be trace, debug, info, warn, error, fatal or silent, got "verbose"',
    );
    expect(() => loadConfig({ HOST: "a b" })).toThrow('HOST must be a hostname or an IP address, got "a b"');
    expect(() => loadConfig({ PORT: "http" })).toThrow('PORT must be an integer from 0 to 65535, got "http"');
  });

  it("names every refused variable at once, and never echoes the operator token", () => {
    const refuse = () => loadConfig({ PORT: "x", LOG_LEVEL: "loud", VERDICT_OPERATOR_TOKEN: "hunter2" });
    expect(refuse).toThrow(/PORT.*VERDICT_OPERATOR_TOKEN must be at least 16 characters;.*LOG_LEVEL/);
    expect(refuse).not.toThrow("hunter2");
  });

  it("reads numbers as numbers: a fraction is no integer, an exponent is one", () => {
    expect(() => loadConfig({ VERDICT_DECIDE_BATCH_SIZE: "1.5" })).toThrow("VERDICT_DECIDE_BATCH_SIZE");
    expect(loadConfig({ VERDICT_WEBHOOK_RETRY_FOR_MS: "864e5" }).webhookRetryForMs).toBe(86_400_000);
  });

  it("takes an empty or blank variable as unset", () => {
    expect(
      loadConfig({ PORT: "", HOST: " ", REDIS_CLUSTER_NODES: " ", VERDICT_TRUST_PROXY: "" }),
    ).toMatchObject({
      port: 3000,
      host: "127.0.0.1",
      redisClusterNodes: undefined,
      trustProxy: false,
    });
  });
});

describe("worker and maintenance tuning", () => {
  it("runs the queues and maintenance as before unless told otherwise", () => {
    expect(loadConfig({})).toMatchObject({
      databasePoolSize: 10,
      webhookConcurrency: 32,
      slaConcurrency: 2,
      exportConcurrency: 2,
      maintenanceConcurrency: 1,
      reconcileEveryMs: 30_000,
      expireSlaEveryMs: 60_000,
      retentionEveryMs: 3_600_000,
      expireExportsEveryMs: 600_000,
    });
  });

  it("reads what is set", () => {
    expect(
      loadConfig({
        VERDICT_DATABASE_POOL_SIZE: "40",
        VERDICT_WEBHOOK_CONCURRENCY: "64",
        VERDICT_SLA_CONCURRENCY: "1",
        VERDICT_EXPORT_CONCURRENCY: "4",
        VERDICT_MAINTENANCE_CONCURRENCY: "2",
        VERDICT_EXPIRE_SLA_EVERY_MS: "5000",
        VERDICT_RETENTION_EVERY_MS: "60000",
        VERDICT_EXPIRE_EXPORTS_EVERY_MS: "1000",
      }),
    ).toMatchObject({
      databasePoolSize: 40,
      webhookConcurrency: 64,
      slaConcurrency: 1,
      exportConcurrency: 4,
      maintenanceConcurrency: 2,
      expireSlaEveryMs: 5000,
      retentionEveryMs: 60_000,
      expireExportsEveryMs: 1000,
    });
  });

  it.each([
    "VERDICT_DATABASE_POOL_SIZE",
    "VERDICT_WEBHOOK_CONCURRENCY",
    "VERDICT_SLA_CONCURRENCY",
    "VERDICT_EXPORT_CONCURRENCY",
    "VERDICT_MAINTENANCE_CONCURRENCY",
  ])("refuses %s=0", (name) => {
    expect(() => loadConfig({ [name]: "0" })).toThrow(name);
  });

  it.each(["VERDICT_EXPIRE_SLA_EVERY_MS", "VERDICT_RETENTION_EVERY_MS", "VERDICT_EXPIRE_EXPORTS_EVERY_MS"])(
    "refuses %s=10",
    (name) => {
      expect(() => loadConfig({ [name]: "10" })).toThrow(name);
    },
  );
});

/** The env vars the README's configuration table names (its first column). */
async function readmeVariables(): Promise<string[]> {
  const readme = await readFile(new URL("../../README.md", import.meta.url), "utf8");
  const section = readme.split(/^## Configuration$/m)[1]?.split(/^## /m)[0] ?? "";
  const firstCells = section
    .split("\n")
    .filter((line) => line.startsWith("|"))
    .map((line) => line.split("|")[1] ?? "");
  return firstCells.flatMap((cell) => [...cell.matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((match) => match[1]!));
}

describe("the schema", () => {
  const variables = Object.entries(ConfigSchema.properties);

  it.each(variables)("describes %s and gives it a default unless it may be unset", (name, schema) => {
    expect(schema.description, name).toMatch(/\w/);
    expect(KindGuard.IsOptional(schema) || schema.default !== undefined, name).toBe(true);
  });

  it("is what the README's configuration table lists", async () => {
    const listed = await readmeVariables();
    const missing = variables.filter(([name]) => !listed.includes(name));
    const rows = missing.map(
      ([name, schema]) =>
        `| \`${name}\` | ${schema.default === undefined ? "unset" : `\`${schema.default}\``} | ${schema.description} |`,
    );
    expect(rows, "rows the README's configuration table lacks").toEqual([]);
    const unknown = listed.filter((name) => !(name in ConfigSchema.properties));
    expect(unknown, "variables the README lists that Verdict does not read").toEqual([]);
  });
});
