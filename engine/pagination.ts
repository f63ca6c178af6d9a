import { badRequest } from "./errors.js";

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

/** An opaque cursor: the position of the last item of a page, as base64url JSON. */
export function encodeCursor(position: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(position)).toString("base64url");
}

export function decodeCursor(
  cursor: string,
  isValid: (position: Record<string, unknown>) => boolean,
): Record<string, unknown> {
  try {
    const position: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (position !== null && typeof position === "object" && isValid(position as Record<string, unknown>)) {
      return position as Record<string, unknown>;
    }
  } catch {
    // refused below
  }
  throw badRequest("INVALID_CURSOR", "cursor is not one this list gave out");
}
