import type { Settings } from "../kernel/model.js";
import { prepared, type Queryable } from "../platform/db.js";

export async function insertCompany(
  db: Queryable,
  id: string,
  name: string,
  settings: Settings,
): Promise<void> {
  await db.query("INSERT INTO companies (id, name, settings) VALUES ($1, $2, $3)", [id, name, settings]);
}

export async function selectCompanyName(db: Queryable, companyId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ name: string }>("SELECT name FROM companies WHERE id = $1", [companyId]);
  return rows[0]?.name;
}

export async function selectSettings(db: Queryable, companyId: string): Promise<Settings | undefined> {
  const { rows } = await db.query<{ settings: Settings }>(
    prepared("company-settings", "SELECT settings FROM companies WHERE id = $1", [companyId]),
  );
  return rows[0]?.settings;
}

/** Locks the company's row for the rest of the transaction; answers its settings. */
export async function selectSettingsForUpdate(
  db: Queryable,
  companyId: string,
): Promise<Settings | undefined> {
  const { rows } = await db.query<{ settings: Settings }>(
    "SELECT settings FROM companies WHERE id = $1 FOR UPDATE",
    [companyId],
  );
  return rows[0]?.settings;
}

export async function updateSettings(db: Queryable, companyId: string, settings: Settings): Promise<void> {
  await db.query("UPDATE companies SET settings = $2 WHERE id = $1", [companyId, settings]);
}

/**
 * What deciding a company's sessions needs: its settings, the version of its active condition set,
 * and when its shadow set (if one runs now) began.
 */
export async function selectDecisionContext(
  db: Queryable,
  companyId: string,
): Promise<{ settings: Settings; ruleSetVersion: number; shadowSince: Date | null } | undefined> {
  const { rows } = await db.query<{ settings: Settings; version: number; shadowSince: Date | null }>(
    prepared(
      "decision-context",
      `SELECT c.settings, (SELECT version FROM rule_sets r WHERE r.company_id = c.id AND r.status = 'active') AS version,
              (SELECT since FROM shadow_sets s WHERE s.company_id = c.id AND (s.until IS NULL OR s.until > now()))
                AS "shadowSince"
         FROM companies c WHERE c.id = $1`,
      [companyId],
    ),
  );
  const row = rows[0];
  return row && { settings: row.settings, ruleSetVersion: row.version, shadowSince: row.shadowSince };
}

export async function selectRejectOnExpiryCompanies(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    "SELECT id FROM companies WHERE settings->'awaitingAction'->>'onExpiry' = 'reject'",
  );
  return rows.map((row) => row.id);
}
