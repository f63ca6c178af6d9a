import { type Logger, pino } from "pino";

export type { Logger };

/** Structured JSON logs; human-readable only when writing to a terminal. */
export function createLogger(level: string): Logger {
  const pretty = process.stdout.isTTY === true;
  return pino({
    level,
    base: { service: "verdict" },
    ...(pretty ? { transport: { target: "pino-pretty", options: { translateTime: "SYS:HH:MM:ss.l" } } } : {}),
  });
}
