import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useRef } from "react";
import { api, unwrap } from "../../api/client";
import { ErrorNote } from "../ErrorNote";

/** `Add note`: a note joins the session's history. */
export function NoteForm({ sessionId }: { sessionId: string }) {
  const queryClient = useQueryClient();
  const form = useRef<HTMLFormElement>(null);
  const add = useMutation({
    mutationFn: (text: string) =>
      unwrap(api.POST("/v1/sessions/{id}/notes", { params: { path: { id: sessionId } }, body: { text } })),
    onSuccess: async () => {
      form.current?.reset();
      await queryClient.invalidateQueries({ queryKey: ["session", sessionId] });
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const text = String(new FormData(event.currentTarget).get("text") ?? "").trim();
    if (text) add.mutate(text);
  };
  return (
    <form ref={form} className="stack" onSubmit={submit}>
      <label className="field">
        <span>Note</span>
        <textarea name="text" rows={3} required />
      </label>
      <ErrorNote error={add.error} />
      <div>
        <button type="submit" disabled={add.isPending}>
          Add note
        </button>
      </div>
    </form>
  );
}
