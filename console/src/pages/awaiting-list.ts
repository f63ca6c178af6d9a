import type { QueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../api/client";

/** The filters of the Awaiting Action list, as the page's URL holds them (so that a filtered list can be bookmarked). */
export function readAwaitingFilters(params: URLSearchParams) {
  const claimed = params.get("claimed");
  return {
    reason: params.get("reason") || undefined,
    claimed: claimed === "true" ? true : claimed === "false" ? false : undefined,
    overdue: params.get("overdue") === "true" ? true : undefined,
    q: params.get("q") || undefined,
  };
}
export type AwaitingFilters = ReturnType<typeof readAwaitingFilters>;

export const awaitingListKey = (filters: AwaitingFilters) => ["awaiting-action", filters] as const;

export const readAwaitingPage = (filters: AwaitingFilters, cursor: string | undefined) =>
  unwrap(api.GET("/v1/awaiting-action", { params: { query: { ...filters, cursor } } }));

/**
 * Asks for the list's first page at once, beside the sign-in check, when the console opens on
 * Awaiting Action: the reviewer's first page shows one round trip sooner.
 */
export function prefetchAwaitingList(queryClient: QueryClient, params: URLSearchParams): Promise<void> {
  const filters = readAwaitingFilters(params);
  return queryClient.prefetchInfiniteQuery({
    queryKey: awaitingListKey(filters),
    queryFn: ({ pageParam }) => readAwaitingPage(filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}
