import { Hono } from "hono";
import { listDisabled } from "../../domain/subscribers/list-disabled.ts";
import { listSuppressed } from "../../domain/subscribers/list-suppressed.ts";
import { consolePage, Pager, When } from "../kit/index.ts";
import type { ConsoleContext, ConsoleEnv } from "../shell/console-env.ts";
import { requireConsoleRole } from "../shell/require-role.ts";

interface Row {
  id: string;
  channel: string;
  address: string;
  reason: string | null;
  at: Date;
}

function AddressTable({ rows, when, next }: { rows: Row[]; when: string; next: string | null }) {
  return (
    <div class="card table-wrap">
      {rows.length === 0 ? (
        <p class="muted">None.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Address</th>
              <th scope="col">Why</th>
              <th scope="col">{when}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <td>
                  <a href={`/admin/subscribers/${r.id}`}>{r.address}</a>
                  <br />
                  <span class="muted">{r.channel}</span>
                </td>
                <td>{r.reason ?? "not recorded"}</td>
                <td>
                  <When at={r.at} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager links={next ? [{ href: next, label: "More" }] : []} />
    </div>
  );
}

const pageSize = 100;

/** Who gets nothing any more, and why: suppressed addresses and disabled endpoints. */
export function subscriberListRoutes(ctx: ConsoleContext) {
  const app = new Hono<ConsoleEnv>();
  const viewer = requireConsoleRole("viewer");
  const after = (value: string | undefined) => value?.slice(0, 64) || undefined;

  app.get("/subscribers/suppressed", viewer, async (c) => {
    const page = await listSuppressed({
      ctx: { deps: ctx.deps, actor: c.get("actor") },
      input: {
        limit: pageSize,
        after: after(c.req.query("after")),
      },
    });
    const rows = page.subscribers.map((s) => ({ ...s, at: s.suppressedAt }));
    const next =
      page.nextCursor && `/admin/subscribers/suppressed?after=${encodeURIComponent(page.nextCursor)}`;
    return consolePage(
      c,
      "Suppressed addresses",
      <>
        <p>
          Addresses that bounced hard or complained: nothing is sent to them again.{" "}
          <a href="/admin/subscribers">All subscribers</a>
        </p>
        <AddressTable rows={rows} when="Suppressed" next={next} />
      </>,
    );
  });

  app.get("/subscribers/disabled", viewer, async (c) => {
    const page = await listDisabled({
      ctx: { deps: ctx.deps, actor: c.get("actor") },
      input: {
        limit: pageSize,
        after: after(c.req.query("after")),
      },
    });
    const rows = page.subscribers.map((s) => ({ ...s, address: s.url, at: s.disabledAt }));
    const next =
      page.nextCursor && `/admin/subscribers/disabled?after=${encodeURIComponent(page.nextCursor)}`;
    return consolePage(
      c,
      "Disabled endpoints",
      <>
        <p>
          Webhook and chat endpoints that failed for a day: the notifier stopped sending to them.{" "}
          <a href="/admin/subscribers">All subscribers</a>
        </p>
        <AddressTable rows={rows} when="Disabled" next={next} />
      </>,
    );
  });
  return app;
}
