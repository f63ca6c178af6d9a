import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import {
  confirmTwoFactor,
  SESSION_LIFETIME_MS,
  signIn,
  signOut,
  startTwoFactor,
} from "../../engine/companies/users.js";
import type { Context } from "../../engine/platform/context.js";
import { ANY_ROLE, SESSION_COOKIE, signedInUser } from "../auth.js";
import { errors, Nullable } from "../schemas.js";
import { UserSchema } from "./users.js";

const CsrfToken = Type.String({
  description: "send it as the x-csrf-token header of every write made with the cookie",
});

/**
 * The console's sign-in: a `verdict_session` cookie (HttpOnly, SameSite=Strict, Secure unless
 * VERDICT_COOKIE_SECURE=false) that works on every `/v1` route as a key of the user's role would.
 */
export const signInRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  const cookieOptions = {
    httpOnly: true,
    sameSite: "strict" as const,
    path: "/",
    secure: ctx.config.cookieSecure,
  };

  app.post(
    "/auth/sign-in",
    {
      config: { access: "public" },
      schema: {
        tags: ["sign-in"],
        operationId: "signIn",
        summary: "Sign in to the console",
        description:
          "Sets the `verdict_session` cookie: it ends after 12 hours, or 30 minutes without a request. A wrong email or password answers 401 INVALID_CREDENTIALS whether or not the email exists; a user enrolled in two-factor needs `code` (401 TWO_FACTOR_REQUIRED without it, TWO_FACTOR_INVALID when wrong). Five failures for one email within 15 minutes answer 429 LOCKED_OUT, with Retry-After, for 15 minutes.",
        security: [],
        body: Type.Object(
          {
            email: Type.String({ minLength: 1, maxLength: 320 }),
            password: Type.String({ minLength: 1, maxLength: 1024 }),
            code: Type.Optional(Type.String({ maxLength: 10, description: "the 6-digit TOTP code" })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ user: UserSchema, csrfToken: CsrfToken }),
          ...errors(400, 401, 429),
        },
      },
    },
    async (request, reply) => {
      const signedIn = await signIn(ctx, request.body);
      reply.setCookie(SESSION_COOKIE, signedIn.token, {
        ...cookieOptions,
        maxAge: SESSION_LIFETIME_MS / 1000,
      });
      return { user: signedIn.user, csrfToken: signedIn.csrfToken };
    },
  );

  app.post(
    "/auth/sign-out",
    {
      config: { access: ANY_ROLE, duringEnrolment: true },
      schema: {
        tags: ["sign-in"],
        operationId: "signOut",
        summary: "Sign out of the console",
        description:
          "Ends the sign-in of the cookie (it needs the x-csrf-token header, as every write with it).",
        response: { 204: Type.Null({ description: "signed out" }), ...errors(401, 403) },
      },
    },
    async (request, reply) => {
      await signOut(ctx, signedInUser(request));
      reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/me",
    {
      config: { access: ANY_ROLE, duringEnrolment: true },
      schema: {
        tags: ["sign-in"],
        operationId: "getMe",
        summary: "Who is calling: a signed-in user, a key or the operator",
        response: {
          200: Type.Object({
            type: Type.Union([Type.Literal("user"), Type.Literal("key"), Type.Literal("operator")]),
            id: Nullable(Type.String()),
            name: Type.String(),
            role: Type.String({ description: "integrator, agent or master; operator for the operator" }),
            companyId: Nullable(Type.String()),
            csrfToken: Type.Optional(CsrfToken),
            twoFactorEnrolmentRequired: Type.Optional(
              Type.Boolean({ description: "the user must enrol in two-factor before anything else" }),
            ),
          }),
          ...errors(401),
        },
      },
    },
    async (request) => {
      const principal = request.principal!;
      switch (principal.kind) {
        case "operator":
          return { type: "operator" as const, id: null, name: "operator", role: "operator", companyId: null };
        case "key":
          return {
            type: "key" as const,
            id: principal.keyId,
            name: principal.name,
            role: principal.role,
            companyId: principal.companyId,
          };
        case "user":
          return {
            type: "user" as const,
            id: principal.userId,
            name: principal.name,
            role: principal.role,
            companyId: principal.companyId,
            csrfToken: principal.csrfToken,
            twoFactorEnrolmentRequired: principal.mustEnrolTwoFactor,
          };
      }
    },
  );

  app.post(
    "/me/two-factor",
    {
      config: { access: ANY_ROLE, duringEnrolment: true },
      schema: {
        tags: ["sign-in"],
        operationId: "startTwoFactor",
        summary: "Start two-factor enrolment",
        description:
          "Answers a new TOTP secret (RFC 6238: 6 digits, 30 s) and its otpauth:// URL for an authenticator app (show it as a QR code). Nothing changes until POST /v1/me/two-factor/confirm with a code made with it.",
        response: {
          200: Type.Object({ secret: Type.String(), otpauthUrl: Type.String() }),
          ...errors(401, 403),
        },
      },
    },
    async (request) => startTwoFactor(ctx, signedInUser(request)),
  );

  app.post(
    "/me/two-factor/confirm",
    {
      config: { access: ANY_ROLE, duringEnrolment: true },
      schema: {
        tags: ["sign-in"],
        operationId: "confirmTwoFactor",
        summary: "Confirm two-factor enrolment with a code",
        description: "From then on, signing in needs a code. A wrong code answers 400 TWO_FACTOR_INVALID.",
        body: Type.Object(
          { code: Type.String({ minLength: 1, maxLength: 10, description: "the 6-digit TOTP code" }) },
          { additionalProperties: false },
        ),
        response: { 200: UserSchema, ...errors(400, 401, 403, 409) },
      },
    },
    async (request) => confirmTwoFactor(ctx, signedInUser(request), request.body.code),
  );
};
