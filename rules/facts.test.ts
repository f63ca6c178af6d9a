import { describe, expect, it } from "vitest";
import { ageAt, deriveFacts, isExpired } from "./facts.js";
import type { SessionData } from "./session-data.js";

const at = (iso: string) => new Date(iso);

describe("ageAt", () => {
  it("counts whole years, a year older on the birthday itself", () => {
    expect(ageAt("2000-06-15", at("2018-06-14T23:59:59Z"))).toBe(17);
    expect(ageAt("2000-06-15", at("2018-06-15T00:00:00Z"))).toBe(18);
    expect(ageAt("2000-06-15", at("2018-12-31T12:00:00Z"))).toBe(18);
    expect(ageAt("2000-06-15", at("2000-06-15T00:00:00Z"))).toBe(0);
  });

  it("uses the UTC date of the submission, whatever the offset it was written with", () => {
    expect(ageAt("2000-06-15", at("2018-06-15T01:00:00+02:00"))).toBe(17);
    expect(ageAt("2000-06-15", at("2018-06-14T23:30:00-01:00"))).toBe(18);
  });

  it("makes someone born on 29 February a year older on 1 March of a common year", () => {
    expect(ageAt("2000-02-29", at("2018-02-28T12:00:00Z"))).toBe(17);
    expect(ageAt("2000-02-29", at("2018-03-01T00:00:00Z"))).toBe(18);
    expect(ageAt("2000-02-29", at("2020-02-29T00:00:00Z"))).toBe(20);
    expect(ageAt("2000-02-29", at("2020-02-28T23:59:59Z"))).toBe(19);
  });

  it("gives a negative age for a birth date after the submission", () => {
    expect(ageAt("2030-01-02", at("2030-01-01T00:00:00Z"))).toBe(-1);
  });

  it("is undefined for a missing, malformed or impossible date", () => {
    const now = at("2024-01-01T00:00:00Z");
    for (const date of [undefined, null, 19900505, "", "1990-5-5", "05/05/1990", "1990-05-05T00:00:00Z"]) {
      expect(ageAt(date, now)).toBeUndefined();
    }
    for (const date of ["1990-02-29", "1900-02-29", "1990-13-01", "1990-00-10", "1990-04-31", "1990-01-00"]) {
      expect(ageAt(date, now)).toBeUndefined();
    }
    expect(ageAt("2000-02-29", now)).toBe(23);
    expect(ageAt("1990-05-05", new Date(Number.NaN))).toBeUndefined();
  });
});

describe("isExpired", () => {
  it("is false on the expiry date itself, true from the next UTC day", () => {
    expect(isExpired("2024-03-10", at("2024-03-10T23:59:59.999Z"))).toBe(false);
    expect(isExpired("2024-03-10", at("2024-03-11T00:00:00Z"))).toBe(true);
    expect(isExpired("2024-03-10", at("2024-03-09T00:00:00Z"))).toBe(false);
    expect(isExpired("2023-12-31", at("2024-01-01T00:00:00Z"))).toBe(true);
  });

  it("uses the UTC date of the submission", () => {
    expect(isExpired("2024-03-10", at("2024-03-11T00:30:00+01:00"))).toBe(false);
    expect(isExpired("2024-03-10", at("2024-03-10T23:30:00-01:00"))).toBe(true);
  });

  it("is undefined for a missing or invalid date", () => {
    for (const date of [undefined, "", "2024-02-30", "2024-3-1", 20240301, "tomorrow"]) {
      expect(isExpired(date, at("2024-01-01T00:00:00Z"))).toBeUndefined();
    }
    expect(isExpired("2024-02-29", at("2024-03-01T00:00:00Z"))).toBe(true);
  });
});

describe("deriveFacts", () => {
  const submittedAt = at("2024-05-05T10:00:00Z");
  const context = { submittedAt, highRiskCountries: ["IR", "kp"] };
  const data: SessionData = {
    documentType: "PASSPORT",
    liveness: { passed: true, score: 0.97 },
    document: { valid: true, expiryDate: "2031-04-01" },
    person: { birthDate: "1990-05-05", nationality: "GE" },
    ip: { address: "203.0.113.7", country: "GE" },
    extra: { orderTotal: 120.5 },
    custom: [1, 2],
  };

  it("offers every top-level key of the data, and the derived facts", () => {
    expect(deriveFacts(data, context)).toEqual({
      ...data,
      age: 34,
      documentExpired: false,
      highRiskCountry: false,
      checksIncomplete: true, // no face match
    });
    expect(deriveFacts({ ...data, faceMatch: { matchLevel: 5 } }, context).checksIncomplete).toBe(false);
  });

  it("lets the derived facts override data keys of the same name", () => {
    const facts = deriveFacts({ ...data, age: 99, documentExpired: "no", highRiskCountry: true }, context);
    expect(facts).toMatchObject({ age: 34, documentExpired: false, highRiskCountry: false });
  });

  it("leaves age and documentExpired undefined, and highRiskCountry false, when the data lacks them", () => {
    const facts = deriveFacts({}, context);
    expect(facts).toEqual({
      age: undefined,
      documentExpired: undefined,
      highRiskCountry: false,
      checksIncomplete: true,
    });
    const malformed: Record<string, unknown> = { person: null, document: "x", ip: 5 };
    expect(deriveFacts(malformed as SessionData, context)).toMatchObject({
      age: undefined,
      documentExpired: undefined,
      highRiskCountry: false,
    });
  });

  it("finds a high-risk nationality or IP country, ignoring case", () => {
    const risky = (person: object, ip: object) => deriveFacts({ person, ip }, context).highRiskCountry;
    expect(risky({ nationality: "ir" }, {})).toBe(true);
    expect(risky({}, { country: "KP" })).toBe(true);
    expect(risky({ nationality: "GE" }, { country: "Kp" })).toBe(true);
    expect(risky({ nationality: "GE" }, { country: "US" })).toBe(false);
    expect(risky({ nationality: 5 }, { country: null })).toBe(false);
    expect(
      deriveFacts({ person: { nationality: "IR" } }, { submittedAt, highRiskCountries: [] }),
    ).toMatchObject({
      highRiskCountry: false,
    });
  });
});
