import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";

/**
 * The Awaiting Action filter `Reason`: the reasons of the live condition set's review rules (those
 * that park a session), and the one in the URL should the set have changed since.
 */
export function ReviewReasonSelect({ current }: { current: string | undefined }) {
  const rules = useQuery({ queryKey: ["rules"], queryFn: () => unwrap(api.GET("/v1/rules")) });
  const reasons = new Set(
    (rules.data?.rules ?? [])
      .filter((rule) => rule.event.type === "review")
      .map((rule) => rule.event.params.reason),
  );
  if (current) reasons.add(current);
  return (
    <label className="field">
      <span>Reason</span>
      <select name="reason" defaultValue={current ?? ""} key={`${current}:${reasons.size}`}>
        <option value="">Any</option>
        {[...reasons].sort().map((reason) => (
          <option key={reason} value={reason}>
            {reason}
          </option>
        ))}
      </select>
    </label>
  );
}
