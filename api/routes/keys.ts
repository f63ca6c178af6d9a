import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { deleteKey, issueKey, listKeys } from "../../engine/companies/keys.js";
import type { Context } from "../../engine/platform/context.js";
import { caller, MASTER } from "../auth.js";
import { DateTime, errors, IdParams } from "../schemas.js";

const Role = Type.Union([Type.Literal("integrator"), Type.Literal("agent"), Type.Literal("master")]);
const KeySchema = Type.Object({ id: Type.String(), name: Type.String(), role: Role, createdAt: DateTime });

export const keyRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  app.post(
    "/api-keys",
    {
      config: { access: MASTER },
      schema: {
        tags: ["keys"],
        operationId: "createApiKey",
        summary: "Create an API key",
        body: Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 200 }), role: Role },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({ ...KeySchema.properties, key: Type.String({ description: "shown this once" }) }),
          ...errors(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const { companyId, actor } = caller(request);
      const key = await issueKey(ctx, companyId, request.body, actor);
      return reply.code(201).send({ ...key, createdAt: key.createdAt.toISOString() });
    },
  );

  app.get(
    "/api-keys",
    {
      config: { access: MASTER },
      schema: {
        tags: ["keys"],
        operationId: "listApiKeys",
        summary: "List the company's live keys (never the keys themselves)",
        response: { 200: Type.Object({ items: Type.Array(KeySchema) }), ...errors(401, 403) },
      },
    },
    async (request) => {
      const keys = await listKeys(ctx.pool, caller(request).companyId);
      return { items: keys.map((key) => ({ ...key, createdAt: key.createdAt.toISOString() })) };
    },
  );

  app.delete(
    "/api-keys/:id",
    {
      config: { access: MASTER },
      schema: {
        tags: ["keys"],
        operationId: "deleteApiKey",
        summary: "Delete a key; it stops working at once",
        description:
          "API processes keep keys in memory and drop one when Postgres announces its change. The answer comes once the deletion is committed and Postgres has announced it to the API processes (a few milliseconds; the answer waits a second at most). A company keeps at least one master key or master user: deleting the last of them answers 409 (code LAST_MASTER).",
        params: IdParams,
        response: { 204: Type.Null({ description: "deleted" }), ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { companyId, actor } = caller(request);
      await deleteKey(ctx, companyId, request.params.id, actor);
      return reply.code(204).send(null);
    },
  );
};
