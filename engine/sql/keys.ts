import type { KeyRole } from "../kernel/model.js";
import { prepared, type Queryable } from "../platform/db.js";

export interface KeyRow {
  id: string;
  companyId: string;
  name: string;
  role: KeyRole;
  createdAt: Date;
}

const COLUMNS = `id, company_id AS "companyId", name, role, created_at AS "createdAt"`;

export async function insertKey(
  db: Queryable,
  key: { id: string; companyId: string; name: string; role: KeyRole; hash: string },
): Promise<KeyRow> {
  const { rows } = await db.query<KeyRow>(
    `INSERT INTO api_keys (id, company_id, name, role, key_hash) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
    [key.id, key.companyId, key.name, key.role, key.hash],
  );
  return rows[0]!;
}

export async function selectLiveKeyByHash(db: Queryable, hash: string): Promise<KeyRow | undefined> {
  const { rows } = await db.query<KeyRow>(
    prepared(
      "live-key-by-hash",
      `SELECT ${COLUMNS} FROM api_keys WHERE key_hash = $1 AND deleted_at IS NULL`,
      [hash],
    ),
  );
  return rows[0];
}

export async function selectLiveKeys(db: Queryable, companyId: string): Promise<KeyRow[]> {
  const { rows } = await db.query<KeyRow>(
    `SELECT ${COLUMNS} FROM api_keys WHERE company_id = $1 AND deleted_at IS NULL ORDER BY created_at, id`,
    [companyId],
  );
  return rows;
}

/** The company's master keys not deleted. */
export async function countLiveMasterKeys(db: Queryable, companyId: string): Promise<number> {
  const { rows } = await db.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM api_keys
      WHERE company_id = $1 AND role = 'master' AND deleted_at IS NULL`,
    [companyId],
  );
  return rows[0]!.count;
}

/** Answers the deleted key with its hash, or undefined when the company has no such live key. */
export async function markKeyDeleted(
  db: Queryable,
  companyId: string,
  id: string,
): Promise<(KeyRow & { keyHash: string }) | undefined> {
  const { rows } = await db.query<KeyRow & { keyHash: string }>(
    `UPDATE api_keys SET deleted_at = now() WHERE company_id = $1 AND id = $2 AND deleted_at IS NULL
     RETURNING ${COLUMNS}, key_hash AS "keyHash"`,
    [companyId, id],
  );
  return rows[0];
}
