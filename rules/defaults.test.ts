import { describe, expect, it } from "vitest";
import { DEFAULT_RULES } from "./defaults.js";
import { createEvaluator, decideOutcome } from "./evaluate.js";
import { deriveFacts } from "./facts.js";
import type { SessionData } from "./session-data.js";
import { validateRules } from "./validate.js";

/** The contract's example session. */
const example: SessionData = {
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
};

const evaluator = createEvaluator(DEFAULT_RULES);
const context = { submittedAt: new Date("2026-01-15T12:00:00Z"), highRiskCountries: ["IR", "KP"] };
const reasonsFor = async (data: SessionData) =>
  (await evaluator.evaluate(deriveFacts(data, context))).reasons;

describe("DEFAULT_RULES", () => {
  it("pass validation, each with a name and a message", () => {
    expect(validateRules(DEFAULT_RULES).ok).toBe(true);
    for (const rule of DEFAULT_RULES) {
      expect(rule.name).toBeTruthy();
      expect(rule.event.params.message).toBeTruthy();
    }
  });

  it("are the contract's reasons, in its order", () => {
    expect(DEFAULT_RULES.map((rule) => [rule.event.params.reason, rule.event.type])).toEqual([
      ["CHECKS_MISSING", "review"],
      ["LIVENESS_FAILED", "reject"],
      ["DOCUMENT_INVALID", "reject"],
      ["DOCUMENT_EXPIRED", "reject"],
      ["UNDERAGE", "reject"],
      ["HIGH_RISK_COUNTRY", "reject"],
      ["FACE_MATCH_LOW", "review"],
      ["MRZ_INVALID", "review"],
    ]);
  });

  it("let the contract's example session through", async () => {
    const fired = await evaluator.evaluate(deriveFacts(example, context));
    expect(fired.reasons).toEqual([]);
    expect(decideOutcome(fired, { awaitingActionEnabled: true })).toBe("success");
  });

  it("each fire on the session they describe", async () => {
    expect(await reasonsFor({ ...example, liveness: { passed: false } })).toEqual(["LIVENESS_FAILED"]);
    const document = example.document!;
    const person = example.person!;
    expect(await reasonsFor({ ...example, document: { ...document, valid: false } })).toEqual([
      "DOCUMENT_INVALID",
    ]);
    expect(await reasonsFor({ ...example, document: { ...document, expiryDate: "2026-01-14" } })).toEqual([
      "DOCUMENT_EXPIRED",
    ]);
    expect(await reasonsFor({ ...example, person: { ...person, birthDate: "2008-01-16" } })).toEqual([
      "UNDERAGE",
    ]);
    expect(await reasonsFor({ ...example, person: { ...person, birthDate: "2008-01-15" } })).toEqual([]);
    expect(await reasonsFor({ ...example, ip: { country: "ir" } })).toEqual(["HIGH_RISK_COUNTRY"]);
    expect(await reasonsFor({ ...example, faceMatch: { matchLevel: 3 } })).toEqual(["FACE_MATCH_LOW"]);
    expect(await reasonsFor({ ...example, document: { ...document, mrzValid: false } })).toEqual([
      "MRZ_INVALID",
    ]);
    for (const lacking of [
      { ...example, liveness: {} },
      { ...example, faceMatch: undefined },
      { ...example, document: { ...document, valid: undefined } },
      { ...example, person: { ...person, birthDate: undefined } },
    ]) {
      expect(await reasonsFor(lacking)).toEqual(["CHECKS_MISSING"]);
    }
  });

  it("list every reason in set order, and send a session with no data to a person", async () => {
    const everything: SessionData = {
      liveness: { passed: false },
      document: { valid: false, mrzValid: false, expiryDate: "2020-01-01" },
      person: { nationality: "KP" }, // no birth date: CHECKS_MISSING
      faceMatch: { matchLevel: 1 },
    };
    const underage: SessionData = { ...everything, person: { birthDate: "2015-01-01", nationality: "KP" } };
    expect(await reasonsFor(everything)).toEqual(
      DEFAULT_RULES.map((rule) => rule.event.params.reason).filter((reason) => reason !== "UNDERAGE"),
    );
    expect((await reasonsFor(underage)).slice(0, 1)).toEqual(["LIVENESS_FAILED"]);
    const none = await evaluator.evaluate(deriveFacts({}, context));
    expect(none.reasons).toEqual(["CHECKS_MISSING"]);
    expect(decideOutcome(none, { awaitingActionEnabled: true })).toBe("awaiting_action");
  });
});
