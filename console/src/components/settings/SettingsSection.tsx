import type { FormEvent, ReactNode } from "react";
import { ErrorNote } from "../ErrorNote";
import type { SettingsChange } from "./useSettings";
import { useSaveSettings } from "./useSettings";

/** A card of the settings page: a form that saves its one section, with its own button and outcome. */
export function SettingsSection({
  title,
  saveLabel,
  read,
  children,
  after,
}: {
  title: string;
  saveLabel: string;
  read: (form: FormData) => SettingsChange;
  children: ReactNode;
  after?: (saved: ReturnType<typeof useSaveSettings>["data"]) => ReactNode;
}) {
  const save = useSaveSettings();
  const id = `settings-${title.toLowerCase().replace(/[^a-z]+/g, "-")}`;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    save.mutate(read(new FormData(event.currentTarget)));
  };
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <form className="stack" onSubmit={submit}>
        {children}
        <ErrorNote error={save.error} />
        {save.isSuccess && (
          <p role="status" className="saved">
            Saved.
          </p>
        )}
        <div>
          <button type="submit" className="button--primary" disabled={save.isPending}>
            {saveLabel}
          </button>
        </div>
      </form>
      {after?.(save.data)}
    </section>
  );
}
