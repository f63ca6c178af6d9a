import { Link } from "wouter";
import { formatDateTime, personName, type Session } from "../format";
import { DataTable } from "./DataTable";
import { ReasonList } from "./ReasonList";
import { StatusTag } from "./StatusTag";

/** Sessions as a table: who, status, reasons, when submitted and decided. */
export function SessionTable({ label, sessions }: { label: string; sessions: Session[] }) {
  return (
    <DataTable label={label} columns={["Session", "Person", "Status", "Reasons", "Submitted", "Decided"]}>
      {sessions.map((session) => (
        <tr key={session.id}>
          <td>
            <Link href={`/sessions/${session.id}`}>{session.externalId}</Link>
          </td>
          <td>{personName(session)}</td>
          <td>
            <StatusTag status={session.status} />
          </td>
          <td>
            <ReasonList reasons={session.decision?.reasons ?? []} />
          </td>
          <td>{formatDateTime(session.createdAt)}</td>
          <td>{formatDateTime(session.decision?.decidedAt)}</td>
        </tr>
      ))}
    </DataTable>
  );
}
