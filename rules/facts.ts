import type { SessionData } from "./types.js";

export interface FactContext {
  /** When the session was submitted; `age` and `documentExpired` are measured at this instant (UTC). */
  submittedAt: Date;
  highRiskCountries: readonly string[];
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Year, month, day of a `YYYY-MM-DD` that names a real calendar day, else undefined. */
function parseDate(text: unknown): [number, number, number] | undefined {
  if (typeof text !== "string") return undefined;
  const match = DATE.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return undefined;
  return [year, month, day];
}

/** Whole years from `birthDate` to `at` (UTC); someone born on 29 February turns a year older on 1 March. */
export function ageAt(birthDate: unknown, at: Date): number | undefined {
  const birth = parseDate(birthDate);
  if (!birth) return undefined;
  const [year, month, day] = birth;
  const age =
    at.getUTCFullYear() -
    year -
    (at.getUTCMonth() + 1 < month || (at.getUTCMonth() + 1 === month && at.getUTCDate() < day) ? 1 : 0);
  return age;
}

/** Whether `expiryDate` is a day before the UTC date of `at`; a document valid through today is not expired. */
export function isExpired(expiryDate: unknown, at: Date): boolean | undefined {
  if (!parseDate(expiryDate)) return undefined;
  return (expiryDate as string) < at.toISOString().slice(0, 10);
}

function isHighRisk(data: SessionData, countries: readonly string[]): boolean {
  const risky = new Set(countries.map((country) => country.toUpperCase()));
  return [data.person?.nationality, data.ip?.country].some(
    (country) => typeof country === "string" && risky.has(country.toUpperCase()),
  );
}

/**
 * The facts a session offers its rules: every top-level key of its data, plus `age`,
 * `documentExpired` and `highRiskCountry`, which override data keys of the same name.
 */
export function deriveFacts(data: SessionData, context: FactContext): Record<string, unknown> {
  return {
    ...data,
    age: ageAt(data.person?.birthDate, context.submittedAt),
    documentExpired: isExpired(data.document?.expiryDate, context.submittedAt),
    highRiskCountry: isHighRisk(data, context.highRiskCountries),
  };
}
