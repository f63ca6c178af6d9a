import { api, unwrap } from "../api/client";
import { ErrorNote } from "../components/ErrorNote";
import { ExportButton } from "../components/ExportButton";
import { usePagedList } from "../components/PagedList";
import { PageHeader } from "../components/PageHeader";
import { SessionTable } from "../components/SessionTable";
import { ShowMore } from "../components/ShowMore";

/** The rejected sessions, newest first. */
export function RejectionsPage() {
  const list = usePagedList(["rejections"], (cursor) =>
    unwrap(api.GET("/v1/rejections", { params: { query: { cursor } } })),
  );
  return (
    <>
      <PageHeader title="Rejections">
        <button type="button" onClick={() => list.refetch()} disabled={list.isFetching}>
          Refresh
        </button>
        <ExportButton request={{ list: "rejections" }} />
      </PageHeader>
      <ErrorNote error={list.error} />
      {list.isPending ? (
        <p className="muted">Loading…</p>
      ) : list.items.length === 0 ? (
        <p className="empty">No session has been rejected.</p>
      ) : (
        <SessionTable label="Rejected sessions" sessions={list.items} />
      )}
      <ShowMore list={list} />
    </>
  );
}
