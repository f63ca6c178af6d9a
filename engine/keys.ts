import { randomBytes, timingSafeEqual } from "node:crypto";
import { recordActivity } from "./activity.js";
import type { Queryable } from "./db.js";
import { notFound } from "./errors.js";
import { sha256Hex } from "./hash.js";
import { uuidv7 } from "./ids.js";
import type { Actor, KeyRole, Principal } from "./model.js";
import { insertKey, markKeyDeleted, selectLiveKeyByHash, selectLiveKeys } from "./sql/keys.js";

/**
 * API keys are 32 random bytes: far too much entropy to guess, so a fast SHA-256 (not a password
 * hash) is the right digest to store and to look a key up by on every request.
 */
const KEY_PREFIX = "vk_";

export async function issueKey(
  db: Queryable,
  companyId: string,
  input: { name: string; role: KeyRole },
  actor: Actor,
) {
  const key = KEY_PREFIX + randomBytes(32).toString("base64url");
  const row = await insertKey(db, { id: uuidv7(), companyId, ...input, hash: sha256Hex(key) });
  await recordActivity(db, companyId, actor, {
    action: "key.created",
    target: row.id,
    details: { name: row.name, role: row.role },
  });
  return { id: row.id, name: row.name, role: row.role, createdAt: row.createdAt, key };
}

export const listKeys = (db: Queryable, companyId: string) => selectLiveKeys(db, companyId);

export async function deleteKey(db: Queryable, companyId: string, id: string, actor: Actor): Promise<void> {
  const row = await markKeyDeleted(db, companyId, id);
  if (!row) throw notFound("api key");
  await recordActivity(db, companyId, actor, {
    action: "key.deleted",
    target: id,
    details: { name: row.name },
  });
}

/** Who a bearer token belongs to: the operator, a live company key, or nobody. */
export async function authenticate(
  db: Queryable,
  token: string,
  operatorToken: string,
): Promise<Principal | undefined> {
  if (equalSecrets(token, operatorToken)) return { kind: "operator" };
  if (!token.startsWith(KEY_PREFIX)) return undefined;
  const key = await selectLiveKeyByHash(db, sha256Hex(token));
  return key && { kind: "key", keyId: key.id, companyId: key.companyId, role: key.role };
}

function equalSecrets(a: string, b: string): boolean {
  const left = Buffer.from(sha256Hex(a), "hex");
  const right = Buffer.from(sha256Hex(b), "hex");
  return timingSafeEqual(left, right);
}
