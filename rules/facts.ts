import type { SessionData } from "./session-data.js";

export interface FactContext {
  /** When the session was submitted; `age` and `documentExpired` are measured at this instant (UTC). */
  submittedAt: Date;
  highRiskCountries: readonly string[];
}

interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

const isLeapYear = (year: number) => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);

function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

/** The calendar day a `YYYY-MM-DD` names, or undefined when it names none (such as 2023-02-29). */
function parseDate(text: unknown): CalendarDate | undefined {
  const match = typeof text === "string" ? ISO_DATE.exec(text) : null;
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

/** The UTC calendar day of an instant, or undefined for an invalid Date. */
function utcDate(at: Date): CalendarDate | undefined {
  if (Number.isNaN(at.getTime())) return undefined;
  return { year: at.getUTCFullYear(), month: at.getUTCMonth() + 1, day: at.getUTCDate() };
}

/** Negative, zero or positive as `a` is before, on or after `b`. */
const compareDates = (a: CalendarDate, b: CalendarDate) =>
  a.year - b.year || a.month - b.month || a.day - b.day;

/**
 * Whole years from `birthDate` (`YYYY-MM-DD`) to the UTC date of `at`; undefined when the birth
 * date is missing or not a real day. Someone born on 29 February is a year older on 1 March of a
 * common year. A birth date after `at` gives a negative age (which an age rule treats as under age).
 */
export function ageAt(birthDate: unknown, at: Date): number | undefined {
  const birth = parseDate(birthDate);
  const today = utcDate(at);
  if (!birth || !today) return undefined;
  const hadBirthday = compareDates({ ...today, year: birth.year }, birth) >= 0;
  return today.year - birth.year - (hadBirthday ? 0 : 1);
}

/**
 * Whether `expiryDate` (`YYYY-MM-DD`) is before the UTC date of `at`: a document valid through
 * today has not expired. Undefined when the date is missing or not a real day.
 */
export function isExpired(expiryDate: unknown, at: Date): boolean | undefined {
  const expiry = parseDate(expiryDate);
  const today = utcDate(at);
  if (!expiry || !today) return undefined;
  return compareDates(expiry, today) < 0;
}

/** Whether the person's nationality or the IP's country is on the list, ignoring case. */
export function isHighRiskCountry(data: SessionData, highRiskCountries: readonly string[]): boolean {
  const listed = new Set(highRiskCountries.map((country) => country.toUpperCase()));
  return [data.person?.nationality, data.ip?.country].some(
    (country) => typeof country === "string" && listed.has(country.toUpperCase()),
  );
}

/**
 * The facts a session offers its rules: every top-level key of its data, plus `age`,
 * `documentExpired`, `highRiskCountry` and `checksIncomplete`, which override data keys of the
 * same name.
 */
export function deriveFacts(data: SessionData, context: FactContext): Record<string, unknown> {
  // Object.assign, not spread: V8 copies a parsed object by spread about twice as slowly, and
  // the simulation of a million sessions spends its time here.
  return Object.assign({}, data, {
    age: ageAt(data.person?.birthDate, context.submittedAt),
    documentExpired: isExpired(data.document?.expiryDate, context.submittedAt),
    highRiskCountry: isHighRiskCountry(data, context.highRiskCountries),
    checksIncomplete: areChecksIncomplete(data),
  });
}

const missing = (value: unknown) => value === undefined || value === null;

/**
 * Whether any check a decision rests on is missing: liveness passed, the face match level, the
 * document's validity, the birth date (so that a session without its checks can go to a person).
 */
export function areChecksIncomplete(data: SessionData): boolean {
  return (
    missing(data.liveness?.passed) ||
    missing(data.faceMatch?.matchLevel) ||
    missing(data.document?.valid) ||
    missing(data.person?.birthDate)
  );
}
