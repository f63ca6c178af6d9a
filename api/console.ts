import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";

/** Where `npm run console:build` (run by `npm install`) writes the console. */
export const CONSOLE_DIST = fileURLToPath(new URL("../console/dist/", import.meta.url));

/**
 * The reviewer console at `/console/`: its built files, and its `index.html` for every other path
 * under it, so that each page's URL can be bookmarked and reloaded. The console talks to `/v1`
 * like any client. Its CSP (scripts, styles and images of its own origin only) is set with the
 * other browser pages' in `operations.ts`.
 */
export async function consolePlugin(app: FastifyInstance): Promise<void> {
  app.get("/console", { schema: { hide: true } }, (_request, reply) => reply.redirect("/console/", 301));
  if (!existsSync(CONSOLE_DIST)) {
    app.get("/console/*", { schema: { hide: true } }, (_request, reply) =>
      reply
        .code(503)
        .type("text/plain; charset=utf-8")
        .send("The console is not built: run `npm run console:build` (npm install runs it), then reload."),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root: CONSOLE_DIST,
    prefix: "/console/",
    wildcard: false, // index.html answers the paths that are not files
    index: ["index.html"],
    schemaHide: true,
    // hashed assets never change; index.html is asked again each time, so a new build shows at once
    setHeaders: (response, path) =>
      response.header(
        "cache-control",
        path.includes("/assets/") ? "public, max-age=31536000, immutable" : "no-cache",
      ),
  });
  app.get("/console/*", { schema: { hide: true } }, (request, reply) => {
    // a missing script or style is a 404, not the page in its place
    if (request.url.startsWith("/console/assets/")) return reply.callNotFound();
    return reply.header("cache-control", "no-cache").sendFile("index.html");
  });
}
