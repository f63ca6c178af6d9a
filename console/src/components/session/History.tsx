import { actorName, formatDateTime, formatValue, type SessionWithHistory } from "../../format";

const TYPE_LABELS: Record<string, string> = {
  submitted: "Submitted",
  decided: "Decided",
  claimed: "Claimed",
  released: "Released",
  note: "Note",
  proposed: "Proposed",
  proposal_declined: "Proposal declined",
  proposal_lapsed: "Proposal lapsed",
  resolved: "Resolved",
  resubmission_requested: "Resubmission requested",
  liquidated: "Liquidated",
};

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T/;
const detailValue = (value: unknown) =>
  Array.isArray(value)
    ? value.join(", ") || "—"
    : typeof value === "string" && ISO_TIME.test(value)
      ? formatDateTime(value)
      : formatValue(value);

/** What a detail of a history entry says, in a line: the note's text, the outcome and reasons. */
function describe(details: Record<string, unknown>): string {
  const { text, note, ...rest } = details;
  const parts = Object.entries(rest)
    .filter(([name, value]) => name !== "handlingMs" && value !== null && value !== undefined)
    .map(([name, value]) => `${name}: ${detailValue(value)}`);
  const said = text ?? note;
  return [typeof said === "string" ? `“${said}”` : "", ...parts].filter(Boolean).join(" · ");
}

/** The session's history, notes among it, oldest first. */
export function History({ session }: { session: SessionWithHistory }) {
  if (session.history.length === 0) return <p className="muted">Nothing yet.</p>;
  return (
    <ol className="history">
      {session.history.map((entry, index) => (
        // entries have no id; their order never changes
        // biome-ignore lint/suspicious/noArrayIndexKey: the history is append-only
        <li key={index} className={entry.type === "note" ? "history__note" : undefined}>
          <div className="history__head">
            <strong>{TYPE_LABELS[entry.type] ?? entry.type}</strong>
            <span className="muted">
              {actorName(entry.actor)} · <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
            </span>
          </div>
          {describe(entry.details) && <p className="history__details">{describe(entry.details)}</p>}
        </li>
      ))}
    </ol>
  );
}
