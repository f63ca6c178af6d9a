/** The reasons a person may give for rejecting a parked session, with the group each is in. */
export const REJECTION_REASONS = [
  { code: "SPAM", group: "Spam" },
  { code: "PEP", group: "Compromised person" },
  { code: "SANCTIONS", group: "Compromised person" },
  { code: "CRIMINAL_RECORD", group: "Compromised person" },
  { code: "ADVERSE_MEDIA", group: "Compromised person" },
  { code: "FAKE_DOCUMENT", group: "Suspected fraud" },
  { code: "BLACKLIST", group: "Suspected fraud" },
  { code: "SELFIE_MISMATCH", group: "Suspected fraud" },
  { code: "NAME_MISMATCH", group: "Data mismatch" },
  { code: "DOCUMENT_NUMBER_MISMATCH", group: "Data mismatch" },
  { code: "MRZ_MISMATCH", group: "Data mismatch" },
  { code: "BIRTH_DATE_MISMATCH", group: "Data mismatch" },
  { code: "OTHER", group: "Other" },
] as const;

export type RejectionReason = (typeof REJECTION_REASONS)[number]["code"];
export const REJECTION_REASON_CODES: readonly RejectionReason[] = REJECTION_REASONS.map(
  (reason) => reason.code,
);

/** The reason the SLA gives when it rejects a session parked too long. */
export const SLA_EXPIRED = "SLA_EXPIRED";
