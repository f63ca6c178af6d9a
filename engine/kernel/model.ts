import { type Static, Type } from "@sinclair/typebox";
import { SessionDataSchema } from "../../rules/session-data.js";
import "./schema-formats.js";

export type KeyRole = "integrator" | "agent" | "master";
export const KEY_ROLES: readonly KeyRole[] = ["integrator", "agent", "master"];
/** People review and manage; programs integrate, so a user is never an integrator. */
export type UserRole = "agent" | "master";

/**
 * Who did something: the operator, a company key (`key`) or user (`user`), the engine or the SLA timer.
 * A person's actor carries the name it had then ("Nino (agent key)"), which messages and history
 * show rather than an id.
 */
export interface Actor {
  type: "operator" | "user" | "key" | "engine" | "sla" | "system";
  id?: string;
  name?: string;
}

/** A company's key or user as the actor of what it does. */
export type CompanyActor = { type: "user" | "key"; id: string; name: string };

/** How a company key is named as an actor: its name and role, "Nino (agent key)". */
export const keyActorName = (keyName: string, role: KeyRole) => `${keyName} (${role} key)`;

/** An actor in a message: its name, else its kind and id. */
export const describeActor = (actor: { type: string; id?: string | null; name?: string | null }) =>
  actor.name ?? (actor.id ? `${actor.type} ${actor.id}` : actor.type);

/** The authenticated caller of a request. */
export type Principal =
  | { kind: "operator" }
  | { kind: "key"; keyId: string; companyId: string; role: KeyRole; name: string }
  | {
      kind: "user";
      userId: string;
      companyId: string;
      role: UserRole;
      name: string;
      /** The SHA-256 of the cookie's token: the sign-in this request rides on. */
      sessionHash: string;
      /** What a write carried by the cookie must send as `x-csrf-token`. */
      csrfToken: string;
      /** The company requires two-factor of this user, who has not enrolled yet. */
      mustEnrolTwoFactor: boolean;
    };

/** Whose budgets (rate limits, event streams) a principal spends: "key:…", "user:…" or "operator". */
export const principalHolder = (principal: Principal | null): string => {
  if (principal?.kind === "key") return `key:${principal.keyId}`;
  if (principal?.kind === "user") return `user:${principal.userId}`;
  return "operator";
};

/** A principal of a company, not the operator. */
export type CompanyPrincipal = Exclude<Principal, { kind: "operator" }>;

export const SESSION_STATUSES = [
  "pending",
  "success",
  "rejected",
  "awaiting_action",
  "resubmission_requested",
] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];
/** A final session is decided for good; `resubmission_requested` is final for its attempt. */
export const FINAL_STATUSES: readonly SessionStatus[] = ["success", "rejected", "resubmission_requested"];

/** A condition set version's status; `proposed` and `declined` are for approval of changes. */
export const RULE_SET_STATUSES = ["proposed", "active", "superseded", "declined"] as const;
export type RuleSetStatus = (typeof RULE_SET_STATUSES)[number];

const CountryCode = Type.String({ pattern: "^[A-Z]{2}$", description: "ISO 3166-1 alpha-2, upper case" });

export const SessionInputSchema = Type.Object(
  {
    externalId: Type.String({ minLength: 1, maxLength: 200 }),
    data: SessionDataSchema,
  },
  {
    title: "SessionInput",
    additionalProperties: false,
    examples: [
      {
        externalId: "order-1042",
        data: {
          documentType: "PASSPORT",
          liveness: { passed: true, score: 0.97 },
          faceMatch: { matchLevel: 5, confidence: 91 },
          document: { valid: true, mrzValid: true, expiryDate: "2031-04-01" },
          person: {
            firstName: "Nino",
            lastName: "Beridze",
            birthDate: "1990-05-05",
            nationality: "GE",
            documentNumber: "13AB45678",
            personalNumber: "01001012345",
          },
          ip: { address: "203.0.113.7", country: "GE" },
          extra: { orderTotal: 120.5 },
        },
      },
    ],
  },
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
    review: Type.Object(
      {
        fourEyes: Type.Union([
          Type.Null(),
          Type.Object(
            {
              outcomes: Type.Array(Type.Union([Type.Literal("success"), Type.Literal("rejected")]), {
                minItems: 1,
                uniqueItems: true,
                description: "the outcomes a second person must approve",
              }),
              reasons: Type.Array(Type.String({ minLength: 1, maxLength: 100 }), {
                maxItems: 200,
                uniqueItems: true,
                description: "only sessions carrying one of these reasons; empty: every session",
              }),
            },
            { additionalProperties: false },
          ),
        ]),
      },
      { additionalProperties: false },
    ),
    security: Type.Object(
      {
        requireTwoFactor: Type.Union([Type.Literal("none"), Type.Literal("masters"), Type.Literal("all")]),
        rulesNeedApproval: Type.Boolean(),
      },
      { additionalProperties: false },
    ),
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
  review: { fourEyes: null },
  security: { requireTwoFactor: "none", rulesNeedApproval: false },
};
