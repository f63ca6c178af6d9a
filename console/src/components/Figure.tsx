/** One key figure of the dashboard: a label above a large value. */
export function Figure({ label, value }: { label: string; value: string }) {
  return (
    <li className="figure">
      <span className="figure__label">{label}</span>
      <span className="figure__value">{value}</span>
    </li>
  );
}
