import { AsyncLocalStorage } from "node:async_hooks";
import { type DestinationStream, type Logger, pino } from "pino";

export type { Logger };

/**
 * Fields that every log line written within `logScope.run(fields, fn)` carries (a job's queue and
 * id, in the workers), however deep in the engine the line is written.
 */
export const logScope = new AsyncLocalStorage<Record<string, unknown>>();

/**
 * Structured JSON logs; human-readable only when writing to a terminal. `destination` (tests that
 * read what Verdict logs) takes the JSON lines instead of standard output.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, base: { service: "verdict" }, mixin: () => logScope.getStore() ?? {} };
  if (destination) return pino(options, destination);
  const pretty = process.stdout.isTTY === true;
  return pino({
    ...options,
    ...(pretty ? { transport: { target: "pino-pretty", options: { translateTime: "SYS:HH:MM:ss.l" } } } : {}),
  });
}
