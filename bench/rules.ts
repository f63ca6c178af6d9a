import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as rulesModule from "../rules/index.js";
import { DEFAULT_RULES, deriveFacts, type Fired, type Rule, validateRules } from "../rules/index.js";
import { generateSessions, seededRandom } from "./payloads.js";
import { formatRate, HIGH_RISK_COUNTRIES, progress, ROOT } from "./support.js";

type Evaluate = (facts: Record<string, unknown>) => Fired | Promise<Fired>;

interface EvaluatorFactory {
  /** The rules module's export, e.g. `createEvaluator`. */
  name: string;
  create(rules: readonly Rule[]): Evaluate;
}

export interface RulesRow {
  ruleSet: string;
  rules: number;
  evaluator: string;
  evaluationsPerSecond: number;
  /** Sessions whose reasons differ from json-rules-engine's (`createEvaluator`); 0 for itself. */
  mismatches: number;
  /** Whether engine/deciding/decide.ts calls this factory: the evaluator Verdict decides with. */
  usedByDeciding: boolean;
}

export interface RulesResult {
  pool: number;
  secondsPerRow: number;
  factsPerSecond: number;
  rows: RulesRow[];
  /** Exports that looked like evaluator factories but could not be measured, and why. */
  skipped: { name: string; reason: string }[];
}

/** Whatever an evaluator factory answers, as a function of facts (an `evaluate` method or a function). */
function asEvaluate(made: unknown): Evaluate {
  if (typeof made === "function") return made as Evaluate;
  if (made && typeof (made as { evaluate?: unknown }).evaluate === "function") {
    const evaluator = made as { evaluate: Evaluate };
    return (facts) => evaluator.evaluate(facts);
  }
  throw new Error("answered neither a function nor an object with evaluate()");
}

const COMPILED_NAME = /^(compile|createCompiled)\w*(Rules|RuleSet|Evaluator)$/;

/** `createEvaluator` (json-rules-engine) and any compiled evaluator the rules module exports now. */
function evaluatorFactories(): EvaluatorFactory[] {
  const exported = rulesModule as unknown as Record<string, unknown>;
  const names = [
    "createEvaluator",
    ...Object.keys(exported)
      .filter((name) => COMPILED_NAME.test(name))
      .sort(),
  ];
  return [...new Set(names)]
    .filter((name) => typeof exported[name] === "function")
    .map((name) => ({
      name,
      create: (rules) => asEvaluate((exported[name] as (rules: readonly Rule[]) => unknown)(rules)),
    }));
}

/**
 * A 50-rule condition set of the shapes companies write: nested all/any/not, paths, lists,
 * number ranges, over every kind of fact; about a third reject, the rest review.
 */
export function generateRuleSet(count = 50, seed = 5): Rule[] {
  const random = seededRandom(seed);
  const countries = ["GE", "DE", "IT", "PL", "ES", "GB", "JP", "LB", "NG", "UA", "NO", "BR", "FR", "IN"];
  const some = (n: number) => countries.filter(() => random() < n / countries.length).slice(0, n);
  const rules: Rule[] = [];
  for (let i = 0; i < count; i++) {
    let conditions: Rule["conditions"];
    switch (i % 5) {
      case 0:
        conditions = {
          all: [
            {
              fact: "liveness",
              path: "$.score",
              operator: "lessThan",
              value: Math.round(random() * 300) / 1000,
            },
            { fact: "faceMatch", path: "$.matchLevel", operator: "lessThanInclusive", value: 2 + (i % 3) },
          ],
        };
        break;
      case 1:
        conditions = {
          any: [
            { fact: "person", path: "$.nationality", operator: "in", value: some(3) },
            { fact: "ip", path: "$.country", operator: "in", value: some(2) },
          ],
        };
        break;
      case 2:
        conditions = {
          all: [
            {
              fact: "extra",
              path: "$.orderTotal",
              operator: "greaterThan",
              value: 500 + Math.floor(random() * 500),
            },
            { not: { fact: "extra", path: "$.channel", operator: "equal", value: "web" } },
          ],
        };
        break;
      case 3: {
        const from = 18 + Math.floor(random() * 50);
        conditions = {
          all: [
            { fact: "age", operator: "greaterThanInclusive", value: from },
            { fact: "age", operator: "lessThan", value: from + 3 },
            { fact: "documentType", operator: "equal", value: i % 2 ? "ID_CARD" : "PASSPORT" },
          ],
        };
        break;
      }
      default:
        conditions = {
          any: [
            {
              all: [
                { fact: "faceMatch", path: "$.confidence", operator: "lessThan", value: 52 + (i % 4) },
                { fact: "documentExpired", operator: "equal", value: false },
              ],
            },
            { fact: "person", path: "$.lastName", operator: "equal", value: i % 2 ? "Nowak" : "Cohen" },
            { fact: "highRiskCountry", operator: "equal", value: true },
          ],
        };
    }
    rules.push({
      name: `bench rule ${i}`,
      conditions,
      event: { type: i % 3 === 0 ? "reject" : "review", params: { reason: `BENCH_RULE_${i}` } },
    });
  }
  const validation = validateRules(rules);
  if (!validation.ok) throw new Error(`the generated rule set is not valid: ${JSON.stringify(validation)}`);
  return rules;
}

/** Evaluations a second of one evaluator over the pool, single-threaded, after a warm-up. */
async function timeEvaluations(
  evaluate: Evaluate,
  pool: readonly Record<string, unknown>[],
  seconds: number,
) {
  const isAsync = evaluate(pool[0]!) instanceof Promise;
  const pass = isAsync
    ? async () => {
        for (const facts of pool) await evaluate(facts);
      }
    : async () => {
        for (const facts of pool) evaluate(facts);
      };
  const warmUntil = performance.now() + Math.min(1000, seconds * 500);
  while (performance.now() < warmUntil) await pass();
  let evaluations = 0;
  const start = performance.now();
  const until = start + seconds * 1000;
  while (performance.now() < until) {
    await pass();
    evaluations += pool.length;
  }
  return evaluations / ((performance.now() - start) / 1000);
}

/** Whether engine/deciding/decide.ts (as it is when the bench runs) calls the factory `name`. */
function usedByDeciding(name: string): boolean {
  try {
    return new RegExp(`\\b${name}\\(`).test(
      readFileSync(join(ROOT, "engine", "deciding", "decide.ts"), "utf8"),
    );
  } catch {
    return false;
  }
}

const sameReasons = (a: Fired, b: Fired) => a.reasons.join() === b.reasons.join();

/** Evaluations per second per core of the default and a 50-rule set, through every evaluator. */
export async function measureRules(options: { seconds: number; poolSize?: number }): Promise<RulesResult> {
  const submittedAt = new Date("2025-06-01T12:00:00Z");
  const sessions = generateSessions(options.poolSize ?? 2000, "rules", 3);
  const facts = sessions.map((session) =>
    deriveFacts(session.data, { submittedAt, highRiskCountries: HIGH_RISK_COUNTRIES }),
  );

  const factsStart = performance.now();
  let derived = 0;
  while (performance.now() - factsStart < 500) {
    for (const session of sessions)
      deriveFacts(session.data, { submittedAt, highRiskCountries: HIGH_RISK_COUNTRIES });
    derived += sessions.length;
  }
  const factsPerSecond = derived / ((performance.now() - factsStart) / 1000);

  const factories = evaluatorFactories();
  progress(
    `rules: evaluators ${factories.map((f) => f.name).join(", ")}; ${facts.length} sessions, ${options.seconds} s each`,
  );
  const rows: RulesRow[] = [];
  const skipped: RulesResult["skipped"] = [];
  for (const [ruleSet, rules] of [
    ["default", DEFAULT_RULES],
    ["generated", generateRuleSet(50)],
  ] as const) {
    const reference = factories[0]!.create(rules);
    const expected: Fired[] = [];
    for (const f of facts) expected.push(await reference(f));
    for (const factory of factories) {
      let evaluate: Evaluate;
      let mismatches = 0;
      try {
        evaluate = factory.create(rules);
        for (const [i, f] of facts.entries())
          if (!sameReasons(await evaluate(f), expected[i]!)) mismatches += 1;
      } catch (error) {
        if (!skipped.some((s) => s.name === factory.name)) {
          skipped.push({
            name: factory.name,
            reason: error instanceof Error ? error.message : String(error),
          });
        }
        continue;
      }
      const evaluationsPerSecond = await timeEvaluations(evaluate, facts, options.seconds);
      rows.push({
        ruleSet,
        rules: rules.length,
        evaluator: factory.name,
        evaluationsPerSecond,
        mismatches,
        usedByDeciding: usedByDeciding(factory.name),
      });
      progress(
        `rules: ${ruleSet} (${rules.length} rules), ${factory.name}: ${formatRate(evaluationsPerSecond)}${mismatches ? ` — ${mismatches} sessions decided differently from createEvaluator` : ""}`,
      );
    }
  }
  return { pool: facts.length, secondsPerRow: options.seconds, factsPerSecond, rows, skipped };
}
