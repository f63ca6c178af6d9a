import { setImmediate } from "node:timers/promises";
import { type CompiledRules, compileRules, decideOutcome, deriveFacts } from "../../rules/index.js";
import { announceChanges } from "../announce/announce.js";
import { UnrecoverableJobError } from "../kernel/errors.js";
import type { Context } from "../platform/context.js";
import { type Queryable, withTransaction } from "../platform/db.js";
import { scheduleExpiry } from "../review/sla.js";
import { selectDecisionContext } from "../sql/companies.js";
import { countShadowTransitions, selectShadow } from "../sql/rule-lab.js";
import { selectRuleSet } from "../sql/rule-sets.js";
import {
  countEngineDecisions,
  type DecidedRow,
  type EngineDecision,
  recordEngineDecisions,
  selectPending,
} from "../sql/sessions.js";
import { recordWebhookEvents } from "../webhooks/outbox.js";

/**
 * Compiled condition sets by (company, version), and shadow sets by (company, since). Neither
 * changes once saved (a new shadow set has a new `since`), so an entry never goes stale; the map
 * only forgets the least recently used beyond `max`.
 */
export class CompiledConditionSets {
  private readonly entries = new Map<string, CompiledRules | undefined>();
  constructor(private readonly max = 1000) {}

  async get(db: Queryable, companyId: string, version: number): Promise<CompiledRules> {
    const compiled = await this.cached(`${companyId}:${version}`, async () => {
      const ruleSet = await selectRuleSet(db, companyId, version);
      return ruleSet && compileRules(ruleSet.rules);
    });
    if (!compiled)
      throw new UnrecoverableJobError(`condition set ${version} of company ${companyId} is missing`);
    return compiled;
  }

  /** The company's shadow set begun at `since`; undefined once it was ended or replaced. */
  shadow(db: Queryable, companyId: string, since: Date): Promise<CompiledRules | undefined> {
    return this.cached(`${companyId}:shadow:${since.getTime()}`, async () => {
      const shadow = await selectShadow(db, companyId);
      return shadow && shadow.since.getTime() === since.getTime() ? compileRules(shadow.rules) : undefined;
    });
  }

  private async cached(key: string, load: () => Promise<CompiledRules | undefined>) {
    if (this.entries.has(key)) {
      const hit = this.entries.get(key);
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const compiled = await load();
    if (compiled) this.entries.set(key, compiled);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string);
    return compiled;
  }
}

/** What one run of a decide job did: the sessions it decided, and those left for a later run. */
export interface DecideRun {
  decided: DecidedRow[];
  undecided: string[];
}

/** The fewest rows a run loads a statement. */
const MIN_LOAD = 10;

/**
 * What deciding one session of each company cost lately (loading it included), so that a run
 * loads about what its budget will decide: a normal batch in one statement, an expensive one in
 * pieces, not loaded again and again for a few sessions a run. A company not seen yet is taken
 * for a normal one. Forgets the least recently used beyond `max`.
 */
export class SessionCosts {
  private readonly msPerSession = new Map<string, number>();
  constructor(private readonly max = 10_000) {}

  /** Rows to load first, of `remaining`, for a run of `budgetMs`. */
  firstLoad(companyId: string, budgetMs: number, remaining: number): number {
    const ms = this.msPerSession.get(companyId);
    if (ms === undefined || ms === 0) return remaining;
    return Math.min(remaining, Math.max(MIN_LOAD, Math.ceil(budgetMs / ms)));
  }

  record(companyId: string, ms: number): void {
    this.msPerSession.delete(companyId);
    this.msPerSession.set(companyId, ms);
    if (this.msPerSession.size > this.max) {
      this.msPerSession.delete(this.msPerSession.keys().next().value as string);
    }
  }
}

/** Evaluation yields to the event loop this often, so that the process's other jobs and requests go on. */
const YIELD_EVERY_MS = 5;

/**
 * Decides the still-pending sessions among `sessionIds` with the company's current condition set
 * and records every decision in one statement, with its webhook events in the same transaction.
 * Sessions decided already are skipped, so running a batch twice decides nothing twice.
 *
 * One company's batch must not hold a worker from the others: with the limits on data and
 * condition sets a session costs at most about a millisecond, but a batch of them is still
 * hundreds. So a run stops deciding once it has spent `decideRunBudgetMs` (after at least one
 * session) and answers the sessions it did not reach; the worker puts the job back in the queue
 * with them, behind the jobs of higher or equal priority waiting meanwhile. A normal batch is
 * decided well within the budget, in one run, as before. Meanwhile evaluation yields every few
 * milliseconds, so that a run never blocks the process's other jobs for long either.
 */
export async function decideBatch(
  ctx: Context,
  caches: { ruleSets: CompiledConditionSets; costs: SessionCosts },
  companyId: string,
  sessionIds: string[],
): Promise<DecideRun> {
  const { ruleSets, costs } = caches;
  const started = performance.now();
  const firstLoad = costs.firstLoad(companyId, ctx.config.decideRunBudgetMs, sessionIds.length);
  const [firstChunk, company] = await Promise.all([
    selectPending(ctx.pool, companyId, sessionIds.slice(0, firstLoad)),
    selectDecisionContext(ctx.pool, companyId),
  ]);
  if (firstChunk.length === 0 && sessionIds.length <= firstLoad) return { decided: [], undecided: [] };
  if (!company) throw new UnrecoverableJobError(`company ${companyId} does not exist`);
  const evaluator = await ruleSets.get(ctx.pool, companyId, company.ruleSetVersion);
  const shadow = company.shadowSince && (await ruleSets.shadow(ctx.pool, companyId, company.shadowSince));
  /** What the shadow set would have decided, by `live>shadow` outcome; the live decision stands. */
  const shadowed = new Map<string, string>();
  const { highRiskCountries, awaitingAction } = company.settings;
  const overBudget = () => performance.now() - started > ctx.config.decideRunBudgetMs;

  const decisions: EngineDecision[] = [];
  const undecided: string[] = [];
  let sliceStarted = performance.now();
  // each further statement loads twice as many rows as the one before
  for (let start = 0, size = firstLoad; start < sessionIds.length && undecided.length === 0; ) {
    if (decisions.length > 0 && overBudget()) {
      undecided.push(...sessionIds.slice(start));
      break;
    }
    const end = start + size;
    const sessions =
      start === 0 ? firstChunk : await selectPending(ctx.pool, companyId, sessionIds.slice(start, end));
    for (const [index, session] of sessions.entries()) {
      if (decisions.length > 0 && overBudget()) {
        undecided.push(...sessions.slice(index).map((s) => s.id), ...sessionIds.slice(end));
        break;
      }
      const facts = deriveFacts(session.data, { submittedAt: session.createdAt, highRiskCountries });
      const fired = evaluator(facts);
      const status = decideOutcome(fired, { awaitingActionEnabled: awaitingAction.enabled });
      decisions.push({ id: session.id, status, reasons: fired.reasons });
      if (shadow) {
        const shadowStatus = decideOutcome(shadow(facts), { awaitingActionEnabled: awaitingAction.enabled });
        shadowed.set(session.id, `${status}>${shadowStatus}`);
      }
      if (performance.now() - sliceStarted > YIELD_EVERY_MS) {
        await setImmediate();
        sliceStarted = performance.now();
      }
    }
    start = end;
    size *= 2;
  }
  if (decisions.length === 0) return { decided: [], undecided };
  costs.record(companyId, (performance.now() - started) / decisions.length);
  // A transaction even without webhook events: a process killed while its statement waits on a
  // lock must commit nothing, so that another worker decides the batch and announces it.
  const { decided, deliveryIds } = await withTransaction(ctx.pool, async (tx) => {
    const decided = await recordEngineDecisions(tx, companyId, company.ruleSetVersion, decisions);
    const ids = decided.map((row) => row.id);
    const deliveryIds = await recordWebhookEvents(tx, companyId, company.settings, ids, {
      decidedBy: "engine",
    });
    // the company's counters last: every decision of the company waits for their locks until this commits
    if (shadow && company.shadowSince) {
      const counts = new Map<string, number>();
      for (const id of ids) {
        const key = shadowed.get(id);
        if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      await countShadowTransitions(tx, companyId, company.shadowSince, counts);
    }
    await countEngineDecisions(tx, companyId, decided);
    return { decided, deliveryIds };
  });
  recordDecisionMetrics(ctx, decided);
  const parked = decided.filter((row) => row.status === "awaiting_action").map((row) => row.id);
  await scheduleExpiry(ctx, companyId, company.settings, parked);
  const changes = decided.map(({ id, externalId, status }) => ({ id, externalId, status }));
  await announceChanges(ctx, companyId, changes, deliveryIds, {
    awaitingCountChanged: parked.length > 0,
  });
  return { decided, undecided };
}

function recordDecisionMetrics(ctx: Context, decided: DecidedRow[]): void {
  const outcomes = new Map<string, number>();
  for (const row of decided) {
    outcomes.set(row.status, (outcomes.get(row.status) ?? 0) + 1);
    ctx.metrics.decisionLatency.observe((row.decidedAt.getTime() - row.createdAt.getTime()) / 1000);
  }
  for (const [outcome, n] of outcomes) ctx.metrics.decisions.inc({ outcome, decided_by: "engine" }, n);
}
