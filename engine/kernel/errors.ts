/**
 * Verdict's error taxonomy:
 * - `DomainError`: a refusal the caller can act on, with an HTTP status and a stable `code`;
 * - `UnrecoverableJobError`: a job that must not be retried (BullMQ's `UnrecoverableError`);
 * - `isRetryablePgError`: Postgres failures worth another try (serialization, deadlock, connection);
 * - `isStoreUnreachable`: Postgres, Redis or the file store cannot be reached now (the API answers 503 UNAVAILABLE).
 */
/** Verdict cannot start as configured; the message is one line that names the problem and the fix. */
export class StartupError extends Error {
  override name = "StartupError";
}

/**
 * The file store (S3 and the like) cannot be reached, or answers that it is unavailable: as with
 * Postgres or Redis away, the API answers 503 UNAVAILABLE and the caller may try again.
 */
export class FileStoreUnavailableError extends Error {
  override name = "FileStoreUnavailableError";
}

/** Redis or Postgres could not be reached at start; the message says which URL and what to do. */
export class UnreachableError extends StartupError {
  override name = "UnreachableError";
}

export class DomainError extends Error {
  override name = "DomainError";
  /** A refusal that ends by itself (a lockout) says when, as the answer's `Retry-After`. */
  retryAfterSeconds?: number;
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

/** Postgres is shutting down, restarting, or the connection broke: the store is away, not the query wrong. */
const UNREACHABLE_PG_CODES = new Set([
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now (starting up, shutting down, recovering)
]);
/** The socket could not be opened or was lost. */
const UNREACHABLE_SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
]);
/**
 * What `pg`, `pg-pool` and ioredis throw, without a code, when their store is away: a connection
 * that ended mid-query, a pool that could not connect in time, a client taken out of use by a
 * connection error, ioredis giving up on a command or refusing it while offline.
 */
const UNREACHABLE_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed|Connection is closed|Stream isn't writeable|Reached the max retries per request limit|connect ETIMEDOUT|Cannot use a pool after calling end)/;

/**
 * Whether `error` says that Postgres or Redis cannot be reached now (refused, reset, shut down,
 * restarting, a pool connect timeout, ioredis out of retries), rather than that the request was
 * wrong: the caller may try again once the store is back. Looks through `cause` and the errors of
 * an `AggregateError` (a connect to several addresses).
 */
export function isStoreUnreachable(error: unknown, depth = 0): boolean {
  if (typeof error !== "object" || error === null || depth > 3) return false;
  const { code, message, name, cause, errors } = error as {
    code?: unknown;
    message?: unknown;
    name?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  // a file-system error carries its path: the disk's trouble, not a store's
  if (typeof code === "string" && (error as { path?: unknown }).path === undefined) {
    if (UNREACHABLE_PG_CODES.has(code) || UNREACHABLE_SOCKET_CODES.has(code)) return true;
    if (/^08[0-9A-Z]{3}$/.test(code)) return true; // class 08: connection exception
  }
  if (name === "MaxRetriesPerRequestError" || error instanceof FileStoreUnavailableError) return true;
  if (typeof message === "string" && UNREACHABLE_MESSAGES.test(message)) return true;
  if (Array.isArray(errors) && errors.some((inner) => isStoreUnreachable(inner, depth + 1))) return true;
  return isStoreUnreachable(cause, depth + 1);
}

const RETRYABLE_PG_CODES = new Set([
  "40001", // serialization_failure
  "40P01", // deadlock_detected
]);

export function isRetryablePgError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (typeof code === "string" && RETRYABLE_PG_CODES.has(code)) || isStoreUnreachable(error);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A job that can never succeed; BullMQ fails it at once instead of retrying. */
export { UnrecoverableError as UnrecoverableJobError } from "bullmq";
