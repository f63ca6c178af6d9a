import { SessionDataSchema } from "./session-data.js";
import type { Condition, Rule } from "./types.js";

/**
 * What a condition set may do that its author likely did not mean, named without refusing it:
 * a fact no session has (`livenes`), a rule that fires on every session, a set with no rules.
 */
export interface RuleWarning {
  path: string;
  code: "UNKNOWN_FACT" | "ALWAYS_FIRES" | "NO_RULES";
  message: string;
}

/** The facts deriveFacts adds to a session's data keys (rules/facts.ts). */
export const DERIVED_FACTS = ["age", "documentExpired", "highRiskCountry", "checksIncomplete"] as const;

/** The facts a rule may name: the session data's keys, the derived facts and the company's extra fields. */
export function knownFacts(extraFieldNames: readonly string[] = []): string[] {
  return [...Object.keys(SessionDataSchema.properties), ...DERIVED_FACTS, ...extraFieldNames];
}

/** Levenshtein distance, for the nearest known name. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(
        row[j]! + 1,
        row[j - 1]! + 1,
        previous + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1),
      );
      previous = row[j]!;
      row[j] = next;
    }
  }
  return row[b.length]!;
}

function nearest(name: string, known: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const d = distance(name, candidate);
    if (!best || d < best.distance) best = { name: candidate, distance: d };
  }
  return best && best.distance <= Math.max(2, Math.floor(name.length / 3)) ? best.name : undefined;
}

/** Whether a condition holds whatever the session (an `all` of nothing, and what is built of it). */
function alwaysHolds(condition: Condition): boolean {
  if ("all" in condition) return condition.all.every(alwaysHolds);
  if ("any" in condition) return condition.any.some(alwaysHolds);
  if ("not" in condition) return neverHolds(condition.not);
  return false;
}

function neverHolds(condition: Condition): boolean {
  if ("all" in condition) return condition.all.some(neverHolds);
  if ("any" in condition) return condition.any.every(neverHolds);
  if ("not" in condition) return alwaysHolds(condition.not);
  return false;
}

/** The fact of every leaf and where it is. */
function* leaves(condition: Condition, path: string): Generator<{ fact: string; path: string }> {
  if ("all" in condition) for (const [i, c] of condition.all.entries()) yield* leaves(c, `${path}.all[${i}]`);
  else if ("any" in condition)
    for (const [i, c] of condition.any.entries()) yield* leaves(c, `${path}.any[${i}]`);
  else if ("not" in condition) yield* leaves(condition.not, `${path}.not`);
  else yield { fact: condition.fact, path: `${path}.fact` };
}

/** The warnings of a valid condition set (rules/validate.ts has refused what is not). */
export function ruleWarnings(rules: readonly Rule[], facts: readonly string[]): RuleWarning[] {
  if (rules.length === 0) {
    return [{ path: "rules", code: "NO_RULES", message: "the set has no rules: every session is approved" }];
  }
  const known = new Set(facts);
  const warnings: RuleWarning[] = [];
  for (const [index, rule] of rules.entries()) {
    const at = `rules[${index}].conditions`;
    if (alwaysHolds(rule.conditions)) {
      warnings.push({
        path: at,
        code: "ALWAYS_FIRES",
        message: `the conditions hold for every session: the rule ${rule.event.params.reason} fires on each`,
      });
    }
    for (const leaf of leaves(rule.conditions, at)) {
      if (known.has(leaf.fact)) continue;
      const guess = nearest(leaf.fact, facts);
      warnings.push({
        path: leaf.path,
        code: "UNKNOWN_FACT",
        message: `no session has a fact "${leaf.fact}", so the condition is always false${guess ? `; did you mean "${guess}"?` : `; the facts are ${facts.join(", ")}`}`,
      });
    }
  }
  return warnings;
}
