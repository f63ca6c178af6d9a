import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";

export function useRejectionReasons() {
  return useQuery({
    queryKey: ["rejection-reasons"],
    queryFn: () => unwrap(api.GET("/v1/rejection-reasons")),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** The select `Reason`: Verdict's rejection reasons, grouped as Verdict groups them. */
export function ReasonSelect({ name = "reason" }: { name?: string }) {
  const reasons = useRejectionReasons();
  const groups = new Map<string, string[]>();
  for (const { code, group } of reasons.data?.items ?? [])
    groups.set(group, [...(groups.get(group) ?? []), code]);
  return (
    <label className="field">
      <span>Reason</span>
      <select name={name} required defaultValue="">
        <option value="" disabled>
          {reasons.isPending ? "Loading reasons…" : "Choose a reason"}
        </option>
        {[...groups].map(([group, codes]) => (
          <optgroup key={group} label={group}>
            {codes.map((code) => (
              <option key={code} value={code}>
                {code}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </label>
  );
}
