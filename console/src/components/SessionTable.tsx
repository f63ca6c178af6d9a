import { Link } from "wouter";
import { formatDateTime, personName, type Session } from "../format";
import { ReasonList } from "./ReasonList";
import { StatusTag } from "./StatusTag";
import { TableScroll } from "./TableScroll";

/** Sessions as a table: who, status, reasons, when submitted and decided. */
export function SessionTable({ label, sessions }: { label: string; sessions: Session[] }) {
  return (
    <TableScroll label={label}>
      <table>
        <thead>
          <tr>
            <th scope="col">Session</th>
            <th scope="col">Person</th>
            <th scope="col">Status</th>
            <th scope="col">Reasons</th>
            <th scope="col">Submitted</th>
            <th scope="col">Decided</th>
          </tr>
        </thead>
        <tbody>
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
        </tbody>
      </table>
    </TableScroll>
  );
}
