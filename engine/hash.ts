import { createHash } from "node:crypto";

export const sha256Hex = (text: string) => createHash("sha256").update(text).digest("hex");

/** JSON with object keys sorted at every depth, so that equal data has one text and one hash. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== "object" || Array.isArray(inner)) return inner;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(inner).sort()) sorted[key] = (inner as Record<string, unknown>)[key];
    return sorted;
  });
}
