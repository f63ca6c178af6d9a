/**
 * The routes of users and sign-in, typed by hand from the contract until the generated
 * `schema.d.ts` holds them; then this module goes and `client.ts` uses `paths` alone.
 */
import type { components } from "../../../clients/typescript/src/schema";

type ErrorBody = components["schemas"]["Error"];
type Json<T> = { headers: { [name: string]: unknown }; content: { "application/json": T } };
type NoContent = { headers: { [name: string]: unknown }; content?: never };
type Errors = {
  400: Json<ErrorBody>;
  401: Json<ErrorBody>;
  403: Json<ErrorBody>;
  404: Json<ErrorBody>;
  409: Json<ErrorBody>;
  429: Json<ErrorBody>;
};
type NoParameters = { query?: never; header?: never; path?: never; cookie?: never };
type WithBody<Body, Responses> = {
  parameters: NoParameters;
  requestBody: { content: { "application/json": Body } };
  responses: Responses & Partial<Errors>;
};
type WithoutBody<Responses> = {
  parameters: NoParameters;
  requestBody?: never;
  responses: Responses & Partial<Errors>;
};
type NoMethods = {
  get?: never;
  put?: never;
  post?: never;
  delete?: never;
  options?: never;
  head?: never;
  patch?: never;
  trace?: never;
};
type Route<Methods extends Partial<Record<keyof NoMethods, unknown>>> = { parameters: NoParameters } & Omit<
  NoMethods,
  keyof Methods
> &
  Methods;

export type Role = "agent" | "master";

export interface Me {
  type: "user" | "key" | "operator";
  id: string;
  name: string;
  role: "integrator" | "agent" | "master" | "operator";
  companyId: string | null;
  csrfToken?: string;
}

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  twoFactor: boolean;
  createdAt: string;
}

export interface SignInPaths {
  "/v1/auth/sign-in": Route<{
    post: WithBody<
      { email: string; password: string; code?: string },
      { 200: Json<{ user: User; csrfToken: string }> }
    >;
  }>;
  "/v1/auth/sign-out": Route<{ post: WithoutBody<{ 204: NoContent }> }>;
  "/v1/me": Route<{ get: WithoutBody<{ 200: Json<Me> }> }>;
  "/v1/me/two-factor": Route<{ post: WithoutBody<{ 200: Json<{ secret: string; otpauthUrl: string }> }> }>;
  "/v1/me/two-factor/confirm": Route<{ post: WithBody<{ code: string }, { 200: Json<unknown> }> }>;
  "/v1/users": Route<{
    get: WithoutBody<{ 200: Json<{ items: User[] }> }>;
    post: WithBody<{ email: string; name: string; role: Role; password: string }, { 201: Json<User> }>;
  }>;
  "/v1/users/{id}": {
    parameters: { query?: never; header?: never; path: { id: string }; cookie?: never };
    get?: never;
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    trace?: never;
    patch: {
      parameters: { query?: never; header?: never; path: { id: string }; cookie?: never };
      requestBody: { content: { "application/json": { role?: Role; active?: boolean } } };
      responses: { 200: Json<User> } & Partial<Errors>;
    };
  };
}
