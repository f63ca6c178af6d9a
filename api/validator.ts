import { TypeBoxValidatorCompiler } from "@fastify/type-provider-typebox";
import type { TSchema } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import type { FastifySchemaCompiler } from "fastify";

/**
 * TypeBox checks bodies exactly as submitted (no coercion) and converts query strings and params.
 * A query string gets its schema's defaults first, so that a default (a list's `limit`) lives in
 * the schema alone and the handler sees it filled in.
 */
export const validatorCompiler: FastifySchemaCompiler<TSchema> = (route) => {
  const validate = TypeBoxValidatorCompiler(route);
  if (route.httpPart !== "querystring") return validate;
  return (value) => validate(Value.Default(route.schema, value));
};
