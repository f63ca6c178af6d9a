import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { api, unwrap } from "../api/client";

export const AWAITING_COUNT_KEY = ["awaiting-count"] as const;

/**
 * How many sessions wait for a person: the first value from `GET /v1/awaiting-action/count`, then
 * each `awaiting_action.count` event of `/v1/events`. A `session.updated` event refreshes what
 * shows that session (the browser's EventSource reconnects by itself, with Last-Event-ID).
 */
export function useAwaitingCount() {
  const queryClient = useQueryClient();
  const count = useQuery({
    queryKey: AWAITING_COUNT_KEY,
    queryFn: () => unwrap(api.GET("/v1/awaiting-action/count")),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const streaming = count.isSuccess;
  useEffect(() => {
    if (!streaming) return;
    const events = new EventSource("/v1/events", { withCredentials: true });
    const refresh = { cancelRefetch: false };
    events.addEventListener("awaiting_action.count", (event) => {
      const { count: next } = JSON.parse(event.data) as { count: number };
      queryClient.setQueryData(AWAITING_COUNT_KEY, { count: next });
      void queryClient.invalidateQueries({ queryKey: ["awaiting-action"] }, refresh);
    });
    events.addEventListener("session.updated", (event) => {
      const { id } = JSON.parse(event.data) as { id: string };
      void queryClient.invalidateQueries({ queryKey: ["session", id] }, refresh);
    });
    return () => events.close();
  }, [streaming, queryClient]);
  return count;
}

/** The live badge: its accessible name is exactly `N awaiting action`. */
export function AwaitingBadge({ count }: { count: number | undefined }) {
  if (count === undefined) return null;
  const label = `${count} awaiting action`;
  return (
    <span role="status" aria-label={label} className={count > 0 ? "badge badge--accent" : "badge"}>
      <strong>{count}</strong> awaiting action
    </span>
  );
}
