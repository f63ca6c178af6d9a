import { Operator } from "json-rules-engine";

type Compare = (fact: unknown, value: unknown) => boolean;

const isNumeric = (fact: unknown) => Number.parseFloat(fact as string).toString() !== "NaN";
const isSearchable = (value: unknown): value is { indexOf(item: unknown): number } =>
  Array.isArray(value) || typeof value === "string";

/**
 * The operators a rule may use: json-rules-engine's defaults, with one change the contract asks
 * for — a condition on a fact the session lacks (undefined) is false, whatever the operator (the
 * defaults would make `notEqual`, `notIn` and `doesNotContain` true) — and no operator ever
 * throws on a value of the wrong type.
 */
export const OPERATORS: Readonly<Record<string, { compare: Compare; accepts?: (fact: unknown) => boolean }>> =
  {
    equal: { compare: (a, b) => a === b },
    notEqual: { compare: (a, b) => a !== b },
    in: { compare: (a, b) => isSearchable(b) && b.indexOf(a) > -1 },
    notIn: { compare: (a, b) => isSearchable(b) && b.indexOf(a) === -1 },
    contains: { compare: (a, b) => (a as unknown[]).indexOf(b) > -1, accepts: Array.isArray },
    doesNotContain: { compare: (a, b) => (a as unknown[]).indexOf(b) === -1, accepts: Array.isArray },
    lessThan: { compare: (a, b) => (a as number) < (b as number), accepts: isNumeric },
    lessThanInclusive: { compare: (a, b) => (a as number) <= (b as number), accepts: isNumeric },
    greaterThan: { compare: (a, b) => (a as number) > (b as number), accepts: isNumeric },
    greaterThanInclusive: { compare: (a, b) => (a as number) >= (b as number), accepts: isNumeric },
  };

export const OPERATOR_NAMES: readonly string[] = Object.keys(OPERATORS);

/** Whether a leaf condition holds for a fact value; `undefined` facts never satisfy one. */
export function holds(operator: string, fact: unknown, value: unknown): boolean {
  const definition = OPERATORS[operator];
  if (!definition || fact === undefined) return false;
  return (definition.accepts?.(fact) ?? true) && definition.compare(fact, value);
}

/** The operators as json-rules-engine `Operator`s, replacing its defaults of the same names. */
export function engineOperators(): Operator[] {
  return OPERATOR_NAMES.map(
    (name) => new Operator(name, (fact: unknown, value: unknown) => holds(name, fact, value)),
  );
}
