import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * A real HTTP endpoint on loopback for webhook tests. `respond` decides each answer: a status
 * code, or "hang" to never answer; `answerAfterMs` makes it a slow endpoint. `maxInFlight` says
 * how many requests it held at once at most.
 */
export async function startReceiver(
  respond: (request: Received, index: number) => number | "hang" = () => 200,
  options: { answerAfterMs?: number } = {},
) {
  const received: Received[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const hanging = new Set<() => void>();
  const server: Server = createServer((request, response) => {
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    response.on("close", () => inFlight--);
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => {
      body += chunk;
    });
    request.on("end", () => {
      const entry = { headers: request.headers, body };
      received.push(entry);
      const answer = respond(entry, received.length - 1);
      if (answer === "hang") {
        hanging.add(() => response.destroy());
        return;
      }
      const answerNow = () =>
        response.writeHead(answer, { "content-type": "text/plain" }).end(answer < 300 ? "ok" : "nope");
      if (options.answerAfterMs) setTimeout(answerNow, options.answerAfterMs);
      else answerNow();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    maxInFlight: () => maxInFlight,
    async close() {
      for (const end of hanging) end();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
