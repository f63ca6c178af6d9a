import { type Rule, validateRules } from "../../rules/index.js";
import { recordActivity } from "../audit/activity.js";
import { badRequest, notFound } from "../kernel/errors.js";
import type { Actor } from "../kernel/model.js";
import { cursorShape, type PageRequest, positionValue, readPage } from "../kernel/pagination.js";
import type { Context } from "../platform/context.js";
import { type Queryable, withTransaction } from "../platform/db.js";
import { selectSettingsForUpdate } from "../sql/companies.js";
import {
  insertRuleSet,
  type RuleSetSummaryRow,
  selectCurrentRuleSet,
  selectRuleSet,
  selectRuleSetSummaries,
  supersedeActiveRuleSet,
} from "../sql/rule-sets.js";

export type { Rule, RuleSetSummaryRow as RuleSetSummary };

export async function getConditionSet({ pool: db }: Pick<Context, "pool">, companyId: string) {
  const ruleSet = await selectCurrentRuleSet(db, companyId);
  if (!ruleSet) throw notFound("condition set");
  return ruleSet;
}

/** Validates and saves a new version of the company's condition set; invalid rules change nothing. */
export async function saveConditionSet(
  { pool }: Pick<Context, "pool">,
  companyId: string,
  input: unknown,
  actor: Actor,
) {
  const checked = validateRules(input);
  if (!checked.ok) {
    const [first] = checked.errors;
    throw badRequest(
      "INVALID_RULES",
      checked.errors.map((e) => `${e.path}: ${e.message}`).join("; ") || `rules: ${first?.message}`,
      checked.errors,
    );
  }
  return withTransaction(pool, async (tx) => {
    // The company row lock orders concurrent writers, so versions never collide.
    if (!(await selectSettingsForUpdate(tx, companyId))) throw notFound("company");
    const current = await selectCurrentRuleSet(tx, companyId);
    const version = (current?.version ?? 0) + 1;
    await supersedeActiveRuleSet(tx, companyId);
    const saved = await insertRuleSet(tx, companyId, version, checked.rules, actor);
    await recordActivity(tx, companyId, actor, {
      action: "rules.updated",
      target: String(version),
      details: { version, rules: checked.rules.length },
    });
    return saved;
  });
}

/** Where the version list stopped: the last version. */
const VERSION_CURSOR = cursorShape(
  "rule-versions",
  { v: positionValue.integer },
  (row: RuleSetSummaryRow) => ({
    v: row.version,
  }),
);

/** The versions of the company's condition set, newest first, without their rules. */
export const listConditionSetVersions = (db: Queryable, companyId: string, page: PageRequest) =>
  readPage(VERSION_CURSOR, page, (after, limit) => selectRuleSetSummaries(db, companyId, limit, after?.v));

/** One version of the company's condition set, with its rules. */
export async function getRuleSet({ pool: db }: Pick<Context, "pool">, companyId: string, version: number) {
  const ruleSet = await selectRuleSet(db, companyId, version);
  if (!ruleSet) throw notFound("condition set version");
  return ruleSet;
}
