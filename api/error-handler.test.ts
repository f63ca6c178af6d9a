import Fastify from "fastify";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../test/processes.js";
import { installErrorHandler } from "./error-handler.js";

// The answer to a request whose store cannot be reached, with the errors pg really throws.
const app = Fastify({ logger: false });
installErrorHandler(app);
app.get("/postgres-away", async () => {
  const client = new pg.Client({
    host: "127.0.0.1",
    port: await freePort(),
    user: "postgres",
    connectionTimeoutMillis: 2000,
  });
  await client.connect();
  return {};
});
app.get("/shut-down", async () => {
  throw Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" });
});
app.get("/bug", async () => {
  throw new TypeError("cannot read properties of undefined");
});
afterAll(() => app.close());

describe("the error handler", () => {
  it("answers 503 UNAVAILABLE with Retry-After while Postgres cannot be reached or is shutting down", async () => {
    for (const url of ["/postgres-away", "/shut-down"]) {
      const response = await app.inject({ method: "GET", url });
      expect(response.statusCode).toBe(503);
      expect(Number(response.headers["retry-after"])).toBeGreaterThan(0);
      expect(response.json()).toMatchObject({
        statusCode: 503,
        error: "Service Unavailable",
        code: "UNAVAILABLE",
      });
      expect(response.body).not.toContain("administrator");
    }
  });

  it("still answers 500 INTERNAL to a bug, without its text", async () => {
    const response = await app.inject({ method: "GET", url: "/bug" });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toMatchObject({ code: "INTERNAL" });
    expect(response.body).not.toContain("undefined");
  });
});
