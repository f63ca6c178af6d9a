import { type IncomingMessage, STATUS_CODES } from "node:http";
import type { FastifyError, FastifyInstance, FastifyReply } from "fastify";
import { DomainError, FileStoreUnavailableError, isStoreUnreachable } from "../engine/kernel/errors.js";

/** Fastify's own client errors, by their code, with the stable code Verdict answers. */
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: "INVALID_JSON",
  FST_ERR_CTP_EMPTY_JSON_BODY: "INVALID_JSON",
  FST_ERR_CTP_BODY_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: "INVALID_CONTENT_LENGTH",
  FST_ERR_VALIDATION: "VALIDATION_ERROR",
};

/** How long a caller is asked to wait when Verdict cannot answer now (stopping, overloaded, a store away). */
export const RETRY_AFTER_SECONDS = 5;

export function sendError(reply: FastifyReply, statusCode: number, code: string, message: string) {
  return reply
    .code(statusCode)
    .send({ statusCode, error: STATUS_CODES[statusCode] ?? "Error", code, message });
}

/** How much of a refused body is still read, and for how long, before the answer goes out anyway. */
const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;
const DRAIN_TIMEOUT_MS = 10_000;

/**
 * Reads and drops what is left of a request's body, up to a bound, before a `413` that closes the
 * connection: a client that sends all of its body before it reads (Node's `fetch`) could otherwise
 * meet the closed socket (EPIPE) instead of the answer.
 */
function drainBody(raw: IncomingMessage): Promise<void> {
  if (raw.readableEnded || raw.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let read = 0;
    const done = () => {
      clearTimeout(timer);
      raw.off("data", onData).off("end", done).off("error", done).off("close", done);
      resolve();
    };
    const onData = (chunk: Buffer) => {
      read += chunk.length;
      if (read > DRAIN_LIMIT_BYTES) done();
    };
    const timer = setTimeout(done, DRAIN_TIMEOUT_MS);
    raw.on("data", onData).on("end", done).on("error", done).on("close", done);
    raw.resume();
  });
}

/**
 * Every error answers `{ statusCode, error, code, message }`. Client errors say what is wrong;
 * a server error says only that it happened, and the log keeps the rest with the request id.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler(async (error: FastifyError | DomainError | Error, request, reply) => {
    if ((error as { statusCode?: number }).statusCode === 413) {
      reply.header("connection", "close");
      await drainBody(request.raw);
    }
    if (error instanceof DomainError) {
      if (error.retryAfterSeconds !== undefined) reply.header("retry-after", String(error.retryAfterSeconds));
      return sendError(reply, error.statusCode, error.code, error.message);
    }
    const fastifyError = error as FastifyError;
    if (fastifyError.validation) {
      return sendError(reply, 400, "VALIDATION_ERROR", fastifyError.message);
    }
    if (error instanceof SyntaxError || fastifyError.code === "FST_ERR_CTP_INVALID_JSON_BODY") {
      // JSON.parse says where it stopped; Fastify's own error only repeats that the body is not JSON
      const where = error instanceof SyntaxError ? `: ${error.message}` : "";
      return sendError(reply, 400, "INVALID_JSON", `the body is not valid JSON${where}`);
    }
    if (fastifyError.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
      const sent = request.headers["content-type"];
      return sendError(
        reply,
        415,
        "UNSUPPORTED_MEDIA_TYPE",
        `${sent ? `Content-Type ${sent} is not accepted here` : "the request has no Content-Type"}; send the body as JSON with Content-Type: application/json`,
      );
    }
    const status = fastifyError.statusCode ?? 500;
    if (fastifyError.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
      const limit = request.routeOptions.bodyLimit;
      return sendError(reply, 413, "PAYLOAD_TOO_LARGE", `the body is over the limit of ${limit} bytes`);
    }
    if (status >= 400 && status < 500) {
      const code =
        FASTIFY_CODES[fastifyError.code] ?? fastifyError.code?.replace(/^FST_ERR_/, "") ?? "BAD_REQUEST";
      return sendError(reply, status, code, error.message);
    }
    if (isStoreUnreachable(error)) {
      // the store comes back and the process with it: the caller retries, nothing is lost
      request.log.warn({ err: error }, "a store is unreachable");
      reply.header("retry-after", RETRY_AFTER_SECONDS);
      const store = error instanceof FileStoreUnavailableError ? "file store" : "store";
      return sendError(
        reply,
        503,
        "UNAVAILABLE",
        `Verdict cannot reach its ${store} right now; retry shortly`,
      );
    }
    request.log.error({ err: error }, "request failed");
    const serverStatus = status >= 500 && status < 600 ? status : 500;
    return sendError(
      reply,
      serverStatus,
      "INTERNAL",
      "something went wrong on our side; the log has the details",
    );
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 404, "NOT_FOUND", `no route ${request.method} ${request.url.split("?")[0]}`),
  );
}
