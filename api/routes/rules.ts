import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import {
  decideProposedVersion,
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
import { ActorSchema, DateTime, errors, Nullable, Page, PageQuery } from "../schemas.js";

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

const VersionStatusSchema = Type.Union(
  RULE_SET_STATUSES.map((status) => Type.Literal(status)),
  {
    description:
      "active: deciding now; superseded: replaced by a later version; proposed: waiting for another master's approval; declined",
  },
);
const VersionSummarySchema = Type.Object({
  version: Type.Integer(),
  createdAt: DateTime,
  createdBy: Type.Ref(ActorSchema, { description: "who saved (or proposed) it" }),
  rulesCount: Type.Integer(),
  status: VersionStatusSchema,
  decidedBy: Nullable(Type.Ref(ActorSchema, { description: "who approved or declined a proposed version" })),
});
const summaryView = (ruleSet: RuleSetSummary) => ({
  version: ruleSet.version,
  createdAt: ruleSet.createdAt.toISOString(),
  createdBy: ruleSet.createdBy,
  rulesCount: ruleSet.rulesCount,
  status: ruleSet.status,
  decidedBy: ruleSet.decidedBy,
});

const WarningSchema = Type.Object({
  path: Type.String({ description: "where, such as rules[2].conditions.all[0].fact" }),
  code: Type.Union([Type.Literal("UNKNOWN_FACT"), Type.Literal("ALWAYS_FIRES"), Type.Literal("NO_RULES")]),
  message: Type.String(),
});
const SavedSchema = Type.Object({
  ...RuleSetSchema.properties,
  status: VersionStatusSchema,
  warnings: Type.Array(WarningSchema, {
    description: "what the set may do that was not meant, named without refusing it",
  }),
});
const VersionParams = Type.Object({ version: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });

export const ruleRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  app.get(
    "/rules",
    {
      config: { access: REVIEWERS },
      schema: {
        tags: ["rules"],
        operationId: "getRules",
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
        operationId: "putRules",
        summary: "Save a new version of the condition set",
        description:
          "json-rules-engine rules whose event is { type: reject | review, params: { reason, message? } }. Operators: equal, notEqual, lessThan, lessThanInclusive, greaterThan, greaterThanInclusive, in, notIn, contains, doesNotContain. A path follows names and indexes only ($.a.b[0]). At most 200 rules, 2,000 conditions in all, value lists of 1,000 items and 256 KiB of JSON. Invalid rules answer 400 (code INVALID_RULES) and change nothing. `warnings` names, without refusing, a fact no session has (UNKNOWN_FACT, with the nearest known name), a rule that fires on every session (ALWAYS_FIRES) and an empty set (NO_RULES). With `security.rulesNeedApproval`, 202: the version is `proposed` and decides nothing until another master approves it.",
        body: Type.Object(
          { rules: Type.Array(Type.Unknown(), { description: "validated by Verdict's rule checker" }) },
          { additionalProperties: false },
        ),
        response: { 200: SavedSchema, 202: SavedSchema, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const { companyId, actor } = caller(request);
      const saved = await saveConditionSet(ctx, companyId, request.body.rules, actor);
      return reply
        .code(saved.status === "proposed" ? 202 : 200)
        .send({ ...view(saved), status: saved.status, warnings: saved.warnings });
    },
  );

  for (const decision of ["approve", "decline"] as const) {
    app.post(
      `/rules/versions/:version/${decision}`,
      {
        config: { access: MASTER },
        schema: {
          tags: ["rules"],
          operationId: `${decision}RuleVersion`,
          summary:
            decision === "approve"
              ? "Approve a proposed version: it becomes the live condition set"
              : "Decline a proposed version",
          description:
            "By another master than its proposer (403 SELF_APPROVAL). 409 NOT_PROPOSED for a version that is not proposed (active, superseded, declined).",
          params: VersionParams,
          response: { 200: VersionSummarySchema, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const { companyId, actor } = caller(request);
        return summaryView(
          await decideProposedVersion(ctx, companyId, request.params.version, decision, actor),
        );
      },
    );
  }

  app.get(
    "/rules/versions",
    {
      config: { access: REVIEWERS },
      schema: {
        tags: ["rules"],
        operationId: "listRuleVersions",
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
        operationId: "getRuleVersion",
        summary: "One version of the condition set, with its rules",
        params: VersionParams,
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
