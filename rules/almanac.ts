import { Almanac } from "json-rules-engine";
import { resolvePath } from "./path.js";

/**
 * The almanac of one run: facts the session lacks are undefined, and every path goes through
 * `resolvePath`. json-rules-engine hands a path to its `pathResolver` only when the fact is an
 * object, and otherwise answers the fact itself, so that `liveness: false` would read as `false`
 * at `$.passed`; here it is undefined, since the session has no `liveness.passed`.
 */
export class SessionAlmanac extends Almanac {
  constructor() {
    super({ allowUndefinedFacts: true, pathResolver: resolvePath });
  }

  override factValue<T>(factId: string, params?: Record<string, unknown>, path?: string): Promise<T> {
    const value = super.factValue<unknown>(factId, params);
    if (!path) return value as Promise<T>;
    return value.then((fact) => resolvePath(fact, path) as T);
  }
}
