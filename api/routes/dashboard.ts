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
  resubmission_requested: Type.Integer(),
};

/** The dashboard: counts, days, top reasons, decision latency, the queue's age and the reviewers' figures. */
export const dashboardRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  app.get(
    "/dashboard",
    {
      config: { access: REVIEWERS },
      schema: {
        tags: ["activity"],
        operationId: "getDashboard",
        summary:
          "Counts, days, top reasons, decision latency and reviewers over a range (default: the last 30 days); the queue's age",
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
            awaiting: Type.Object(
              {
                oldestAgeMs: Nullable(
                  Type.Number({ description: "since the oldest parked session was parked" }),
                ),
                overdue: Type.Integer({ description: "parked longer than the SLA" }),
              },
              { description: "the queue now, whatever the range" },
            ),
            reviewers: Type.Array(
              Type.Object({
                id: Type.String(),
                name: Nullable(Type.String()),
                resolved: Type.Integer(),
                approved: Type.Integer(),
                rejected: Type.Integer(),
                medianHandlingMs: Nullable(Type.Number()),
              }),
              {
                description:
                  "each person's resolutions in the range, most first; handling: from their claim (or the parking, if they held none) to the resolution",
              },
            ),
          }),
          ...errors(400, 401, 403),
        },
      },
    },
    async (request) =>
      getDashboard(ctx, caller(request).companyId, parseRange(request.query.from, request.query.to)),
  );
};
