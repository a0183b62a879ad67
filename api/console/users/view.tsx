import type { Role } from "../../domain/types.ts";
import { roles } from "../../domain/types.ts";
import type { UserInfo } from "../../domain/users/user-store.ts";
import { NewPasswordFields } from "../account/password-fields.tsx";
import { asSentence, CsrfField, Field, FormError, Table, When } from "../kit/index.ts";

const roleHelp: Record<Role, string> = {
  viewer: "viewer: reads everything, changes nothing",
  editor: "editor: posts incidents and maintenances, edits the page",
  owner: "owner: also manages users, roles and API tokens",
};

function RoleSelect({
  name,
  value,
  label,
  describedBy,
}: {
  name: string;
  value: Role;
  label?: string;
  describedBy?: string;
}) {
  return (
    <select
      name={name}
      id={label ? undefined : `f-${name}`}
      aria-label={label}
      aria-describedby={describedBy}
    >
      {roles.map((r) => (
        <option value={r} selected={r === value}>
          {r}
        </option>
      ))}
    </select>
  );
}

function UserRow({ user, csrfToken, self }: { user: UserInfo; csrfToken: string; self: boolean }) {
  return (
    <tr>
      <td>
        {user.name}
        {self && " (you)"}
        <br />
        <span class="muted">{user.email}</span>
      </td>
      <td>
        <form method="post" action={`/admin/users/${user.id}`} class="inline">
          <CsrfField token={csrfToken} />
          <RoleSelect name="role" value={user.role} label={`Role of ${user.name}`} />
          <button type="submit" class="secondary">
            Save role
          </button>
        </form>
      </td>
      <td>
        {user.disabledAt ? <span class="badge bad">disabled</span> : <span class="badge good">active</span>}
        <br />
        <span class="muted">
          last sign-in <When at={user.lastLoginAt} />
        </span>
      </td>
      <td>
        <form method="post" action={`/admin/users/${user.id}`} class="inline">
          <CsrfField token={csrfToken} />
          <input type="hidden" name="disabled" value={user.disabledAt ? "false" : "true"} />
          <button type="submit" class={user.disabledAt ? "secondary" : "danger"}>
            {user.disabledAt ? `Enable ${user.name}` : `Disable ${user.name}`}
          </button>
        </form>
      </td>
    </tr>
  );
}

export interface UsersPageProps {
  users: UserInfo[];
  selfId: string;
  csrfToken: string;
  values?: { email: string; name: string; role: Role };
  errors?: Record<string, string>;
}

export function UsersPage({ users, selfId, csrfToken, values, errors = {} }: UsersPageProps) {
  return (
    <>
      <p>
        People who sign in to this console. API tokens for scripts are under{" "}
        <a href="/admin/tokens">API tokens</a>.
      </p>
      <Table
        card
        caption={`${users.length} user${users.length === 1 ? "" : "s"}`}
        columns={["User", "Role", "State", "Access"]}
      >
        {users.map((u) => (
          <UserRow user={u} csrfToken={csrfToken} self={u.id === selfId} />
        ))}
      </Table>
      <form method="post" action="/admin/users" class="card" aria-labelledby="new-user">
        <h2 id="new-user">Add a user</h2>
        <FormError errors={errors} />
        <CsrfField token={csrfToken} />
        <Field
          label="Email"
          name="email"
          type="email"
          value={values?.email}
          autocomplete="off"
          error={errors.email}
        />
        <Field label="Name" name="name" value={values?.name} autocomplete="off" error={errors.name} />
        <label for="f-role">Role</label>
        <ul class="hint" id="f-role-hint">
          {roles.map((r) => (
            <li>{roleHelp[r]}</li>
          ))}
        </ul>
        {errors.role && (
          <p class="notice error" id="f-role-error">
            {asSentence("Role", errors.role)}
          </p>
        )}
        <RoleSelect
          name="role"
          value={values?.role ?? "editor"}
          describedBy={errors.role ? "f-role-hint f-role-error" : "f-role-hint"}
        />
        <NewPasswordFields
          label="First password"
          name="password"
          hint="At least 12 characters. Give it to them safely; they can change it under Your account."
          errors={errors}
        />
        <div class="actions">
          <button type="submit">Add user</button>
        </div>
      </form>
    </>
  );
}
