/**
 * Verdict's error taxonomy:
 * - `DomainError`: a refusal the caller can act on, with an HTTP status and a stable `code`;
 * - `UnrecoverableJobError`: a job that must not be retried (BullMQ's `UnrecoverableError`);
 * - `isRetryablePgError`: Postgres failures worth another try (serialization, deadlock, connection).
 */
export class DomainError extends Error {
  override name = "DomainError";
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const badRequest = (code: string, message: string, details?: unknown) =>
  new DomainError(400, code, message, details);
export const notFound = (what: string) => new DomainError(404, "NOT_FOUND", `${what} not found`);
export const conflict = (code: string, message: string) => new DomainError(409, code, message);
export const unauthorized = (message = "a valid bearer token is required") =>
  new DomainError(401, "UNAUTHORIZED", message);
export const forbidden = (message: string) => new DomainError(403, "FORBIDDEN", message);

const RETRYABLE_PG_CODES = new Set([
  "40001", // serialization_failure
  "40P01", // deadlock_detected
  "57P01", // admin_shutdown
  "08000",
  "08003",
  "08006", // connection failures
]);

export function isRetryablePgError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && RETRYABLE_PG_CODES.has(code);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A job that can never succeed; BullMQ fails it at once instead of retrying. */
export { UnrecoverableError as UnrecoverableJobError } from "bullmq";
