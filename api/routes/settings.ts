import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "@sinclair/typebox";
import { getSettings, updateSettings } from "../../engine/companies/settings.js";
import { SettingsSchema } from "../../engine/kernel/model.js";
import type { Context } from "../../engine/platform/context.js";
import { caller, MASTER, REVIEWERS } from "../auth.js";
import { errors } from "../schemas.js";

const SettingsViewSchema = Type.Object({
  ...SettingsSchema.properties,
  webhook: Type.Union([
    Type.Null(),
    Type.Object({
      url: Type.String(),
      enabled: Type.Boolean(),
      secret: Type.Optional(
        Type.String({
          description: "the signing secret (whsec_…), shown only in the answer that first sets a webhook",
        }),
      ),
      disabledAt: Type.Optional(Type.String({ format: "date-time" })),
      disabledReason: Type.Optional(Type.String({ description: "why Verdict switched the webhook off" })),
    }),
  ]),
});

export const settingsRoutes: FastifyPluginAsyncTypebox<{ ctx: Context }> = async (app, { ctx }) => {
  app.get(
    "/settings",
    {
      config: { access: REVIEWERS },
      schema: {
        tags: ["settings"],
        operationId: "getSettings",
        summary: "The company's settings",
        response: { 200: SettingsViewSchema, ...errors(401, 403) },
      },
    },
    async (request) => getSettings(ctx, caller(request).companyId),
  );

  app.put(
    "/settings",
    {
      config: { access: MASTER },
      schema: {
        tags: ["settings"],
        operationId: "putSettings",
        summary: "Change settings",
        description:
          "Each top-level section given replaces that section whole; sections left out stay as they are. Answers the settings now in force, once Postgres has announced the change to the API processes, which keep settings in memory (a few milliseconds; the answer waits a second at most): sessions submitted after the answer are checked against them.",
        body: Type.Partial(SettingsSchema),
        response: { 200: SettingsViewSchema, ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const { companyId, actor } = caller(request);
      return updateSettings(ctx, companyId, request.body, actor);
    },
  );
};
