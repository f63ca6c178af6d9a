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
      queuePrefix: "{verdict}",
      role: "all",
      webhookAllowPrivate: false,
      webhookRetryBaseMs: 5000,
      bodyLimitBytes: 5 * 1024 * 1024,
      operatorTokenGenerated: true,
    });
    expect(config.operatorToken).toMatch(/^op_.{20,}/);
  });

  it("reads what is set", () => {
    const config = loadConfig({
      PORT: "8080",
      VERDICT_ROLE: "worker",
      VERDICT_QUEUE_PREFIX: "staging",
      VERDICT_OPERATOR_TOKEN: "a-long-enough-operator-token",
      VERDICT_WEBHOOK_ALLOW_PRIVATE: "true",
    });
    expect(config).toMatchObject({
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
  ])("refuses %o naming the variable", (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(name);
  });
});
