import { useQuery } from "@tanstack/react-query";
import { type FormEvent, useMemo } from "react";
import { useSearchParams } from "wouter";
import { api, unwrap } from "../api/client";
import { BarChart, type BarSeries } from "../components/BarChart";
import { DataTable } from "../components/DataTable";
import { ErrorNote } from "../components/ErrorNote";
import { Figure } from "../components/Figure";
import { PageHeader } from "../components/PageHeader";
import { formatCount, formatDateTime, formatDuration } from "../format";

type Range = { from?: string; to?: string };
type Dashboard = Awaited<ReturnType<typeof readDashboard>>;
const readDashboard = (range: Range) => unwrap(api.GET("/v1/dashboard", { params: { query: range } }));

const OUTCOMES = [
  { key: "success", label: "Approved", colour: "--color-success" },
  { key: "rejected", label: "Rejected", colour: "--color-danger" },
  { key: "awaiting_action", label: "Awaiting action", colour: "--color-warning" },
  { key: "resubmission_requested", label: "Resubmission", colour: "--color-info" },
] as const;

/** The lead's view: outcomes by day, top reasons, latency, the queue and each reviewer's figures. */
export function DashboardPage() {
  const [params, setParams] = useSearchParams();
  const range: Range = { from: params.get("from") || undefined, to: params.get("to") || undefined };
  const dashboard = useQuery({ queryKey: ["dashboard", range], queryFn: () => readDashboard(range) });
  const applyRange = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    for (const name of ["from", "to"]) {
      const value = String(form.get(name) ?? "");
      if (value) next.set(name, value);
    }
    setParams(next);
  };
  return (
    <>
      <PageHeader title="Dashboard">
        <button type="button" onClick={() => dashboard.refetch()} disabled={dashboard.isFetching}>
          Refresh
        </button>
      </PageHeader>
      <form className="filters" onSubmit={applyRange} aria-label="Range">
        <label className="field">
          <span>From</span>
          <input type="date" name="from" defaultValue={range.from ?? ""} />
        </label>
        <label className="field">
          <span>To</span>
          <input type="date" name="to" defaultValue={range.to ?? ""} />
        </label>
        <button type="submit">Show range</button>
        {dashboard.data && (
          <p className="muted range-note">
            {formatDateTime(dashboard.data.from)} to {formatDateTime(dashboard.data.to)}
          </p>
        )}
      </form>
      <ErrorNote error={dashboard.error} />
      {dashboard.data && <DashboardFigures data={dashboard.data} />}
    </>
  );
}

function DashboardFigures({ data }: { data: Dashboard }) {
  const days = useMemo(() => data.byDay.map((day) => day.day.slice(0, 10)), [data]);
  const outcomeSeries = useMemo<BarSeries[]>(
    () =>
      OUTCOMES.map((o) => ({
        label: o.label,
        colour: o.colour,
        values: data.byDay.map((day) => day[o.key]),
      })),
    [data],
  );
  const reasons = useMemo(() => data.topReasons.map((r) => r.reason), [data]);
  const reasonSeries = useMemo<BarSeries[]>(
    () => [{ label: "Sessions", colour: "--color-accent", values: data.topReasons.map((r) => r.count) }],
    [data],
  );
  return (
    <div className="dashboard">
      <ul className="figures" aria-label="Key figures">
        <Figure label="Approved" value={formatCount(data.counts.success)} />
        <Figure label="Rejected" value={formatCount(data.counts.rejected)} />
        <Figure label="Awaiting action" value={formatCount(data.counts.awaiting_action)} />
        <Figure label="Decision latency p50" value={formatDuration(data.decisionLatencyMs.p50)} />
        <Figure label="Decision latency p95" value={formatDuration(data.decisionLatencyMs.p95)} />
        <Figure label="Oldest in the queue" value={formatDuration(data.awaiting.oldestAgeMs)} />
        <Figure label="Overdue" value={formatCount(data.awaiting.overdue)} />
      </ul>

      <section className="card" aria-labelledby="by-day-title">
        <h2 id="by-day-title">Outcomes by day</h2>
        <BarChart
          label="Outcomes by day, a stacked bar chart; the table below holds its figures"
          categories={days}
          series={outcomeSeries}
          stacked
        />
        <details>
          <summary>The figures as a table</summary>
          <DataTable
            label="Outcomes by day"
            columns={["Day", ...OUTCOMES.map((o) => o.label), "Total"]}
            compact
          >
            {data.byDay.map((day) => (
              <tr key={day.day}>
                <th scope="row">{day.day.slice(0, 10)}</th>
                {OUTCOMES.map((o) => (
                  <td key={o.key}>{formatCount(day[o.key])}</td>
                ))}
                <td>{formatCount(day.total)}</td>
              </tr>
            ))}
          </DataTable>
        </details>
      </section>

      <section className="card" aria-labelledby="reasons-title">
        <h2 id="reasons-title">Top reasons</h2>
        {data.topReasons.length === 0 ? (
          <p className="muted">No rule fired in this range.</p>
        ) : (
          <>
            <BarChart
              label="Top reasons, a bar chart; the table below holds its figures"
              categories={reasons}
              series={reasonSeries}
              horizontal
            />
            <details>
              <summary>The figures as a table</summary>
              <table className="compact">
                <thead>
                  <tr>
                    <th scope="col">Reason</th>
                    <th scope="col">Sessions</th>
                  </tr>
                </thead>
                <tbody>
                  {data.topReasons.map((r) => (
                    <tr key={r.reason}>
                      <th scope="row">
                        <code>{r.reason}</code>
                      </th>
                      <td>{formatCount(r.count)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          </>
        )}
      </section>

      <section className="card dashboard__wide" aria-labelledby="reviewers-title">
        <h2 id="reviewers-title">Reviewers</h2>
        {data.reviewers.length === 0 ? (
          <p className="muted">No one resolved a session in this range.</p>
        ) : (
          <DataTable
            label="Reviewers' figures"
            columns={["Reviewer", "Resolved", "Approved", "Rejected", "Median handling"]}
          >
            {data.reviewers.map((r) => (
              <tr key={r.id}>
                <th scope="row">{r.name ?? r.id}</th>
                <td>{formatCount(r.resolved)}</td>
                <td>{formatCount(r.approved)}</td>
                <td>{formatCount(r.rejected)}</td>
                <td>{formatDuration(r.medianHandlingMs)}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>
    </div>
  );
}
