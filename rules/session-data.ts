import { type Static, Type } from "@sinclair/typebox";

const CountryCode = Type.String({ pattern: "^[A-Z]{2}$", description: "ISO 3166-1 alpha-2, upper case" });
const Text = (maxLength: number) => Type.String({ maxLength });

/**
 * A session's data as the integrator submits it and the rules see it; every part optional,
 * other top-level keys allowed. The `date` format is registered by whoever validates with it.
 */
export const SessionDataSchema = Type.Object(
  {
    documentType: Type.Optional(Text(64)),
    liveness: Type.Optional(
      Type.Object({ passed: Type.Optional(Type.Boolean()), score: Type.Optional(Type.Number()) }),
    ),
    faceMatch: Type.Optional(
      Type.Object({ matchLevel: Type.Optional(Type.Number()), confidence: Type.Optional(Type.Number()) }),
    ),
    document: Type.Optional(
      Type.Object({
        valid: Type.Optional(Type.Boolean()),
        mrzValid: Type.Optional(Type.Boolean()),
        expiryDate: Type.Optional(Type.String({ format: "date" })),
      }),
    ),
    person: Type.Optional(
      Type.Object({
        firstName: Type.Optional(Text(200)),
        lastName: Type.Optional(Text(200)),
        birthDate: Type.Optional(Type.String({ format: "date" })),
        nationality: Type.Optional(CountryCode),
        documentNumber: Type.Optional(Text(100)),
        personalNumber: Type.Optional(Text(100)),
      }),
    ),
    ip: Type.Optional(Type.Object({ address: Type.Optional(Text(64)), country: Type.Optional(CountryCode) })),
    extra: Type.Optional(
      Type.Record(
        Type.String({ maxLength: 64 }),
        Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]),
      ),
    ),
  },
  { additionalProperties: true },
);
/** The schema's type, with the other top-level keys it allows. */
export type SessionData = Static<typeof SessionDataSchema> & { [key: string]: unknown };
