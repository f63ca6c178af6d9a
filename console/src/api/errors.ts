/** An error answer of Verdict's API, `{ statusCode, error, code, message }`, as the console shows it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

interface ErrorBody {
  code?: unknown;
  message?: unknown;
}

/** Makes an ApiError of whatever an answer carried: the contract's error shape, or a status alone. */
export function toApiError(status: number, body: unknown): ApiError {
  const { code, message } = (typeof body === "object" && body !== null ? body : {}) as ErrorBody;
  return new ApiError(
    status,
    typeof code === "string" ? code : `HTTP_${status}`,
    typeof message === "string" && message !== "" ? message : `Verdict answered ${status}.`,
  );
}

/** The words to show for any error a call or a page met. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof TypeError) return "Verdict could not be reached. Check the connection and try again.";
  return error instanceof Error ? error.message : String(error);
}

export const isApiError = (error: unknown, code: string): error is ApiError =>
  error instanceof ApiError && error.code === code;
