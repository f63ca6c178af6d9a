export { type CompiledRules, compileRules } from "./compile.js";
export { DEFAULT_RULES } from "./defaults.js";
export { createEvaluator, decideOutcome, type Evaluator, type Fired } from "./evaluate.js";
export { ageAt, deriveFacts, type FactContext, isExpired, isHighRiskCountry } from "./facts.js";
export { holds, isOperatorName, OPERATOR_NAMES, type OperatorName } from "./operators.js";
export { MAX_PATH_LENGTH, type PathSegment, parsePath, resolvePath } from "./path.js";
export { type SessionData, SessionDataSchema } from "./session-data.js";
export type * from "./types.js";
export {
  MAX_CONDITIONS,
  MAX_DEPTH,
  MAX_LEAVES_PER_RULE,
  MAX_LIST_ITEMS,
  MAX_RULES,
  MAX_RULES_BYTES,
  type RuleError,
  type Validation,
  validateRules,
} from "./validate.js";
export { DERIVED_FACTS, knownFacts, type RuleWarning, ruleWarnings } from "./warnings.js";
