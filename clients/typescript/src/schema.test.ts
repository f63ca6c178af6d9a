import openapiTS, { astToString } from "openapi-typescript";
import { expect, it } from "vitest";
import { useTestVerdict } from "../../../test/helpers.js";

const verdict = useTestVerdict({ workers: false });

const HEADER = `/**
 * Verdict's API document as TypeScript types, made by openapi-typescript.
 * Do not edit: \`npm run client:generate\` writes it again from GET /docs/json.
 */

`;

it("holds the types of the API document as Verdict serves it (npm run client:generate writes them)", async () => {
  const document = (await verdict.app.inject({ url: "/docs/json" })).json();
  const types = HEADER + astToString(await openapiTS(document));
  await expect(types).toMatchFileSnapshot("./schema.d.ts");
});
