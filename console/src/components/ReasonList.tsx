/** A session's reasons (the codes of the rules that fired), each as a tag. */
export function ReasonList({ reasons }: { reasons: readonly string[] }) {
  if (reasons.length === 0) return <span className="muted">—</span>;
  return (
    <span className="reasons">
      {reasons.map((reason) => (
        <code key={reason} className="reason">
          {reason}
        </code>
      ))}
    </span>
  );
}
