import type {} from "@fastify/cookie"; // request.cookies
import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { authenticate } from "../engine/companies/keys.js";
import { authenticateUser, sameSecret } from "../engine/companies/users.js";
import { DomainError, forbidden, unauthorized } from "../engine/kernel/errors.js";
import type { CompanyActor, CompanyPrincipal, KeyRole, Principal } from "../engine/kernel/model.js";
import type { Context } from "../engine/platform/context.js";

/**
 * Who may call a route: anyone (`public`: signing in), the operator, or company keys and users of
 * these roles.
 */
export type Access = "public" | "operator" | readonly KeyRole[];

/** The console's sign-in cookie. */
export const SESSION_COOKIE = "verdict_session";
/** The header a write carried by the cookie sends the sign-in's CSRF token in. */
export const CSRF_HEADER = "x-csrf-token";
const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

declare module "fastify" {
  interface FastifyContextConfig {
    access?: Access;
    /** A user who must enrol in two-factor first may call this route meanwhile. */
    duringEnrolment?: boolean;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export const ANY_ROLE: readonly KeyRole[] = ["integrator", "agent", "master"];
export const REVIEWERS: readonly KeyRole[] = ["agent", "master"];
export const MASTER: readonly KeyRole[] = ["master"];

/**
 * Authenticates every request of the scope it is registered in (`/v1`) before its body is read,
 * by its bearer token or else the console's cookie, and authorizes it against the route's
 * `config.access`. A route that declares no access is closed to everyone: access is opt-in. A
 * write carried by the cookie needs the sign-in's CSRF token; a user who must enrol in two-factor
 * reaches only the routes of enrolment until they do.
 */
export const authPlugin = fp(
  async (app: FastifyInstance, { ctx }: { ctx: Context }) => {
    app.decorateRequest("principal", null);
    app.addHook("onRequest", async (request, reply) => {
      const { access, duringEnrolment } = request.routeOptions.config;
      if (request.is404 || access === "public") return;
      const principal = await authenticateRequest(ctx, request);
      request.principal = principal;
      // every later log line of this request names the company
      if (principal.kind !== "operator") {
        request.log = request.log.child({ companyId: principal.companyId });
        reply.log = request.log; // "request completed" too
      }
      if (principal.kind === "user") {
        if (WRITES.has(request.method) && !carriesCsrfToken(request, principal.csrfToken)) {
          throw new DomainError(
            403,
            "CSRF",
            `a write made with the console's cookie needs the header ${CSRF_HEADER} with the sign-in's csrfToken (GET /v1/me answers it)`,
          );
        }
        if (principal.mustEnrolTwoFactor && !duringEnrolment) {
          throw new DomainError(
            403,
            "TWO_FACTOR_ENROLMENT_REQUIRED",
            "the company requires two-factor sign-in: enrol first (POST /v1/me/two-factor, then POST /v1/me/two-factor/confirm)",
          );
        }
      }
      if (access === undefined) throw forbidden("this route is closed");
      if (access === "operator") {
        if (principal.kind !== "operator") throw forbidden("this needs the operator token");
      } else if (principal.kind === "operator") {
        throw forbidden("the operator token manages companies; use a company API key here");
      } else if (!access.includes(principal.role)) {
        const who = principal.kind === "key" ? "key" : "user";
        throw forbidden(
          `${withArticle(principal.role)} ${who} may not do this; it needs ${withArticle(access.join(" or "))} ${who}`,
        );
      }
    });
  },
  { name: "verdict-auth" },
);

/** The request's principal: its bearer token's, else its sign-in cookie's; `401` when neither is valid. */
async function authenticateRequest(ctx: Context, request: FastifyRequest): Promise<Principal> {
  const token = bearerToken(request);
  if (token) {
    const principal = await authenticate(ctx, token);
    if (!principal) throw unauthorized("the bearer token is not valid");
    return principal;
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (cookie) {
    const principal = await authenticateUser(ctx, cookie);
    if (!principal) throw unauthorized("the sign-in has ended (signed out, expired or idle): sign in again");
    return principal;
  }
  throw unauthorized(missingToken(request));
}

function carriesCsrfToken(request: FastifyRequest, csrfToken: string): boolean {
  const sent = request.headers[CSRF_HEADER];
  return typeof sent === "string" && sameSecret(sent, csrfToken);
}

/** Why a request without a usable `Authorization: Bearer <token>` header has none. */
function missingToken(request: FastifyRequest): string {
  const header = request.headers.authorization?.trim();
  if (!header) return "send the API key as the header Authorization: Bearer <key>";
  if (!/^Bearer(\s|$)/i.test(header)) {
    return "the Authorization header must start with Bearer and a space: Authorization: Bearer <key>";
  }
  return "the Authorization header holds no token after Bearer";
}

/** "an integrator", "an agent or master", "a master". */
const withArticle = (words: string) => `${/^[aeiou]/.test(words) ? "an" : "a"} ${words}`;

/** The token of an `Authorization: Bearer <token>` header, if the request has one. */
export function bearerToken(request: FastifyRequest): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? "")?.[1];
}

/** The company and acting key or user of a request that passed a company route's access check. */
export function caller(request: FastifyRequest): { companyId: string; actor: CompanyActor; role: KeyRole } {
  const principal = request.principal;
  if (!principal || principal.kind === "operator") throw forbidden("this needs a company API key or user");
  return { companyId: principal.companyId, actor: actorOf(principal), role: principal.role };
}

/** How a key or user is named as the actor of what it does. */
export const actorOf = (principal: CompanyPrincipal): CompanyActor =>
  principal.kind === "key"
    ? { type: "key", id: principal.keyId, name: principal.name }
    : { type: "user", id: principal.userId, name: principal.name };

/** The signed-in user of a request carried by the console's cookie (`403` for a key or the operator). */
export function signedInUser(request: FastifyRequest): Extract<Principal, { kind: "user" }> {
  const principal = request.principal;
  if (principal?.kind !== "user") throw forbidden("this is for a signed-in user of the console, not a key");
  return principal;
}
