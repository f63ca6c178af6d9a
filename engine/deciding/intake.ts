import { setImmediate } from "node:timers/promises";
import { TypeCompiler } from "@sinclair/typebox/compiler";
import type { SessionData } from "../../rules/index.js";
import { canonicalJson, sha256Hex } from "../kernel/canonical-json.js";
import { badRequest, errorMessage } from "../kernel/errors.js";
import { uuidv7 } from "../kernel/ids.js";
import {
  type ExtraField,
  type SessionInput,
  SessionInputSchema,
  type SessionStatus,
} from "../kernel/model.js";
import { settleWithin } from "../kernel/settle-within.js";
import type { Context } from "../platform/context.js";
import { settingsEntry } from "../platform/key-and-settings-cache.js";
import { enqueueBulk } from "../platform/queues.js";
import { selectSettings } from "../sql/companies.js";
import {
  insertAttempts,
  insertSessions,
  type NewAttempt,
  type NewSession,
  selectByExternalIds,
} from "../sql/sessions.js";
import { priorityAfter, recordIntakeVolume, sessionWeight } from "./fairness.js";
import { SubmissionBatcher } from "./submission-batcher.js";

/** What became of one submitted session. */
export type IntakeResult =
  | { kind: "created"; id: string; externalId: string }
  | { kind: "existing"; id: string; externalId: string; status: SessionStatus }
  | { kind: "invalid"; code: "VALIDATION_ERROR" | "DATA_TOO_LARGE" | "CONFLICT"; message: string };

const inputChecker = TypeCompiler.Compile(SessionInputSchema);

/**
 * Checks one batch entry against the session schema; answers a message naming the first bad path.
 * The compiled check runs first: walking for the error costs far more, and only bad input pays it.
 */
export function checkSessionInput(input: unknown, path: string): string | undefined {
  if (inputChecker.Check(input)) return undefined;
  const error = inputChecker.Errors(input).First();
  return error && `${path}${error.path}: ${error.message}`;
}

/**
 * The contract's limits on a session's data. They bound what one session can cost deciding (with
 * the condition set's limits, rules/validate.ts), so that one company's sessions cannot slow the
 * others'.
 */
export const MAX_DATA_BYTES = 64 * 1024;
/** Levels of objects and arrays; the data object itself is level 1. */
export const MAX_DATA_DEPTH = 10;
export const MAX_DATA_ARRAY_ITEMS = 1000;

interface DataProblem {
  /** JSON Pointer below the data, built only when there is a problem. */
  at: string;
  message: string;
}

/**
 * Refuses data that nests deeper than `MAX_DATA_DEPTH` or holds an array of more than
 * `MAX_DATA_ARRAY_ITEMS`, naming where. It runs before the data's canonical JSON is made, so that
 * no deeper data reaches a recursive walk; the size is checked on that text.
 */
export function checkDataShape(data: SessionData, path: string): string | undefined {
  const problem = shapeProblem(data, 1);
  return problem && `${path}/data${problem.at}: ${problem.message}`;
}

function shapeProblem(value: unknown, depth: number): DataProblem | undefined {
  if (value === null || typeof value !== "object") return undefined;
  if (depth > MAX_DATA_DEPTH) return { at: "", message: `nests deeper than ${MAX_DATA_DEPTH} levels` };
  if (Array.isArray(value)) {
    if (value.length > MAX_DATA_ARRAY_ITEMS) {
      return { at: "", message: `holds ${value.length} items; at most ${MAX_DATA_ARRAY_ITEMS}` };
    }
    for (let i = 0; i < value.length; i++) {
      const inner = shapeProblem(value[i], depth + 1);
      if (inner) return { at: `/${i}${inner.at}`, message: inner.message };
    }
    return undefined;
  }
  for (const key in value) {
    const inner = shapeProblem((value as Record<string, unknown>)[key], depth + 1);
    if (inner)
      return { at: `/${key.replace(/~/g, "~0").replace(/\//g, "~1")}${inner.at}`, message: inner.message };
  }
  return undefined;
}

/** Refuses data whose canonical JSON text is over `MAX_DATA_BYTES` of UTF-8. */
export function checkDataSize(dataJson: string, path: string): string | undefined {
  // a UTF-16 code unit is 1 to 3 bytes of UTF-8: most texts are settled by their length alone
  if (dataJson.length * 3 <= MAX_DATA_BYTES) return undefined;
  const bytes = Buffer.byteLength(dataJson);
  if (bytes <= MAX_DATA_BYTES) return undefined;
  return `${path}/data: is ${bytes} bytes of JSON; at most ${MAX_DATA_BYTES} (64 KiB)`;
}

/** Refuses `extra` that misses a required field of the company's or holds one of the wrong type. */
export function checkExtraFields(
  data: SessionData,
  fields: readonly ExtraField[],
  path: string,
): string | undefined {
  const extra = data.extra ?? {};
  for (const field of fields) {
    const value = extra[field.name];
    if (value === undefined || value === null) {
      if (field.required) return `${path}/data/extra/${field.name}: is required`;
    } else if (typeof value !== field.type) {
      return `${path}/data/extra/${field.name}: must be a ${field.type}`;
    }
  }
  return undefined;
}

/**
 * Stores the sessions durably, then queues them for deciding in batches. The same externalId
 * with the same data answers the existing session; with other data, a conflict. Answers a
 * result for every index given.
 */
export async function submitSessions(
  ctx: Context,
  companyId: string,
  inputs: { index: number; input: SessionInput }[],
): Promise<Map<number, IntakeResult>> {
  const results = new Map<number, IntakeResult>();
  const settings = await ctx.cache.get(settingsEntry(companyId), () => selectSettings(ctx.pool, companyId));
  if (!settings) throw badRequest("UNKNOWN_COMPANY", "the company no longer exists");

  const candidates: (NewSession & { index: number })[] = [];
  // A batch of sessions at the data limits takes tens of milliseconds to check and hash: it
  // yields now and then, so that the other companies' requests in this process go on meanwhile.
  let sliceStarted = performance.now();
  for (const { index, input } of inputs) {
    if (performance.now() - sliceStarted > YIELD_EVERY_MS) {
      await setImmediate();
      sliceStarted = performance.now();
    }
    const path = `/sessions/${index}`;
    const tooLarge = checkDataShape(input.data, path);
    if (tooLarge) {
      results.set(index, { kind: "invalid", code: "DATA_TOO_LARGE", message: tooLarge });
      continue;
    }
    const problem = checkExtraFields(input.data, settings.extraFields, path);
    if (problem) {
      results.set(index, { kind: "invalid", code: "VALIDATION_ERROR", message: problem });
      continue;
    }
    const dataJson = canonicalJson(input.data);
    const tooLong = checkDataSize(dataJson, path);
    if (tooLong) {
      results.set(index, { kind: "invalid", code: "DATA_TOO_LARGE", message: tooLong });
      continue;
    }
    candidates.push({
      index,
      id: uuidv7(),
      externalId: input.externalId,
      dataJson,
      dataHash: sha256Hex(dataJson),
      search: searchText(input),
      batchId: "",
    });
  }
  // Small submissions are stored and queued together with others of their company; large ones
  // are cut into batches of their own.
  const inserted =
    candidates.length === 0
      ? new Set<string>()
      : candidates.length <= GATHER_UP_TO
        ? await batcherOf(ctx).join(companyId, candidates)
        : await storeAndQueue(ctx, companyId, candidates);
  const others = candidates.filter((c) => !inserted.has(c.id));
  const existing = new Map(
    (others.length
      ? await selectByExternalIds(
          ctx.pool,
          companyId,
          others.map((c) => c.externalId),
        )
      : []
    ).map((row) => [row.externalId, row]),
  );
  // A session whose customer was asked to try again takes new data as its next attempt (once).
  const attempts = new Map<string, NewAttempt & { index: number }>();
  for (const candidate of candidates) {
    if (inserted.has(candidate.id)) {
      results.set(candidate.index, { kind: "created", id: candidate.id, externalId: candidate.externalId });
      continue;
    }
    const found = existing.get(candidate.externalId);
    if (found && found.dataHash === candidate.dataHash) {
      results.set(candidate.index, {
        kind: "existing",
        id: found.id,
        externalId: found.externalId,
        status: found.status,
      });
    } else if (
      found?.status === "resubmission_requested" &&
      !found.nextAttemptId &&
      !attempts.has(found.id)
    ) {
      attempts.set(found.id, { ...candidate, previousId: found.id, attempt: found.attempt + 1 });
    } else {
      results.set(candidate.index, conflictWith(candidate.externalId));
    }
  }
  if (attempts.size > 0) {
    const stored = await storeAndQueue(ctx, companyId, [...attempts.values()]);
    for (const attempt of attempts.values()) {
      results.set(
        attempt.index,
        stored.has(attempt.id)
          ? { kind: "created", id: attempt.id, externalId: attempt.externalId }
          : conflictWith(attempt.externalId),
      );
    }
  }

  countIntake(ctx, results);
  return results;
}

const conflictWith = (externalId: string): IntakeResult => ({
  kind: "invalid",
  code: "CONFLICT",
  message: `externalId "${externalId}" already names a session with other data`,
});

function countIntake(ctx: Context, results: Map<number, IntakeResult>): void {
  const counts = { created: 0, existing: 0, conflict: 0, invalid: 0 };
  for (const result of results.values()) {
    if (result.kind !== "invalid") counts[result.kind] += 1;
    else counts[result.code === "CONFLICT" ? "conflict" : "invalid"] += 1;
  }
  for (const [outcome, n] of Object.entries(counts)) if (n > 0) ctx.metrics.intake.inc({ outcome }, n);
}

/** Lower-cased text that `q` searches: externalId, names, document and personal number. */
function searchText(input: SessionInput): string {
  const person = input.data.person ?? {};
  return [input.externalId, person.firstName, person.lastName, person.documentNumber, person.personalNumber]
    .filter((part): part is string => typeof part === "string" && part.length > 0)
    .join(" ")
    .toLowerCase();
}

const YIELD_EVERY_MS = 5;

/** Submissions of up to this many new sessions are gathered with others of their company. */
const GATHER_UP_TO = 50;
const GATHER_WINDOW_MS = 5;
const batchers = new WeakMap<Context, SubmissionBatcher<NewSession, Set<string>>>();

function batcherOf(ctx: Context): SubmissionBatcher<NewSession, Set<string>> {
  let batcher = batchers.get(ctx);
  if (!batcher) {
    batcher = new SubmissionBatcher(
      (companyId, sessions) => storeAndQueue(ctx, companyId, sessions),
      GATHER_WINDOW_MS,
      ctx.config.decideBatchSize,
    );
    batchers.set(ctx, batcher);
  }
  return batcher;
}

/**
 * Inserts the sessions (or next attempts) in one statement, in batches of `decideBatchSize` (each
 * session stored with its batch's id), then queues one decide job a batch. Answers the ids
 * inserted: the others repeat an externalId the company already has.
 */
async function storeAndQueue(
  ctx: Context,
  companyId: string,
  sessions: NewSession[] | NewAttempt[],
): Promise<Set<string>> {
  const batchSize = ctx.config.decideBatchSize;
  for (let start = 0; start < sessions.length; start += batchSize) {
    const batchId = uuidv7();
    for (const session of sessions.slice(start, start + batchSize)) session.batchId = batchId;
  }
  const inserted = isAttempts(sessions)
    ? await insertAttempts(ctx.pool, companyId, sessions)
    : await insertSessions(ctx.pool, companyId, sessions);
  await enqueueDecisions(
    ctx,
    companyId,
    sessions.filter((s) => inserted.has(s.id)),
  );
  return inserted;
}

const isAttempts = (sessions: NewSession[] | NewAttempt[]): sessions is NewAttempt[] =>
  sessions.length > 0 && "previousId" in sessions[0]!;

const ENQUEUE_TIMEOUT_MS = 2000;

/**
 * Queues one decide job per batch, prioritized for fairness between companies
 * (engine/deciding/fairness.ts). The sessions are already durable: when Redis cannot take the
 * jobs in time, the reconciler finds them pending later and queues them again.
 */
async function enqueueDecisions(
  ctx: Context,
  companyId: string,
  sessions: { id: string; batchId: string; dataJson: string }[],
) {
  if (sessions.length === 0) return;
  const batches = new Map<string, { sessionIds: string[]; weight: number }>();
  for (const session of sessions) {
    const batch = batches.get(session.batchId) ?? { sessionIds: [], weight: 0 };
    batch.sessionIds.push(session.id);
    batch.weight += sessionWeight(session.dataJson.length);
    batches.set(session.batchId, batch);
  }
  const jobs = [...batches].map(([batchId, { sessionIds, weight }]) => ({
    weight,
    job: { data: { companyId, sessionIds }, placement: { jobId: batchId, priority: 1 } },
  }));
  try {
    const enqueue = async () => {
      let volume = await recordIntakeVolume(
        ctx,
        companyId,
        jobs.reduce((sum, { weight }) => sum + weight, 0),
      );
      for (const { job, weight } of jobs) {
        job.placement.priority = priorityAfter(volume);
        volume += weight;
      }
      await enqueueBulk(
        ctx.queues,
        "decide",
        jobs.map(({ job }) => job),
      );
    };
    await settleWithin(
      enqueue(),
      ENQUEUE_TIMEOUT_MS,
      `the queue did not take the jobs in ${ENQUEUE_TIMEOUT_MS} ms`,
    );
  } catch (error) {
    ctx.logger.warn(
      { companyId, batches: jobs.length, err: errorMessage(error) },
      "decide jobs not queued; the reconciler will queue them",
    );
  }
}
