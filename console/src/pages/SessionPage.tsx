import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useLocation } from "wouter";
import { api, unwrap, unwrapWithStatus } from "../api/client";
import { download } from "../components/download";
import { ErrorNote } from "../components/ErrorNote";
import { ReasonList } from "../components/ReasonList";
import { StatusTag } from "../components/StatusTag";
import { Checks, ExtraFields, PersonData } from "../components/session/Checks";
import { Evidence } from "../components/session/Evidence";
import { History } from "../components/session/History";
import { NoteForm } from "../components/session/NoteForm";
import { ProposalPanel } from "../components/session/ProposalPanel";
import { ReasonDialog } from "../components/session/ReasonDialog";
import { useShortcuts } from "../components/useShortcuts";
import { actorName, formatDateTime, personName, type SessionWithHistory } from "../format";
import { useSignedInUser } from "../signed-in-user";

type Dialogs = "reject" | "resubmission" | undefined;

const SHORTCUTS: [string, string][] = [
  ["c", "Claim"],
  ["a", "Approve"],
  ["r", "Reject"],
  ["s", "Request resubmission"],
  ["n", "Next session"],
];

/** One session: its evidence and checks beside what a reviewer does with it. */
export function SessionPage({ params }: { params: { id: string } }) {
  const { id } = params;
  const me = useSignedInUser();
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const [dialog, setDialog] = useState<Dialogs>();
  const [said, setSaid] = useState<string>();
  const session = useQuery({
    queryKey: ["session", id],
    queryFn: () => unwrap(api.GET("/v1/sessions/{id}", { params: { path: { id } } })),
  });
  const path = { params: { path: { id } } };
  const settle = (next: SessionWithHistory, words: string) => {
    queryClient.setQueryData(["session", id], next);
    void queryClient.invalidateQueries({ queryKey: ["awaiting-action"] });
    setSaid(words);
  };

  const claim = useMutation({
    mutationFn: () => unwrap(api.POST("/v1/sessions/{id}/claim", path)),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ["session", id] });
      setSaid("You hold this session now.");
    },
  });
  const release = useMutation({
    mutationFn: () => unwrap(api.DELETE("/v1/sessions/{id}/claim", path)),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ["session", id] });
      setSaid("You released the session.");
    },
  });
  const resolve = useMutation({
    mutationFn: (body: { outcome: "success" | "rejected"; reason?: string; note?: string }) =>
      unwrapWithStatus(api.POST("/v1/sessions/{id}/resolve", { ...path, body })),
    onSuccess: ({ data, status }, body) => {
      setDialog(undefined);
      settle(
        data,
        status === 202
          ? "Proposed: a second person must approve it before it is final."
          : body.outcome === "success"
            ? "Approved."
            : "Rejected.",
      );
    },
  });
  const resubmission = useMutation({
    mutationFn: (body: { reason: string; note?: string }) =>
      unwrap(api.POST("/v1/sessions/{id}/request-resubmission", { ...path, body })),
    onSuccess: (data) => {
      setDialog(undefined);
      settle(data, "Resubmission requested: the customer is asked to try again.");
    },
  });
  const next = useMutation({
    mutationFn: () => unwrapWithStatus(api.POST("/v1/awaiting-action/next", { params: { query: {} } })),
    onSuccess: ({ data, status }) => {
      if (status === 200 && data) {
        setSaid(undefined);
        navigate(`/sessions/${data.id}`);
      } else setSaid("No session is waiting that no one holds.");
    },
  });

  const current = session.data;
  const parked = current?.status === "awaiting_action";
  const decidable = parked && !current?.proposal;
  const heldByMe = current?.claim?.by.id === me.id;
  const actions = {
    claim: () => parked && !heldByMe && claim.mutate(),
    approve: () => decidable && resolve.mutate({ outcome: "success" }),
    reject: () => decidable && setDialog("reject"),
    resubmission: () => decidable && setDialog("resubmission"),
    next: () => next.mutate(),
  };
  useShortcuts({
    c: actions.claim,
    a: actions.approve,
    r: actions.reject,
    s: actions.resubmission,
    n: actions.next,
  });

  if (session.isPending) return <p className="muted">Loading…</p>;
  if (!current) return <ErrorNote error={session.error} />;
  const error = claim.error ?? release.error ?? resolve.error ?? next.error;

  return (
    <article className="session" aria-labelledby="session-title">
      <div className="page-header">
        <div>
          <p className="muted eyebrow">
            <Link href="/awaiting-action">Back to the queue</Link>
          </p>
          <h1 id="session-title">
            {personName(current)} <span className="muted">· {current.externalId}</span>
          </h1>
          <p className="session__meta">
            <StatusTag status={current.status} /> submitted {formatDateTime(current.createdAt)} · attempt{" "}
            {current.attempt}
            {current.previousAttemptId && (
              <>
                {" · "}
                <Link href={`/sessions/${current.previousAttemptId}`}>Previous attempt</Link>
              </>
            )}
            {current.nextAttemptId && (
              <>
                {" · "}
                <Link href={`/sessions/${current.nextAttemptId}`}>Next attempt</Link>
              </>
            )}
          </p>
        </div>
      </div>

      <div className="toolbar" role="toolbar" aria-label="Session actions">
        {parked &&
          (heldByMe ? (
            <button type="button" onClick={() => release.mutate()} disabled={release.isPending}>
              Release claim
            </button>
          ) : (
            <button type="button" onClick={actions.claim} disabled={claim.isPending}>
              Claim
            </button>
          ))}
        {decidable && (
          <>
            <button
              type="button"
              className="button--primary"
              onClick={actions.approve}
              disabled={resolve.isPending}
            >
              Approve
            </button>
            <button type="button" className="button--danger" onClick={actions.reject}>
              Reject
            </button>
            <button type="button" onClick={actions.resubmission}>
              Request resubmission
            </button>
          </>
        )}
        <button type="button" onClick={() => download(`/v1/sessions/${id}/report.pdf`)}>
          Download PDF
        </button>
        <button type="button" onClick={actions.next} disabled={next.isPending}>
          Next session
        </button>
      </div>
      <p role="status" className="note" hidden={!said}>
        {said}
      </p>
      <ErrorNote error={error} />
      <ProposalPanel session={current} />

      <div className="session__grid">
        <section aria-labelledby="evidence-title" className="card">
          <h2 id="evidence-title">Evidence</h2>
          <Evidence session={current} />
        </section>
        <section aria-labelledby="decision-title" className="card">
          <h2 id="decision-title">Decision</h2>
          <dl className="data-list">
            <div>
              <dt>Reasons</dt>
              <dd>
                <ReasonList reasons={current.decision?.reasons ?? []} />
              </dd>
            </div>
            <div>
              <dt>Decided by</dt>
              <dd>
                {current.decision
                  ? `${current.decision.decidedBy.type === "engine" ? `the condition set, version ${current.decision.ruleSetVersion}` : actorName(current.decision.decidedBy)} · ${formatDateTime(current.decision.decidedAt)}`
                  : "—"}
              </dd>
            </div>
            {current.decision?.approvedBy && (
              <div>
                <dt>Approved by</dt>
                <dd>{actorName(current.decision.approvedBy)}</dd>
              </div>
            )}
            <div>
              <dt>Claimed by</dt>
              <dd>
                {current.claim
                  ? `${actorName(current.claim.by)} until ${formatDateTime(current.claim.expiresAt)}`
                  : "no one"}
              </dd>
            </div>
          </dl>
        </section>
        <section aria-labelledby="checks-title" className="card">
          <h2 id="checks-title">Checks</h2>
          <Checks session={current} />
        </section>
        <section aria-labelledby="person-title" className="card">
          <h2 id="person-title">Person</h2>
          <PersonData session={current} />
          <h3>Extra fields</h3>
          <ExtraFields session={current} />
        </section>
        <section aria-labelledby="history-title" className="card session__history">
          <h2 id="history-title">History and notes</h2>
          <History session={current} />
          <NoteForm sessionId={id} />
        </section>
      </div>

      <aside className="shortcuts" aria-labelledby="shortcuts-title">
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        <ul>
          {SHORTCUTS.map(([key, action]) => (
            <li key={key}>
              <kbd>{key}</kbd> {action}
            </li>
          ))}
        </ul>
        <p className="muted">They do nothing while you type in a field.</p>
      </aside>

      <ReasonDialog
        open={dialog === "reject"}
        title="Reject the session"
        confirmLabel="Confirm rejection"
        onConfirm={(choice) => resolve.mutate({ outcome: "rejected", ...choice })}
        onClose={() => setDialog(undefined)}
        pending={resolve.isPending}
        error={resolve.error}
      />
      <ReasonDialog
        open={dialog === "resubmission"}
        title="Ask the customer to submit again"
        confirmLabel="Confirm resubmission request"
        onConfirm={(choice) => resubmission.mutate(choice)}
        onClose={() => setDialog(undefined)}
        pending={resubmission.isPending}
        error={resubmission.error}
      />
    </article>
  );
}
