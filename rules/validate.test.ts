import { describe, expect, it } from "vitest";
import { DEFAULT_RULES } from "./defaults.js";
import { MAX_CONDITIONS, MAX_LIST_ITEMS, MAX_RULES, MAX_RULES_BYTES, validateRules } from "./validate.js";

const leaf = { fact: "age", operator: "lessThan", value: 18 };
const event = { type: "reject", params: { reason: "UNDERAGE" } };
const rule = (overrides: Record<string, unknown> = {}) => ({
  conditions: { all: [leaf] },
  event,
  ...overrides,
});
const withLeaf = (changes: Record<string, unknown>) =>
  rule({ conditions: { all: [{ ...leaf, ...changes }] } });

/** The paths of the problems found in a condition set, expecting it to be refused. */
function refusedAt(input: unknown): string[] {
  const result = validateRules(input);
  if (result.ok) throw new Error("expected the rules to be refused");
  for (const error of result.errors) expect(error.message).not.toBe("");
  return result.errors.map((error) => error.path);
}

function nested(levels: number): Record<string, unknown> {
  return levels === 0 ? leaf : { all: [nested(levels - 1)] };
}

describe("validateRules accepts", () => {
  it("the default condition set, as a deep copy", () => {
    const result = validateRules(DEFAULT_RULES);
    expect(result).toEqual({ ok: true, rules: DEFAULT_RULES });
    if (result.ok) expect(result.rules[0]).not.toBe(DEFAULT_RULES[0]);
  });

  it("an empty set", () => {
    expect(validateRules([])).toEqual({ ok: true, rules: [] });
  });

  it("a value that references another fact, with a path", () => {
    const input = [withLeaf({ value: { fact: "extra", path: "$.minimumAge" } })];
    expect(validateRules(input)).toEqual({ ok: true, rules: input });
  });

  it("nested all, any and not with names and priorities, paths with indexes, and every operator", () => {
    const input = [
      {
        name: "Mixed",
        priority: 5,
        conditions: {
          any: [
            { not: { fact: "faceMatch", path: "$.matchLevel", operator: "greaterThanInclusive", value: 4 } },
            { all: [{ fact: "person", path: "$.names[0]", operator: "equal", value: "X", priority: 2 }] },
            { fact: "person", path: "$.nationality", operator: "in", value: ["IR", "KP"], name: "country" },
            { fact: "tags", operator: "contains", value: "vip" },
            { fact: "tags", operator: "doesNotContain", value: "vip" },
            { fact: "documentType", operator: "notIn", value: [] },
            { fact: "documentType", operator: "notEqual", value: null },
            { fact: "age", operator: "lessThanInclusive", value: 17.5 },
            { fact: "age", operator: "greaterThan", value: { fact: "limits", path: "$.age" } },
            { fact: "extra", path: "$.meta", operator: "equal", value: { nested: [1, "two", true] } },
          ],
        },
        event: { type: "review", params: { reason: "MIXED_1", message: "Several checks" } },
      },
    ];
    expect(validateRules(input)).toEqual({ ok: true, rules: input });
  });

  it("exactly the limits: 200 rules, 10 levels and 100 leaves", () => {
    expect(validateRules(Array.from({ length: MAX_RULES }, () => rule())).ok).toBe(true);
    expect(validateRules([rule({ conditions: nested(9) })]).ok).toBe(true);
    expect(validateRules([rule({ conditions: { any: Array.from({ length: 100 }, () => leaf) } })]).ok).toBe(
      true,
    );
  });

  it("exactly the set's limits: 2,000 conditions, lists of 1,000 items, 256 KiB of JSON", () => {
    const wide = rule({ conditions: { any: Array.from({ length: 100 }, () => leaf) } });
    expect(validateRules(Array.from({ length: MAX_CONDITIONS / 100 }, () => wide)).ok).toBe(true);
    const list = Array.from({ length: MAX_LIST_ITEMS }, (_, i) => i);
    expect(validateRules([withLeaf({ operator: "in", value: list })]).ok).toBe(true);
    expect(validateRules(setOfBytes(MAX_RULES_BYTES)).ok).toBe(true);
  });
});

/** A one-rule set whose JSON text is exactly `bytes` long: a long literal does it. */
function setOfBytes(bytes: number): unknown[] {
  const missing = bytes - Buffer.byteLength(JSON.stringify([withLeaf({ operator: "equal", value: "" })]));
  return [withLeaf({ operator: "equal", value: "x".repeat(missing) })];
}

describe("validateRules refuses", () => {
  it("a value that is not an array", () => {
    expect(refusedAt({ rules: [] })).toEqual(["rules"]);
    expect(refusedAt(null)).toEqual(["rules"]);
  });

  it("more than 200 rules", () => {
    expect(refusedAt(Array.from({ length: MAX_RULES + 1 }, () => rule()))).toEqual(["rules"]);
  });

  it("more than 2,000 conditions in all, naming the set", () => {
    const wide = rule({ conditions: { any: Array.from({ length: 100 }, () => leaf) } });
    const set = [...Array.from({ length: MAX_CONDITIONS / 100 }, () => wide), rule()];
    const result = validateRules(set);
    expect(result).toEqual({
      ok: false,
      errors: [{ path: "rules", message: "holds 2001 conditions in all; at most 2000" }],
    });
  });

  it("a value list of more than 1,000 items, naming its path", () => {
    const list = Array.from({ length: MAX_LIST_ITEMS + 1 }, (_, i) => `c${i}`);
    expect(refusedAt([rule(), withLeaf({ operator: "in", value: list })])).toEqual([
      "rules[1].conditions.all[0].value",
    ]);
    expect(refusedAt([withLeaf({ operator: "equal", value: list })])).toEqual([
      "rules[0].conditions.all[0].value",
    ]);
  });

  it("more than 256 KiB of JSON", () => {
    const set = setOfBytes(MAX_RULES_BYTES + 1);
    expect(Buffer.byteLength(JSON.stringify(set))).toBe(MAX_RULES_BYTES + 1);
    expect(refusedAt(set)).toEqual(["rules"]);
  });

  it("a rule that is not an object, or has unknown keys", () => {
    expect(refusedAt([rule(), "rule"])).toEqual(["rules[1]"]);
    expect(refusedAt([[]])).toEqual(["rules[0]"]);
    expect(refusedAt([rule({ onSuccess: "x" })])).toEqual(["rules[0].onSuccess"]);
  });

  it("missing conditions or event", () => {
    expect(refusedAt([{ event }])).toEqual(["rules[0].conditions"]);
    expect(refusedAt([{ conditions: { all: [leaf] } }])).toEqual(["rules[0].event"]);
  });

  it("top-level conditions that are not all, any or not", () => {
    expect(refusedAt([rule({ conditions: leaf })])).toEqual(["rules[0].conditions"]);
    expect(refusedAt([rule({ conditions: { all: [leaf], any: [leaf] } })])).toEqual(["rules[0].conditions"]);
    expect(refusedAt([rule({ conditions: { all: leaf } })])).toEqual(["rules[0].conditions.all"]);
    expect(refusedAt([rule({ conditions: { not: [leaf] } })])).toEqual(["rules[0].conditions.not"]);
    expect(refusedAt([rule({ conditions: { all: [leaf], extra: 1 } })])).toEqual([
      "rules[0].conditions.extra",
    ]);
  });

  it("a leaf without a valid fact name", () => {
    expect(refusedAt([withLeaf({ fact: undefined })])).toEqual(["rules[0].conditions.all[0].fact"]);
    for (const fact of ["", "1age", "a.b", "a-b", "$.age", 7]) {
      expect(refusedAt([withLeaf({ fact })])).toEqual(["rules[0].conditions.all[0].fact"]);
    }
  });

  it("an operator not in the allowed set", () => {
    for (const operator of ["startsWith", "not:equal", "everyFact:lessThan", "", undefined, "toString"]) {
      expect(refusedAt([rule(), withLeaf({ operator })])).toEqual(["rules[1].conditions.all[0].operator"]);
    }
  });

  it("in and notIn with a literal that is not an array", () => {
    expect(refusedAt([withLeaf({ operator: "in", value: "IR" })])).toEqual([
      "rules[0].conditions.all[0].value",
    ]);
    expect(refusedAt([withLeaf({ operator: "notIn", value: 3 })])).toEqual([
      "rules[0].conditions.all[0].value",
    ]);
  });

  it("a leaf without a value, or a value that is not JSON", () => {
    const { value: _, ...noValue } = leaf;
    expect(refusedAt([rule({ conditions: { all: [noValue] } })])).toEqual([
      "rules[0].conditions.all[0].value",
    ]);
    for (const value of [
      undefined,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      () => 1,
      new Date(0),
      [1, [2, () => 3]],
    ]) {
      expect(refusedAt([withLeaf({ value })])).toEqual(["rules[0].conditions.all[0].value"]);
    }
    const deep = JSON.parse(`${"[".repeat(40)}1${"]".repeat(40)}`);
    expect(refusedAt([withLeaf({ value: deep })])).toEqual(["rules[0].conditions.all[0].value"]);
  });

  it("a path that is more than names and indexes", () => {
    const paths = [
      "",
      "matchLevel",
      "$..a",
      "$.a[*]",
      "$['a']",
      "$.a[?(@.b)]",
      "$.a[-1]",
      "$.a.",
      "$[0",
      "$.a b",
    ];
    for (const path of [...paths, "$.constructor.constructor('x')()", `$${".a".repeat(300)}`, 5]) {
      expect(refusedAt([withLeaf({ path })])).toEqual(["rules[0].conditions.all[0].path"]);
    }
  });

  it("params on a condition, and condition references", () => {
    expect(refusedAt([withLeaf({ params: { id: 1 } })])).toEqual(["rules[0].conditions.all[0].params"]);
    expect(refusedAt([rule({ conditions: { all: [{ condition: "shared" }] } })])).toEqual([
      "rules[0].conditions.all[0].condition",
    ]);
    expect(refusedAt([rule({ conditions: { condition: "shared" } })])).toEqual([
      "rules[0].conditions.condition",
    ]);
  });

  it("a fact reference that is not { fact, path? } with a valid fact and path", () => {
    const at = "rules[0].conditions.all[0].value";
    expect(refusedAt([withLeaf({ value: { fact: "1x" } })])).toEqual([`${at}.fact`]);
    expect(refusedAt([withLeaf({ value: { fact: "limits", path: "$..age" } })])).toEqual([`${at}.path`]);
    expect(refusedAt([withLeaf({ value: { fact: "limits", params: { a: 1 } } })])).toEqual([`${at}.params`]);
  });

  it("nesting deeper than 10 levels, and more than 100 leaves in a rule", () => {
    expect(refusedAt([rule({ conditions: nested(10) })])).toEqual([
      `rules[0].conditions${".all[0]".repeat(10)}`,
    ]);
    const wide = { any: Array.from({ length: 51 }, () => leaf) };
    expect(refusedAt([rule({ conditions: { all: [wide, wide] } })])).toEqual(["rules[0].conditions"]);
  });

  it("an event type other than reject or review, and unknown event keys", () => {
    expect(refusedAt([rule({ event: { ...event, type: "approve" } })])).toEqual(["rules[0].event.type"]);
    expect(refusedAt([rule({ event: { ...event, extra: 1 } })])).toEqual(["rules[0].event.extra"]);
    expect(refusedAt([rule({ event: "reject" })])).toEqual(["rules[0].event"]);
  });

  it("a missing, non-string, empty or malformed reason, and unknown params", () => {
    const at = "rules[0].event.params.reason";
    for (const reason of [undefined, 5, "", "under_age", "1ST", "A".repeat(65), "FACE MATCH"]) {
      expect(refusedAt([rule({ event: { type: "reject", params: { reason } } })])).toEqual([at]);
    }
    expect(refusedAt([rule({ event: { type: "reject" } })])).toEqual(["rules[0].event.params"]);
    const extra = { type: "reject", params: { reason: "X", code: 1 } };
    expect(refusedAt([rule({ event: extra })])).toEqual(["rules[0].event.params.code"]);
    const result = validateRules([rule({ event: { type: "reject", params: {} } })]);
    expect(result.ok || result.errors[0]?.message).toMatch(/upper-case .* FACE_MATCH_LOW/);
  });

  it("a message that is not a string", () => {
    const params = { reason: "UNDERAGE", message: 42 };
    expect(refusedAt([rule({ event: { type: "reject", params } })])).toEqual([
      "rules[0].event.params.message",
    ]);
  });

  it("a priority that is not a positive integer, on a rule or a condition", () => {
    for (const priority of [0, -1, 1.5, "1", null]) {
      expect(refusedAt([rule({ priority })])).toEqual(["rules[0].priority"]);
      expect(refusedAt([withLeaf({ priority })])).toEqual(["rules[0].conditions.all[0].priority"]);
    }
  });

  it("a name that is not a string of at most 200 characters", () => {
    expect(refusedAt([rule({ name: 5 })])).toEqual(["rules[0].name"]);
    expect(refusedAt([rule({ name: "x".repeat(201) })])).toEqual(["rules[0].name"]);
    expect(validateRules([rule({ name: "x".repeat(200) })]).ok).toBe(true);
  });

  it("keys named __proto__ or constructor, as any unknown key", () => {
    const input = JSON.parse(
      `[{ "conditions": { "all": [] }, "event": ${JSON.stringify(event)}, "__proto__": {} }]`,
    );
    expect(refusedAt(input)).toEqual(["rules[0].__proto__"]);
    expect(refusedAt([withLeaf({ constructor: "x" })])).toEqual(["rules[0].conditions.all[0].constructor"]);
  });

  it("reporting every problem, each with its own path", () => {
    const input = [
      rule(),
      withLeaf({ operator: "like", fact: "1" }),
      rule({ event: { type: "x", params: {} } }),
    ];
    expect(refusedAt(input)).toEqual([
      "rules[1].conditions.all[0].fact",
      "rules[1].conditions.all[0].operator",
      "rules[2].event.type",
      "rules[2].event.params.reason",
    ]);
  });
});
