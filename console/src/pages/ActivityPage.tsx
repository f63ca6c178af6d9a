import { api, unwrap } from "../api/client";
import { ErrorNote } from "../components/ErrorNote";
import { usePagedList } from "../components/PagedList";
import { PageHeader } from "../components/PageHeader";
import { ShowMore } from "../components/ShowMore";
import { TableScroll } from "../components/TableScroll";
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
        <TableScroll label="Activity">
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">Target</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
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
            </tbody>
          </table>
        </TableScroll>
      )}
      <ShowMore list={list} />
    </>
  );
}
