import { useMutation } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { Link, useLocation, useSearchParams } from "wouter";
import { api, unwrapWithStatus } from "../api/client";
import { DataTable } from "../components/DataTable";
import { ErrorNote } from "../components/ErrorNote";
import { ExportButton } from "../components/ExportButton";
import { usePagedList } from "../components/PagedList";
import { PageHeader } from "../components/PageHeader";
import { ReasonList } from "../components/ReasonList";
import { ReviewReasonSelect } from "../components/ReviewReasonSelect";
import { ShowMore } from "../components/ShowMore";
import { useShortcuts } from "../components/useShortcuts";
import { actorName, ageOf, formatDuration, MEDIA_LABELS, personName } from "../format";
import { awaitingListKey, readAwaitingFilters, readAwaitingPage } from "./awaiting-list";

/** The sessions parked for a person, oldest first, with the next free one a click away. */
export function AwaitingActionPage() {
  const [params, setParams] = useSearchParams();
  const [, navigate] = useLocation();
  const filters = readAwaitingFilters(params);
  const list = usePagedList(awaitingListKey(filters), (cursor) => readAwaitingPage(filters, cursor));
  const next = useMutation({
    mutationFn: () => unwrapWithStatus(api.POST("/v1/awaiting-action/next", { params: { query: {} } })),
    onSuccess: ({ data, status }) => {
      if (status === 200 && data) navigate(`/sessions/${data.id}`);
    },
  });

  useShortcuts({ n: () => next.mutate() });

  const applyFilters = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    for (const name of ["q", "reason", "claimed"]) {
      const value = String(form.get(name) ?? "").trim();
      if (value) next.set(name, value);
    }
    if (form.get("overdue")) next.set("overdue", "true");
    setParams(next);
  };

  return (
    <>
      <PageHeader title="Awaiting Action">
        <button
          type="button"
          className="button--primary"
          onClick={() => next.mutate()}
          disabled={next.isPending}
        >
          Next session
        </button>
        <button type="button" onClick={() => list.refetch()} disabled={list.isFetching}>
          Refresh
        </button>
        <ExportButton request={{ list: "awaiting_action" }} />
      </PageHeader>
      {next.data?.status === 204 && (
        <p role="status" className="note">
          No session is waiting that no one holds.
        </p>
      )}
      <ErrorNote error={next.error} />

      <form className="filters" onSubmit={applyFilters} aria-label="Filters">
        <label className="field">
          <span>Search</span>
          <input
            type="search"
            name="q"
            defaultValue={filters.q ?? ""}
            placeholder="Name, document, external id"
          />
        </label>
        <ReviewReasonSelect current={filters.reason} />
        <label className="field">
          <span>Claimed</span>
          <select name="claimed" defaultValue={params.get("claimed") ?? ""}>
            <option value="">Any</option>
            <option value="false">No one holds it</option>
            <option value="true">Held by someone</option>
          </select>
        </label>
        <label className="checkbox">
          <input type="checkbox" name="overdue" defaultChecked={filters.overdue === true} /> Overdue only
        </label>
        <button type="submit">Apply filters</button>
      </form>

      <ErrorNote error={list.error} />
      {list.isPending ? (
        <p className="muted">Loading…</p>
      ) : list.items.length === 0 ? (
        <p className="empty">No session is awaiting action{params.size > 0 ? " with these filters" : ""}.</p>
      ) : (
        <DataTable
          label="Sessions awaiting action"
          columns={["Session", "Person", "Reasons", "Waiting", "Claimed by", "Evidence"]}
        >
          {list.items.map((session) => (
            <tr key={session.id}>
              <td>
                <Link href={`/sessions/${session.id}`}>{session.externalId}</Link>
                {session.attempt > 1 && <span className="muted"> · attempt {session.attempt}</span>}
              </td>
              <td>{personName(session)}</td>
              <td>
                <ReasonList reasons={session.decision?.reasons ?? []} />
              </td>
              <td>
                {formatDuration(ageOf(session.decision?.decidedAt ?? session.createdAt))}
                {session.overdue && <span className="tag tag--rejected">Overdue</span>}
              </td>
              <td>{session.claim ? actorName(session.claim.by) : <span className="muted">no one</span>}</td>
              <td>
                {session.media.length === 0 ? (
                  <span className="muted">none</span>
                ) : (
                  session.media.map((entry) => MEDIA_LABELS[entry.kind]).join(", ")
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <ShowMore list={list} />
      <p className="shortcuts">
        Shortcut: <kbd>n</kbd> opens the next session no one holds (not while you type in a field).
      </p>
    </>
  );
}
