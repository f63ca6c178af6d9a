import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { authenticate } from "../engine/companies/keys.js";
import { forbidden, unauthorized } from "../engine/kernel/errors.js";
import type { Actor, KeyRole, Principal } from "../engine/kernel/model.js";
import type { Context } from "../engine/platform/context.js";

/** Who may call a route: the operator, or company keys of these roles. */
export type Access = "operator" | readonly KeyRole[];

declare module "fastify" {
  interface FastifyContextConfig {
    access?: Access;
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
 * and authorizes it against the route's `config.access`. A route that declares no access is
 * closed to everyone: access is opt-in.
 */
export const authPlugin = fp(
  async (app: FastifyInstance, { ctx }: { ctx: Context }) => {
    app.decorateRequest("principal", null);
    app.addHook("onRequest", async (request, reply) => {
      const access = request.routeOptions.config.access;
      if (request.is404) return;
      const token = bearerToken(request);
      const principal = token ? await authenticate(ctx, token) : undefined;
      if (!principal) throw unauthorized(token ? "the bearer token is not valid" : missingToken(request));
      request.principal = principal;
      // every later log line of this request names the company
      if (principal.kind === "key") {
        request.log = request.log.child({ companyId: principal.companyId });
        reply.log = request.log; // "request completed" too
      }
      if (access === undefined) throw forbidden("this route is closed");
      if (access === "operator") {
        if (principal.kind !== "operator") throw forbidden("this needs the operator token");
      } else if (principal.kind !== "key") {
        throw forbidden("the operator token manages companies; use a company API key here");
      } else if (!access.includes(principal.role)) {
        throw forbidden(
          `${withArticle(principal.role)} key may not do this; it needs ${withArticle(access.join(" or "))} key`,
        );
      }
    });
  },
  { name: "verdict-auth" },
);

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

/** The company and acting key of a request that passed a company-key route's access check. */
export function caller(request: FastifyRequest): { companyId: string; actor: Actor; role: KeyRole } {
  const principal = request.principal;
  if (principal?.kind !== "key") throw forbidden("this needs a company API key");
  return {
    companyId: principal.companyId,
    actor: { type: "user", id: principal.keyId, name: principal.name },
    role: principal.role,
  };
}
