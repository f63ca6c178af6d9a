/** What a rule does when its conditions hold. */
export type RuleEventType = "reject" | "review";

export interface RuleEvent {
  type: RuleEventType;
  params: { reason: string; message?: string };
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A value compared against: a literal, or another fact (optionally at a path). */
export type ConditionValue = JsonValue | { fact: string; path?: string };

export interface LeafCondition {
  fact: string;
  operator: string;
  value: ConditionValue;
  path?: string;
  priority?: number;
  name?: string;
}

export type NestedCondition = LeafCondition | AllConditions | AnyConditions | NotCondition;
export interface AllConditions {
  all: NestedCondition[];
  priority?: number;
  name?: string;
}
export interface AnyConditions {
  any: NestedCondition[];
  priority?: number;
  name?: string;
}
export interface NotCondition {
  not: NestedCondition;
  priority?: number;
  name?: string;
}
export type TopLevelCondition = AllConditions | AnyConditions | NotCondition;

export interface Rule {
  conditions: TopLevelCondition;
  event: RuleEvent;
  name?: string;
  priority?: number;
}

/** The data of a session as the rules see it; every part optional, other top-level keys allowed. */
export interface SessionData {
  documentType?: string;
  liveness?: { passed?: boolean; score?: number };
  faceMatch?: { matchLevel?: number; confidence?: number };
  document?: { valid?: boolean; mrzValid?: boolean; expiryDate?: string };
  person?: {
    firstName?: string;
    lastName?: string;
    birthDate?: string;
    nationality?: string;
    documentNumber?: string;
    personalNumber?: string;
  };
  ip?: { address?: string; country?: string };
  extra?: Record<string, string | number | boolean | null>;
  [key: string]: unknown;
}

export type Outcome = "success" | "rejected" | "awaiting_action";
