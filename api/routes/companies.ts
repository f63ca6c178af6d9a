import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { createCompany } from "../../engine/companies/companies.js";
import type { Context } from "../../engine/platform/context.js";
import { errors } from "../schemas.js";

export const companyRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  app.post(
    "/companies",
    {
      config: { access: "operator" },
      schema: {
        tags: ["companies"],
        operationId: "createCompany",
        summary: "Create a company (operator)",
        description:
          "Starts with the default settings, version 1 of the default condition set and a master key.",
        body: Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 200, pattern: "\\S" }) },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            id: Type.String(),
            name: Type.String(),
            masterKey: Type.String({ description: "shown this once" }),
          }),
          ...errors(400, 401, 403),
        },
      },
    },
    async (request, reply) => reply.code(201).send(await createCompany(ctx, request.body.name.trim())),
  );
};
