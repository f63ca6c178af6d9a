import { compileRules, decideOutcome, deriveFacts, type Outcome } from "../../rules/index.js";
import { recordActivity } from "../audit/activity.js";
import { checkRules } from "../companies/condition-sets.js";
import { errorMessage, notFound } from "../kernel/errors.js";
import { isUuid, uuidv7 } from "../kernel/ids.js";
import type { Actor } from "../kernel/model.js";
import type { Context } from "../platform/context.js";
import { withTransaction } from "../platform/db.js";
import { enqueue } from "../platform/queues.js";
import { selectSettings } from "../sql/companies.js";
import {
  countSimulated,
  finishSimulation,
  insertSimulation,
  readSimulated,
  type SimulationRow,
  selectSimulation,
  startSimulation,
  updateSimulationProgress,
} from "../sql/rule-lab.js";

/** Simulations one company runs at once; more wait in the queue. */
export const SIMULATIONS_PER_COMPANY = 2;
export const MAX_SIMULATED = 1_000_000;
const DEFAULT_DAYS = 30;
const SAMPLES_PER_TRANSITION = 20;
const PROGRESS_EVERY = 50_000;
const OUTCOMES: readonly Outcome[] = ["success", "rejected", "awaiting_action"];

export interface SimulationInput {
  rules: unknown;
  from?: Date;
  to?: Date;
  limit?: number;
}

/** Checks the draft as `PUT /v1/rules` does, records the simulation and queues its job. */
export async function createSimulation(
  ctx: Pick<Context, "pool" | "queues">,
  companyId: string,
  actor: Actor,
  input: SimulationInput,
) {
  const rules = checkRules(input.rules);
  const to = input.to ?? new Date();
  const from = input.from ?? new Date(to.getTime() - DEFAULT_DAYS * 86_400_000);
  const id = uuidv7();
  await withTransaction(ctx.pool, async (tx) => {
    await insertSimulation(tx, {
      id,
      companyId,
      rules,
      from,
      to,
      limit: input.limit ?? MAX_SIMULATED,
      by: actor,
    });
    await recordActivity(tx, companyId, actor, {
      action: "rules.simulated",
      target: id,
      details: { rules: rules.length, from: from.toISOString(), to: to.toISOString() },
    });
  });
  await enqueue(ctx.queues, "simulations", { simulationId: id, companyId }, { jobId: id });
  return { id, status: "queued" as const };
}

export async function getSimulation({ pool }: Pick<Context, "pool">, companyId: string, id: string) {
  const row = isUuid(id) ? await selectSimulation(pool, companyId, id) : undefined;
  if (!row) throw notFound("simulation");
  return simulationView(row);
}

const simulationView = (row: SimulationRow) => ({
  id: row.id,
  status: row.status,
  from: row.fromAt.toISOString(),
  to: row.toAt.toISOString(),
  limit: row.maxSessions,
  progress: { done: row.done, total: row.total ?? 0 },
  ...(row.result ? { result: row.result as SimulationResult } : {}),
  ...(row.error ? { error: row.error } : {}),
  createdAt: row.createdAt.toISOString(),
});

export interface SimulationResult {
  sessions: number;
  skippedLiquidated: number;
  /** Sessions still pending, which have no outcome of the engine's to compare with. */
  skippedPending: number;
  current: Record<Outcome, number>;
  simulated: Record<Outcome, number>;
  transitions: { from: Outcome; to: Outcome; count: number }[];
  reasons: { reason: string; current: number; simulated: number }[];
  samples: { id: string; externalId: string; from: Outcome; to: Outcome; reasons: string[] }[];
}

/** Counts what a simulation sees, session by session. */
class Tally {
  sessions = 0;
  skippedLiquidated = 0;
  skippedPending = 0;
  private readonly current = new Map<Outcome, number>();
  private readonly simulated = new Map<Outcome, number>();
  private readonly transitions = new Map<string, number>();
  private readonly reasons = new Map<string, { current: number; simulated: number }>();
  private readonly samples = new Map<string, SimulationResult["samples"]>();

  add(
    session: { id: string; externalId: string },
    from: Outcome,
    fromReasons: readonly string[],
    to: Outcome,
    toReasons: readonly string[],
  ) {
    this.sessions++;
    this.current.set(from, (this.current.get(from) ?? 0) + 1);
    this.simulated.set(to, (this.simulated.get(to) ?? 0) + 1);
    const key = `${from}>${to}`;
    this.transitions.set(key, (this.transitions.get(key) ?? 0) + 1);
    for (const reason of fromReasons) this.reason(reason).current++;
    for (const reason of toReasons) this.reason(reason).simulated++;
    if (from !== to) {
      const samples = this.samples.get(key) ?? [];
      if (samples.length < SAMPLES_PER_TRANSITION) {
        samples.push({ id: session.id, externalId: session.externalId, from, to, reasons: [...toReasons] });
        this.samples.set(key, samples);
      }
    }
  }

  private reason(reason: string) {
    let counts = this.reasons.get(reason);
    if (!counts) {
      counts = { current: 0, simulated: 0 };
      this.reasons.set(reason, counts);
    }
    return counts;
  }

  result(): SimulationResult {
    const byOutcome = (counts: Map<Outcome, number>) =>
      Object.fromEntries(OUTCOMES.map((outcome) => [outcome, counts.get(outcome) ?? 0])) as Record<
        Outcome,
        number
      >;
    return {
      sessions: this.sessions,
      skippedLiquidated: this.skippedLiquidated,
      skippedPending: this.skippedPending,
      current: byOutcome(this.current),
      simulated: byOutcome(this.simulated),
      transitions: [...this.transitions]
        .map(([key, count]) => {
          const [from, to] = key.split(">") as [Outcome, Outcome];
          return { from, to, count };
        })
        .sort((a, b) => b.count - a.count),
      reasons: [...this.reasons]
        .map(([reason, counts]) => ({ reason, ...counts }))
        .sort(
          (a, b) => b.current + b.simulated - (a.current + a.simulated) || a.reason.localeCompare(b.reason),
        ),
      samples: [...this.samples.values()].flat(),
    };
  }
}

const isOutcome = (value: string | null): value is Outcome => OUTCOMES.includes(value as Outcome);

/**
 * Runs a queued simulation: streams the company's sessions of its window through a cursor
 * (constant memory), evaluates the draft on each with its facts as of its own submission time and
 * the company's current settings, and compares with the engine's outcome then; records progress
 * every 50,000 sessions and the result at the end. Changes no session. Answers false when the
 * company runs its cap of simulations already (the job waits and tries again).
 */
export async function runSimulation(
  deps: Pick<Context, "pool" | "logger">,
  simulationId: string,
  onProgress: (done: number, total: number) => Promise<unknown> | undefined = () => undefined,
): Promise<boolean> {
  const simulation = await startSimulation(deps.pool, simulationId, SIMULATIONS_PER_COMPANY);
  if (!simulation) {
    const row = await deps.pool.query<{ status: string }>("SELECT status FROM simulations WHERE id = $1", [
      simulationId,
    ]);
    return row.rows[0]?.status !== "queued"; // finished already: nothing to do; queued: at the cap
  }
  const { companyId, fromAt: from, toAt: to, maxSessions: limit } = simulation;
  const client = await deps.pool.connect();
  let released = false;
  const release = (error?: unknown) => {
    if (released) return;
    released = true;
    client.release(error instanceof Error ? error : undefined);
  };
  try {
    const settings = await selectSettings(client, companyId);
    if (!settings) throw new Error(`company ${companyId} not found`);
    const total = await countSimulated(client, companyId, from, to, limit);
    await updateSimulationProgress(deps.pool, simulationId, 0, total);
    const evaluate = compileRules(simulation.rules);
    const { highRiskCountries, awaitingAction } = settings;
    const tally = new Tally();
    let done = 0;
    for await (const rows of readSimulated(client, { companyId, from, to, limit })) {
      for (const row of rows) {
        if (row.data === null) tally.skippedLiquidated++;
        else if (!isOutcome(row.engineOutcome)) tally.skippedPending++;
        else {
          const submittedAt = new Date(row.createdAtMs);
          const fired = evaluate(deriveFacts(row.data, { submittedAt, highRiskCountries }));
          const outcome = decideOutcome(fired, { awaitingActionEnabled: awaitingAction.enabled });
          tally.add(row, row.engineOutcome, row.engineReasons ?? [], outcome, fired.reasons);
        }
      }
      const before = done;
      done += rows.length;
      if (Math.floor(done / PROGRESS_EVERY) > Math.floor(before / PROGRESS_EVERY)) {
        await Promise.all([updateSimulationProgress(deps.pool, simulationId, done), onProgress(done, total)]);
      }
    }
    release();
    await finishSimulation(deps.pool, simulationId, { status: "completed", done, result: tally.result() });
    return true;
  } catch (error) {
    release(error); // a client broken mid-cursor is not reused
    deps.logger.error({ simulationId, err: errorMessage(error) }, "simulation failed");
    await finishSimulation(deps.pool, simulationId, { status: "failed", error: errorMessage(error) });
    return true;
  }
}
