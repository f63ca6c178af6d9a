import { randomBytes, timingSafeEqual } from "node:crypto";
import { recordActivity } from "../audit/activity.js";
import { sha256Hex } from "../kernel/canonical-json.js";
import { conflict, notFound } from "../kernel/errors.js";
import { uuidv7 } from "../kernel/ids.js";
import { type Actor, type KeyRole, keyActorName, type Principal } from "../kernel/model.js";
import type { Context } from "../platform/context.js";
import { type Queryable, withTransaction } from "../platform/db.js";
import { keyEntry } from "../platform/key-and-settings-cache.js";
import { selectSettingsForUpdate } from "../sql/companies.js";
import { insertKey, markKeyDeleted, selectLiveKeyByHash, selectLiveKeys } from "../sql/keys.js";
import { selectOperatorToken } from "../sql/operator-token.js";
import { OPERATOR_TOKEN_PREFIX } from "./operator-token.js";
import { remainingMasters } from "./users.js";

/**
 * API keys are 32 random bytes: far too much entropy to guess, so a fast SHA-256 (not a password
 * hash) is the right digest to store and to look a key up by on every request.
 */
const KEY_PREFIX = "vk_";

type NewKey = { name: string; role: KeyRole };

/** Issues a key and records it in the activity log; the plain key is answered here once and never again. */
export async function issueKey(
  { pool }: Pick<Context, "pool">,
  companyId: string,
  input: NewKey,
  actor: Actor,
) {
  return withTransaction(pool, (tx) => writeKey(tx, companyId, input, actor));
}

/** `issueKey` as a step of the caller's transaction. */
export async function writeKey(db: Queryable, companyId: string, input: NewKey, actor: Actor) {
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

/**
 * Deletes a live key of the company, unless it is the last master (`409 LAST_MASTER`: nothing
 * could then manage the company through the API). It stops working in this process at once; the
 * answer waits until Postgres has announced the deletion to this process, and so to every API
 * process that keeps keys in memory.
 */
export async function deleteKey(ctx: Context, companyId: string, id: string, actor: Actor): Promise<void> {
  const changed = await withTransaction(ctx.pool, async (tx) => {
    // The company row lock orders concurrent deletions: each counts what the others left.
    if (!(await selectSettingsForUpdate(tx, companyId))) throw notFound("api key");
    const row = await markKeyDeleted(tx, companyId, id);
    if (!row) throw notFound("api key");
    if (row.role === "master" && (await remainingMasters(tx, companyId)) === 0) {
      throw conflict(
        "LAST_MASTER",
        "a company keeps at least one master key or master user: create another before deleting this one",
      );
    }
    const changing = ctx.cache.changing(keyEntry(row.keyHash));
    await recordActivity(tx, companyId, actor, {
      action: "key.deleted",
      target: id,
      details: { name: row.name },
    });
    return changing;
  });
  await changed();
}

const OPERATOR: Principal = { kind: "operator" };

/**
 * Who a bearer token belongs to as far as this process knows without asking Postgres: the
 * operator, a key whose principal is kept in memory, or undefined (unknown, not necessarily invalid).
 */
export function knownPrincipal(ctx: Context, token: string): Principal | undefined {
  const generated = mayBeGenerated(ctx, token) ? ctx.cache.kept<string>(OPERATOR_ENTRY) : undefined;
  if (isOperator(ctx, token, generated)) return OPERATOR;
  if (!token.startsWith(KEY_PREFIX)) return undefined;
  return ctx.cache.kept<Principal>(keyEntry(sha256Hex(token)));
}

/** Who a bearer token belongs to: the operator, a live company key, or nobody. */
export async function authenticate(ctx: Context, token: string): Promise<Principal | undefined> {
  const generated = mayBeGenerated(ctx, token)
    ? await ctx.cache.get(OPERATOR_ENTRY, async () => (await selectOperatorToken(ctx.pool))?.tokenHash)
    : undefined;
  if (isOperator(ctx, token, generated)) return OPERATOR;
  if (!token.startsWith(KEY_PREFIX)) return undefined;
  const hash = sha256Hex(token);
  return ctx.cache.get<Principal>(keyEntry(hash), async () => {
    const key = await selectLiveKeyByHash(ctx.pool, hash);
    return (
      key && {
        kind: "key",
        keyId: key.id,
        companyId: key.companyId,
        role: key.role,
        name: keyActorName(key.name, key.role),
      }
    );
  });
}

/** Whether the generated operator token's hash is worth reading for `token` (none is configured). */
const mayBeGenerated = (ctx: Context, token: string) =>
  ctx.config.operatorToken === undefined && token.startsWith(OPERATOR_TOKEN_PREFIX);

/** Whether `token` is `VERDICT_OPERATOR_TOKEN`, or else the generated token whose hash is `generatedHash`. */
function isOperator(ctx: Context, token: string, generatedHash: string | undefined): boolean {
  const configured = ctx.config.operatorToken;
  if (configured !== undefined) return equalSecrets(token, configured);
  return generatedHash !== undefined && equalHashes(sha256Hex(token), generatedHash);
}

function equalSecrets(a: string, b: string): boolean {
  return equalHashes(sha256Hex(a), sha256Hex(b));
}

/** Two SHA-256 digests (hex) compared in constant time. */
function equalHashes(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The cache entry of the kept operator token's hash; migration 012's trigger names it so. */
const OPERATOR_ENTRY = "operator:true";
