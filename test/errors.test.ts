import { describe, expect, it } from "vitest";
import { call, goodData, useTestCompany, useTestVerdict } from "./helpers.js";

const verdict = useTestVerdict({ workers: false });
const company = useTestCompany(verdict);

const raw = (payload: string, contentType = "application/json") =>
  verdict.app.inject({
    method: "POST",
    url: "/v1/sessions",
    headers: { authorization: `Bearer ${company.integrator}`, "content-type": contentType },
    payload,
  });

describe("errors", () => {
  it("answers malformed JSON with 400 INVALID_JSON", async () => {
    const response = await raw('{"externalId": "a", ');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ statusCode: 400, error: "Bad Request", code: "INVALID_JSON" });
  });

  it("answers an empty JSON body with 400", async () => {
    const response = await raw("");
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe("INVALID_JSON");
  });

  it("answers a body over 5 MiB with 413", async () => {
    const huge = JSON.stringify({
      externalId: "big",
      data: { ...goodData(), padding: "x".repeat(5 * 1024 * 1024) },
    });
    const response = await raw(huge);
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ statusCode: 413, code: "PAYLOAD_TOO_LARGE" });
  });

  it("answers a body over the limit with a 413 that Node's fetch reads whole", async () => {
    const address = await verdict.app.listen({ port: 0, host: "127.0.0.1" });
    const response = await fetch(`${address}/v1/sessions`, {
      method: "POST",
      headers: { authorization: `Bearer ${company.integrator}`, "content-type": "application/json" },
      body: JSON.stringify({ externalId: "big", data: { padding: "x".repeat(6 * 1024 * 1024) } }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
      message: `the body is over the limit of ${verdict.config.bodyLimitBytes} bytes`,
    });
  });

  it("answers another content type, or none, with 415 naming the one to send", async () => {
    for (const contentType of ["application/x-www-form-urlencoded", "text/plain"]) {
      const response = await raw("externalId=a", contentType);
      expect(response.statusCode).toBe(415);
      expect(response.json()).toMatchObject({
        code: "UNSUPPORTED_MEDIA_TYPE",
        message: `Content-Type ${contentType} is not accepted here; send the body as JSON with Content-Type: application/json`,
      });
    }
    const none = await verdict.app.inject({
      method: "POST",
      url: "/v1/sessions",
      headers: { authorization: `Bearer ${company.integrator}` },
      payload: '{"externalId":"a","data":{}}',
    });
    expect(none.statusCode).toBe(415);
    expect(none.json().message).toBe(
      "the request has no Content-Type; send the body as JSON with Content-Type: application/json",
    );
  });

  it("names the allowed values of an enum or union, once per field", async () => {
    const list = await call(verdict.app, company.master, "GET", "/v1/sessions?status=approved");
    expect(list.statusCode).toBe(400);
    const { code, message } = list.json();
    expect(code).toBe("VALIDATION_ERROR");
    expect(message).toContain('querystring/status must be one of "pending"');
    expect(message).toContain('"awaiting_action"');
    expect(message).toContain('(got "approved")');
    const body = await raw(JSON.stringify({ externalId: 7, data: goodData() }));
    expect(body.statusCode).toBe(400);
    expect(body.json().message).toBe("body/externalId must be a string");
  });

  it("answers an unknown route with a JSON 404", async () => {
    const response = await call(verdict.app, company.master, "GET", "/v1/nothing-here");
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ statusCode: 404, error: "Not Found", code: "NOT_FOUND" });
  });

  it("never answers 500 to odd but parseable input", async () => {
    const odd: unknown[] = [
      null,
      42,
      "text",
      { externalId: "\u0000", data: {} },
      { externalId: "a", data: { person: { firstName: "\ud800" } } },
      { externalId: "a", data: { extra: { deep: { nested: true } } } },
      { externalId: "a", data: { __proto__: { polluted: true } } },
      { externalId: "a", data: { constructor: { prototype: { polluted: true } } } },
    ];
    for (const body of odd) {
      const response = await raw(JSON.stringify(body));
      expect(response.statusCode, JSON.stringify(body)).toBeLessThan(500);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("health and docs", () => {
  it("answers /healthz and /readyz", async () => {
    expect((await verdict.app.inject({ url: "/healthz" })).json()).toEqual({ status: "ok" });
    const ready = await verdict.app.inject({ url: "/readyz" });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: "ready", redis: true, postgres: true });
  });

  it("serves the OpenAPI document with every /v1 route", async () => {
    const response = await verdict.app.inject({ url: "/docs/json" });
    expect(response.statusCode).toBe(200);
    const paths = Object.keys(response.json().paths);
    for (const path of [
      "/v1/companies",
      "/v1/api-keys",
      "/v1/settings",
      "/v1/rules",
      "/v1/sessions/batch",
      "/v1/sessions/{id}",
      "/v1/sessions/{id}/media/{kind}",
      "/v1/sessions/{id}/report.pdf",
    ]) {
      expect(paths).toContain(path);
    }
    expect((await verdict.app.inject({ url: "/docs" })).statusCode).toBeLessThan(400);
  });
});
