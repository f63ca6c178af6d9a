import { notFound } from "../kernel/errors.js";
import { histogramQuantile } from "../kernel/latency.js";
import { SESSION_STATUSES, type SessionStatus } from "../kernel/model.js";
import type { Context } from "../platform/context.js";
import { selectSettings } from "../sql/companies.js";
import {
  selectAwaitingAge,
  selectCountsByDay,
  selectDecisionStats,
  selectReviewerFigures,
} from "../sql/dashboard.js";

const DEFAULT_DAYS = 30;
const TOP_REASONS = 10;

type Counts = Record<SessionStatus, number>;
const zero = (): Counts => ({
  pending: 0,
  success: 0,
  rejected: 0,
  awaiting_action: 0,
  resubmission_requested: 0,
});
const dayOf = (instant: Date) => instant.toISOString().slice(0, 10);

/**
 * The company's dashboard over [from, to) (default: the last 30 days): sessions by current
 * status, in all and by UTC day of submission, from the status index; the most given reasons and
 * the engine's decision latency from the daily rollups that deciding keeps; the queue as it is now
 * (its oldest parked session's age, how many are overdue); each reviewer's resolutions in the
 * range, from the history.
 */
export async function getDashboard(
  { pool: db }: Pick<Context, "pool">,
  companyId: string,
  range: { from?: Date; to?: Date },
) {
  const to = range.to ?? new Date();
  const from = range.from ?? new Date(to.getTime() - DEFAULT_DAYS * 86_400_000);
  // rollups are kept by day: the days the range touches
  const fromDay = dayOf(from);
  const toDay = dayOf(new Date(to.getTime() + 86_400_000 - 1));
  const settings = await selectSettings(db, companyId);
  if (!settings) throw notFound("company");
  const now = Date.now();
  const [rows, reasons, latency, awaiting, reviewers] = await Promise.all([
    selectCountsByDay(db, companyId, from, to),
    selectDecisionStats(db, companyId, "reason", fromDay, toDay),
    selectDecisionStats(db, companyId, "latency", fromDay, toDay),
    selectAwaitingAge(db, companyId, new Date(now - settings.awaitingAction.slaHours * 3_600_000)),
    selectReviewerFigures(db, companyId, from, to),
  ]);

  const counts = zero();
  const byDay = new Map<string, Counts>();
  for (const row of rows) {
    const status = row.status as SessionStatus;
    counts[status] += row.count;
    const day = byDay.get(row.day) ?? zero();
    day[status] += row.count;
    byDay.set(row.day, day);
  }
  const histogram = new Map(latency.map((row) => [Number(row.key), Number(row.count)]));
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    counts,
    byDay: [...byDay].map(([day, dayCounts]) => ({
      day,
      total: SESSION_STATUSES.reduce((sum, status) => sum + dayCounts[status], 0),
      ...dayCounts,
    })),
    topReasons: reasons.slice(0, TOP_REASONS).map((row) => ({ reason: row.key, count: Number(row.count) })),
    decisionLatencyMs: { p50: histogramQuantile(histogram, 0.5), p95: histogramQuantile(histogram, 0.95) },
    awaiting: {
      oldestAgeMs: awaiting.oldest ? now - awaiting.oldest.getTime() : null,
      overdue: awaiting.overdue,
    },
    reviewers: reviewers.map((reviewer) => ({
      ...reviewer,
      medianHandlingMs: reviewer.medianHandlingMs === null ? null : Math.round(reviewer.medianHandlingMs),
    })),
  };
}
