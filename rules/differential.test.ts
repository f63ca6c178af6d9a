import fc from "fast-check";
import { Engine, type Event } from "json-rules-engine";
import { describe, expect, it } from "vitest";
import { testSeed } from "../test/random.js";
import { compileRules } from "./compile.js";
import { createEvaluator, decideOutcome } from "./evaluate.js";
import { deriveFacts } from "./facts.js";
import { engineOperators, OPERATOR_NAMES } from "./operators.js";
import { resolvePath } from "./path.js";
import type { SessionData } from "./session-data.js";
import type {
  Condition,
  ConditionValue,
  FactReference,
  JsonValue,
  LeafCondition,
  Outcome,
  Rule,
} from "./types.js";
import { validateRules } from "./validate.js";

/** The facts rules are generated over, each with where it is read and the literals it is compared with. */
const targets: { fact: string; path?: string; literal: fc.Arbitrary<JsonValue> }[] = [
  { fact: "liveness", path: "$.passed", literal: fc.boolean() },
  { fact: "faceMatch", path: "$.matchLevel", literal: fc.integer({ min: 0, max: 6 }) },
  { fact: "person", path: "$.nationality", literal: fc.constantFrom("GE", "IR", "KP", "am") },
  { fact: "age", literal: fc.integer({ min: 10, max: 40 }) },
  { fact: "extra", path: "$.orderTotal", literal: fc.constantFrom(0, 50, 99.5, 100, 250) },
  { fact: "tags", literal: fc.constantFrom("vip", "new") },
];

const references: fc.Arbitrary<FactReference> = fc.constantFrom<FactReference>(
  { fact: "age" },
  { fact: "extra", path: "$.orderTotal" },
  { fact: "faceMatch", path: "$.matchLevel" },
  { fact: "tags" },
  { fact: "missing" },
);

const leafArbitrary: fc.Arbitrary<LeafCondition> = fc
  .record({
    target: fc.constantFrom(...targets),
    operator: fc.constantFrom(...OPERATOR_NAMES),
    crossTyped: fc.constantFrom(...targets).chain((other) => other.literal),
    pick: fc.nat({ max: 9 }),
    priority: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
  })
  .chain(({ target, operator, crossTyped, pick, priority }) => {
    // Mostly literals of the fact's own type; sometimes another fact, or a literal of another type.
    const literal = pick < 8 ? target.literal : fc.constant(crossTyped);
    const listed = operator === "in" || operator === "notIn";
    const value: fc.Arbitrary<ConditionValue> = listed
      ? fc.array(literal, { maxLength: 3 })
      : pick < 6 || pick >= 8
        ? literal
        : references;
    return value.map((literal) => {
      const leaf: LeafCondition = { fact: target.fact, operator, value: literal };
      if (target.path) leaf.path = target.path;
      if (priority) leaf.priority = priority;
      return leaf;
    });
  });

const { condition: conditionArbitrary } = fc.letrec<{ condition: Condition }>((tie) => ({
  condition: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leafArbitrary,
    fc.record({ all: fc.array(tie("condition"), { maxLength: 3 }) }),
    fc.record({ any: fc.array(tie("condition"), { maxLength: 3 }) }),
    fc.record({ not: tie("condition") }),
  ),
}));

const ruleArbitrary: fc.Arbitrary<Rule> = fc.record(
  {
    conditions: fc.oneof(
      fc.record({ all: fc.array(conditionArbitrary, { minLength: 1, maxLength: 3 }) }),
      fc.record({ any: fc.array(conditionArbitrary, { minLength: 1, maxLength: 3 }) }),
      fc.record({ not: conditionArbitrary }),
    ),
    event: fc.record({
      type: fc.constantFrom("reject" as const, "review" as const),
      params: fc.record({ reason: fc.constantFrom("A", "B", "C", "FACE_MATCH_LOW", "UNDERAGE") }),
    }),
    priority: fc.integer({ min: 1, max: 4 }),
  },
  { requiredKeys: ["conditions", "event"] },
);

/** Sessions shaped as the contract's, with every part and field possibly missing. */
const sessionArbitrary: fc.Arbitrary<SessionData> = fc.record(
  {
    liveness: fc.record({ passed: fc.boolean() }, { requiredKeys: [] }),
    faceMatch: fc.record({ matchLevel: fc.integer({ min: 0, max: 6 }) }, { requiredKeys: [] }),
    person: fc.record(
      {
        nationality: fc.constantFrom("GE", "IR", "KP", "am", "ir"),
        birthDate: fc.constantFrom("1990-05-05", "2008-02-29", "2010-12-31", "2000-01-01", "not a date"),
      },
      { requiredKeys: [] },
    ),
    ip: fc.record({ country: fc.constantFrom("GE", "IR", "US") }, { requiredKeys: [] }),
    document: fc.record(
      { expiryDate: fc.constantFrom("2020-01-01", "2026-06-30", "2031-04-01") },
      { requiredKeys: [] },
    ),
    extra: fc.record({ orderTotal: fc.constantFrom(0, 50, 99.5, 100, 250) }, { requiredKeys: [] }),
    // short lists, and lists long enough that the compiled rules search them through a Set
    tags: fc.oneof(
      fc.array(fc.constantFrom("vip", "new", "returning"), { maxLength: 2 }),
      fc
        .tuple(
          fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 32, maxLength: 40 }),
          fc.subarray(["vip", "new"]),
        )
        .map(([numbers, words]) => [...numbers, ...words]),
    ),
  },
  { requiredKeys: [] },
);

const contextArbitrary = fc.record({
  submittedAt: fc.date({
    min: new Date("2018-01-01T00:00:00Z"),
    max: new Date("2032-12-31T23:59:59Z"),
    noInvalidDate: true,
  }),
  highRiskCountries: fc.subarray(["IR", "KP", "ge"]),
});

/** The straightforward reading: a fresh engine a run, its fired events put in set order. */
async function referenceDecision(
  rules: Rule[],
  facts: Record<string, unknown>,
  awaitingActionEnabled: boolean,
) {
  const engine = new Engine([], { allowUndefinedFacts: true, pathResolver: resolvePath });
  for (const operator of engineOperators()) engine.addOperator(operator);
  rules.forEach((rule, index) => {
    engine.addRule({ ...structuredClone(rule), name: String(index) });
  });
  const fired: { index: number; event: Event }[] = [];
  engine.on("success", (event, _almanac, result) => {
    fired.push({ index: Number(result.name), event });
  });
  await engine.run(facts);
  const events = fired.sort((a, b) => a.index - b.index).map(({ event }) => event);
  const types = new Set(events.map((event) => event.type));
  const outcome: Outcome = types.has("reject")
    ? "rejected"
    : types.has("review")
      ? awaitingActionEnabled
        ? "awaiting_action"
        : "rejected"
      : "success";
  return { outcome, reasons: events.map((event) => event.params?.reason) };
}

describe("createEvaluator, compileRules and decideOutcome", () => {
  it("decide as a fresh json-rules-engine run would, for many sessions evaluated at once", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(ruleArbitrary, { maxLength: 8 }),
        fc.array(fc.tuple(sessionArbitrary, contextArbitrary), { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        async (rules, sessions, awaitingActionEnabled) => {
          expect(validateRules(rules).ok).toBe(true);
          const evaluator = createEvaluator(rules);
          const factsOf = sessions.map(([data, context]) => deriveFacts(data, context));
          const actual = await Promise.all(
            factsOf.map(async (facts) => {
              const fired = await evaluator.evaluate(facts);
              return { outcome: decideOutcome(fired, { awaitingActionEnabled }), reasons: fired.reasons };
            }),
          );
          const expected = await Promise.all(
            factsOf.map((facts) => referenceDecision(rules, facts, awaitingActionEnabled)),
          );
          expect(actual).toEqual(expected);
          const compiled = compileRules(rules);
          const fromCompiled = factsOf.map((facts) => {
            const fired = compiled(facts);
            return { outcome: decideOutcome(fired, { awaitingActionEnabled }), reasons: fired.reasons };
          });
          expect(fromCompiled).toEqual(expected);
        },
      ),
      { numRuns: 200, seed: testSeed() },
    );
  });
});
