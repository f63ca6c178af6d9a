import type { Rule } from "./types.js";

/**
 * The condition set a new company starts with, as version 1. Its first rule is the fail-safe one:
 * a session that lacks a check goes to a person, never through (a condition on a missing fact is
 * false, so without it a session with no checks would be approved).
 */
export const DEFAULT_RULES: Rule[] = [
  {
    name: "Checks missing",
    conditions: { all: [{ fact: "checksIncomplete", operator: "equal", value: true }] },
    event: {
      type: "review",
      params: {
        reason: "CHECKS_MISSING",
        message: "A check (liveness, face match, document validity or birth date) is missing",
      },
    },
  },
  {
    name: "Liveness failed",
    conditions: { all: [{ fact: "liveness", path: "$.passed", operator: "equal", value: false }] },
    event: { type: "reject", params: { reason: "LIVENESS_FAILED", message: "The liveness check failed" } },
  },
  {
    name: "Document invalid",
    conditions: { all: [{ fact: "document", path: "$.valid", operator: "equal", value: false }] },
    event: { type: "reject", params: { reason: "DOCUMENT_INVALID", message: "The document is not valid" } },
  },
  {
    name: "Document expired",
    conditions: { all: [{ fact: "documentExpired", operator: "equal", value: true }] },
    event: { type: "reject", params: { reason: "DOCUMENT_EXPIRED", message: "The document has expired" } },
  },
  {
    name: "Underage",
    conditions: { all: [{ fact: "age", operator: "lessThan", value: 18 }] },
    event: { type: "reject", params: { reason: "UNDERAGE", message: "The person is under 18" } },
  },
  {
    name: "High-risk country",
    conditions: { all: [{ fact: "highRiskCountry", operator: "equal", value: true }] },
    event: {
      type: "reject",
      params: { reason: "HIGH_RISK_COUNTRY", message: "Nationality or IP country is on the high-risk list" },
    },
  },
  {
    name: "Face match low",
    conditions: { all: [{ fact: "faceMatch", path: "$.matchLevel", operator: "lessThan", value: 4 }] },
    event: {
      type: "review",
      params: { reason: "FACE_MATCH_LOW", message: "The face match level is under 4" },
    },
  },
  {
    name: "MRZ invalid",
    conditions: { all: [{ fact: "document", path: "$.mrzValid", operator: "equal", value: false }] },
    event: {
      type: "review",
      params: { reason: "MRZ_INVALID", message: "The document's MRZ did not validate" },
    },
  },
];
