import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { LookupFunction } from "node:net";
import { parseWebhookUrl, resolvePublic } from "./ssrf.js";

export interface PostResult {
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

const MAX_ERROR_BODY = 500;

/**
 * POSTs a JSON body to a webhook URL: connects only to addresses that passed the SSRF check,
 * follows no redirect, and gives up after `timeoutMs` for the whole exchange.
 */
export async function postWebhook(
  urlText: string,
  body: string,
  headers: Record<string, string>,
  options: { timeoutMs: number; allowPrivate: boolean },
): Promise<PostResult> {
  const started = performance.now();
  const done = (statusCode: number | null, error: string | null): PostResult => ({
    statusCode,
    error,
    durationMs: Math.round(performance.now() - started),
  });
  let url: URL;
  let addresses: { address: string; family: number }[];
  try {
    url = parseWebhookUrl(urlText);
    addresses = await resolvePublic(url.hostname, options);
  } catch (error) {
    return done(null, `refused: ${(error as Error).message}`);
  }
  const first = addresses[0]!;
  const pinned: LookupFunction = (_hostname, lookupOptions, callback) => {
    if (lookupOptions.all) callback(null, addresses);
    else callback(null, first.address, first.family);
  };
  return new Promise<PostResult>((resolve) => {
    const request = (url.protocol === "https:" ? httpsRequest : httpRequest)(
      url,
      {
        method: "POST",
        headers: { ...headers, "content-type": "application/json", "user-agent": "Verdict-Webhooks/1" },
        lookup: pinned,
        signal: AbortSignal.timeout(options.timeoutMs),
      },
      (response) => {
        const status = response.statusCode ?? 0;
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
          if (text.length < MAX_ERROR_BODY) text += chunk;
        });
        response.on("end", () => {
          const ok = status >= 200 && status < 300;
          resolve(
            done(status, ok ? null : `HTTP ${status}${text ? `: ${text.slice(0, MAX_ERROR_BODY)}` : ""}`),
          );
        });
        response.on("error", (error) => resolve(done(status, error.message)));
      },
    );
    request.on("error", (error) => {
      const timedOut = error.name === "AbortError" || error.name === "TimeoutError";
      resolve(done(null, timedOut ? `no answer within ${options.timeoutMs} ms` : error.message));
    });
    request.end(body);
  });
}
