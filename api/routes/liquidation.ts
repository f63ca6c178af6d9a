import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { Context } from "../../engine/platform/context.js";
import { liquidateSession } from "../../engine/sessions/liquidation.js";
import { caller, MASTER } from "../auth.js";
import { errors, IdParams, SessionWithHistorySchema } from "../schemas.js";

/** Erasing a final session's personal data (retention does the same on a schedule). */
export const liquidationRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  app.post(
    "/sessions/:id/liquidate",
    {
      config: { access: MASTER },
      schema: {
        tags: ["liquidation"],
        operationId: "liquidateSession",
        summary: "Erase a final session's personal data for good",
        description:
          "data becomes null and liquidatedAt is set; status, decision and history stay. 409 unless final.",
        params: IdParams,
        response: { 200: SessionWithHistorySchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { companyId, actor } = caller(request);
      return liquidateSession(ctx, companyId, request.params.id, actor);
    },
  );
};
