import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { getDashboard } from "../../engine/companies/dashboard.js";
import type { Context } from "../../engine/platform/context.js";
import { parseRange } from "../../engine/sessions/read-model.js";
import { caller, REVIEWERS } from "../auth.js";
import { DateTime, errors, Nullable } from "../schemas.js";

const StatusCounts = {
  pending: Type.Integer(),
  success: Type.Integer(),
  rejected: Type.Integer(),
  awaiting_action: Type.Integer(),
};

/** The dashboard: counts, days, top reasons and decision latency. */
export const dashboardRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  app.get(
    "/dashboard",
    {
      config: { access: REVIEWERS },
      schema: {
        tags: ["activity"],
        summary: "Counts, days, top reasons and decision latency over a range (default: the last 30 days)",
        querystring: Type.Object({
          from: Type.Optional(Type.String({ description: "a date or an ISO date-time" })),
          to: Type.Optional(Type.String({ description: "exclusive; a date includes that whole day" })),
        }),
        response: {
          200: Type.Object({
            from: DateTime,
            to: DateTime,
            counts: Type.Object(StatusCounts, {
              description: "sessions submitted in the range, by status now",
            }),
            byDay: Type.Array(Type.Object({ day: Type.String(), total: Type.Integer(), ...StatusCounts })),
            topReasons: Type.Array(Type.Object({ reason: Type.String(), count: Type.Integer() })),
            decisionLatencyMs: Type.Object({ p50: Nullable(Type.Number()), p95: Nullable(Type.Number()) }),
          }),
          ...errors(400, 401, 403),
        },
      },
    },
    async (request) =>
      getDashboard(ctx, caller(request).companyId, parseRange(request.query.from, request.query.to)),
  );
};
