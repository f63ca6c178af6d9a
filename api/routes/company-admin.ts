import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { listActivity } from "../../engine/activity.js";
import type { Context } from "../../engine/context.js";
import { getDashboard } from "../../engine/dashboard.js";
import { liquidateSession } from "../../engine/liquidation.js";
import { parseRange } from "../../engine/sessions.js";
import { caller, MASTER, REVIEWERS } from "../auth.js";
import {
  ActorSchema,
  DateTime,
  errors,
  IdParams,
  Nullable,
  Page,
  PageQuery,
  SessionWithHistorySchema,
} from "../schemas.js";

const StatusCounts = {
  pending: Type.Integer(),
  success: Type.Integer(),
  rejected: Type.Integer(),
  awaiting_action: Type.Integer(),
};

/** Liquidation, the activity log and the dashboard. */
export const companyAdminRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  app.post(
    "/sessions/:id/liquidate",
    {
      config: { access: MASTER },
      schema: {
        tags: ["liquidation"],
        summary: "Erase a final session's personal data for good",
        description:
          "data becomes null and liquidatedAt is set; status, decision and history stay. 409 unless final.",
        params: IdParams,
        response: { 200: SessionWithHistorySchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { companyId, actor } = caller(request);
      return liquidateSession(ctx.pool, companyId, request.params.id, actor);
    },
  );

  app.get(
    "/activity",
    {
      config: { access: MASTER },
      schema: {
        tags: ["activity"],
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
      const page = await listActivity(ctx.pool, caller(request).companyId, request.query);
      return { ...page, items: page.items.map((item) => ({ ...item, at: item.at.toISOString() })) };
    },
  );

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
      getDashboard(ctx.pool, caller(request).companyId, parseRange(request.query.from, request.query.to)),
  );
};
