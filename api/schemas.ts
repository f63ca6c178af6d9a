import { type TProperties, type TSchema, Type } from "@sinclair/typebox";
import { UUID_PATTERN } from "../engine/kernel/ids.js";
import { SESSION_STATUSES } from "../engine/kernel/model.js";
import { DEFAULT_LIMIT, MAX_LIMIT } from "../engine/kernel/pagination.js";
import { MEDIA_KINDS } from "../engine/sql/media.js";

export const ErrorSchema = Type.Object(
  {
    statusCode: Type.Integer(),
    error: Type.String(),
    code: Type.String({ description: "stable, machine-readable" }),
    message: Type.String({ description: "what is wrong, naming the field" }),
  },
  { $id: "Error" },
);

/** The error answers a route can give, for its OpenAPI entry. */
export function errors(...statuses: number[]) {
  return Object.fromEntries(statuses.map((status) => [status, Type.Ref(ErrorSchema)]));
}

/**
 * The schema of a body that is a file's bytes, for the API document (with the route's `consumes`);
 * the validator passes such a body on unread (api/validator.ts).
 */
export const BinaryBody = (description: string) => Type.String({ format: "binary", description });

export const IdParams = Type.Object({ id: Type.String({ pattern: UUID_PATTERN, description: "a UUID" }) });

/**
 * A list's querystring: its own `properties`, `limit` (1 to `max`, `default` when absent) and
 * `cursor`. `limit` is left out of `required`, so callers may omit it; Fastify then fills in the
 * default before validation, so the handler always sees a number: the one place a default lives.
 */
export function PageQuery<T extends TProperties>(
  properties: T,
  limits: { default: number; max: number } = { default: DEFAULT_LIMIT, max: MAX_LIMIT },
) {
  const schema = Type.Object({
    ...properties,
    limit: Type.Integer({ minimum: 1, maximum: limits.max, default: limits.default }),
    cursor: Type.Optional(
      Type.String({ maxLength: 500, description: "the nextCursor of the previous page" }),
    ),
  });
  const required = ((schema.required ?? []) as string[]).filter((name) => name !== "limit");
  const { required: _, ...rest } = schema;
  return (required.length > 0 ? { ...rest, required } : rest) as typeof schema;
}

export const Page = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) });

export const DateTime = Type.String({ format: "date-time" });
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const SessionStatusSchema = Type.Union(SESSION_STATUSES.map((status) => Type.Literal(status)));

const Instant = (description: string) =>
  Type.String({ maxLength: 64, description: `${description}: a date (YYYY-MM-DD) or an ISO date-time` });

/** What a session list or export can be narrowed by: the list's querystring, an export's `filter`. */
export const SessionFilterFields = {
  status: Type.Optional(SessionStatusSchema),
  q: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      description: "text within externalId, first or last name, document or personal number",
    }),
  ),
  from: Type.Optional(Instant("created at or after")),
  to: Type.Optional(Instant("created before; a date includes that whole day")),
};

export const ActorSchema = Type.Object(
  {
    type: Type.String({
      description:
        "user (signed in to the console), key (a company API key), engine, sla, operator or system",
    }),
    id: Type.Optional(Type.String({ description: "the key's or user's id" })),
    name: Type.Optional(Type.String({ description: 'as it was then, e.g. "Nino (agent key)"' })),
  },
  { $id: "Actor" },
);

export const ProposalSchema = Type.Object(
  {
    outcome: Type.Union([Type.Literal("success"), Type.Literal("rejected")]),
    reason: Nullable(Type.String()),
    note: Nullable(Type.String()),
    by: Type.Ref(ActorSchema),
    at: DateTime,
    handlingMs: Type.Number({ description: "from the proposer's claim (or the parking) to the proposal" }),
  },
  { title: "Proposal", description: "a four-eyes proposal waiting for a second person's approval" },
);

export const ClaimSchema = Type.Object(
  {
    by: Type.Ref(ActorSchema),
    expiresAt: DateTime,
  },
  { title: "Claim" },
);

export const DecisionSchema = Type.Object(
  {
    outcome: Type.String({ description: "success, rejected or awaiting_action" }),
    reasons: Type.Array(Type.String(), { description: "the reason of every rule that fired, in rule order" }),
    ruleSetVersion: Nullable(Type.Integer()),
    decidedBy: Type.Object({
      type: Type.Union([
        Type.Literal("engine"),
        Type.Literal("user"),
        Type.Literal("key"),
        Type.Literal("sla"),
      ]),
      id: Type.Optional(Type.String({ description: "the user or key that decided, for a person" })),
      name: Type.Optional(Type.String({ description: 'as it was then, e.g. "Nino (agent key)"' })),
    }),
    decidedAt: DateTime,
    note: Type.Optional(Type.String()),
    approvedBy: Type.Optional(Type.Ref(ActorSchema, { description: "who approved a four-eyes proposal" })),
  },
  { title: "Decision" },
);

export const MediaKindSchema = Type.Union(
  MEDIA_KINDS.map((kind) => Type.Literal(kind)),
  { description: "which evidence: the selfie, the document's front or back, a proof of address, other" },
);

export const MediaEntrySchema = Type.Object(
  {
    kind: MediaKindSchema,
    contentType: Type.String({
      description: "image/jpeg, image/png, image/webp or application/pdf, by the file's bytes",
    }),
    bytes: Type.Integer(),
    sha256: Type.String({ description: "hex SHA-256 of the bytes" }),
    createdAt: DateTime,
  },
  { title: "MediaEntry" },
);

/** A session as lists show it: everything but its history. */
export const SessionSchema = Type.Object(
  {
    id: Type.String(),
    externalId: Type.String(),
    status: SessionStatusSchema,
    // Not rules' SessionDataSchema: the serializer would drop the keys it does not name inside its
    // nested objects (`liveness.vendor`), which intake keeps.
    data: Nullable(
      Type.Object(
        {},
        { additionalProperties: true, description: "the submitted data; null once liquidated" },
      ),
    ),
    createdAt: DateTime,
    liquidatedAt: Nullable(DateTime),
    decision: Nullable(DecisionSchema),
    claim: Nullable(ClaimSchema),
    proposal: Nullable(ProposalSchema),
    attempt: Type.Integer({ minimum: 1, description: "1 for a first submission, n + 1 for a resubmission" }),
    previousAttemptId: Nullable(Type.String({ description: "the attempt this one resubmits" })),
    nextAttemptId: Nullable(Type.String({ description: "the attempt that resubmitted this one" })),
    overdue: Type.Optional(
      Type.Boolean({ description: "parked longer than the SLA (awaiting-action lists)" }),
    ),
    media: Type.Array(MediaEntrySchema, {
      description: "the session's evidence (images, documents), one entry a kind; empty once liquidated",
    }),
  },
  { title: "Session" },
);

export const HistoryEntrySchema = Type.Object(
  {
    at: DateTime,
    type: Type.String({
      description:
        "submitted, decided, claimed, released, note, proposed, proposal_declined, proposal_lapsed, resolved, liquidated",
    }),
    actor: Type.Ref(ActorSchema),
    details: Type.Record(Type.String(), Type.Unknown()),
  },
  { title: "HistoryEntry" },
);

export const SessionWithHistorySchema = Type.Object(
  {
    ...SessionSchema.properties,
    history: Type.Array(HistoryEntrySchema),
  },
  { title: "SessionWithHistory" },
);
