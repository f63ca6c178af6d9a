import { setTimeout as delay } from "node:timers/promises";
import { Engine, Fact } from "json-rules-engine";
import { describe, expect, it } from "vitest";
import { createEvaluator, decideOutcome, type Fired } from "./evaluate.js";
import { OPERATOR_NAMES } from "./operators.js";
import { resolvePath } from "./path.js";
import type { Condition, Rule, RuleEventType } from "./types.js";

function makeRule(
  reason: string,
  conditions: Condition[],
  type: RuleEventType = "reject",
  priority?: number,
): Rule {
  return { conditions: { all: conditions }, event: { type, params: { reason } }, priority };
}

const fired = (rejects: string[], reviews: string[]): Fired => ({ rejects, reviews, reasons: [] });

describe("decideOutcome", () => {
  it("rejects on any reject, parks on a review when awaiting action is enabled, else succeeds", () => {
    const enabled = { awaitingActionEnabled: true };
    const disabled = { awaitingActionEnabled: false };
    expect(decideOutcome(fired([], []), enabled)).toBe("success");
    expect(decideOutcome(fired([], []), disabled)).toBe("success");
    expect(decideOutcome(fired(["A"], []), enabled)).toBe("rejected");
    expect(decideOutcome(fired(["A"], ["B"]), enabled)).toBe("rejected");
    expect(decideOutcome(fired([], ["B"]), enabled)).toBe("awaiting_action");
    expect(decideOutcome(fired([], ["B"]), disabled)).toBe("rejected");
  });
});

describe("createEvaluator", () => {
  const yes = { fact: "flag", operator: "equal", value: true };

  it("splits the reasons of the rules that fired by event type", async () => {
    const rules = [
      makeRule("R0", [yes], "review"),
      makeRule("R1", [{ ...yes, value: false }]),
      makeRule("R2", [yes], "reject"),
      makeRule("R3", [yes], "review"),
    ];
    expect(await createEvaluator(rules).evaluate({ flag: true })).toEqual({
      rejects: ["R2"],
      reviews: ["R0", "R3"],
      reasons: ["R0", "R2", "R3"],
    });
  });

  it("lists reasons in the order of the rules in the set, not of completion or priority", async () => {
    const rules = [
      makeRule("SLOW_FIRST", [{ fact: "slow", operator: "equal", value: true }], "reject", 1),
      makeRule("FAST", [yes], "review", 1),
      makeRule("URGENT", [yes], "reject", 100),
      makeRule("MIDDLE", [yes], "review", 50),
    ];
    const evaluator = createEvaluator(rules);
    const result = await evaluator.evaluate({ flag: true, slow: new Fact("slow", () => delay(20, true)) });
    expect(result.reasons).toEqual(["SLOW_FIRST", "FAST", "URGENT", "MIDDLE"]);
    expect(result.rejects).toEqual(["SLOW_FIRST", "URGENT"]);
    expect(result.reviews).toEqual(["FAST", "MIDDLE"]);
  });

  it("is not affected by later changes to the rules it was given", async () => {
    const rules = [makeRule("R0", [yes])];
    const evaluator = createEvaluator(rules);
    rules[0]!.event.params.reason = "CHANGED";
    expect((await evaluator.evaluate({ flag: true })).reasons).toEqual(["R0"]);
  });

  it("reads facts at paths, and compares with other facts", async () => {
    const rules = [
      makeRule("LOW", [{ fact: "faceMatch", path: "$.matchLevel", operator: "lessThan", value: 4 }]),
      makeRule("OVER", [
        {
          fact: "extra",
          path: "$.orderTotal",
          operator: "greaterThan",
          value: { fact: "limits", path: "$.max[1]" },
        },
      ]),
    ];
    const evaluator = createEvaluator(rules);
    const facts = { faceMatch: { matchLevel: 3 }, extra: { orderTotal: 120.5 }, limits: { max: [0, 100] } };
    expect((await evaluator.evaluate(facts)).reasons).toEqual(["LOW", "OVER"]);
  });
});

describe("a condition on a fact the session lacks", () => {
  const literalFor = (operator: string) => (operator === "in" || operator === "notIn" ? ["x"] : "x");

  it("is false for every operator, whether the fact, a path or a referenced fact is missing", async () => {
    const leaves: Condition[] = OPERATOR_NAMES.flatMap((operator) => [
      { fact: "missing", operator, value: literalFor(operator) },
      { fact: "present", path: "$.missing", operator, value: literalFor(operator) },
      { fact: "present", path: "$.list[3]", operator, value: literalFor(operator) },
      { fact: "present", path: "$.text.length", operator, value: literalFor(operator) },
      { fact: "present", path: "$.__proto__", operator, value: literalFor(operator) },
      { fact: "present", path: "$.constructor", operator, value: literalFor(operator) },
      { fact: "present", path: "$.text", operator, value: { fact: "missing" } },
      { fact: "present", path: "$.text", operator, value: { fact: "present", path: "$.missing" } },
    ]);
    const rules = leaves.map((leaf, index) => makeRule(`R${index}`, [leaf]));
    const evaluator = createEvaluator(rules);
    const facts = { present: { text: "x", list: [] } };
    expect(await evaluator.evaluate(facts)).toEqual({ rejects: [], reviews: [], reasons: [] });
  });

  it("is false when a path goes into a fact that is not an object", async () => {
    const rules = [
      makeRule("LIVENESS", [{ fact: "liveness", path: "$.passed", operator: "equal", value: false }]),
      makeRule("FACE", [{ fact: "faceMatch", path: "$.matchLevel", operator: "lessThan", value: 4 }]),
      makeRule("NAME", [{ fact: "person", path: "$.name", operator: "equal", value: "Nino" }]),
    ];
    const facts = { liveness: false, faceMatch: 3, person: "Nino" };
    expect((await createEvaluator(rules).evaluate(facts)).reasons).toEqual([]);
  });

  it("makes not of it true", async () => {
    const rules: Rule[] = [
      {
        conditions: { not: { fact: "missing", operator: "notEqual", value: 1 } },
        event: { type: "review", params: { reason: "NOT_MISSING" } },
      },
    ];
    expect((await createEvaluator(rules).evaluate({})).reasons).toEqual(["NOT_MISSING"]);
  });
});

/**
 * Rules in several priority sets whose `any` can stop early, so that runs on different facts
 * take different numbers of steps: the overlap that makes a shared json-rules-engine `Engine` skip rules.
 */
function overlappingRules(): Rule[] {
  const deep = (levels: number): Condition =>
    levels === 0 ? { fact: "slow", operator: "equal", value: 1 } : { all: [deep(levels - 1)] };
  return Array.from({ length: 6 }, (_, index) => ({
    priority: 6 - index,
    conditions: { any: [{ fact: "fast", operator: "equal", value: 1, priority: 2 }, deep(5)] },
    event: { type: index % 2 ? "review" : "reject", params: { reason: `R${index}` } },
  }));
}

const sessions = Array.from({ length: 40 }, (_, index) => ({
  fast: index % 3 === 0 ? 1 : 0,
  slow: index % 5 ? 1 : 0,
}));

describe("concurrent evaluations", () => {
  it("give the same results as sequential ones", async () => {
    const evaluator = createEvaluator(overlappingRules());
    const sequential: Fired[] = [];
    for (const facts of sessions) sequential.push(await evaluator.evaluate(facts));
    const concurrent = await Promise.all(sessions.map((facts) => evaluator.evaluate(facts)));
    expect(concurrent).toEqual(sequential);
    expect(new Set(sequential.map((result) => result.reasons.length))).toEqual(new Set([0, 6]));
  });

  it("would skip rules on a bare shared Engine, which is why the evaluator queues its runs", async () => {
    const engine = new Engine(overlappingRules(), { allowUndefinedFacts: true, pathResolver: resolvePath });
    const count = async (facts: object) => (await engine.run(facts)).results.length;
    const sequential: number[] = [];
    for (const facts of sessions) sequential.push(await count(facts));
    const concurrent = await Promise.all(sessions.map(count));
    expect(concurrent).not.toEqual(sequential);
  });

  it("keep going after a run that fails", async () => {
    const evaluator = createEvaluator([makeRule("R0", [{ fact: "boom", operator: "equal", value: 1 }])]);
    const failing = new Fact("boom", () => {
      throw new Error("boom");
    });
    const results = await Promise.allSettled([
      evaluator.evaluate({ boom: failing }),
      evaluator.evaluate({ boom: 1 }),
    ]);
    expect(results[0]?.status).toBe("rejected");
    expect(results[1]).toEqual({
      status: "fulfilled",
      value: { rejects: ["R0"], reviews: [], reasons: ["R0"] },
    });
  });
});
