/**
 * The JSONPath subset rules may use: `$` followed by `.name` and `[index]` segments, such as
 * `$.a.b[0]`. Nothing else is understood, so nothing in a rule is ever evaluated as code.
 */
export type PathSegment = string | number;

const SEGMENT = /\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d{1,9})\]/y;
const parsed = new Map<string, PathSegment[] | null>();
const MAX_CACHED = 10_000;

/** The segments of a path, or null when it is more than names and indexes. */
export function parsePath(path: string): PathSegment[] | null {
  const cached = parsed.get(path);
  if (cached !== undefined) return cached;
  const result = parse(path);
  if (parsed.size < MAX_CACHED) parsed.set(path, result);
  return result;
}

function parse(path: string): PathSegment[] | null {
  if (!path.startsWith("$") || path.length > 500) return null;
  const segments: PathSegment[] = [];
  SEGMENT.lastIndex = 1;
  while (SEGMENT.lastIndex < path.length) {
    const start = SEGMENT.lastIndex;
    const match = SEGMENT.exec(path);
    if (!match || match.index !== start) return null;
    segments.push(match[1] ?? Number(match[2]));
  }
  return segments;
}

/**
 * json-rules-engine's `pathResolver`: follows own properties and array indexes only (never the
 * prototype: `__proto__` or `constructor` resolve to undefined unless the data has them itself).
 */
export function resolvePath(value: unknown, path: string): unknown {
  const segments = parsePath(path);
  if (!segments) return undefined;
  let current: unknown = value;
  for (const segment of segments) {
    if (current === null || typeof current !== "object") return undefined;
    if (typeof segment === "number") {
      if (!Array.isArray(current) || segment >= current.length) return undefined;
      current = current[segment];
    } else {
      if (Array.isArray(current) || !Object.hasOwn(current, segment)) return undefined;
      current = (current as Record<string, unknown>)[segment];
    }
  }
  return current;
}
