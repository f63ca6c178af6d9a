import { MAX_DATA_ARRAY_ITEMS, MAX_DATA_BYTES } from "../engine/deciding/intake.js";
import type { Rule } from "../rules/index.js";
import { MAX_CONDITIONS, MAX_LIST_ITEMS, MAX_RULES, MAX_RULES_BYTES } from "../rules/index.js";
import type { BenchSession } from "./payloads.js";

/** Arrays of 1,000 numbers in each hostile session: as many as 64 KiB holds. */
const ARRAYS = 10;
const LISTS = 20;

/**
 * A condition set at the contract's limits, as expensive to evaluate as they allow: 200 rules of
 * 10 conditions, each rule an `any` whose conditions are all false (so every one is evaluated):
 * `contains` of a number no array holds, on the session's 1,000-item arrays, and `in` lists of
 * 1,000 items that the session's value is not in.
 */
export function hostileRules(): Rule[] {
  const perRule = MAX_CONDITIONS / MAX_RULES;
  const list = Array.from({ length: MAX_LIST_ITEMS }, (_, i) => 50_000 + i);
  let lists = 0;
  const rules: Rule[] = Array.from({ length: MAX_RULES }, (_, r) => ({
    conditions: {
      any: Array.from({ length: perRule }, (_, c) =>
        c === 0 && lists++ < LISTS
          ? { fact: "extra", path: "$.score", operator: "in", value: list }
          : { fact: `a${(r + c) % ARRAYS}`, operator: "contains", value: 99_999 - c },
      ),
    },
    event: { type: "review", params: { reason: `HOSTILE_${r}` } },
  }));
  const bytes = Buffer.byteLength(JSON.stringify(rules));
  if (bytes > MAX_RULES_BYTES) throw new Error(`the hostile set is ${bytes} bytes, over the limit`);
  return rules;
}

/** `sessions` with their data padded to the limits: ten 1,000-item arrays, just under 64 KiB. */
export function hostileSessions(sessions: readonly BenchSession[]): BenchSession[] {
  const arrays = Object.fromEntries(
    Array.from({ length: ARRAYS }, (_, a) => [
      `a${a}`,
      Array.from({ length: MAX_DATA_ARRAY_ITEMS }, (_, i) => 10_000 + ((i * 7 + a) % 1000)),
    ]),
  );
  return sessions.map((session) => {
    const data = { ...session.data, ...arrays };
    const bytes = Buffer.byteLength(JSON.stringify(data));
    if (bytes > MAX_DATA_BYTES) throw new Error(`a hostile session is ${bytes} bytes, over the limit`);
    return { ...session, data };
  });
}
