import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { api, unwrap } from "../api/client";
import { DataTable } from "../components/DataTable";
import { ErrorNote } from "../components/ErrorNote";
import { PageHeader } from "../components/PageHeader";
import { formatDateTime } from "../format";

const KEYS = ["api-keys"] as const;
type KeyRole = "integrator" | "agent" | "master";

/** The company's API keys, for programs: create one (its key shown this once), delete one. */
export function ApiKeysPage() {
  const queryClient = useQueryClient();
  const keys = useQuery({ queryKey: KEYS, queryFn: () => unwrap(api.GET("/v1/api-keys")) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: KEYS });
  const create = useMutation({
    mutationFn: (body: { name: string; role: KeyRole }) => unwrap(api.POST("/v1/api-keys", { body })),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/v1/api-keys/{id}", { params: { path: { id } } })),
    onSuccess: refresh,
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const role = String(data.get("role"));
    create.mutate({
      name: String(data.get("name")).trim(),
      role: role === "master" || role === "agent" ? role : "integrator",
    });
    event.currentTarget.reset();
  };
  return (
    <>
      <PageHeader title="API keys" />
      <section className="card" aria-labelledby="new-key-title">
        <h2 id="new-key-title">New key</h2>
        <form className="form-grid" onSubmit={submit}>
          <label className="field">
            <span>Name</span>
            <input name="name" required autoComplete="off" placeholder="e.g. checkout" />
          </label>
          <label className="field">
            <span>Role</span>
            <select name="role" defaultValue="integrator">
              <option value="integrator">integrator</option>
              <option value="agent">agent</option>
              <option value="master">master</option>
            </select>
          </label>
          <div>
            <button type="submit" className="button--primary" disabled={create.isPending}>
              Create key
            </button>
          </div>
        </form>
        <ErrorNote error={create.error} />
        {create.data && (
          <div role="status" className="note">
            <p>
              The key of <strong>{create.data.name}</strong>, shown this once: copy it now.
            </p>
            <code className="secret">{create.data.key}</code>
          </div>
        )}
      </section>
      <ErrorNote error={keys.error ?? remove.error} />
      {keys.data && (
        <DataTable label="API keys" columns={["Name", "Role", "Created", { hidden: "Actions" }]}>
          {keys.data.items.map((key) => (
            <tr key={key.id}>
              <th scope="row">{key.name}</th>
              <td>{key.role}</td>
              <td>{formatDateTime(key.createdAt)}</td>
              <td>
                <button
                  type="button"
                  className="button--quiet"
                  onClick={() => {
                    // a deleted key stops working at once, for good
                    if (window.confirm(`Delete the key ${key.name}? Programs using it stop working at once.`))
                      remove.mutate(key.id);
                  }}
                  disabled={remove.isPending}
                >
                  Delete {key.name}
                </button>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
