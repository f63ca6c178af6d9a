// A NUL character, or a UTF-16 surrogate without its pair: text Postgres cannot store.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding NUL is the point
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The path of the first string (value or object key) in `value` that Postgres cannot store, or
 * undefined when all of it can be stored.
 */
export function findUnstorableText(value: unknown, path: string): string | undefined {
  if (typeof value === "string") return UNSTORABLE.test(value) ? path : undefined;
  if (value === null || typeof value !== "object") return undefined;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const found = findUnstorableText(value[index], `${path}/${index}`);
      if (found) return found;
    }
    return undefined;
  }
  for (const [key, inner] of Object.entries(value)) {
    if (UNSTORABLE.test(key)) return `${path}/${key}`;
    const found = findUnstorableText(inner, `${path}/${key}`);
    if (found) return found;
  }
  return undefined;
}
