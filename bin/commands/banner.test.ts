import { describe, expect, it } from "vitest";
import { banner } from "./banner.js";

const facts = {
  address: "http://127.0.0.1:3000",
  embeddedPostgresDir: "/srv/verdict/data/postgres",
  broker: "postgres" as const,
};

describe("the start banner", () => {
  it("shows where to go, the token this start made, and the next command", () => {
    const text = banner({ ...facts, operatorToken: { kind: "created", token: "op_abc" } });
    expect(text).toContain("Verdict is running at http://127.0.0.1:3000");
    expect(text).toContain("http://127.0.0.1:3000/docs");
    expect(text).toContain("http://127.0.0.1:3000/admin/queues");
    expect(text).toContain("embedded Postgres in /srv/verdict/data/postgres");
    expect(text).toContain("op_abc");
    expect(text).toContain("npx verdict demo");
    expect(text).not.toMatch(/[{}"]/); // not JSON
  });

  it("says where a kept token is and how to replace it, without printing it", () => {
    const text = banner({
      ...facts,
      operatorToken: { kind: "kept", file: "/srv/verdict/data/operator-token" },
    });
    expect(text).toContain("in /srv/verdict/data/operator-token");
    expect(text).toContain("npx verdict operator-token rotate");
  });

  it("names Redis and DATABASE_URL when those are configured", () => {
    const text = banner({
      ...facts,
      embeddedPostgresDir: undefined,
      broker: "redis",
      operatorToken: { kind: "configured" },
    });
    expect(text).toContain("the Postgres of DATABASE_URL");
    expect(text).toContain("Redis (REDIS_URL)");
    expect(text).toContain("VERDICT_OPERATOR_TOKEN");
  });
});
