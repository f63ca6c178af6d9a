import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { listActivity } from "../../engine/audit/activity.js";
import type { Context } from "../../engine/platform/context.js";
import { caller, MASTER } from "../auth.js";
import { ActorSchema, DateTime, errors, Nullable, Page, PageQuery } from "../schemas.js";

/** The company's activity log. */
export const activityRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  app.get(
    "/activity",
    {
      config: { access: MASTER },
      schema: {
        tags: ["activity"],
        operationId: "listActivity",
        summary: "The company's activity log, newest first",
        querystring: PageQuery({}),
        response: {
          200: Page(
            Type.Object({
              id: Type.String(),
              at: DateTime,
              actor: ActorSchema,
              action: Type.String(),
              target: Nullable(Type.String()),
              details: Type.Record(Type.String(), Type.Unknown()),
            }),
          ),
          ...errors(400, 401, 403),
        },
      },
    },
    async (request) => {
      const page = await listActivity(ctx, caller(request).companyId, request.query);
      return { ...page, items: page.items.map((item) => ({ ...item, at: item.at.toISOString() })) };
    },
  );
};
