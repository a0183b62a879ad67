import { Hono } from "hono";
import { listNotificationDeliveries } from "../../domain/deliveries/list-notification-deliveries.ts";
import { listNotifications } from "../../domain/deliveries/list-notifications.ts";
import { consolePage, Pager } from "../kit/index.ts";
import type { ConsoleContext, ConsoleEnv } from "../shell/console-env.ts";
import { requireConsoleRole } from "../shell/require-role.ts";
import { ByChannel, DeliveriesTable, NotificationsTable } from "./view.tsx";

/** The notification log: what each update sent, by state and channel, down to each message. */
export function notificationRoutes(ctx: ConsoleContext) {
  const app = new Hono<ConsoleEnv>();
  const viewer = requireConsoleRole("viewer");

  app.get("/notifications", viewer, async (c) => {
    const notifications = await listNotifications({
      ctx: { deps: ctx.deps, actor: c.get("actor") },
      input: { limit: 100 },
    });
    return consolePage(
      c,
      "Notifications",
      <>
        <p>
          The last 100 notifications, newest first. Confirmation emails are not listed; see each subscriber's
          page for those.
        </p>
        <NotificationsTable notifications={notifications} />
      </>,
    );
  });

  app.get("/notifications/:id", viewer, async (c) => {
    const id = c.req.param("id");
    const after = c.req.query("after")?.slice(0, 64) || undefined;
    const page = await listNotificationDeliveries({
      ctx: { deps: ctx.deps, actor: c.get("actor") },
      input: { id, limit: 100, after },
    });
    const next = page.nextCursor
      ? `/admin/notifications/${encodeURIComponent(id)}?after=${encodeURIComponent(page.nextCursor)}`
      : null;
    return consolePage(
      c,
      "Notification",
      <>
        <p>
          <a href="/admin/notifications">All notifications</a>
        </p>
        <section class="card" aria-labelledby="counts">
          <h2 id="counts">By channel</h2>
          <ByChannel byChannel={page.byChannel} />
        </section>
        <h2>Messages</h2>
        <DeliveriesTable deliveries={page.deliveries} />
        <Pager links={next ? [{ href: next, label: "More messages" }] : []} />
      </>,
    );
  });
  return app;
}
