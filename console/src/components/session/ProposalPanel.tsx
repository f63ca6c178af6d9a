import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import { actorName, formatDateTime, type SessionWithHistory } from "../../format";
import { useSignedInUser } from "../../signed-in-user";
import { ErrorNote } from "../ErrorNote";

const OUTCOME_WORDS = { success: "approve", rejected: "reject" } as const;

/** A four-eyes proposal waiting for a second person: they approve or decline it; the proposer waits. */
export function ProposalPanel({ session }: { session: SessionWithHistory }) {
  const me = useSignedInUser();
  const queryClient = useQueryClient();
  const proposal = session.proposal;
  const path = { params: { path: { id: session.id } } };
  const settle = (next: SessionWithHistory) => queryClient.setQueryData(["session", session.id], next);
  const approve = useMutation({
    mutationFn: () => unwrap(api.POST("/v1/sessions/{id}/proposal/approve", path)),
    onSuccess: settle,
  });
  const decline = useMutation({
    mutationFn: () => unwrap(api.POST("/v1/sessions/{id}/proposal/decline", { ...path, body: {} })),
    onSuccess: settle,
  });
  if (!proposal) return null;
  const mine = proposal.by.id === me.id;
  return (
    <section className="proposal" aria-labelledby="proposal-title">
      <h2 id="proposal-title">Proposal waiting for a second person</h2>
      <p>
        {actorName(proposal.by)} proposed to <strong>{OUTCOME_WORDS[proposal.outcome]}</strong> this session
        {proposal.reason ? ` (${proposal.reason})` : ""} on {formatDateTime(proposal.at)}.
        {proposal.note ? ` “${proposal.note}”` : ""}
      </p>
      {mine ? (
        <p className="muted">Another reviewer must approve it before it is final.</p>
      ) : (
        <div className="button-row">
          <button
            type="button"
            className="button--primary"
            onClick={() => approve.mutate()}
            disabled={approve.isPending}
          >
            Approve proposal
          </button>
          <button type="button" onClick={() => decline.mutate()} disabled={decline.isPending}>
            Decline proposal
          </button>
        </div>
      )}
      <ErrorNote error={approve.error ?? decline.error} />
    </section>
  );
}
