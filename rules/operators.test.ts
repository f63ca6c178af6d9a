import { describe, expect, it } from "vitest";
import { holds, OPERATOR_NAMES } from "./operators.js";

describe("holds", () => {
  it("is false for every operator when the fact or the value is undefined", () => {
    const values = [undefined, null, 0, 1, "", "GE", true, false, [], ["GE"], [undefined], {}];
    for (const operator of OPERATOR_NAMES) {
      for (const value of values) {
        expect(holds(operator, undefined, value), `${operator} ${String(value)}`).toBe(false);
        expect(holds(operator, value, undefined), `${operator} ${String(value)}`).toBe(false);
      }
    }
  });

  it("compares as json-rules-engine's operators of the same names", () => {
    expect(holds("equal", "GE", "GE")).toBe(true);
    expect(holds("equal", 1, "1")).toBe(false);
    expect(holds("notEqual", null, "GE")).toBe(true);
    expect(holds("in", "GE", ["GE", "AM"])).toBe(true);
    expect(holds("notIn", "US", ["GE", "AM"])).toBe(true);
    expect(holds("contains", ["vip", "new"], "vip")).toBe(true);
    expect(holds("doesNotContain", ["new"], "vip")).toBe(true);
    expect(holds("lessThan", 3, 4)).toBe(true);
    expect(holds("lessThan", 4, 4)).toBe(false);
    expect(holds("lessThanInclusive", 4, 4)).toBe(true);
    expect(holds("greaterThan", 120.5, 100)).toBe(true);
    expect(holds("greaterThanInclusive", "2024-01-02", "2024-01-01")).toBe(true);
  });

  it("is false, never an error, for values of the wrong type", () => {
    const odd = [null, true, {}, [1], "text", Object.create(null)];
    for (const operator of OPERATOR_NAMES) {
      for (const fact of odd) {
        for (const value of odd) expect(() => holds(operator, fact, value)).not.toThrow();
      }
    }
    expect(holds("lessThan", null, 5)).toBe(false);
    expect(holds("lessThan", true, 5)).toBe(false);
    expect(holds("lessThan", 3, null)).toBe(false);
    expect(holds("contains", "vip list", "vip")).toBe(false);
    expect(holds("doesNotContain", "vip list", "x")).toBe(false);
    expect(holds("in", "G", "GE")).toBe(false);
    expect(holds("notIn", "G", "GE")).toBe(false);
  });

  it("is false for an unknown operator", () => {
    expect(holds("startsWith", "GE", "G")).toBe(false);
    expect(holds("toString", "GE", "G")).toBe(false);
  });
});
