/**
 * The JSONPath subset rules may use: `$` followed by `.name` and `[index]` segments, such as
 * `$.a.b[0]`. Nothing else is understood, so nothing in a rule is ever evaluated as code.
 */
export type PathSegment = string | number;

export const MAX_PATH_LENGTH = 500;
const SEGMENT = /\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d{1,9})\]/y;
const MAX_CACHED = 10_000;
const cache = new Map<string, readonly PathSegment[] | null>();

/** The segments of a path, or null when it is more than names and indexes (or over 500 characters). */
export function parsePath(path: string): readonly PathSegment[] | null {
  const cached = cache.get(path);
  if (cached !== undefined) return cached;
  const segments = parse(path);
  if (cache.size < MAX_CACHED) cache.set(path, segments);
  return segments;
}

function parse(path: string): PathSegment[] | null {
  if (!path.startsWith("$") || path.length > MAX_PATH_LENGTH) return null;
  const segments: PathSegment[] = [];
  SEGMENT.lastIndex = 1;
  while (SEGMENT.lastIndex < path.length) {
    const match = SEGMENT.exec(path);
    if (!match) return null;
    segments.push(match[1] ?? Number(match[2]));
  }
  return segments;
}

/**
 * json-rules-engine's `pathResolver`: follows own properties of objects and indexes of arrays,
 * never the prototype (`__proto__` or `constructor` is undefined unless the data has it itself).
 * Whatever cannot be followed, and an invalid path, is undefined.
 */
export function resolvePath(value: unknown, path: string): unknown {
  const segments = parsePath(path);
  if (!segments) return undefined;
  let current = value;
  for (const segment of segments) {
    current = step(current, segment);
    if (current === undefined) return undefined;
  }
  return current;
}

function step(value: unknown, segment: PathSegment): unknown {
  if (typeof segment === "number") return Array.isArray(value) ? value[segment] : undefined;
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  return Object.hasOwn(value, segment) ? (value as Record<string, unknown>)[segment] : undefined;
}
