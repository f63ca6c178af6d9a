import { Operator } from "json-rules-engine";

interface OperatorDefinition {
  /** Whether the fact's value can be compared at all (json-rules-engine's fact validator). */
  accepts?: (fact: unknown) => boolean;
  compare: (fact: unknown, value: unknown) => boolean;
}

type Comparable = number | string;

/** json-rules-engine's number validator (`parseFloat` finds a number), without its coercions of objects. */
const isNumeric = (fact: unknown): fact is Comparable =>
  (typeof fact === "number" || typeof fact === "string") && !Number.isNaN(Number.parseFloat(String(fact)));
const isComparable = (value: unknown): value is Comparable =>
  typeof value === "number" || typeof value === "string";

function ordered(compare: (a: Comparable, b: Comparable) => boolean): OperatorDefinition {
  return { accepts: isNumeric, compare: (a, b) => isComparable(b) && compare(a as Comparable, b) };
}

const memberOf = (item: unknown, list: unknown) => Array.isArray(list) && list.includes(item);

/**
 * The operators a rule may use, by name. They behave as json-rules-engine's defaults of the same
 * names, with these changes: a condition with an undefined side (a fact the session lacks) is
 * false whatever the operator, where the defaults would make `notEqual`, `notIn` and
 * `doesNotContain` true; `in` and `notIn` look in arrays only (the defaults would also search a
 * string); and no operator throws on a value of the wrong type, it answers false.
 */
const OPERATORS = {
  equal: { compare: (a, b) => a === b },
  notEqual: { compare: (a, b) => a !== b },
  in: { compare: (a, b) => memberOf(a, b) },
  notIn: { compare: (a, b) => Array.isArray(b) && !memberOf(a, b) },
  contains: { accepts: Array.isArray, compare: (a, b) => memberOf(b, a) },
  doesNotContain: { accepts: Array.isArray, compare: (a, b) => !memberOf(b, a) },
  lessThan: ordered((a, b) => a < b),
  lessThanInclusive: ordered((a, b) => a <= b),
  greaterThan: ordered((a, b) => a > b),
  greaterThanInclusive: ordered((a, b) => a >= b),
} satisfies Record<string, OperatorDefinition>;

export type OperatorName = keyof typeof OPERATORS;

export const OPERATOR_NAMES = Object.keys(OPERATORS) as readonly OperatorName[];

export function isOperatorName(name: unknown): name is OperatorName {
  return typeof name === "string" && Object.hasOwn(OPERATORS, name);
}

/** Whether a leaf condition holds; a condition with an undefined fact or value never does. */
export function holds(operator: string, fact: unknown, value: unknown): boolean {
  if (!isOperatorName(operator) || fact === undefined || value === undefined) return false;
  const definition: OperatorDefinition = OPERATORS[operator];
  return (definition.accepts?.(fact) ?? true) && definition.compare(fact, value);
}

/** The operators as json-rules-engine `Operator`s, to replace its defaults of the same names. */
export function engineOperators(): Operator[] {
  return OPERATOR_NAMES.map(
    (name) => new Operator(name, (fact: unknown, value: unknown) => holds(name, fact, value)),
  );
}
