// A NUL character, or a UTF-16 surrogate without its pair: text Postgres cannot store.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding NUL is the point
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
// Any NUL or surrogate at all: a quick scan that spares almost all text the exact one above.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding NUL is the point
const SUSPECT = /[\u0000\ud800-\udfff]/;

const unstorable = (text: string) => SUSPECT.test(text) && UNSTORABLE.test(text);

/**
 * The path of the first string (value or object key) in `value` that Postgres cannot store, or
 * undefined when all of it can be stored.
 */
export function findUnstorableText(value: unknown, path: string): string | undefined {
  const found = locate(value);
  return found && [path, ...found.reverse()].join("/");
}

/** The keys and indexes to the first unstorable string, innermost first. */
function locate(value: unknown): string[] | undefined {
  if (typeof value === "string") return unstorable(value) ? [] : undefined;
  if (value === null || typeof value !== "object") return undefined;
  // parsed JSON is plain, and so is a parsed querystring (Fastify's parser makes it of a class whose
  // prototype has none); a body passed on as a stream (an upload) holds no text to check
  const prototype = Object.getPrototypeOf(value);
  const plain =
    prototype === Object.prototype || prototype === null || Object.getPrototypeOf(prototype) === null;
  if (!plain && !Array.isArray(value)) return undefined;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const found = locate(value[index]);
      if (found) return [...found, String(index)];
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (unstorable(key)) return [key];
    const found = locate((value as Record<string, unknown>)[key]);
    if (found) return [...found, key];
  }
  return undefined;
}
