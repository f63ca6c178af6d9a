import { isOperatorName, OPERATOR_NAMES } from "./operators.js";
import { MAX_PATH_LENGTH, parsePath } from "./path.js";
import type { Rule } from "./types.js";

export const MAX_RULES = 200;
/** How deep conditions may nest; the rule's top-level condition is level 1. */
export const MAX_DEPTH = 10;
export const MAX_LEAVES_PER_RULE = 100;
/** Conditions (leaves) in the whole set: with the list and size limits, what bounds deciding's work a session. */
export const MAX_CONDITIONS = 2000;
/** Items in one condition's list value, such as an `in` list. */
export const MAX_LIST_ITEMS = 1000;
/** The set's JSON text, in bytes. */
export const MAX_RULES_BYTES = 256 * 1024;
const MAX_ERRORS = 50;
const MAX_VALUE_DEPTH = 32;
const FACT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const REASON = /^[A-Z][A-Z0-9_]{0,63}$/;

export interface RuleError {
  /** Where the problem is, such as `rules[3].conditions.all[0].operator`. */
  path: string;
  message: string;
}

export type Validation = { ok: true; rules: Rule[] } | { ok: false; errors: RuleError[] };

type JsonObject = Record<string, unknown>;

const isObject = (value: unknown): value is JsonObject =>
  value !== null && typeof value === "object" && !Array.isArray(value);
const has = (value: JsonObject, key: string) => Object.hasOwn(value, key);

/** Whether a value is plain JSON, nested at most `MAX_VALUE_DEPTH` levels: what a literal in a condition may be. */
function isJson(value: unknown, depth = 0): boolean {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value);
  if (depth >= MAX_VALUE_DEPTH) return false;
  if (Array.isArray(value)) return value.every((item) => isJson(item, depth + 1));
  if (!isObject(value) || Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.values(value).every((item) => isJson(item, depth + 1));
}

/** The size of a value's JSON text in bytes; a value JSON cannot write (a cycle) counts as too large. */
function jsonBytes(value: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(value) ?? "");
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/** Collects every problem found, each with the path where it is. */
class Problems {
  readonly list: RuleError[] = [];

  add(path: string, message: string): void {
    if (this.list.length < MAX_ERRORS) this.list.push({ path, message });
  }

  onlyKeys(value: JsonObject, allowed: readonly string[], path: string): void {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key))
        this.add(`${path}.${key}`, `is not allowed (allowed: ${allowed.join(", ")})`);
    }
  }

  /** The `priority` and `name` that rules and conditions may carry. */
  options(value: JsonObject, path: string): void {
    if (has(value, "priority") && !(Number.isSafeInteger(value.priority) && Number(value.priority) >= 1)) {
      this.add(`${path}.priority`, "must be a positive integer");
    }
    if (has(value, "name") && !(typeof value.name === "string" && value.name.length <= 200)) {
      this.add(`${path}.name`, "must be a string of at most 200 characters");
    }
  }

  factName(value: unknown, path: string): void {
    if (typeof value !== "string" || !FACT_NAME.test(value)) {
      this.add(path, "must be a fact name: letters, digits and _, not starting with a digit");
    }
  }

  path(value: unknown, path: string): void {
    if (typeof value !== "string" || parsePath(value) === null) {
      this.add(
        path,
        `must be a path of names and indexes only, such as $.a.b[0] (at most ${MAX_PATH_LENGTH} characters)`,
      );
    }
  }
}

function checkValue(problems: Problems, leaf: JsonObject, path: string): void {
  if (!has(leaf, "value")) {
    problems.add(path, "is required");
    return;
  }
  const value = leaf.value;
  if (isObject(value) && has(value, "fact")) {
    problems.onlyKeys(value, ["fact", "path"], path);
    problems.factName(value.fact, `${path}.fact`);
    if (has(value, "path")) problems.path(value.path, `${path}.path`);
  } else if (!isJson(value)) {
    problems.add(
      path,
      `must be a JSON value (nested at most ${MAX_VALUE_DEPTH} levels), or a fact reference { fact, path? }`,
    );
  } else if ((leaf.operator === "in" || leaf.operator === "notIn") && !Array.isArray(value)) {
    problems.add(path, `must be an array for ${leaf.operator}`);
  } else if (Array.isArray(value) && value.length > MAX_LIST_ITEMS) {
    problems.add(path, `holds ${value.length} items; at most ${MAX_LIST_ITEMS}`);
  }
}

function checkLeaf(problems: Problems, leaf: JsonObject, path: string): void {
  problems.onlyKeys(leaf, ["fact", "operator", "value", "path", "priority", "name"], path);
  problems.factName(leaf.fact, `${path}.fact`);
  if (!isOperatorName(leaf.operator)) {
    problems.add(`${path}.operator`, `must be one of ${OPERATOR_NAMES.join(", ")}`);
  }
  if (has(leaf, "path")) problems.path(leaf.path, `${path}.path`);
  checkValue(problems, leaf, `${path}.value`);
  problems.options(leaf, path);
}

/** Checks a condition and what it nests; answers how many leaves it holds. */
function checkCondition(problems: Problems, condition: unknown, path: string, depth: number): number {
  if (!isObject(condition)) {
    problems.add(path, "must be a condition object");
    return 0;
  }
  if (depth > MAX_DEPTH) {
    problems.add(path, `nests deeper than ${MAX_DEPTH} levels`);
    return 0;
  }
  if (has(condition, "condition")) {
    problems.add(`${path}.condition`, "shared condition references are not supported");
    return 0;
  }
  if (has(condition, "params")) {
    problems.add(`${path}.params`, "is not allowed: facts take no params");
    return 0;
  }
  const kinds = ["all", "any", "not"].filter((kind) => has(condition, kind));
  if (kinds.length === 0 && depth === 1) {
    problems.add(path, "must be { all: [...] }, { any: [...] } or { not: {...} } at the top");
    return 0;
  }
  if (kinds.length === 0) {
    checkLeaf(problems, condition, path);
    return 1;
  }
  const [kind, ...others] = kinds as [string, ...string[]];
  if (others.length > 0) {
    problems.add(path, `must have only one of all, any, not (has ${kinds.join(", ")})`);
    return 0;
  }
  problems.onlyKeys(condition, [kind, "priority", "name"], path);
  problems.options(condition, path);
  const nested = condition[kind];
  if (kind === "not") return checkCondition(problems, nested, `${path}.not`, depth + 1);
  if (!Array.isArray(nested)) {
    problems.add(`${path}.${kind}`, "must be an array of conditions");
    return 0;
  }
  let leaves = 0;
  for (const [index, child] of nested.entries()) {
    leaves += checkCondition(problems, child, `${path}.${kind}[${index}]`, depth + 1);
  }
  return leaves;
}

function checkEvent(problems: Problems, event: unknown, path: string): void {
  if (!isObject(event)) {
    problems.add(path, 'must be an object { type: "reject" | "review", params: { reason } }');
    return;
  }
  problems.onlyKeys(event, ["type", "params"], path);
  if (event.type !== "reject" && event.type !== "review") {
    problems.add(`${path}.type`, "must be reject or review");
  }
  const params = event.params;
  if (!isObject(params)) {
    problems.add(`${path}.params`, "must be an object { reason, message? }");
    return;
  }
  problems.onlyKeys(params, ["reason", "message"], `${path}.params`);
  if (typeof params.reason !== "string" || !REASON.test(params.reason)) {
    problems.add(
      `${path}.params.reason`,
      "is required: a code of upper-case letters, digits and _ starting with a letter, at most 64 characters, such as FACE_MATCH_LOW",
    );
  }
  if (has(params, "message") && !(typeof params.message === "string" && params.message.length <= 1000)) {
    problems.add(`${path}.params.message`, "must be a string of at most 1000 characters");
  }
}

/** Checks a rule; answers how many conditions (leaves) it holds. */
function checkRule(problems: Problems, rule: unknown, path: string): number {
  if (!isObject(rule)) {
    problems.add(path, "must be an object { conditions, event, name?, priority? }");
    return 0;
  }
  problems.onlyKeys(rule, ["conditions", "event", "name", "priority"], path);
  const leaves = checkCondition(problems, rule.conditions, `${path}.conditions`, 1);
  if (leaves > MAX_LEAVES_PER_RULE) {
    problems.add(`${path}.conditions`, `holds ${leaves} conditions; at most ${MAX_LEAVES_PER_RULE}`);
  }
  checkEvent(problems, rule.event, `${path}.event`);
  problems.options(rule, path);
  return leaves;
}

/**
 * Checks a condition set before it is saved: its shape, facts, operators, paths, events and
 * limits. Nothing in it is evaluated. Answers a deep copy of valid rules, or the problems found
 * (at most 50), each with where it is.
 */
export function validateRules(input: unknown): Validation {
  const problems = new Problems();
  if (!Array.isArray(input)) {
    problems.add("rules", "must be an array of rules");
  } else if (input.length > MAX_RULES) {
    problems.add("rules", `may hold at most ${MAX_RULES} rules (has ${input.length})`);
  } else if (jsonBytes(input) > MAX_RULES_BYTES) {
    problems.add("rules", `is more than ${MAX_RULES_BYTES} bytes (256 KiB) of JSON`);
  } else {
    let conditions = 0;
    for (const [index, rule] of input.entries()) conditions += checkRule(problems, rule, `rules[${index}]`);
    if (conditions > MAX_CONDITIONS) {
      problems.add("rules", `holds ${conditions} conditions in all; at most ${MAX_CONDITIONS}`);
    }
  }
  if (problems.list.length > 0) return { ok: false, errors: problems.list };
  return { ok: true, rules: structuredClone(input as Rule[]) };
}
