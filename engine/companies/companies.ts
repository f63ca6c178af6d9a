import { randomUUID } from "node:crypto";
import { DEFAULT_RULES } from "../../rules/index.js";
import { DEFAULT_SETTINGS } from "../kernel/model.js";
import type { Context } from "../platform/context.js";
import { withTransaction } from "../platform/db.js";
import { insertCompany } from "../sql/companies.js";
import { insertRuleSet } from "../sql/rule-sets.js";
import { writeKey } from "./keys.js";

/**
 * Creates a company with the default settings, version 1 of the default condition set and a
 * master key; the plain key is answered here once and never again.
 */
export async function createCompany({ pool }: Pick<Context, "pool">, name: string) {
  return withTransaction(pool, async (tx) => {
    const id = randomUUID();
    await insertCompany(tx, id, name, DEFAULT_SETTINGS);
    await insertRuleSet(tx, id, 1, DEFAULT_RULES, { type: "operator" });
    const master = await writeKey(tx, id, { name: "master", role: "master" }, { type: "operator" });
    return { id, name, masterKey: master.key };
  });
}
