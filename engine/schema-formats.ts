import { FormatRegistry } from "@sinclair/typebox";

/** `YYYY-MM-DD` naming a real calendar day. */
export function isDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

function isUri(value: string): boolean {
  return URL.canParse(value);
}

function isDateTime(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value));
}

// TypeBox's own checker knows no formats until they are registered; Fastify's Ajv has its own.
FormatRegistry.Set("date", isDate);
FormatRegistry.Set("uri", isUri);
FormatRegistry.Set("date-time", isDateTime);
