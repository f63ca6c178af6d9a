import type { Rule } from "../../rules/index.js";
import type { Queryable } from "../db.js";
import type { Actor } from "../model.js";

export interface RuleSetRow {
  version: number;
  rules: Rule[];
  createdAt: Date;
  createdBy: Actor;
}

const COLUMNS = `version, rules, created_at AS "createdAt", created_by AS "createdBy"`;

/** Inserts the next version; the primary key refuses a concurrent writer of the same version. */
export async function insertRuleSet(
  db: Queryable,
  companyId: string,
  version: number,
  rules: Rule[],
  createdBy: Actor,
): Promise<RuleSetRow> {
  const { rows } = await db.query<RuleSetRow>(
    `INSERT INTO rule_sets (company_id, version, rules, created_by) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
    [companyId, version, JSON.stringify(rules), createdBy],
  );
  return rows[0]!;
}

export async function selectCurrentRuleSet(
  db: Queryable,
  companyId: string,
): Promise<RuleSetRow | undefined> {
  const { rows } = await db.query<RuleSetRow>(
    `SELECT ${COLUMNS} FROM rule_sets WHERE company_id = $1 ORDER BY version DESC LIMIT 1`,
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

export async function selectRuleSets(
  db: Queryable,
  companyId: string,
  limit: number,
  beforeVersion?: number,
) {
  const { rows } = await db.query<RuleSetRow>(
    `SELECT ${COLUMNS} FROM rule_sets WHERE company_id = $1 AND ($2::int IS NULL OR version < $2)
      ORDER BY version DESC LIMIT $3`,
    [companyId, beforeVersion ?? null, limit],
  );
  return rows;
}
