import { knownFacts, type Rule, type RuleWarning, ruleWarnings, validateRules } from "../../rules/index.js";
import { recordActivity } from "../audit/activity.js";
import { badRequest, conflict, DomainError, notFound } from "../kernel/errors.js";
import type { Actor, Settings } from "../kernel/model.js";
import { cursorShape, type PageRequest, positionValue, readPage } from "../kernel/pagination.js";
import type { Context } from "../platform/context.js";
import { type Queryable, withTransaction } from "../platform/db.js";
import { selectSettingsForUpdate } from "../sql/companies.js";
import {
  decideProposedRuleSet,
  insertRuleSet,
  type RuleSetRow,
  type RuleSetSummaryRow,
  selectCurrentRuleSet,
  selectLatestVersion,
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

/** Checks a condition set as `PUT /v1/rules` does: the rules, or a 400 naming every problem. */
export function checkRules(input: unknown): Rule[] {
  const checked = validateRules(input);
  if (!checked.ok) {
    const [first] = checked.errors;
    throw badRequest(
      "INVALID_RULES",
      checked.errors.map((e) => `${e.path}: ${e.message}`).join("; ") || `rules: ${first?.message}`,
      checked.errors,
    );
  }
  return checked.rules;
}

/** The warnings of a valid set for the company: its facts are the data's, the derived ones and its extra fields. */
export const warningsFor = (rules: Rule[], settings: Settings): RuleWarning[] =>
  ruleWarnings(rules, knownFacts(settings.extraFields.map((field) => field.name)));

/**
 * Validates and saves a new version of the company's condition set; invalid rules change nothing.
 * With `security.rulesNeedApproval` the version is `proposed`, deciding nothing until another
 * master approves it. Answers the version with the set's warnings.
 */
export async function saveConditionSet(
  { pool }: Pick<Context, "pool">,
  companyId: string,
  input: unknown,
  actor: Actor,
): Promise<RuleSetRow & { warnings: RuleWarning[] }> {
  const rules = checkRules(input);
  return withTransaction(pool, async (tx) => {
    // The company row lock orders concurrent writers, so versions never collide.
    const settings = await selectSettingsForUpdate(tx, companyId);
    if (!settings) throw notFound("company");
    const version = (await selectLatestVersion(tx, companyId)) + 1;
    const proposed = settings.security.rulesNeedApproval;
    if (!proposed) await supersedeActiveRuleSet(tx, companyId);
    const saved = await insertRuleSet(tx, companyId, version, rules, actor, proposed ? "proposed" : "active");
    await recordActivity(tx, companyId, actor, {
      action: proposed ? "rules.proposed" : "rules.updated",
      target: String(version),
      details: { version, rules: rules.length },
    });
    return { ...saved, warnings: warningsFor(rules, settings) };
  });
}

/**
 * Approves (the version becomes the live set) or declines a proposed version, by another master
 * than its proposer (`403 SELF_APPROVAL`); `409 NOT_PROPOSED` for a version that is not proposed.
 */
export async function decideProposedVersion(
  { pool }: Pick<Context, "pool">,
  companyId: string,
  version: number,
  decision: "approve" | "decline",
  actor: Actor,
) {
  return withTransaction(pool, async (tx) => {
    if (!(await selectSettingsForUpdate(tx, companyId))) throw notFound("company");
    const row = await selectRuleSet(tx, companyId, version);
    if (!row) throw notFound("condition set version");
    if (row.status !== "proposed") {
      throw conflict("NOT_PROPOSED", `version ${version} is ${row.status}, not proposed`);
    }
    if (row.createdBy.id !== undefined && row.createdBy.id === actor.id) {
      throw new DomainError(
        403,
        "SELF_APPROVAL",
        "a proposed version needs another master's approval than its proposer's",
      );
    }
    if (decision === "approve") await supersedeActiveRuleSet(tx, companyId);
    const decided = await decideProposedRuleSet(
      tx,
      companyId,
      version,
      decision === "approve" ? "active" : "declined",
      actor,
    );
    if (!decided) throw conflict("NOT_PROPOSED", `version ${version} is no longer proposed`);
    await recordActivity(tx, companyId, actor, {
      action: decision === "approve" ? "rules.approved" : "rules.declined",
      target: String(version),
      details: { version, proposedBy: row.createdBy },
    });
    return decided;
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
