import { Engine, type RuleResult } from "json-rules-engine";
import { engineOperators } from "./operators.js";
import { resolvePath } from "./path.js";
import type { Outcome, Rule } from "./types.js";

/** The rules that fired for one session, by their reasons, in the order of the rules in the set. */
export interface Fired {
  rejects: string[];
  reviews: string[];
  reasons: string[];
}

export interface Evaluator {
  evaluate(facts: Record<string, unknown>): Promise<Fired>;
}

/** A json-rules-engine `Engine` for a condition set, configured as Verdict's rules require. */
export function createEngine(rules: readonly Rule[]): Engine {
  const engine = new Engine([], { allowUndefinedFacts: true, pathResolver: resolvePath });
  for (const operator of engineOperators()) engine.addOperator(operator);
  rules.forEach((rule, index) => {
    // The rule's index is its name inside the engine, so that fired rules can be put in set order.
    engine.addRule({
      conditions: rule.conditions,
      event: rule.event,
      name: String(index),
      priority: rule.priority ?? 1,
    });
  });
  return engine;
}

/** Orders fired rules by their place in the set and splits their reasons by event type. */
export function collectFired(rules: readonly Rule[], results: readonly RuleResult[]): Fired {
  const indexes = results.map((result) => Number(result.name)).sort((a, b) => a - b);
  const fired: Fired = { rejects: [], reviews: [], reasons: [] };
  for (const index of indexes) {
    const { type, params } = rules[index]!.event;
    fired.reasons.push(params.reason);
    (type === "reject" ? fired.rejects : fired.reviews).push(params.reason);
  }
  return fired;
}

/**
 * An evaluator for a condition set. One json-rules-engine `Engine` must not run two evaluations
 * at once (its `status` is shared, and overlapping runs can silently skip rules), so runs on this
 * evaluator queue behind each other; callers may call `evaluate` concurrently.
 */
export function createEvaluator(rules: readonly Rule[]): Evaluator {
  const engine = createEngine(rules);
  let previous: Promise<unknown> = Promise.resolve();
  return {
    evaluate(facts) {
      const run = previous.then(() => engine.run(facts));
      previous = run.catch(() => undefined);
      return run.then((result) => collectFired(rules, result.results));
    },
  };
}

/** The contract's outcome rule: any reject → rejected; else any review → awaiting action (or rejected when that is off); else success. */
export function decideOutcome(fired: Fired, options: { awaitingActionEnabled: boolean }): Outcome {
  if (fired.rejects.length > 0) return "rejected";
  if (fired.reviews.length > 0) return options.awaitingActionEnabled ? "awaiting_action" : "rejected";
  return "success";
}
