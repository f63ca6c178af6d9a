import { api, unwrap } from "../api/client";
import { DataTable } from "../components/DataTable";
import { ErrorNote } from "../components/ErrorNote";
import { usePagedList } from "../components/PagedList";
import { PageHeader } from "../components/PageHeader";
import { ShowMore } from "../components/ShowMore";
import { actorName, formatDateTime } from "../format";

/** The company's activity log, newest first: who changed, decided, viewed or downloaded what. */
export function ActivityPage() {
  const list = usePagedList(["activity"], (cursor) =>
    unwrap(api.GET("/v1/activity", { params: { query: { cursor } } })),
  );
  return (
    <>
      <PageHeader title="Activity">
        <button type="button" onClick={() => list.refetch()} disabled={list.isFetching}>
          Refresh
        </button>
      </PageHeader>
      <ErrorNote error={list.error} />
      {list.isPending ? (
        <p className="muted">Loading…</p>
      ) : list.items.length === 0 ? (
        <p className="empty">Nothing has happened yet.</p>
      ) : (
        <DataTable label="Activity" columns={["When", "Who", "Action", "Target", "Details"]}>
          {list.items.map((entry) => (
            <tr key={entry.id}>
              <td>
                <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
              </td>
              <td>{actorName(entry.actor)}</td>
              <td>
                <code>{entry.action}</code>
              </td>
              <td className="mono">{entry.target ?? "—"}</td>
              <td className="details-cell">
                {Object.keys(entry.details).length > 0 ? JSON.stringify(entry.details) : ""}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <ShowMore list={list} />
    </>
  );
}
