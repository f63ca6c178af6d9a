import type { FormEvent } from "react";
import { useSearchParams } from "wouter";
import { api, unwrap } from "../api/client";
import { ErrorNote } from "../components/ErrorNote";
import { ExportButton } from "../components/ExportButton";
import { usePagedList } from "../components/PagedList";
import { PageHeader } from "../components/PageHeader";
import { SessionTable } from "../components/SessionTable";
import { ShowMore } from "../components/ShowMore";
import { type Session, STATUS_LABELS } from "../format";

const STATUSES = Object.keys(STATUS_LABELS) as Session["status"][];
const isStatus = (value: string | null): value is Session["status"] =>
  STATUSES.includes(value as Session["status"]);

/** Every session, newest first: search, status and the submission dates as filters in the URL. */
export function SessionsPage() {
  const [params, setParams] = useSearchParams();
  const status = params.get("status");
  const filter = {
    status: isStatus(status) ? status : undefined,
    q: params.get("q") || undefined,
    from: params.get("from") || undefined,
    to: params.get("to") || undefined,
  };
  const list = usePagedList(["sessions", filter], (cursor) =>
    unwrap(api.GET("/v1/sessions", { params: { query: { ...filter, cursor } } })),
  );
  const applyFilters = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    for (const name of ["q", "status", "from", "to"]) {
      const value = String(form.get(name) ?? "").trim();
      if (value) next.set(name, value);
    }
    setParams(next);
  };
  const { q: _q, ...exportFilter } = filter;
  return (
    <>
      <PageHeader title="Sessions">
        <button type="button" onClick={() => list.refetch()} disabled={list.isFetching}>
          Refresh
        </button>
        <ExportButton
          request={{ list: "sessions", filter: { ...exportFilter, ...(filter.q ? { q: filter.q } : {}) } }}
        />
      </PageHeader>
      <form className="filters" onSubmit={applyFilters} aria-label="Filters">
        <label className="field">
          <span>Search</span>
          <input
            type="search"
            name="q"
            defaultValue={filter.q ?? ""}
            placeholder="Name, document, external id"
          />
        </label>
        <label className="field">
          <span>Status</span>
          <select name="status" defaultValue={filter.status ?? ""}>
            <option value="">Any</option>
            {STATUSES.map((value) => (
              <option key={value} value={value}>
                {STATUS_LABELS[value]}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>From</span>
          <input type="date" name="from" defaultValue={filter.from ?? ""} />
        </label>
        <label className="field">
          <span>To</span>
          <input type="date" name="to" defaultValue={filter.to ?? ""} />
        </label>
        <button type="submit">Apply filters</button>
      </form>
      <ErrorNote error={list.error} />
      {list.isPending ? (
        <p className="muted">Loading…</p>
      ) : list.items.length === 0 ? (
        <p className="empty">No session matches.</p>
      ) : (
        <SessionTable label="Sessions" sessions={list.items} />
      )}
      <ShowMore list={list} />
    </>
  );
}
