import { useInfiniteQuery } from "@tanstack/react-query";

interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}

/** A list read page by page by its `nextCursor`; `items` holds every page read so far. */
export function usePagedList<T>(
  key: readonly unknown[],
  read: (cursor: string | undefined) => Promise<Page<T>>,
) {
  const query = useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam }) => read(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = query.data?.pages.flatMap((page) => page.items) ?? [];
  return { ...query, items };
}
