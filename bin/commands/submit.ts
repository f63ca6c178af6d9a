import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { CommandError, errorText, VerdictClient } from "./client.js";
import { Progress } from "./progress.js";

/** Sessions one `POST /v1/sessions/batch` carries: the API's maximum. */
export const BATCH_SIZE = 1000;
const MAX_ATTEMPTS = 8;
const STATUSES = ["pending", "success", "rejected", "awaiting_action"] as const;

/** One line of the input: a session to send, or a problem found before sending it. */
export interface Entry {
  line: number;
  session?: unknown;
  problem?: { code: string; message: string };
  /** Its share of the progress bar's total (bytes of a file, 1 for a generated session). */
  units: number;
}

export interface SubmitOptions {
  url: string;
  key: string;
  /** Batches in flight at once (default 4). */
  concurrency?: number;
  /** Wait for the decisions and count them (default true). */
  wait?: boolean;
  waitSeconds?: number;
  /** Where the progress bar goes (default stderr); a bar on a terminal, else a line every 5 s. */
  progress?: NodeJS.WriteStream;
}

export interface SubmitSummary {
  sessions: number;
  accepted: number;
  /** Lines the server refused (or that were not a session), by error code. */
  refused: Record<string, number>;
  /** The first few refusals, naming their line. */
  examples: string[];
  seconds: number;
  /** When the accepted sessions were submitted (first submission, for those already there). */
  window?: { from: Date; to: Date };
  /** The company's sessions submitted within `window`, by status now. */
  decisions?: Record<(typeof STATUSES)[number], number>;
}

/** Reads a JSONL file of `{ externalId, data }` lines as it streams: any size fits. */
export async function* readJsonl(file: string): AsyncGenerator<Entry> {
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  for await (const text of lines) {
    line += 1;
    const units = Buffer.byteLength(text) + 1;
    if (text.trim() === "") {
      yield { line, units };
      continue;
    }
    try {
      yield { line, session: JSON.parse(text), units };
    } catch (error) {
      yield { line, units, problem: { code: "INVALID_JSON", message: (error as Error).message } };
    }
  }
}

/** `verdict submit FILE`: streams the file to the API in batches, then summarises the outcomes. */
export async function submitFile(file: string, options: SubmitOptions): Promise<SubmitSummary> {
  const size = await stat(file).then(
    (info) => info.size,
    () => {
      throw new CommandError(`cannot read ${file}`);
    },
  );
  return submitEntries(readJsonl(file), size, options);
}

/**
 * Sends the entries in batches of 1000, a few batches at once, retrying what the server or the
 * network refuses for now (429, 5xx, timeouts: re-sending is safe, as submitting is idempotent)
 * and splitting a batch that the server refuses whole (400, 413) to find the entry at fault.
 */
export async function submitEntries(
  entries: AsyncIterable<Entry>,
  totalUnits: number,
  options: SubmitOptions,
): Promise<SubmitSummary> {
  const client = new VerdictClient(options.url, options.key);
  await client.request("GET", "/healthz"); // fails at once, naming the URL, when nothing answers there
  const concurrency = options.concurrency ?? 4;
  const progress = new Progress(options.progress ?? process.stderr, totalUnits);
  const started = Date.now();
  const summary: SubmitSummary = { sessions: 0, accepted: 0, refused: {}, examples: [], seconds: 0 };
  let unitsDone = 0;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;

  const refuse = (line: number, code: string, message: string) => {
    summary.refused[code] = (summary.refused[code] ?? 0) + 1;
    if (summary.examples.length < 10) summary.examples.push(`line ${line}: ${code}: ${message}`);
  };

  let failure: unknown;
  const inFlight = new Set<Promise<void>>();
  const send = (batch: { line: number; session: unknown }[], units: number) => {
    const sending: Promise<void> = postBatch(client, batch)
      .then((result) => {
        for (const { id } of result.accepted) {
          summary.accepted += 1;
          const at = uuidv7Time(id);
          if (at !== undefined) {
            first = Math.min(first, at);
            last = Math.max(last, at);
          }
        }
        for (const { line, code, message } of result.refused) refuse(line, code, message);
        unitsDone += units;
        progress.update(unitsDone, summary.accepted);
      })
      .catch((error: unknown) => {
        failure ??= error;
      })
      .finally(() => inFlight.delete(sending));
    inFlight.add(sending);
  };

  let batch: { line: number; session: unknown }[] = [];
  let batchUnits = 0;
  for await (const entry of entries) {
    batchUnits += entry.units;
    if (entry.problem) {
      summary.sessions += 1;
      refuse(entry.line, entry.problem.code, entry.problem.message);
    } else if (entry.session !== undefined) {
      summary.sessions += 1;
      batch.push({ line: entry.line, session: entry.session });
    }
    if (batch.length === BATCH_SIZE) {
      send(batch, batchUnits);
      batch = [];
      batchUnits = 0;
      while (inFlight.size >= concurrency) await Promise.race(inFlight);
    }
    if (failure) break;
  }
  if (batch.length > 0 && !failure) send(batch, batchUnits);
  await Promise.all(inFlight);
  if (failure) throw failure;
  progress.finish(totalUnits, summary.accepted);
  summary.seconds = (Date.now() - started) / 1000;

  if (summary.accepted > 0 && Number.isFinite(first)) {
    // Rows are stamped by the database a moment after their id: leave a margin on both sides.
    summary.window = { from: new Date(first - 2000), to: new Date(last + 2000) };
    if (options.wait !== false) {
      (options.progress ?? process.stderr).write("waiting for the decisions…\n");
      summary.decisions = await countDecisions(client, summary.window, options.waitSeconds ?? 300);
    }
  }
  return summary;
}

interface BatchResult {
  accepted: { line: number; id: string }[];
  refused: { line: number; code: string; message: string }[];
}

async function postBatch(
  client: VerdictClient,
  batch: { line: number; session: unknown }[],
): Promise<BatchResult> {
  for (let attempt = 1; ; attempt += 1) {
    const answer = await client
      .request<{
        accepted: { index: number; id: string }[];
        rejected: { index: number; code: string; message: string }[];
      }>("POST", "/v1/sessions/batch", { sessions: batch.map((item) => item.session) })
      .catch((error: unknown) => {
        if (attempt >= MAX_ATTEMPTS) throw error;
        return undefined;
      });
    if (answer?.status === 202) {
      return {
        accepted: answer.body.accepted.map(({ index, id }) => ({ line: batch[index]!.line, id })),
        refused: answer.body.rejected.map(({ index, code, message }) => ({
          line: batch[index]!.line,
          code,
          message,
        })),
      };
    }
    if (answer && (answer.status === 400 || answer.status === 413)) {
      // refused whole: halve it until the entry at fault stands alone
      if (batch.length === 1) {
        const code = (answer.body as { code?: string }).code ?? String(answer.status);
        return { accepted: [], refused: [{ line: batch[0]!.line, code, message: errorText(answer.body) }] };
      }
      const half = Math.ceil(batch.length / 2);
      const [a, b] = [
        await postBatch(client, batch.slice(0, half)),
        await postBatch(client, batch.slice(half)),
      ];
      return { accepted: [...a.accepted, ...b.accepted], refused: [...a.refused, ...b.refused] };
    }
    if (answer && answer.status !== 429 && answer.status < 500) {
      throw new CommandError(`POST /v1/sessions/batch answered ${answer.status}: ${errorText(answer.body)}`);
    }
    if (attempt >= MAX_ATTEMPTS) {
      throw new CommandError(
        `POST /v1/sessions/batch kept failing (${answer?.status}: ${errorText(answer?.body)}); re-run to resume`,
      );
    }
    const retryAfter = Number(answer?.headers.get("retry-after"));
    await sleep(
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : Math.min(500 * 2 ** attempt, 8000),
    );
  }
}

/** The millisecond timestamp of a UUID v7 (Verdict's session ids), or undefined for another id. */
export function uuidv7Time(id: string): number | undefined {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-7/i.test(id)) return undefined;
  return Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}

/**
 * Waits until no session of the window is pending (or `waitSeconds` pass), then counts them by
 * status: from the dashboard when the key may read it, else by listing them.
 */
async function countDecisions(
  client: VerdictClient,
  window: { from: Date; to: Date },
  waitSeconds: number,
): Promise<Record<(typeof STATUSES)[number], number>> {
  const range = `from=${encodeURIComponent(window.from.toISOString())}&to=${encodeURIComponent(window.to.toISOString())}`;
  const deadline = Date.now() + waitSeconds * 1000;
  for (;;) {
    const pending = await client.expect<{ items: unknown[] }>(
      200,
      "GET",
      `/v1/sessions?status=pending&limit=1&${range}`,
    );
    if (pending.items.length === 0 || Date.now() > deadline) break;
    await sleep(500);
  }
  const dashboard = await client.request<{ counts: Record<(typeof STATUSES)[number], number> }>(
    "GET",
    `/v1/dashboard?${range}`,
  );
  if (dashboard.status === 200) return dashboard.body.counts;
  const counts = { pending: 0, success: 0, rejected: 0, awaiting_action: 0 };
  let cursor: string | null = null;
  do {
    const page: { items: { status: (typeof STATUSES)[number] }[]; nextCursor: string | null } =
      await client.expect(
        200,
        "GET",
        `/v1/sessions?limit=500&${range}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
      );
    for (const item of page.items) counts[item.status] += 1;
    cursor = page.nextCursor;
  } while (cursor);
  return counts;
}

const n = (value: number) => value.toLocaleString("en");

/** The summary the command prints. */
/** How many lines were refused: the command exits 1 when any was. */
export const countRefused = (summary: SubmitSummary) =>
  Object.values(summary.refused).reduce((a, b) => a + b, 0);

export function formatSummary(summary: SubmitSummary, source: string): string {
  const rate = summary.seconds > 0 ? Math.round(summary.accepted / summary.seconds) : 0;
  const refused = countRefused(summary);
  const lines = [
    `${n(summary.sessions)} sessions from ${source} in ${summary.seconds.toFixed(1)} s (${n(rate)}/s)`,
    `  accepted  ${n(summary.accepted).padStart(9)}   new, or already there with the same data (re-running is safe)`,
    `  refused   ${n(refused).padStart(9)}${refused ? "   " : ""}${Object.entries(summary.refused)
      .map(([code, count]) => `${code} ${n(count)}`)
      .join(", ")}`,
    ...summary.examples.map((example) => `    ${example}`),
  ];
  if (summary.decisions && summary.window) {
    const time = (date: Date) => date.toISOString().replace("T", " ").slice(0, 19);
    lines.push(
      `Outcomes of the company's sessions submitted ${time(summary.window.from)} to ${time(summary.window.to)} UTC:`,
    );
    for (const status of STATUSES) {
      lines.push(`  ${status.padEnd(16)}${n(summary.decisions[status]).padStart(9)}`);
    }
    if (summary.decisions.pending > 0) lines.push("  (some are still pending: look again later)");
  }
  return lines.join("\n");
}
