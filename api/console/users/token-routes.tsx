import { Hono } from "hono";
import { DomainError } from "../../domain/errors.ts";
import { createToken, listTokens, revokeToken, type TokenInfo } from "../../domain/tokens/tokens.ts";
import { type Role, roles } from "../../domain/types.ts";
import { CsrfField, consolePage, Field, readForm, redirectWithNotice, Table, When } from "../kit/index.ts";
import type { ConsoleContext, ConsoleEnv } from "../shell/console-env.ts";
import { requireConsoleRole } from "../shell/require-role.ts";

function TokenRow({ token, csrfToken }: { token: TokenInfo; csrfToken: string }) {
  return (
    <tr>
      <td>
        {token.name}
        <br />
        <code class="muted">{`${token.prefix}…`}</code>
      </td>
      <td>{token.role}</td>
      <td>
        created <When at={token.createdAt} />
        <br />
        <span class="muted">
          last used <When at={token.lastUsedAt} />
        </span>
      </td>
      <td>
        {token.revokedAt ? (
          <span class="badge bad">revoked</span>
        ) : (
          <form method="post" action={`/admin/tokens/${token.id}/revoke`} class="inline">
            <CsrfField token={csrfToken} />
            <button type="submit" class="danger">{`Revoke ${token.name}`}</button>
          </form>
        )}
      </td>
    </tr>
  );
}

interface TokensPageProps {
  tokens: TokenInfo[];
  csrfToken: string;
  created?: { secret: string; info: TokenInfo } | undefined;
  error?: string | undefined;
}

function TokensPage({ tokens, csrfToken, created, error }: TokensPageProps) {
  return (
    <>
      {created && (
        <section class="card" aria-labelledby="created">
          <h2 id="created">{`Token "${created.info.name}" created`}</h2>
          <p>
            Copy it now: it is shown only this once. Send it as{" "}
            <code>Authorization: Bearer &lt;token&gt;</code>.
          </p>
          <p class="secret">{created.secret}</p>
        </section>
      )}
      <p>
        API tokens let scripts call the admin API (<a href="/api/openapi.json">OpenAPI document</a>). People
        sign in as <a href="/admin/users">users</a>.
      </p>
      <Table
        card
        caption={`${tokens.length} token${tokens.length === 1 ? "" : "s"}`}
        columns={["Token", "Role", "Use", "Access"]}
      >
        {tokens.map((t) => (
          <TokenRow token={t} csrfToken={csrfToken} />
        ))}
      </Table>
      <form method="post" action="/admin/tokens" class="card" aria-labelledby="new-token">
        <h2 id="new-token">Create a token</h2>
        {error && (
          <p class="notice error" role="alert">
            {error}
          </p>
        )}
        <CsrfField token={csrfToken} />
        <Field label="Name" name="name" hint="What uses it, e.g. deploy script." autocomplete="off" />
        <label for="f-role">Role</label>
        <select name="role" id="f-role">
          {roles.map((r) => (
            <option value={r} selected={r === "editor"}>
              {r}
            </option>
          ))}
        </select>
        <div class="actions">
          <button type="submit">Create token</button>
        </div>
      </form>
    </>
  );
}

/** Owners manage API tokens here with the same verbs as the CLI and the API. */
export function tokenRoutes(ctx: ConsoleContext) {
  const app = new Hono<ConsoleEnv>();
  const owner = requireConsoleRole("owner");
  const page = async (
    c: Parameters<typeof consolePage>[0],
    extra: Partial<TokensPageProps> = {},
    status: 200 | 201 | 422 = 200,
  ) =>
    consolePage(
      c,
      "API tokens",
      <TokensPage
        tokens={await listTokens({ ctx: { deps: ctx.deps, actor: c.get("actor") } })}
        csrfToken={c.get("csrfToken")}
        {...extra}
      />,
      { status },
    );

  app.get("/tokens", owner, (c) => page(c));

  app.post("/tokens", owner, async (c) => {
    const form = await readForm(c);
    const name = form("name").trim();
    const role = form("role");
    if (!name || name.length > 255) return page(c, { error: "Name: must be 1 to 255 characters." }, 422);
    if (!(roles as readonly string[]).includes(role))
      return page(c, { error: `Role: must be one of ${roles.join(", ")}.` }, 422);
    const created = await createToken({
      ctx: { deps: ctx.deps, actor: c.get("actor") },
      input: { name, role: role as Role },
    });
    return page(c, { created: { secret: created.token, info: created.info } }, 201);
  });

  app.post("/tokens/:id/revoke", owner, async (c) => {
    try {
      const info = await revokeToken({
        ctx: { deps: ctx.deps, actor: c.get("actor") },
        input: { id: c.req.param("id") },
      });
      return redirectWithNotice(c, "/admin/tokens", `Token "${info.name}" is revoked.`);
    } catch (error) {
      if (error instanceof DomainError && error.code === "conflict")
        return redirectWithNotice(c, "/admin/tokens", error.message, "error");
      throw error;
    }
  });
  return app;
}
