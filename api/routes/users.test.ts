import type { InjectOptions } from "fastify";
import { generate } from "otplib";
import { describe, expect, it } from "vitest";
import { call, createCompany, type TestCompany, useTestVerdict } from "../../test/helpers.js";

const verdict = useTestVerdict({ workers: false, env: { VERDICT_COOKIE_SECURE: "false" } });

const PASSWORD = "correct horse battery";
let emails = 0;
const newEmail = () => `person${++emails}-${Date.now()}@example.com`;

async function createUser(company: TestCompany, role: "agent" | "master" = "agent", email = newEmail()) {
  const response = await call(verdict.app, company.master, "POST", "/v1/users", {
    email,
    name: `Person ${emails}`,
    role,
    password: PASSWORD,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ id: string; email: string; name: string }>();
}

/** A browser's sign-in: its cookie and CSRF token, and calls made with them. */
async function signIn(email: string, password = PASSWORD, code?: string) {
  const response = await verdict.app.inject({
    method: "POST",
    url: "/v1/auth/sign-in",
    payload: { email, password, ...(code ? { code } : {}) },
  });
  const cookie = response.cookies.find((c) => c.name === "verdict_session");
  const csrfToken: string | undefined = response.statusCode === 200 ? response.json().csrfToken : undefined;
  const send = (method: InjectOptions["method"], url: string, body?: unknown, csrf = csrfToken) =>
    verdict.app.inject({
      method,
      url,
      cookies: cookie ? { verdict_session: cookie.value } : {},
      headers: csrf ? { "x-csrf-token": csrf } : {},
      ...(body === undefined ? {} : { payload: body as InjectOptions["payload"] }),
    });
  return { response, cookie, csrfToken, send };
}

describe("users", () => {
  it("are created, listed and changed by a master; the password is never answered", async () => {
    const company = await createCompany(verdict.app, "Users");
    const user = await createUser(company, "agent");
    expect(user).toMatchObject({ role: "agent", active: true, twoFactor: false });
    expect(JSON.stringify(user)).not.toContain(PASSWORD);

    const list = await call(verdict.app, company.master, "GET", "/v1/users");
    expect(list.json().items.map((u: { id: string }) => u.id)).toEqual([user.id]);

    const promoted = await call(verdict.app, company.master, "PATCH", `/v1/users/${user.id}`, {
      role: "master",
    });
    expect(promoted.json()).toMatchObject({ id: user.id, role: "master" });

    const asAgent = await call(verdict.app, company.agent, "GET", "/v1/users");
    expect(asAgent.statusCode).toBe(403);
  });

  it("refuses a short password, a bad email and an email taken in any company, whatever its case", async () => {
    const company = await createCompany(verdict.app, "Refusals");
    const other = await createCompany(verdict.app, "Other");
    const body = { email: newEmail(), name: "N", role: "agent", password: PASSWORD };
    const short = await call(verdict.app, company.master, "POST", "/v1/users", {
      ...body,
      password: "short",
    });
    expect(short.statusCode).toBe(400);
    expect(short.json().message).toContain("/password");
    const badEmail = await call(verdict.app, company.master, "POST", "/v1/users", {
      ...body,
      email: "nobody",
    });
    expect(badEmail.statusCode).toBe(400);
    expect(badEmail.json().message).toContain("/email");
    expect((await call(verdict.app, company.master, "POST", "/v1/users", body)).statusCode).toBe(201);
    const taken = await call(verdict.app, other.master, "POST", "/v1/users", {
      ...body,
      email: body.email.toUpperCase(),
    });
    expect(taken.statusCode).toBe(409);
  });

  it("are another company's 404", async () => {
    const company = await createCompany(verdict.app, "Mine");
    const other = await createCompany(verdict.app, "Theirs");
    const user = await createUser(company);
    const patched = await call(verdict.app, other.master, "PATCH", `/v1/users/${user.id}`, { active: false });
    expect(patched.statusCode).toBe(404);
    const listed = await call(verdict.app, other.master, "GET", "/v1/users");
    expect(listed.json().items).toEqual([]);
  });
});

describe("signing in", () => {
  it("gives a cookie that works as a key of the user's role, with CSRF on writes", async () => {
    const company = await createCompany(verdict.app, "Cookies");
    const user = await createUser(company, "agent");
    const browser = await signIn(user.email.toUpperCase());
    expect(browser.response.statusCode, browser.response.body).toBe(200);
    expect(browser.response.json().user).toMatchObject({ id: user.id, role: "agent" });
    expect(browser.cookie).toMatchObject({ httpOnly: true, sameSite: "Strict", path: "/" });
    expect(browser.cookie?.secure).toBeFalsy(); // VERDICT_COOKIE_SECURE=false here

    const me = await browser.send("GET", "/v1/me");
    expect(me.json()).toEqual({
      type: "user",
      id: user.id,
      name: user.name,
      role: "agent",
      companyId: company.id,
      csrfToken: browser.csrfToken,
      twoFactorEnrolmentRequired: false,
    });
    expect((await browser.send("GET", "/v1/awaiting-action/count")).statusCode).toBe(200);
    expect((await browser.send("GET", "/v1/settings")).statusCode).toBe(200);
    expect((await browser.send("GET", "/v1/users")).statusCode).toBe(403); // an agent

    const noCsrf = await browser.send("POST", "/v1/exports", { list: "sessions" }, "");
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().code).toBe("CSRF");
    const wrongCsrf = await browser.send("POST", "/v1/exports", { list: "sessions" }, "not-the-token");
    expect(wrongCsrf.json().code).toBe("CSRF");
    const exported = await browser.send("POST", "/v1/exports", { list: "sessions" });
    expect(exported.statusCode).toBe(202);

    const activity = await call(verdict.app, company.master, "GET", "/v1/activity");
    const entries = activity.json().items as { action: string; actor: { type: string; id: string } }[];
    expect(entries.find((e) => e.action === "export.created")?.actor).toMatchObject({
      type: "user",
      id: user.id,
      name: user.name,
    });
    expect(entries.some((e) => e.action === "user.signed_in")).toBe(true);
  });

  it("answers the same for a wrong password and an unknown email, and locks an email after five failures", async () => {
    const company = await createCompany(verdict.app, "Lockout");
    const user = await createUser(company);
    const wrong = await signIn(user.email, "wrong password!!");
    const unknown = await signIn(newEmail(), "wrong password!!");
    expect(wrong.response.statusCode).toBe(401);
    expect(unknown.response.statusCode).toBe(401);
    expect(wrong.response.json()).toEqual(unknown.response.json());
    expect(wrong.response.json().code).toBe("INVALID_CREDENTIALS");
    expect(wrong.cookie).toBeUndefined();

    for (let i = 0; i < 4; i++)
      expect((await signIn(user.email, "wrong again!!")).response.statusCode).toBe(401);
    const locked = await signIn(user.email); // the right password, too late
    expect(locked.response.statusCode).toBe(429);
    expect(locked.response.json().code).toBe("LOCKED_OUT");
    expect(Number(locked.response.headers["retry-after"])).toBeGreaterThan(800);
    const activity = await call(verdict.app, company.master, "GET", "/v1/activity");
    const failed = activity
      .json()
      .items.filter((e: { action: string }) => e.action === "user.sign_in_failed");
    expect(failed).toHaveLength(5);
  });

  it("ends at sign-out, after 30 minutes idle or 12 hours, and at once for a deactivated user", async () => {
    const company = await createCompany(verdict.app, "Endings");
    const user = await createUser(company);
    const first = await signIn(user.email);
    expect((await first.send("POST", "/v1/auth/sign-out")).statusCode).toBe(204);
    const after = await first.send("GET", "/v1/me");
    expect(after.statusCode).toBe(401);
    expect(after.json().message).toContain("sign in again");

    // 30 minutes without a request end it, and so do 12 hours
    const idle = await signIn(user.email);
    await verdict.ctx.pool.query(
      "UPDATE user_sessions SET last_seen_at = now() - interval '31 minutes' WHERE user_id = $1",
      [user.id],
    );
    expect((await idle.send("GET", "/v1/me")).statusCode).toBe(401);
    const old = await signIn(user.email);
    await verdict.ctx.pool.query("UPDATE user_sessions SET expires_at = now() WHERE user_id = $1", [user.id]);
    expect((await old.send("GET", "/v1/me")).statusCode).toBe(401);

    const second = await signIn(user.email);
    expect((await second.send("GET", "/v1/me")).statusCode).toBe(200);
    await call(verdict.app, company.master, "PATCH", `/v1/users/${user.id}`, { active: false });
    expect((await second.send("GET", "/v1/me")).statusCode).toBe(401);
    expect((await signIn(user.email)).response.json().code).toBe("INVALID_CREDENTIALS");
  });

  it("keeps a master from deactivating or demoting themself; a master user counts as the company's master", async () => {
    const company = await createCompany(verdict.app, "Masters");
    const master = await createUser(company, "master");
    const browser = await signIn(master.email);
    const demote = await browser.send("PATCH", `/v1/users/${master.id}`, { role: "agent" });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().code).toBe("SELF_CHANGE");
    expect((await browser.send("PATCH", `/v1/users/${master.id}`, { active: false })).statusCode).toBe(409);

    // the master user keeps the company managed, so its only master key may go
    const keys = await call(verdict.app, company.master, "GET", "/v1/api-keys");
    const masterKey = keys.json().items.find((k: { role: string }) => k.role === "master");
    expect((await browser.send("DELETE", `/v1/api-keys/${masterKey.id}`)).statusCode).toBe(204);
    expect((await browser.send("GET", "/v1/users")).statusCode).toBe(200);
  });
});

describe("two-factor", () => {
  it("enrols with a code, then sign-in needs one", async () => {
    const company = await createCompany(verdict.app, "TOTP");
    const user = await createUser(company);
    const browser = await signIn(user.email);
    const started = await browser.send("POST", "/v1/me/two-factor");
    expect(started.statusCode).toBe(200);
    const { secret, otpauthUrl } = started.json<{ secret: string; otpauthUrl: string }>();
    expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\/Verdict:/);
    expect(otpauthUrl).toContain(`secret=${secret}`);

    const wrong = await browser.send("POST", "/v1/me/two-factor/confirm", { code: "000000" });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().code).toBe("TWO_FACTOR_INVALID");
    const confirmed = await browser.send("POST", "/v1/me/two-factor/confirm", {
      code: await generate({ secret }),
    });
    expect(confirmed.json()).toMatchObject({ id: user.id, twoFactor: true });

    const noCode = await signIn(user.email);
    expect(noCode.response.statusCode).toBe(401);
    expect(noCode.response.json().code).toBe("TWO_FACTOR_REQUIRED");
    const badCode = await signIn(user.email, PASSWORD, "123456");
    expect(badCode.response.json().code).toMatch(/TWO_FACTOR_INVALID|INVALID_CREDENTIALS/);
    const withCode = await signIn(user.email, PASSWORD, await generate({ secret }));
    expect(withCode.response.statusCode).toBe(200);
  });

  it("holds a user who must enrol to enrolment alone until they do", async () => {
    const company = await createCompany(verdict.app, "Required");
    await call(verdict.app, company.master, "PUT", "/v1/settings", {
      security: { requireTwoFactor: "masters", rulesNeedApproval: false },
    });
    const master = await createUser(company, "master");
    const agent = await createUser(company, "agent");
    const agentBrowser = await signIn(agent.email);
    expect((await agentBrowser.send("GET", "/v1/sessions")).statusCode).toBe(200);

    const browser = await signIn(master.email);
    expect(browser.response.statusCode).toBe(200);
    expect((await browser.send("GET", "/v1/me")).json().twoFactorEnrolmentRequired).toBe(true);
    const held = await browser.send("GET", "/v1/sessions");
    expect(held.statusCode).toBe(403);
    expect(held.json().code).toBe("TWO_FACTOR_ENROLMENT_REQUIRED");
    const { secret } = (await browser.send("POST", "/v1/me/two-factor")).json();
    await browser.send("POST", "/v1/me/two-factor/confirm", { code: await generate({ secret }) });
    expect((await browser.send("GET", "/v1/sessions")).statusCode).toBe(200);
  });
});
