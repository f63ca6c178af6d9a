import { FormatRegistry } from "@sinclair/typebox";

/** `YYYY-MM-DD` naming a real calendar day. */
export function isDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const year = Number(value.slice(0, 4));
  const month = Number(value.slice(5, 7));
  const day = Number(value.slice(8, 10));
  return month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month);
}

function daysIn(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function isUri(value: string): boolean {
  return URL.canParse(value);
}

function isDateTime(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value));
}

/** An address with one `@`, something before it and a dotted domain after it, no spaces. */
function isEmail(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
}

// TypeBox's own checker knows no formats until they are registered; Fastify's Ajv has its own.
FormatRegistry.Set("date", isDate);
FormatRegistry.Set("uri", isUri);
FormatRegistry.Set("date-time", isDateTime);
FormatRegistry.Set("email", isEmail);
