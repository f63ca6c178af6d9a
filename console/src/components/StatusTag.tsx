import { type Session, STATUS_LABELS } from "../format";

export function StatusTag({ status }: { status: Session["status"] }) {
  return <span className={`tag tag--${status}`}>{STATUS_LABELS[status]}</span>;
}
