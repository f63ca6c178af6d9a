import { describe, expect, it } from "vitest";
import {
  call,
  createCompany,
  goodData,
  submitAndWaitForDecision,
  type TestCompany,
  useTestVerdict,
} from "./helpers.js";

// Every error code a client meets, each caused for real, with what its message must name: the
// field, value or header at fault, or what to do.
const verdict = useTestVerdict();

type Answer = { statusCode: number; json(): { code: string; message: string } };
interface Case {
  code: string;
  status: number;
  names: string[];
  cause(company: TestCompany): Promise<Answer>;
}

const deep = (levels: number): unknown => (levels === 0 ? 1 : { a: deep(levels - 1) });
const park = (company: TestCompany, externalId: string) =>
  submitAndWaitForDecision(verdict, company, externalId, goodData({ faceMatch: { matchLevel: 1 } }));
const raw = (company: TestCompany, contentType: string, payload: string) =>
  verdict.app.inject({
    method: "POST",
    url: "/v1/sessions",
    headers: { authorization: `Bearer ${company.integrator}`, "content-type": contentType },
    payload,
  });

/** A user of the company and a sign-in of theirs: the cookie and the CSRF token. */
async function signedIn(company: TestCompany, role: "agent" | "master" = "agent") {
  const email = `${role}-${company.id}@example.com`;
  await call(verdict.app, company.master, "POST", "/v1/users", {
    email,
    name: "Ana",
    role,
    password: PASSWORD,
  });
  const answer = await signIn(email, PASSWORD);
  const cookie = answer.cookies.find((c) => c.name === "verdict_session")!.value;
  return { email, cookie, csrfToken: answer.json<{ csrfToken: string }>().csrfToken };
}
const PASSWORD = "a long enough password";
const signIn = (email: string, password: string) =>
  verdict.app.inject({ method: "POST", url: "/v1/auth/sign-in", payload: { email, password } });

const CASES: Case[] = [
  {
    code: "UNAUTHORIZED",
    status: 401,
    names: ["Bearer"],
    cause: () => call(verdict.app, undefined, "GET", "/v1/sessions"),
  },
  {
    code: "FORBIDDEN",
    status: 403,
    names: ["an integrator key", "agent or master"],
    cause: (company) => call(verdict.app, company.integrator, "GET", "/v1/awaiting-action"),
  },
  {
    code: "NOT_FOUND",
    status: 404,
    names: ["session"],
    cause: (company) =>
      call(verdict.app, company.agent, "GET", "/v1/sessions/00000000-0000-4000-8000-000000000000"),
  },
  {
    code: "VALIDATION_ERROR",
    status: 400,
    names: ["body/externalId"],
    cause: (company) => call(verdict.app, company.integrator, "POST", "/v1/sessions", { data: {} }),
  },
  {
    code: "VALIDATION_ERROR",
    status: 400,
    names: ["querystring/status", '"awaiting_action"', '"nope"'],
    cause: (company) => call(verdict.app, company.agent, "GET", "/v1/sessions?status=nope"),
  },
  {
    code: "INVALID_JSON",
    status: 400,
    names: ["JSON"],
    cause: (company) => raw(company, "application/json", '{"externalId": '),
  },
  {
    code: "UNSUPPORTED_MEDIA_TYPE",
    status: 415,
    names: ["text/csv", "application/json"],
    cause: (company) => raw(company, "text/csv", "a,b"),
  },
  {
    code: "DATA_TOO_LARGE",
    status: 400,
    names: ["deep"],
    cause: (company) =>
      call(verdict.app, company.integrator, "POST", "/v1/sessions", {
        externalId: "deep",
        data: { device: deep(12) },
      }),
  },
  {
    code: "CONFLICT",
    status: 409,
    names: ["twice"],
    cause: async (company) => {
      await call(verdict.app, company.integrator, "POST", "/v1/sessions", { externalId: "twice", data: {} });
      return call(verdict.app, company.integrator, "POST", "/v1/sessions", {
        externalId: "twice",
        data: { other: true },
      });
    },
  },
  {
    code: "INVALID_CURSOR",
    status: 400,
    names: ["cursor"],
    cause: (company) => call(verdict.app, company.agent, "GET", "/v1/sessions?cursor=made-up"),
  },
  {
    code: "INVALID_RULES",
    status: 400,
    names: ["rules[0].conditions", "rules[0].event"],
    cause: (company) => call(verdict.app, company.master, "PUT", "/v1/rules", { rules: [{ name: "x" }] }),
  },
  {
    code: "NOT_PROPOSED",
    status: 409,
    names: ["1"],
    cause: (company) => call(verdict.app, company.master, "POST", "/v1/rules/versions/1/approve"),
  },
  {
    code: "LAST_MASTER",
    status: 409,
    names: ["master"],
    cause: async (company) => {
      const keys = (await call(verdict.app, company.master, "GET", "/v1/api-keys")).json().items;
      const master = keys.find((key: { role: string }) => key.role === "master");
      return call(verdict.app, company.master, "DELETE", `/v1/api-keys/${master.id}`);
    },
  },
  {
    code: "NOT_AWAITING_ACTION",
    status: 409,
    names: ["success"],
    cause: async (company) => {
      const id = await submitAndWaitForDecision(verdict, company, "decided", goodData());
      return call(verdict.app, company.agent, "POST", `/v1/sessions/${id}/resolve`, { outcome: "success" });
    },
  },
  {
    code: "NOT_FINAL",
    status: 409,
    names: ["awaiting_action"],
    cause: async (company) => {
      const id = await park(company, "parked-liquidate");
      return call(verdict.app, company.master, "POST", `/v1/sessions/${id}/liquidate`);
    },
  },
  {
    code: "INVALID_CREDENTIALS",
    status: 401,
    names: ["email", "password"],
    cause: () => signIn("nobody@example.com", "not the password"),
  },
  {
    code: "LOCKED_OUT",
    status: 429,
    names: ["failed sign-ins", "Retry-After"],
    cause: async (company) => {
      const { email } = await signedIn(company);
      for (let i = 0; i < 5; i++) await signIn(email, "not the password");
      return signIn(email, PASSWORD);
    },
  },
  {
    code: "TWO_FACTOR_REQUIRED",
    status: 401,
    names: ["two-factor code", "`code`"],
    cause: async (company) => {
      const { email } = await signedIn(company);
      await verdict.ctx.pool.query("UPDATE users SET totp_secret = 'JBSWY3DPEHPK3PXP' WHERE email = $1", [
        email,
      ]);
      return signIn(email, PASSWORD);
    },
  },
  {
    code: "CSRF",
    status: 403,
    names: ["x-csrf-token", "GET /v1/me"],
    cause: async (company) => {
      const { cookie } = await signedIn(company);
      return verdict.app.inject({
        method: "POST",
        url: "/v1/exports",
        cookies: { verdict_session: cookie },
        payload: { list: "sessions" },
      });
    },
  },
  {
    code: "TWO_FACTOR_ENROLMENT_REQUIRED",
    status: 403,
    names: ["POST /v1/me/two-factor"],
    cause: async (company) => {
      await call(verdict.app, company.master, "PUT", "/v1/settings", {
        security: { requireTwoFactor: "all", rulesNeedApproval: false },
      });
      const { cookie } = await signedIn(company);
      return verdict.app.inject({ method: "GET", url: "/v1/sessions", cookies: { verdict_session: cookie } });
    },
  },
  {
    code: "SELF_CHANGE",
    status: 409,
    names: ["themself", "another master"],
    cause: async (company) => {
      const { cookie, csrfToken } = await signedIn(company, "master");
      const me = await verdict.app.inject({
        method: "GET",
        url: "/v1/me",
        cookies: { verdict_session: cookie },
      });
      return verdict.app.inject({
        method: "PATCH",
        url: `/v1/users/${me.json().id}`,
        cookies: { verdict_session: cookie },
        headers: { "x-csrf-token": csrfToken },
        payload: { active: false },
      });
    },
  },
  {
    code: "INVALID_WEBHOOK_URL",
    status: 400,
    names: ["body/webhook/url", "http or https"],
    cause: (company) =>
      call(verdict.app, company.master, "PUT", "/v1/settings", {
        webhook: { url: "ftp://example.com/hooks" },
      }),
  },
];

describe("error messages", () => {
  it.each(CASES.map((entry) => [entry.code, entry.names.join(", "), entry] as const))(
    "%s names %s",
    async (_code, _names, entry) => {
      const company = await createCompany(verdict.app, `Errors ${entry.code}`);
      const answer = await entry.cause(company);
      const { code, message } = answer.json();
      expect({ status: answer.statusCode, code }, message).toEqual({
        status: entry.status,
        code: entry.code,
      });
      for (const name of entry.names) expect(message).toContain(name);
      expect(message, "no phrase said twice").not.toMatch(/\b(\w+ \w+ \w+)\b.*\b\1\b/);
    },
  );
});
