import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import type { Context } from "../../engine/context.js";
import { getCurrentRuleSet, listRuleSets, type Rule, replaceRules } from "../../engine/rule-sets.js";
import { caller, MASTER, REVIEWERS } from "../auth.js";
import { ActorSchema, DateTime, errors } from "../schemas.js";

const RuleSchema = Type.Object(
  {
    conditions: Type.Object(
      {},
      { additionalProperties: true, description: "all / any / not, as json-rules-engine" },
    ),
    event: Type.Object({
      type: Type.Union([Type.Literal("reject"), Type.Literal("review")]),
      params: Type.Object({ reason: Type.String(), message: Type.Optional(Type.String()) }),
    }),
    name: Type.Optional(Type.String()),
    priority: Type.Optional(Type.Integer()),
  },
  { additionalProperties: true },
);
const RuleSetSchema = Type.Object({
  version: Type.Integer(),
  rules: Type.Array(RuleSchema),
  createdAt: DateTime,
});
const view = (ruleSet: { version: number; rules: Rule[]; createdAt: Date }) => ({
  version: ruleSet.version,
  rules: ruleSet.rules,
  createdAt: ruleSet.createdAt.toISOString(),
});

export const ruleRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  app.get(
    "/rules",
    {
      config: { access: REVIEWERS },
      schema: {
        tags: ["rules"],
        summary: "The company's current condition set",
        response: { 200: RuleSetSchema, ...errors(401, 403) },
      },
    },
    async (request) => view(await getCurrentRuleSet(ctx.pool, caller(request).companyId)),
  );

  app.put(
    "/rules",
    {
      config: { access: MASTER },
      schema: {
        tags: ["rules"],
        summary: "Save a new version of the condition set",
        description:
          "json-rules-engine rules whose event is { type: reject | review, params: { reason, message? } }. Operators: equal, notEqual, lessThan, lessThanInclusive, greaterThan, greaterThanInclusive, in, notIn, contains, doesNotContain. A path follows names and indexes only ($.a.b[0]). At most 200 rules, 2,000 conditions in all, value lists of 1,000 items and 256 KiB of JSON. Invalid rules answer 400 (code INVALID_RULES) and change nothing.",
        body: Type.Object(
          { rules: Type.Array(Type.Unknown(), { description: "validated by Verdict's rule checker" }) },
          { additionalProperties: false },
        ),
        response: { 200: RuleSetSchema, ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const { companyId, actor } = caller(request);
      return view(await replaceRules(ctx.pool, companyId, request.body.rules, actor));
    },
  );

  app.get(
    "/rules/versions",
    {
      config: { access: REVIEWERS },
      schema: {
        tags: ["rules"],
        summary: "Every version of the condition set, newest first",
        response: {
          200: Type.Object({
            items: Type.Array(Type.Object({ ...RuleSetSchema.properties, createdBy: ActorSchema })),
          }),
          ...errors(401, 403),
        },
      },
    },
    async (request) => {
      const versions = await listRuleSets(ctx.pool, caller(request).companyId);
      return { items: versions.map((ruleSet) => ({ ...view(ruleSet), createdBy: ruleSet.createdBy })) };
    },
  );
};
