import { OPERATOR_NAMES } from "./operators.js";
import { parsePath } from "./path.js";
import type { Rule } from "./types.js";

export const MAX_RULES = 200;
export const MAX_DEPTH = 10;
export const MAX_LEAVES_PER_RULE = 100;
const FACT_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const REASON = /^[A-Z][A-Z0-9_]{0,63}$/;

export interface RuleError {
  path: string;
  message: string;
}

export type Validation = { ok: true; rules: Rule[] } | { ok: false; errors: RuleError[] };

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === "object" && !Array.isArray(value);

/** A checker collects every problem it finds with the path where it is. */
class Checker {
  readonly errors: RuleError[] = [];
  fail(path: string, message: string): void {
    if (this.errors.length < 50) this.errors.push({ path, message });
  }
  onlyKeys(value: Json, allowed: readonly string[], path: string): void {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key))
        this.fail(`${path}.${key}`, `is not allowed here (allowed: ${allowed.join(", ")})`);
    }
  }
  priority(value: Json, path: string): void {
    if ("priority" in value && !(Number.isInteger(value.priority) && (value.priority as number) >= 1)) {
      this.fail(`${path}.priority`, "must be a positive integer");
    }
  }
  name(value: Json, path: string): void {
    if ("name" in value && !(typeof value.name === "string" && value.name.length <= 200)) {
      this.fail(`${path}.name`, "must be a string of at most 200 characters");
    }
  }
  path(value: unknown, path: string): void {
    if (typeof value !== "string" || parsePath(value) === null) {
      this.fail(path, "must be a path of names and indexes only, such as $.a.b[0]");
    }
  }
}

function checkLeaf(check: Checker, leaf: Json, path: string): void {
  check.onlyKeys(leaf, ["fact", "operator", "value", "path", "priority", "name"], path);
  if (typeof leaf.fact !== "string" || !FACT_NAME.test(leaf.fact)) {
    check.fail(`${path}.fact`, "must be a fact name (letters, digits and _, not starting with a digit)");
  }
  if (typeof leaf.operator !== "string" || !OPERATOR_NAMES.includes(leaf.operator)) {
    check.fail(`${path}.operator`, `must be one of ${OPERATOR_NAMES.join(", ")}`);
  }
  if ("path" in leaf) check.path(leaf.path, `${path}.path`);
  if (!("value" in leaf)) check.fail(`${path}.value`, "is required");
  const value = leaf.value;
  if (isObject(value) && "fact" in value) {
    check.onlyKeys(value, ["fact", "path"], `${path}.value`);
    if (typeof value.fact !== "string" || !FACT_NAME.test(value.fact)) {
      check.fail(`${path}.value.fact`, "must be a fact name");
    }
    if ("path" in value) check.path(value.path, `${path}.value.path`);
  } else if ((leaf.operator === "in" || leaf.operator === "notIn") && !Array.isArray(value)) {
    check.fail(`${path}.value`, `must be an array for ${leaf.operator}`);
  }
  check.priority(leaf, path);
  check.name(leaf, path);
}

/** Checks a condition and what it nests; answers how many leaves it holds. */
function checkCondition(
  check: Checker,
  condition: unknown,
  path: string,
  depth: number,
  topLevel: boolean,
): number {
  if (!isObject(condition)) {
    check.fail(path, "must be an object");
    return 0;
  }
  if (depth > MAX_DEPTH) {
    check.fail(path, `nests deeper than ${MAX_DEPTH} levels`);
    return 0;
  }
  const kinds = ["all", "any", "not"].filter((kind) => kind in condition);
  if (kinds.length === 0) {
    if ("condition" in condition) {
      check.fail(`${path}.condition`, "shared condition references are not supported");
      return 0;
    }
    if ("params" in condition) {
      check.fail(`${path}.params`, "facts take no params here");
      return 0;
    }
    if (topLevel) {
      check.fail(path, "must be { all: [...] }, { any: [...] } or { not: {...} } at the top");
      return 0;
    }
    checkLeaf(check, condition, path);
    return 1;
  }
  if (kinds.length > 1) {
    check.fail(path, `must have only one of all, any, not (has ${kinds.join(", ")})`);
    return 0;
  }
  const kind = kinds[0]!;
  check.onlyKeys(condition, [kind, "priority", "name"], path);
  check.priority(condition, path);
  check.name(condition, path);
  if (kind === "not") return checkCondition(check, condition.not, `${path}.not`, depth + 1, false);
  const children = condition[kind];
  if (!Array.isArray(children)) {
    check.fail(`${path}.${kind}`, "must be an array of conditions");
    return 0;
  }
  return children.reduce<number>(
    (leaves, child, index) =>
      leaves + checkCondition(check, child, `${path}.${kind}[${index}]`, depth + 1, false),
    0,
  );
}

function checkEvent(check: Checker, event: unknown, path: string): void {
  if (!isObject(event)) {
    check.fail(path, "must be an object { type, params: { reason } }");
    return;
  }
  check.onlyKeys(event, ["type", "params"], path);
  if (event.type !== "reject" && event.type !== "review")
    check.fail(`${path}.type`, "must be reject or review");
  const params = event.params;
  if (!isObject(params)) {
    check.fail(`${path}.params`, "must be an object with a reason");
    return;
  }
  check.onlyKeys(params, ["reason", "message"], `${path}.params`);
  if (typeof params.reason !== "string" || !REASON.test(params.reason)) {
    check.fail(
      `${path}.params.reason`,
      "is required: an upper-case code such as FACE_MATCH_LOW (A-Z, 0-9, _)",
    );
  }
  if ("message" in params && (typeof params.message !== "string" || params.message.length > 1000)) {
    check.fail(`${path}.params.message`, "must be a string of at most 1000 characters");
  }
}

/**
 * Checks a condition set before it is saved: its shape, operators, paths, events and limits.
 * Answers a normalized deep copy, or every problem found with where it is.
 */
export function validateRules(input: unknown): Validation {
  const check = new Checker();
  if (!Array.isArray(input)) {
    check.fail("rules", "must be an array of rules");
    return { ok: false, errors: check.errors };
  }
  if (input.length > MAX_RULES) {
    check.fail("rules", `may hold at most ${MAX_RULES} rules (has ${input.length})`);
    return { ok: false, errors: check.errors };
  }
  input.forEach((rule, index) => {
    const path = `rules[${index}]`;
    if (!isObject(rule)) {
      check.fail(path, "must be an object { conditions, event }");
      return;
    }
    check.onlyKeys(rule, ["conditions", "event", "name", "priority"], path);
    const leaves = checkCondition(check, rule.conditions, `${path}.conditions`, 1, true);
    if (leaves > MAX_LEAVES_PER_RULE) {
      check.fail(`${path}.conditions`, `holds ${leaves} conditions; at most ${MAX_LEAVES_PER_RULE}`);
    }
    checkEvent(check, rule.event, `${path}.event`);
    check.priority(rule, path);
    check.name(rule, path);
  });
  if (check.errors.length > 0) return { ok: false, errors: check.errors };
  return { ok: true, rules: structuredClone(input) as Rule[] };
}
