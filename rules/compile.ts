import type { Fired } from "./evaluate.js";
import { holds } from "./operators.js";
import { resolvePath } from "./path.js";
import type { Condition, ConditionValue, FactReference, Rule } from "./types.js";

type Facts = Record<string, unknown>;
type Predicate = (facts: Facts) => boolean;
type Read = (facts: Facts) => unknown;

/** A condition set compiled to plain functions: one synchronous call decides a session. */
export type CompiledRules = (facts: Facts) => Fired;

const isReference = (value: ConditionValue): value is FactReference =>
  value !== null &&
  typeof value === "object" &&
  !Array.isArray(value) &&
  Boolean((value as FactReference).fact);

/** A fact's value, at a path when one is given (as `SessionAlmanac` reads it). */
function reader(fact: string, path: string | undefined): Read {
  const own = (facts: Facts) => (Object.hasOwn(facts, fact) ? facts[fact] : undefined);
  return path ? (facts) => resolvePath(own(facts), path) : own;
}

function compileCondition(condition: Condition): Predicate {
  if ("all" in condition) return combine(condition.all, "all");
  if ("any" in condition) return combine(condition.any, "any");
  if ("not" in condition) {
    const inner = compileCondition(condition.not);
    return (facts) => !inner(facts);
  }
  const fact = reader(condition.fact, condition.path);
  const { operator, value } = condition;
  if (isReference(value)) {
    const other = reader(value.fact, value.path);
    return (facts) => holds(operator, fact(facts), other(facts));
  }
  return (facts) => holds(operator, fact(facts), value);
}

/** `all` and `any` as json-rules-engine runs them: an empty list is true for both. */
function combine(conditions: readonly Condition[], kind: "all" | "any"): Predicate {
  const parts = conditions.map(compileCondition);
  if (parts.length === 0) return () => true;
  if (parts.length === 1) return parts[0]!;
  return kind === "all"
    ? (facts) => parts.every((part) => part(facts))
    : (facts) => parts.some((part) => part(facts));
}

/**
 * Compiles a validated condition set to closures that give what `createEvaluator` (json-rules-engine)
 * gives — the same outcome and reasons, in set order; the differential test holds them equal —
 * about an order of magnitude faster, synchronously, and safe to call from anywhere at once.
 * Nothing in a rule becomes code: conditions become calls of the fixed operators and path reader.
 */
export function compileRules(rules: readonly Rule[]): CompiledRules {
  const compiled = structuredClone(rules).map((rule) => ({
    when: compileCondition(rule.conditions),
    type: rule.event.type,
    reason: rule.event.params.reason,
  }));
  return (facts) => {
    const fired: Fired = { rejects: [], reviews: [], reasons: [] };
    for (const rule of compiled) {
      if (!rule.when(facts)) continue;
      fired.reasons.push(rule.reason);
      (rule.type === "reject" ? fired.rejects : fired.reviews).push(rule.reason);
    }
    return fired;
  };
}
