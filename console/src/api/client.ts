import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "../../../clients/typescript/src/schema";
import { toApiError } from "./errors";

export type { components, paths };
/** Who is calling (`GET /v1/me`). */
export type Me = paths["/v1/me"]["get"]["responses"][200]["content"]["application/json"];
export type User = components["schemas"]["User"];
export type Role = User["role"];

const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * The sign-in's CSRF token: every write carried by the session cookie sends it back in
 * `x-csrf-token`. Set from the sign-in's answer and from `GET /v1/me` (so a reloaded page can write).
 */
let csrfToken: string | undefined;
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

const csrf: Middleware = {
  onRequest({ request }) {
    if (csrfToken && WRITES.has(request.method)) request.headers.set("x-csrf-token", csrfToken);
    return request;
  },
};

/** The console's one typed client of Verdict's API: same origin, the session cookie, typed by the API document. */
export const api = createClient<paths>({ baseUrl: "", credentials: "same-origin" });
api.use(csrf);

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The data of an answer, or its error thrown as an ApiError (what queries and mutations expect). */
export async function unwrap<T>(call: Promise<Answer<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw toApiError(response.status, error);
  return data as T;
}

/** The data and the status of an answer (a resolve's 200 and 202 mean different things), or its error thrown. */
export async function unwrapWithStatus<T>(call: Promise<Answer<T>>): Promise<{ data: T; status: number }> {
  const { data, error, response } = await call;
  if (!response.ok) throw toApiError(response.status, error);
  return { data: data as T, status: response.status };
}
