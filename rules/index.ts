export { DEFAULT_RULES } from "./defaults.js";
export { createEngine, createEvaluator, decideOutcome, type Evaluator, type Fired } from "./evaluate.js";
export { ageAt, deriveFacts, type FactContext, isExpired } from "./facts.js";
export { holds, OPERATOR_NAMES } from "./operators.js";
export { parsePath, resolvePath } from "./path.js";
export type * from "./types.js";
export { MAX_RULES, type RuleError, type Validation, validateRules } from "./validate.js";
