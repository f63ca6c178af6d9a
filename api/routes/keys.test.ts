import { describe, expect, it } from "vitest";
import { deleteKey } from "../../engine/companies/keys.js";
import { call, createCompany, OPERATOR_TOKEN, useTestVerdict } from "../../test/helpers.js";

const verdict = useTestVerdict({ workers: false });

describe("companies", () => {
  it("creates a company with a master key, for the operator only", async () => {
    const created = await call(verdict.app, OPERATOR_TOKEN, "POST", "/v1/companies", { name: "Acme" });
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body).toMatchObject({
      id: expect.any(String),
      name: "Acme",
      masterKey: expect.stringMatching(/^vk_/),
    });

    const asMaster = await call(verdict.app, body.masterKey, "POST", "/v1/companies", { name: "Other" });
    expect(asMaster.statusCode).toBe(403);
    expect(asMaster.json()).toMatchObject({ statusCode: 403, error: "Forbidden", code: "FORBIDDEN" });
  });

  it("refuses a missing, malformed or unknown token with 401", async () => {
    for (const token of [undefined, "nonsense", "vk_unknown"]) {
      const response = await call(verdict.app, token, "POST", "/v1/companies", { name: "X" });
      expect(response.statusCode).toBe(401);
      expect(response.json().code).toBe("UNAUTHORIZED");
    }
    const company = await createCompany(verdict.app);
    const say = async (authorization?: string) =>
      (
        await verdict.app.inject({
          method: "GET",
          url: "/v1/sessions",
          headers: authorization === undefined ? {} : { authorization },
        })
      ).json().message;
    expect(await say()).toBe("send the API key as the header Authorization: Bearer <key>");
    expect(await say(company.master)).toBe(
      "the Authorization header must start with Bearer and a space: Authorization: Bearer <key>",
    );
    expect(await say("Bearer ")).toBe("the Authorization header holds no token after Bearer");
    expect(await say("Bearer vk_unknown")).toBe("the bearer token is not valid");
  });

  it("refuses a blank name", async () => {
    const response = await call(verdict.app, OPERATOR_TOKEN, "POST", "/v1/companies", { name: "  " });
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toContain("name");
  });
});

describe("api keys", () => {
  it("shows a key once, lists keys without them, and stores only a hash", async () => {
    const company = await createCompany(verdict.app);
    const created = await call(verdict.app, company.master, "POST", "/v1/api-keys", {
      name: "checkout",
      role: "integrator",
    });
    expect(created.statusCode).toBe(201);
    const { id, key } = created.json();
    expect(created.json()).toMatchObject({
      name: "checkout",
      role: "integrator",
      createdAt: expect.any(String),
    });

    const listed = await call(verdict.app, company.master, "GET", "/v1/api-keys");
    expect(listed.statusCode).toBe(200);
    expect(listed.body).not.toContain(key);
    expect(listed.json().items.map((item: { id: string }) => item.id)).toContain(id);

    const stored = await verdict.ctx.pool.query("SELECT key_hash FROM api_keys WHERE id = $1", [id]);
    expect(stored.rows[0].key_hash).not.toContain(key.slice(3));
    const { rows } = await verdict.ctx.pool.query(
      "SELECT count(*)::int AS n FROM api_keys WHERE key_hash = $1",
      [key],
    );
    expect(rows[0].n).toBe(0);
  });

  it("stops a deleted key at once", async () => {
    const company = await createCompany(verdict.app);
    const created = await call(verdict.app, company.master, "POST", "/v1/api-keys", {
      name: "tmp",
      role: "agent",
    });
    const { id, key } = created.json();
    expect((await call(verdict.app, key, "GET", "/v1/sessions")).statusCode).toBe(200);
    expect((await call(verdict.app, company.master, "DELETE", `/v1/api-keys/${id}`)).statusCode).toBe(204);
    expect((await call(verdict.app, key, "GET", "/v1/sessions")).statusCode).toBe(401);
    expect((await call(verdict.app, company.master, "DELETE", `/v1/api-keys/${id}`)).statusCode).toBe(404);
  });

  it("lets only a master manage keys", async () => {
    const company = await createCompany(verdict.app);
    for (const token of [company.agent, company.integrator]) {
      expect((await call(verdict.app, token, "GET", "/v1/api-keys")).statusCode).toBe(403);
      const create = await call(verdict.app, token, "POST", "/v1/api-keys", { name: "x", role: "master" });
      expect(create.statusCode).toBe(403);
    }
    const asIntegrator = await call(verdict.app, company.integrator, "GET", "/v1/api-keys");
    expect(asIntegrator.json().message).toBe("an integrator key may not do this; it needs a master key");
    const reading = await call(verdict.app, company.integrator, "GET", "/v1/awaiting-action");
    expect(reading.json().message).toMatch(
      /^an integrator key may not do this; it needs an agent or master key$/,
    );
  });

  it("never shows or deletes another company's key", async () => {
    const a = await createCompany(verdict.app, "A");
    const b = await createCompany(verdict.app, "B");
    const bKeys = (await call(verdict.app, b.master, "GET", "/v1/api-keys")).json().items;
    const aKeys = (await call(verdict.app, a.master, "GET", "/v1/api-keys")).json().items;
    const bIds = bKeys.map((k: { id: string }) => k.id);
    expect(aKeys.some((k: { id: string }) => bIds.includes(k.id))).toBe(false);
    const attempt = await call(verdict.app, a.master, "DELETE", `/v1/api-keys/${bIds[0]}`);
    expect(attempt.statusCode).toBe(404);
    expect((await call(verdict.app, b.agent, "GET", "/v1/sessions")).statusCode).toBe(200);
  });

  it("refuses an unknown role and a malformed id", async () => {
    const company = await createCompany(verdict.app);
    const role = await call(verdict.app, company.master, "POST", "/v1/api-keys", { name: "x", role: "root" });
    expect(role.statusCode).toBe(400);
    expect(role.json().message).toContain("role");
    const id = await call(verdict.app, company.master, "DELETE", "/v1/api-keys/not-a-uuid");
    expect(id.statusCode).toBe(400);
  });

  it("never deletes the company's last master key", async () => {
    const company = await createCompany(verdict.app);
    const [only] = (await call(verdict.app, company.master, "GET", "/v1/api-keys"))
      .json()
      .items.filter((key: { role: string }) => key.role === "master");
    const refused = await call(verdict.app, company.master, "DELETE", `/v1/api-keys/${only.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ statusCode: 409, error: "Conflict", code: "LAST_MASTER" });
    expect((await call(verdict.app, company.master, "GET", "/v1/api-keys")).statusCode).toBe(200);

    const second = (
      await call(verdict.app, company.master, "POST", "/v1/api-keys", { name: "second", role: "master" })
    ).json();
    expect((await call(verdict.app, second.key, "DELETE", `/v1/api-keys/${only.id}`)).statusCode).toBe(204);
    const last = await call(verdict.app, second.key, "DELETE", `/v1/api-keys/${second.id}`);
    expect(last.statusCode).toBe(409);
    expect(last.json().code).toBe("LAST_MASTER");
    const agentKey = (await call(verdict.app, second.key, "GET", "/v1/api-keys"))
      .json()
      .items.find((key: { role: string }) => key.role === "agent");
    expect((await call(verdict.app, second.key, "DELETE", `/v1/api-keys/${agentKey.id}`)).statusCode).toBe(
      204,
    );
  });

  it("lets only one of two overlapping deletions of the last two master keys succeed", async () => {
    for (let round = 0; round < 5; round++) {
      const company = await createCompany(verdict.app);
      const first = (await call(verdict.app, company.master, "GET", "/v1/api-keys"))
        .json()
        .items.find((key: { role: string }) => key.role === "master");
      const second = (
        await call(verdict.app, company.master, "POST", "/v1/api-keys", { name: "second", role: "master" })
      ).json();
      // Through the engine, not HTTP: a request by a key already deleted would answer 401 before
      // it reached the check, and the two transactions must overlap for the race to be real.
      const answers = await Promise.allSettled([
        deleteKey(verdict.ctx, company.id, second.id, { type: "key", id: first.id }),
        deleteKey(verdict.ctx, company.id, first.id, { type: "key", id: second.id }),
      ]);
      const refused = answers.filter((answer) => answer.status === "rejected");
      expect(refused).toHaveLength(1);
      expect(refused[0]).toMatchObject({ reason: { statusCode: 409, code: "LAST_MASTER" } });
      const { rows } = await verdict.ctx.pool.query(
        "SELECT count(*)::int AS n FROM api_keys WHERE company_id = $1 AND role = 'master' AND deleted_at IS NULL",
        [company.id],
      );
      expect(rows[0].n).toBe(1);
    }
  });

  it("keeps the operator out of company routes", async () => {
    const response = await call(verdict.app, OPERATOR_TOKEN, "GET", "/v1/sessions");
    expect(response.statusCode).toBe(403);
  });
});
