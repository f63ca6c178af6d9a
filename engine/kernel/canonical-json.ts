import { createHash } from "node:crypto";

export const sha256Hex = (text: string) => createHash("sha256").update(text).digest("hex");

/**
 * JSON with object keys sorted at every depth, so that equal data has one text and one hash.
 * For parsed JSON it writes exactly what `JSON.stringify` with a key-sorting replacer writes
 * (stored hashes depend on that), in about half the time: keys already in order are not sorted,
 * and quoted keys are remembered.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) {
    // an array of plain values has one text already, and JSON.stringify writes it natively: a
    // session's 1,000-item arrays in microseconds, not the milliseconds of one call an item
    if (value.every(isPlain)) return JSON.stringify(value);
    let text = "[";
    for (let i = 0; i < value.length; i++) text += (i ? "," : "") + canonicalJson(value[i]);
    return `${text}]`;
  }
  const object = value as Record<string, unknown>;
  let text = "{";
  for (const key of sortedKeys(object)) {
    const inner = object[key];
    if (inner === undefined || typeof inner === "function" || typeof inner === "symbol") continue;
    text += `${text.length > 1 ? "," : ""}${quote(key)}:${canonicalJson(inner)}`;
  }
  return `${text}}`;
}

const isPlain = (value: unknown) => value === null || typeof value !== "object";

/**
 * The keys in the order an object built by inserting them sorted lists them: JavaScript puts
 * array-index keys first, ascending, whatever the insertion order (and `Object.keys` already
 * answers them so), then the others as inserted.
 */
function sortedKeys(object: object): string[] {
  const keys = Object.keys(object);
  let inOrder = true;
  for (let i = 1; i < keys.length && inOrder; i++) inOrder = keys[i - 1]! < keys[i]!;
  if (inOrder) return keys;
  let indexes = 0;
  while (indexes < keys.length && isArrayIndex(keys[indexes]!)) indexes++;
  return indexes === 0 ? keys.sort() : keys.slice(0, indexes).concat(keys.slice(indexes).sort());
}

const isArrayIndex = (key: string) => /^(?:0|[1-9]\d{0,9})$/.test(key) && Number(key) < 2 ** 32 - 1;

/** Sessions use few key names, over and over; at most this many are remembered. */
const QUOTED_KEYS_MAX = 10_000;
const quotedKeys = new Map<string, string>();

function quote(key: string): string {
  let quoted = quotedKeys.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (quotedKeys.size < QUOTED_KEYS_MAX) quotedKeys.set(key, quoted);
  }
  return quoted;
}
