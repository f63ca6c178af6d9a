import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import type { Context } from "../../engine/platform/context.js";
import { endShadow, getShadow, setShadow } from "../../engine/rule-lab/shadow.js";
import { createSimulation, getSimulation, MAX_SIMULATED } from "../../engine/rule-lab/simulations.js";
import { parseRange } from "../../engine/sessions/read-model.js";
import { caller, MASTER } from "../auth.js";
import { DateTime, errors, IdParams, Nullable } from "../schemas.js";

const Rules = Type.Array(Type.Unknown(), {
  description:
    "a condition set, checked as PUT /v1/rules checks it (400 INVALID_RULES with the same messages)",
});
const Outcome = Type.Union([
  Type.Literal("success"),
  Type.Literal("rejected"),
  Type.Literal("awaiting_action"),
]);
const OutcomeCounts = Type.Object({
  success: Type.Integer(),
  rejected: Type.Integer(),
  awaiting_action: Type.Integer(),
});
const Transition = Type.Object({ from: Outcome, to: Outcome, count: Type.Integer() });

const SimulationSchema = Type.Object({
  id: Type.String(),
  status: Type.Union(["queued", "running", "completed", "failed"].map((status) => Type.Literal(status))),
  from: DateTime,
  to: DateTime,
  limit: Type.Integer(),
  progress: Type.Object({ done: Type.Integer(), total: Type.Integer() }),
  result: Type.Optional(
    Type.Object({
      sessions: Type.Integer({ description: "sessions compared" }),
      skippedLiquidated: Type.Integer(),
      skippedPending: Type.Integer({
        description: "not decided yet: no outcome of the engine's to compare with",
      }),
      current: OutcomeCounts,
      simulated: OutcomeCounts,
      transitions: Type.Array(Transition),
      reasons: Type.Array(
        Type.Object({ reason: Type.String(), current: Type.Integer(), simulated: Type.Integer() }),
      ),
      samples: Type.Array(
        Type.Object({
          id: Type.String(),
          externalId: Type.String(),
          from: Outcome,
          to: Outcome,
          reasons: Type.Array(Type.String()),
        }),
        { description: "up to 20 for each transition between different outcomes" },
      ),
    }),
  ),
  error: Type.Optional(Type.String()),
  createdAt: DateTime,
});

const ShadowSchema = Type.Object({
  rules: Type.Array(Type.Unknown()),
  since: DateTime,
  until: Nullable(DateTime),
  sessions: Type.Integer({ description: "sessions the shadow set was evaluated on" }),
  transitions: Type.Array(Transition, { description: "by the live outcome (from) and the shadow one (to)" }),
});

const Instant = Type.String({ maxLength: 64, description: "a date (YYYY-MM-DD) or an ISO date-time" });

/** The rule lab: simulations of a draft on the company's history, and the shadow set. */
export const ruleLabRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  const access = { access: MASTER };

  app.post(
    "/rules/simulations",
    {
      config: access,
      schema: {
        tags: ["rules"],
        operationId: "createSimulation",
        summary: "Try a draft condition set on the company's past sessions",
        description: `Evaluates the draft on the sessions submitted in [from, to] (default: the last 30 days), newest first, up to \`limit\` (default and most ${MAX_SIMULATED.toLocaleString("en")}), each with its facts as of its own submission time and the company's current settings, and compares with the outcome the engine gave it then (before any person resolved it). Liquidated sessions are skipped and counted. Runs as a job: poll GET /v1/rules/simulations/:id. A company runs two at once; more wait. Changes nothing.`,
        body: Type.Object(
          {
            rules: Rules,
            from: Type.Optional(Instant),
            to: Type.Optional(
              Type.String({ maxLength: 64, description: "inclusive; a date includes that whole day" }),
            ),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_SIMULATED })),
          },
          { additionalProperties: false },
        ),
        response: {
          202: Type.Object({ id: Type.String(), status: Type.Literal("queued") }),
          ...errors(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const { companyId, actor } = caller(request);
      const { rules, from, to, limit } = request.body;
      const range = parseRange(from, to, "body");
      const created = await createSimulation(ctx, companyId, actor, { rules, ...range, limit });
      return reply.code(202).send(created);
    },
  );

  app.get(
    "/rules/simulations/:id",
    {
      config: access,
      schema: {
        tags: ["rules"],
        operationId: "getSimulation",
        summary: "A simulation's progress, then its result",
        params: IdParams,
        response: { 200: SimulationSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => getSimulation(ctx, caller(request).companyId, request.params.id),
  );

  app.put(
    "/rules/shadow",
    {
      config: access,
      schema: {
        tags: ["rules"],
        operationId: "putShadowRules",
        summary: "Run a second condition set in the shadow of the live one",
        description:
          "From now (until `until`, if given) every session decided is also evaluated by these rules, and what they would have decided is counted, without acting on it: no session changes, no webhook fires. A new shadow set replaces the one before and counts from zero.",
        body: Type.Object(
          { rules: Rules, until: Type.Optional(Type.String({ format: "date-time" })) },
          { additionalProperties: false },
        ),
        response: { 200: ShadowSchema, ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const { companyId, actor } = caller(request);
      const { rules, until } = request.body;
      return setShadow(ctx, companyId, actor, { rules, until: until ? new Date(until) : undefined });
    },
  );

  app.get(
    "/rules/shadow",
    {
      config: access,
      schema: {
        tags: ["rules"],
        operationId: "getShadowRules",
        summary: "The shadow set and what it would have decided",
        response: { 200: ShadowSchema, ...errors(401, 403, 404) },
      },
    },
    async (request) => getShadow(ctx, caller(request).companyId),
  );

  app.delete(
    "/rules/shadow",
    {
      config: access,
      schema: {
        tags: ["rules"],
        operationId: "deleteShadowRules",
        summary: "End the shadow set",
        response: { 204: Type.Null(), ...errors(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { companyId, actor } = caller(request);
      await endShadow(ctx, companyId, actor);
      return reply.code(204).send(null);
    },
  );
};
