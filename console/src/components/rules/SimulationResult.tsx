import { useQuery } from "@tanstack/react-query";
import { Link } from "wouter";
import { api, unwrap } from "../../api/client";
import { formatCount, STATUS_LABELS } from "../../format";
import { DataTable } from "../DataTable";
import { ErrorNote } from "../ErrorNote";
import { ReasonList } from "../ReasonList";

const OUTCOMES = ["success", "rejected", "awaiting_action"] as const;

/** A simulation's progress while it runs, then what the draft would have changed, with samples. */
export function SimulationResult({ id }: { id: string }) {
  const simulation = useQuery({
    queryKey: ["simulation", id],
    queryFn: () => unwrap(api.GET("/v1/rules/simulations/{id}", { params: { path: { id } } })),
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status === "completed" || status === "failed" ? false : 500;
    },
  });
  const data = simulation.data;
  if (!data) return <ErrorNote error={simulation.error} />;
  if (data.status === "failed") return <p className="error-note">The simulation failed: {data.error}</p>;
  if (data.status !== "completed" || !data.result) {
    const { done, total } = data.progress;
    return (
      <p role="status" className="progress-line">
        <progress value={done} max={Math.max(total, 1)} aria-label="Simulation progress" /> Simulating:{" "}
        {formatCount(done)} of {formatCount(total)} sessions
      </p>
    );
  }
  const result = data.result;
  const changed = result.transitions.filter((t) => t.from !== t.to);
  return (
    <div className="stack" role="status">
      <p>
        <strong>Simulation complete:</strong> {formatCount(result.sessions)} sessions;{" "}
        {changed.length === 0
          ? "the draft would decide every one as before."
          : `${formatCount(changed.reduce((sum, t) => sum + t.count, 0))} would be decided differently.`}
        {result.skippedLiquidated > 0 && ` ${formatCount(result.skippedLiquidated)} liquidated were skipped.`}
      </p>
      <DataTable
        label="Outcomes now and with the draft"
        columns={["Outcome", "Now", "With the draft"]}
        compact
      >
        {OUTCOMES.map((o) => (
          <tr key={o}>
            <th scope="row">{STATUS_LABELS[o]}</th>
            <td>{formatCount(result.current[o])}</td>
            <td>{formatCount(result.simulated[o])}</td>
          </tr>
        ))}
      </DataTable>
      {changed.length > 0 && (
        <>
          <h3>Transitions</h3>
          <ul className="transitions">
            {changed.map((t) => (
              <li key={`${t.from}>${t.to}`}>
                {STATUS_LABELS[t.from]} → {STATUS_LABELS[t.to]}: <strong>{formatCount(t.count)}</strong>
              </li>
            ))}
          </ul>
          <h3>Samples</h3>
          <DataTable
            label="Sample sessions that would change"
            columns={["Session", "Now", "With the draft", "Reasons with the draft"]}
            compact
          >
            {result.samples.map((s) => (
              <tr key={s.id}>
                <td>
                  <Link href={`/sessions/${s.id}`}>{s.externalId}</Link>
                </td>
                <td>{STATUS_LABELS[s.from]}</td>
                <td>{STATUS_LABELS[s.to]}</td>
                <td>
                  <ReasonList reasons={s.reasons} />
                </td>
              </tr>
            ))}
          </DataTable>
        </>
      )}
    </div>
  );
}
