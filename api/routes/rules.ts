import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import {
  getConditionSet,
  getRuleSet,
  listConditionSetVersions,
  type Rule,
  type RuleSetSummary,
  saveConditionSet,
} from "../../engine/companies/condition-sets.js";
import { RULE_SET_STATUSES } from "../../engine/kernel/model.js";
import type { Context } from "../../engine/platform/context.js";
import { caller, MASTER, REVIEWERS } from "../auth.js";
import { ActorSchema, DateTime, errors, Page, PageQuery } from "../schemas.js";

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

const VersionSummarySchema = Type.Object({
  version: Type.Integer(),
  createdAt: DateTime,
  createdBy: ActorSchema,
  rulesCount: Type.Integer(),
  status: Type.Union(
    RULE_SET_STATUSES.map((status) => Type.Literal(status)),
    { description: "active: deciding now; superseded: replaced by a later version" },
  ),
});
const summaryView = (ruleSet: RuleSetSummary) => ({
  version: ruleSet.version,
  createdAt: ruleSet.createdAt.toISOString(),
  createdBy: ruleSet.createdBy,
  rulesCount: ruleSet.rulesCount,
  status: ruleSet.status,
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
    async (request) => view(await getConditionSet(ctx, caller(request).companyId)),
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
      return view(await saveConditionSet(ctx, companyId, request.body.rules, actor));
    },
  );

  app.get(
    "/rules/versions",
    {
      config: { access: REVIEWERS },
      schema: {
        tags: ["rules"],
        summary: "The versions of the condition set, newest first, without their rules",
        querystring: PageQuery({}, { default: 20, max: 100 }),
        response: { 200: Page(VersionSummarySchema), ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const page = await listConditionSetVersions(ctx.pool, caller(request).companyId, request.query);
      return { ...page, items: page.items.map(summaryView) };
    },
  );

  app.get(
    "/rules/versions/:version",
    {
      config: { access: REVIEWERS },
      schema: {
        tags: ["rules"],
        summary: "One version of the condition set, with its rules",
        params: Type.Object({ version: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) }),
        response: {
          200: Type.Object({ ...VersionSummarySchema.properties, rules: Type.Array(RuleSchema) }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const ruleSet = await getRuleSet(ctx, caller(request).companyId, request.params.version);
      return { ...summaryView(ruleSet), rules: ruleSet.rules };
    },
  );
};
