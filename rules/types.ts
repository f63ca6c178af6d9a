/** What a rule does when its conditions hold. */
export type RuleEventType = "reject" | "review";

export interface RuleEvent {
  type: RuleEventType;
  params: { reason: string; message?: string };
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Another fact's value (optionally at a path), compared against instead of a literal. */
export interface FactReference {
  fact: string;
  path?: string;
}

/** What a leaf condition compares its fact against: a literal, or another fact. */
export type ConditionValue = JsonValue | FactReference;

/** Options every condition may carry: json-rules-engine's evaluation priority, and a label. */
interface ConditionOptions {
  priority?: number;
  name?: string;
}

/** Compares one fact (optionally at a path such as `$.matchLevel`) with a value. */
export interface LeafCondition extends ConditionOptions {
  fact: string;
  operator: string;
  value: ConditionValue;
  path?: string;
}

export interface AllConditions extends ConditionOptions {
  all: Condition[];
}

export interface AnyConditions extends ConditionOptions {
  any: Condition[];
}

export interface NotCondition extends ConditionOptions {
  not: Condition;
}

/** A condition at any depth: a leaf, or `all`, `any` or `not` of further conditions. */
export type Condition = LeafCondition | AllConditions | AnyConditions | NotCondition;

/** A rule's conditions: at the top, always `all`, `any` or `not`. */
export type TopLevelCondition = AllConditions | AnyConditions | NotCondition;

export interface Rule {
  conditions: TopLevelCondition;
  event: RuleEvent;
  name?: string;
  priority?: number;
}

export type Outcome = "success" | "rejected" | "awaiting_action";
