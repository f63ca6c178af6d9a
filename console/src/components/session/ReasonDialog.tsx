import type { FormEvent } from "react";
import { Dialog } from "../Dialog";
import { ErrorNote } from "../ErrorNote";
import { ReasonSelect } from "../ReasonSelect";

/** A dialog asking for a rejection reason and an optional note: to reject, or to ask for a resubmission. */
export function ReasonDialog({
  open,
  title,
  confirmLabel,
  onConfirm,
  onClose,
  pending,
  error,
}: {
  open: boolean;
  title: string;
  confirmLabel: string;
  onConfirm: (choice: { reason: string; note?: string }) => void;
  onClose: () => void;
  pending: boolean;
  error: unknown;
}) {
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const note = String(form.get("note") ?? "").trim();
    onConfirm({ reason: String(form.get("reason")), ...(note ? { note } : {}) });
  };
  return (
    <Dialog open={open} onClose={onClose} title={title}>
      <form className="stack" onSubmit={submit}>
        <h2>{title}</h2>
        <ReasonSelect />
        <label className="field">
          <span>Note (optional)</span>
          <textarea name="note" rows={3} />
        </label>
        <ErrorNote error={error} />
        <div className="button-row">
          <button type="submit" className="button--danger" disabled={pending}>
            {confirmLabel}
          </button>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  );
}
