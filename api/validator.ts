import { TypeBoxValidatorCompiler } from "@fastify/type-provider-typebox";
import type { TSchema } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import type { FastifySchemaCompiler } from "fastify";

/**
 * TypeBox checks bodies exactly as submitted (no coercion) and converts query strings and params.
 * A body that is a file's bytes (`BinaryBody` in api/schemas.ts) is not validated here: the
 * handler reads it as a stream. A query string gets its schema's defaults first, so that a default (a list's `limit`) lives in
 * the schema alone and the handler sees it filled in.
 */
export const validatorCompiler: FastifySchemaCompiler<TSchema> = (route) => {
  // a file's bytes (`BinaryBody`), passed on as a stream: the handler checks them as they arrive
  if (route.httpPart === "body" && route.schema.format === "binary") return (value) => ({ value });
  const validate = TypeBoxValidatorCompiler(route);
  if (route.httpPart !== "querystring") return validate;
  return (value) => validate(Value.Default(route.schema, value));
};
