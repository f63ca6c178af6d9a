import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useRef } from "react";
import { api, type Role, type User, unwrap } from "../api/client";
import { DataTable } from "../components/DataTable";
import { ErrorNote } from "../components/ErrorNote";
import { PageHeader } from "../components/PageHeader";
import { formatDateTime } from "../format";
import { useSignedInUser } from "../signed-in-user";

const USERS_KEY = ["users"] as const;

/** The company's people: create one, change a role, deactivate or reactivate. */
export function UsersPage() {
  const queryClient = useQueryClient();
  const users = useQuery({ queryKey: USERS_KEY, queryFn: () => unwrap(api.GET("/v1/users")) });
  const form = useRef<HTMLFormElement>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: USERS_KEY });
  const create = useMutation({
    mutationFn: (body: { email: string; name: string; role: Role; password: string }) =>
      unwrap(api.POST("/v1/users", { body })),
    onSuccess: () => {
      form.current?.reset();
      return refresh();
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    create.mutate({
      email: String(data.get("email")).trim(),
      name: String(data.get("name")).trim(),
      role: data.get("role") === "master" ? "master" : "agent",
      password: String(data.get("password")),
    });
  };
  return (
    <>
      <PageHeader title="Users" />
      <section className="card" aria-labelledby="new-user-title">
        <h2 id="new-user-title">New user</h2>
        <form ref={form} className="form-grid" onSubmit={submit}>
          <label className="field">
            <span>Name</span>
            <input name="name" required autoComplete="off" />
          </label>
          <label className="field">
            <span>Email</span>
            <input name="email" type="email" required autoComplete="off" />
          </label>
          <label className="field">
            <span>Role</span>
            <select name="role" defaultValue="agent">
              <option value="agent">agent</option>
              <option value="master">master</option>
            </select>
          </label>
          <label className="field">
            <span>Password</span>
            <input name="password" type="password" minLength={12} required autoComplete="new-password" />
            <small className="muted">12 characters or more; tell it to the person yourself.</small>
          </label>
          <div>
            <button type="submit" className="button--primary" disabled={create.isPending}>
              Create user
            </button>
          </div>
        </form>
        <ErrorNote error={create.error} />
        {create.data && <p role="status">{create.data.name} can sign in now.</p>}
      </section>
      <ErrorNote error={users.error} />
      {users.data && (
        <DataTable
          label="Users"
          columns={["Name", "Email", "Role", "Two-factor", "Status", "Created", { hidden: "Actions" }]}
        >
          {users.data.items.map((user) => (
            <UserRow key={user.id} user={user} onChanged={refresh} />
          ))}
        </DataTable>
      )}
    </>
  );
}

function UserRow({ user, onChanged }: { user: User; onChanged: () => unknown }) {
  const me = useSignedInUser();
  const change = useMutation({
    mutationFn: (body: { role?: Role; active?: boolean }) =>
      unwrap(api.PATCH("/v1/users/{id}", { params: { path: { id: user.id } }, body })),
    onSuccess: onChanged,
  });
  const self = user.id === me.id;
  return (
    <tr>
      <th scope="row">
        {user.name}
        {self && <span className="muted"> (you)</span>}
      </th>
      <td>{user.email}</td>
      <td>
        <label>
          <span className="visually-hidden">Role of {user.name}</span>
          <select
            value={user.role}
            disabled={self || change.isPending}
            onChange={(event) =>
              change.mutate({ role: event.target.value === "master" ? "master" : "agent" })
            }
          >
            <option value="agent">agent</option>
            <option value="master">master</option>
          </select>
        </label>
      </td>
      <td>{user.twoFactor ? "enrolled" : "—"}</td>
      <td>{user.active ? "active" : <span className="tag tag--rejected">deactivated</span>}</td>
      <td>{formatDateTime(user.createdAt)}</td>
      <td>
        {!self && (
          <button
            type="button"
            onClick={() => change.mutate({ active: !user.active })}
            disabled={change.isPending}
          >
            {user.active ? `Deactivate ${user.name}` : `Reactivate ${user.name}`}
          </button>
        )}
        <ErrorNote error={change.error} />
      </td>
    </tr>
  );
}
