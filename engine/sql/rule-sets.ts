import type { Rule } from "../../rules/index.js";
import type { Actor, RuleSetStatus } from "../kernel/model.js";
import type { Queryable } from "../platform/db.js";

/** A version as lists show it: everything but its rules. */
export interface RuleSetSummaryRow {
  version: number;
  createdAt: Date;
  createdBy: Actor;
  rulesCount: number;
  status: RuleSetStatus;
  /** Who approved (or declined) a version that was proposed. */
  decidedBy: Actor | null;
}

export interface RuleSetRow extends RuleSetSummaryRow {
  rules: Rule[];
}

const SUMMARY_COLUMNS = `version, created_at AS "createdAt", created_by AS "createdBy",
  rules_count AS "rulesCount", status, decided_by AS "decidedBy"`;
const COLUMNS = `${SUMMARY_COLUMNS}, rules`;

/**
 * Inserts the next version, active (or proposed, for another master to approve); the primary key
 * refuses a concurrent writer of the same version, and the one-active index a version made active
 * before the active one is superseded.
 */
export async function insertRuleSet(
  db: Queryable,
  companyId: string,
  version: number,
  rules: Rule[],
  createdBy: Actor,
  status: "active" | "proposed" = "active",
): Promise<RuleSetRow> {
  const { rows } = await db.query<RuleSetRow>(
    `INSERT INTO rule_sets (company_id, version, rules, rules_count, created_by, status)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
    [companyId, version, JSON.stringify(rules), rules.length, createdBy, status],
  );
  return rows[0]!;
}

/** The highest version the company has saved, proposed or declined ones too (0 for none). */
export async function selectLatestVersion(db: Queryable, companyId: string): Promise<number> {
  const { rows } = await db.query<{ version: number | null }>(
    "SELECT max(version) AS version FROM rule_sets WHERE company_id = $1",
    [companyId],
  );
  return rows[0]?.version ?? 0;
}

/** Moves a proposed version to `status` (active once approved, or declined), recording who decided. */
export async function decideProposedRuleSet(
  db: Queryable,
  companyId: string,
  version: number,
  status: "active" | "declined",
  decidedBy: Actor,
): Promise<RuleSetRow | undefined> {
  const { rows } = await db.query<RuleSetRow>(
    `UPDATE rule_sets SET status = $3, decided_by = $4
      WHERE company_id = $1 AND version = $2 AND status = 'proposed' RETURNING ${COLUMNS}`,
    [companyId, version, status, decidedBy],
  );
  return rows[0];
}

/** Marks the company's active version superseded, before a new one becomes active. */
export async function supersedeActiveRuleSet(db: Queryable, companyId: string): Promise<void> {
  await db.query("UPDATE rule_sets SET status = 'superseded' WHERE company_id = $1 AND status = 'active'", [
    companyId,
  ]);
}

export async function selectCurrentRuleSet(
  db: Queryable,
  companyId: string,
): Promise<RuleSetRow | undefined> {
  const { rows } = await db.query<RuleSetRow>(
    `SELECT ${COLUMNS} FROM rule_sets WHERE company_id = $1 AND status = 'active'`,
    [companyId],
  );
  return rows[0];
}

export async function selectRuleSet(
  db: Queryable,
  companyId: string,
  version: number,
): Promise<RuleSetRow | undefined> {
  const { rows } = await db.query<RuleSetRow>(
    `SELECT ${COLUMNS} FROM rule_sets WHERE company_id = $1 AND version = $2`,
    [companyId, version],
  );
  return rows[0];
}

/** Up to `limit` versions below `beforeVersion`, newest first, without their rules. */
export async function selectRuleSetSummaries(
  db: Queryable,
  companyId: string,
  limit: number,
  beforeVersion?: number,
): Promise<RuleSetSummaryRow[]> {
  const { rows } = await db.query<RuleSetSummaryRow>(
    `SELECT ${SUMMARY_COLUMNS} FROM rule_sets WHERE company_id = $1 AND ($2::int IS NULL OR version < $2)
      ORDER BY version DESC LIMIT $3`,
    [companyId, beforeVersion ?? null, limit],
  );
  return rows;
}
