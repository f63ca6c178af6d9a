import type { Fired } from "./evaluate.js";
import { holds } from "./operators.js";
import { resolvePath } from "./path.js";
import type { Condition, ConditionValue, FactReference, Rule } from "./types.js";

type Facts = Record<string, unknown>;
/** What one evaluation keeps while it runs: the sets of a session's long arrays, made once each. */
interface Scratch {
  sets?: Map<readonly unknown[], ReadonlySet<unknown>>;
}
type Predicate = (facts: Facts, scratch: Scratch) => boolean;
type Read = (facts: Facts) => unknown;

/**
 * A session's arrays are searched by Set once they are this long: building it costs a few
 * searches of the array, and a condition set of 2,000 `contains` conditions on a 1,000-item array
 * would otherwise compare two million items a session.
 */
const SET_FROM_LENGTH = 32;

/**
 * `list.includes(item)`, as the operators answer it (SameValueZero, which Set uses too), in one
 * lookup once the evaluation has met the same long array before.
 */
function member(list: readonly unknown[], item: unknown, scratch: Scratch): boolean {
  if (list.length < SET_FROM_LENGTH) return list.includes(item);
  scratch.sets ??= new Map();
  let set = scratch.sets.get(list);
  if (!set) {
    set = new Set(list);
    scratch.sets.set(list, set);
  }
  return set.has(item);
}

/**
 * A leaf's test, the same as `holds` (the differential test holds them equal), done in time
 * bounded by the condition set's and the data's limits: a literal `in`/`notIn` list is a Set made
 * at compile time, and membership in a session's array goes through `member`. The other
 * operators compare two values and cost O(1) already.
 */
function leafTest(
  operator: string,
  value: unknown,
): (fact: unknown, value: unknown, scratch: Scratch) => boolean {
  const defined = (fact: unknown, other: unknown) => fact !== undefined && other !== undefined;
  switch (operator) {
    case "in":
    case "notIn": {
      const wanted = operator === "in";
      if (Array.isArray(value)) {
        const literal: ReadonlySet<unknown> = new Set(value);
        return (fact) => fact !== undefined && literal.has(fact) === wanted;
      }
      return (fact, other, scratch) =>
        defined(fact, other) && Array.isArray(other) && member(other, fact, scratch) === wanted;
    }
    case "contains":
    case "doesNotContain": {
      const wanted = operator === "contains";
      return (fact, other, scratch) =>
        defined(fact, other) && Array.isArray(fact) && member(fact, other, scratch) === wanted;
    }
    default:
      return (fact, other) => holds(operator, fact, other);
  }
}

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
    return (facts, scratch) => !inner(facts, scratch);
  }
  const fact = reader(condition.fact, condition.path);
  const { operator, value } = condition;
  if (isReference(value)) {
    const other = reader(value.fact, value.path);
    const test = leafTest(operator, undefined);
    return (facts, scratch) => test(fact(facts), other(facts), scratch);
  }
  const test = leafTest(operator, value);
  return (facts, scratch) => test(fact(facts), value, scratch);
}

/** `all` and `any` as json-rules-engine runs them: an empty list is true for both. */
function combine(conditions: readonly Condition[], kind: "all" | "any"): Predicate {
  const parts = conditions.map(compileCondition);
  if (parts.length === 0) return () => true;
  if (parts.length === 1) return parts[0]!;
  return kind === "all"
    ? (facts, scratch) => parts.every((part) => part(facts, scratch))
    : (facts, scratch) => parts.some((part) => part(facts, scratch));
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
    const scratch: Scratch = {};
    for (const rule of compiled) {
      if (!rule.when(facts, scratch)) continue;
      fired.reasons.push(rule.reason);
      (rule.type === "reject" ? fired.rejects : fired.reviews).push(rule.reason);
    }
    return fired;
  };
}
