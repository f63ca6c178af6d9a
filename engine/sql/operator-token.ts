import type { Queryable } from "../platform/db.js";

/** Stores the first operator token's hash; answers false when one is stored already. */
export async function insertOperatorToken(db: Queryable, tokenHash: string): Promise<boolean> {
  const { rowCount } = await db.query(
    "INSERT INTO operator_token (token_hash) VALUES ($1) ON CONFLICT (singleton) DO NOTHING",
    [tokenHash],
  );
  return rowCount === 1;
}

/** Stores a new operator token's hash in place of the old one. */
export async function replaceOperatorToken(db: Queryable, tokenHash: string): Promise<void> {
  await db.query(
    `INSERT INTO operator_token (token_hash) VALUES ($1)
     ON CONFLICT (singleton) DO UPDATE SET token_hash = excluded.token_hash, created_at = now()`,
    [tokenHash],
  );
}

export async function selectOperatorToken(db: Queryable) {
  const { rows } = await db.query<{ tokenHash: string; createdAt: Date }>(
    `SELECT token_hash AS "tokenHash", created_at AS "createdAt" FROM operator_token`,
  );
  return rows[0];
}
