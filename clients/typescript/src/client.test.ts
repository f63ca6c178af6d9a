import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createCompany, goodData, useTestVerdict, waitFor } from "../../../test/helpers.js";
import { startReceiver } from "../../../test/receiver.js";
import { createVerdictClient, type Session, verifyWebhook } from "./index.js";

const verdict = useTestVerdict({ env: { VERDICT_WEBHOOK_ALLOW_PRIVATE: "true" } });
let baseUrl: string;
beforeAll(async () => {
  baseUrl = await verdict.app.listen({ port: 0, host: "127.0.0.1" });
});

describe("the TypeScript client", () => {
  const receiver = startReceiver();
  afterAll(async () => (await receiver).close());

  it("submits a session, reads its decision and verifies the webhook that announced it", async () => {
    const hooks = await receiver;
    const company = await createCompany(verdict.app, "Client");
    const settings = await call(verdict.app, company.master, "PUT", "/v1/settings", {
      webhook: { url: hooks.url },
    });
    const secret: string = settings.json().webhook.secret;
    const client = createVerdictClient({ baseUrl, token: company.integrator });

    const submitted = await client.POST("/v1/sessions", {
      body: { externalId: "order-1042", data: goodData() },
    });
    expect(submitted.response.status).toBe(202);
    const id = submitted.data!.id;

    const decided = await waitFor(async () => {
      const { data } = await client.GET("/v1/sessions/{id}", { params: { path: { id } } });
      return data?.status === "success" && data;
    });
    expect(decided.decision?.reasons).toEqual([]);

    const delivery = await waitFor(() => hooks.received[0]);
    const event = verifyWebhook(secret, delivery.headers, delivery.body);
    expect(event.type).toBe("session.decided");
    expect((event.data.session as Session).id).toBe(id);
    expect(() => verifyWebhook(secret, delivery.headers, delivery.body.replace(id, "another"))).toThrow();
  });

  it("answers an error in the Error schema, naming the field", async () => {
    const company = await createCompany(verdict.app, "Client errors");
    const client = createVerdictClient({ baseUrl, token: company.integrator });
    const { error, response } = await client.POST("/v1/sessions", {
      body: { externalId: "", data: goodData() },
    });
    expect(response.status).toBe(400);
    expect(error).toMatchObject({ code: "VALIDATION_ERROR", message: expect.stringContaining("externalId") });
  });
});
