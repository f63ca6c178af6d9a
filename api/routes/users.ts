import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { createUser, listUsers, MIN_PASSWORD_LENGTH, updateUser } from "../../engine/companies/users.js";
import type { Context } from "../../engine/platform/context.js";
import { caller, MASTER } from "../auth.js";
import { errors, IdParams } from "../schemas.js";

export const UserRoleSchema = Type.Union([Type.Literal("agent"), Type.Literal("master")]);

export const UserSchema = Type.Object(
  {
    id: Type.String(),
    email: Type.String(),
    name: Type.String(),
    role: UserRoleSchema,
    active: Type.Boolean({ description: "a deactivated user cannot sign in, and their sign-ins ended" }),
    twoFactor: Type.Boolean({ description: "whether the user has enrolled in two-factor sign-in" }),
    createdAt: Type.String({ format: "date-time" }),
  },
  { title: "User", description: "a person who signs in to the console" },
);

export const userRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  app.post(
    "/users",
    {
      config: { access: MASTER },
      schema: {
        tags: ["users"],
        operationId: "createUser",
        summary: "Create a user of the console",
        description: `The password (${MIN_PASSWORD_LENGTH} characters or more) is stored as an argon2id hash. An email is unique across Verdict: another user's answers 409.`,
        body: Type.Object(
          {
            email: Type.String({ format: "email", maxLength: 320 }),
            name: Type.String({ minLength: 1, maxLength: 200 }),
            role: UserRoleSchema,
            password: Type.String({ minLength: MIN_PASSWORD_LENGTH, maxLength: 1024 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: UserSchema, ...errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const { companyId, actor } = caller(request);
      return reply.code(201).send(await createUser(ctx, companyId, request.body, actor));
    },
  );

  app.get(
    "/users",
    {
      config: { access: MASTER },
      schema: {
        tags: ["users"],
        operationId: "listUsers",
        summary: "List the company's users",
        response: { 200: Type.Object({ items: Type.Array(UserSchema) }), ...errors(401, 403) },
      },
    },
    async (request) => ({ items: await listUsers(ctx, caller(request).companyId) }),
  );

  app.patch(
    "/users/:id",
    {
      config: { access: MASTER },
      schema: {
        tags: ["users"],
        operationId: "updateUser",
        summary: "Change a user's role, or deactivate or reactivate them",
        description:
          "A deactivated user's sign-ins end at once. A master can neither deactivate nor demote themself (409 SELF_CHANGE), and a company keeps a master key or user (409 LAST_MASTER).",
        params: IdParams,
        body: Type.Object(
          { role: Type.Optional(UserRoleSchema), active: Type.Optional(Type.Boolean()) },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: UserSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { companyId, actor } = caller(request);
      return updateUser(ctx, companyId, request.params.id, request.body, actor);
    },
  );
};
