import { type Static, Type } from "@sinclair/typebox";
import { SessionDataSchema } from "../../rules/session-data.js";
import "./schema-formats.js";

export type KeyRole = "integrator" | "agent" | "master";
export const KEY_ROLES: readonly KeyRole[] = ["integrator", "agent", "master"];

/** Who did something: the operator, a company key (`user`), the engine or the SLA timer. */
export interface Actor {
  type: "operator" | "user" | "engine" | "sla" | "system";
  id?: string;
}

/** The authenticated caller of a request. */
export type Principal =
  | { kind: "operator" }
  | { kind: "key"; keyId: string; companyId: string; role: KeyRole };

export const SESSION_STATUSES = ["pending", "success", "rejected", "awaiting_action"] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];
export const FINAL_STATUSES: readonly SessionStatus[] = ["success", "rejected"];

/** A condition set version's status; `proposed` and `declined` are for approval of changes. */
export const RULE_SET_STATUSES = ["proposed", "active", "superseded", "declined"] as const;
export type RuleSetStatus = (typeof RULE_SET_STATUSES)[number];

const CountryCode = Type.String({ pattern: "^[A-Z]{2}$", description: "ISO 3166-1 alpha-2, upper case" });

export const SessionInputSchema = Type.Object(
  {
    externalId: Type.String({ minLength: 1, maxLength: 200 }),
    data: SessionDataSchema,
  },
  { additionalProperties: false },
);
export type SessionInput = Static<typeof SessionInputSchema>;

export const ExtraFieldSchema = Type.Object(
  {
    name: Type.String({ pattern: "^[A-Za-z_][A-Za-z0-9_]{0,63}$" }),
    type: Type.Union([Type.Literal("number"), Type.Literal("string"), Type.Literal("boolean")]),
    required: Type.Optional(Type.Boolean({ description: "default false" })),
  },
  { additionalProperties: false },
);
export type ExtraField = Static<typeof ExtraFieldSchema>;

export const WebhookSettingsSchema = Type.Object(
  {
    url: Type.String({ format: "uri", maxLength: 2000 }),
    enabled: Type.Optional(Type.Boolean({ description: "default true" })),
  },
  { additionalProperties: false },
);

export const SettingsSchema = Type.Object(
  {
    awaitingAction: Type.Object(
      {
        enabled: Type.Boolean(),
        slaHours: Type.Number({ exclusiveMinimum: 0, maximum: 8760 }),
        onExpiry: Type.Union([Type.Literal("keep"), Type.Literal("reject")]),
      },
      { additionalProperties: false },
    ),
    highRiskCountries: Type.Array(CountryCode, { maxItems: 300, uniqueItems: true }),
    extraFields: Type.Array(ExtraFieldSchema, { maxItems: 100 }),
    retention: Type.Object(
      { liquidateAfterDays: Type.Union([Type.Null(), Type.Integer({ minimum: 1, maximum: 36500 })]) },
      { additionalProperties: false },
    ),
    webhook: Type.Union([Type.Null(), WebhookSettingsSchema]),
  },
  { additionalProperties: false },
);
export type Settings = Static<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  awaitingAction: { enabled: true, slaHours: 24, onExpiry: "keep" },
  highRiskCountries: [],
  extraFields: [],
  retention: { liquidateAfterDays: null },
  webhook: null,
};
