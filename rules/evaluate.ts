import { Engine, type RuleResult } from "json-rules-engine";
import { SessionAlmanac } from "./almanac.js";
import { engineOperators } from "./operators.js";
import { resolvePath } from "./path.js";
import type { Outcome, Rule } from "./types.js";

/** The reasons of the rules that fired for one session, in the order of the rules in the set. */
export interface Fired {
  rejects: string[];
  reviews: string[];
  reasons: string[];
}

export interface Evaluator {
  evaluate(facts: Record<string, unknown>): Promise<Fired>;
}

/**
 * A json-rules-engine `Engine` for a condition set, with Verdict's operators. Each rule's name
 * inside the engine is its index in the set, so that fired rules can be put back in set order.
 */
function createEngine(rules: readonly Rule[]): Engine {
  const engine = new Engine([], { allowUndefinedFacts: true, pathResolver: resolvePath });
  for (const operator of engineOperators()) engine.addOperator(operator);
  rules.forEach((rule, index) => {
    engine.addRule({ ...rule, name: String(index), priority: rule.priority ?? 1 });
  });
  return engine;
}

/** Puts the fired rules in set order and splits their reasons by event type. */
function collectFired(rules: readonly Rule[], results: readonly RuleResult[]): Fired {
  const indexes = results.map((result) => Number(result.name)).sort((a, b) => a - b);
  const fired: Fired = { rejects: [], reviews: [], reasons: [] };
  for (const index of indexes) {
    const { type, params } = rules[index]!.event;
    fired.reasons.push(params.reason);
    (type === "reject" ? fired.rejects : fired.reviews).push(params.reason);
  }
  return fired;
}

/** Runs tasks one after another, in the order they were given, whatever each one's outcome. */
function createQueue() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task);
    tail = run.catch(() => undefined);
    return run;
  };
}

/**
 * An evaluator for a validated condition set. A json-rules-engine `Engine` must not run two
 * evaluations at once (its `status` is shared, and an overlapping run can silently skip rules),
 * so the runs of one evaluator queue behind each other and callers may call `evaluate` concurrently.
 */
export function createEvaluator(rules: readonly Rule[]): Evaluator {
  const owned = structuredClone(rules);
  const engine = createEngine(owned);
  const enqueue = createQueue();
  return {
    async evaluate(facts) {
      const { results } = await enqueue(() => engine.run(facts, { almanac: new SessionAlmanac() }));
      return collectFired(owned, results);
    },
  };
}

/**
 * The contract's outcome: any reject → rejected; else any review → awaiting action when it is
 * enabled, rejected when not; else success.
 */
export function decideOutcome(fired: Fired, options: { awaitingActionEnabled: boolean }): Outcome {
  if (fired.rejects.length > 0) return "rejected";
  if (fired.reviews.length > 0) return options.awaitingActionEnabled ? "awaiting_action" : "rejected";
  return "success";
}
