import type { TSchema } from "@sinclair/typebox";
import { TypeCompiler } from "@sinclair/typebox/compiler";
import { Value, type ValueError, ValueErrorType } from "@sinclair/typebox/value";
import type { FastifySchemaCompiler, FastifySchemaValidationError } from "fastify";

/**
 * TypeBox checks bodies exactly as submitted (no coercion) and converts query strings and params.
 * A body that is a file's bytes (`BinaryBody` in api/schemas.ts) is not validated here: the
 * handler reads it as a stream. A query string gets its schema's defaults first, so that a default (a list's `limit`) lives in
 * the schema alone and the handler sees it filled in. Each field at fault is named once, a union
 * or enum with the values it allows.
 */
export const validatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  // a file's bytes (`BinaryBody`), passed on as a stream: the handler checks them as they arrive
  if (httpPart === "body" && schema.format === "binary") return (value) => ({ value });
  const check = TypeCompiler.Compile(schema);
  return (input) => {
    const withDefaults = httpPart === "querystring" ? Value.Default(schema, input) : input;
    const value = httpPart === "body" ? withDefaults : Value.Convert(schema, withDefaults);
    if (check.Check(value)) return { value };
    const seen = new Set<string>();
    const error: FastifySchemaValidationError[] = [];
    for (const fault of check.Errors(value)) {
      if (seen.has(fault.path)) continue; // the first fault of a field says what it must be
      seen.add(fault.path);
      error.push({
        message: describeFault(fault),
        instancePath: fault.path,
        keyword: ValueErrorType[fault.type],
        schemaPath: "",
        params: {},
      });
    }
    return { error };
  };
};

/** What a value may be, as a person reads it: `"a"`, `a string`, `null`. */
function allowed(schema: TSchema): string[] {
  if ("const" in schema) return [JSON.stringify(schema.const)];
  if (Array.isArray(schema.enum)) return schema.enum.map((item: unknown) => JSON.stringify(item));
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as TSchema[]).flatMap(allowed);
  if (schema.type === "null") return ["null"];
  if (typeof schema.type === "string") return [withArticle(schema.type)];
  return [];
}

const withArticle = (noun: string) => `${/^[aeiou]/.test(noun) ? "an" : "a"} ${noun}`;

export function describeFault(fault: ValueError): string {
  if (fault.type === ValueErrorType.Union || Array.isArray(fault.schema.enum)) {
    const values = allowed(fault.schema);
    if (values.length > 0) {
      const got = fault.value === undefined ? "" : ` (got ${JSON.stringify(fault.value)?.slice(0, 60)})`;
      return `must be one of ${values.join(", ")}${got}`;
    }
  }
  if (fault.type === ValueErrorType.ObjectRequiredProperty) return "is required";
  if (fault.type === ValueErrorType.ObjectAdditionalProperties) return "is not a known field";
  const expected = /^Expected (string|number|integer|boolean|object|array|null)$/.exec(fault.message);
  if (expected?.[1]) return `must be ${withArticle(expected[1])}`;
  return fault.message.replace(/^Expected /, "must be ");
}
