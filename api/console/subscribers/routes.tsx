import { Hono } from "hono";
import { hasRole } from "../../domain/authorize.ts";
import { DomainError } from "../../domain/errors.ts";
import { getSubscriber } from "../../domain/subscribers/get-subscriber.ts";
import { searchSubscribers } from "../../domain/subscribers/search-subscribers.ts";
import { unsubscribeSubscriber } from "../../domain/subscribers/unsubscribe-subscriber.ts";
import { consolePage, redirectWithNotice } from "../kit/index.ts";
import type { ConsoleContext, ConsoleEnv } from "../shell/console-env.ts";
import { requireConsoleRole } from "../shell/require-role.ts";
import { SearchPage, SubscriberPage } from "./view.tsx";

/** Finding a subscriber by address, its history, and ending its subscription. */
export function subscriberRoutes(ctx: ConsoleContext) {
  const app = new Hono<ConsoleEnv>();
  const viewer = requireConsoleRole("viewer");
  const editor = requireConsoleRole("editor");

  app.get("/subscribers", viewer, async (c) => {
    const q = (c.req.query("q") ?? "").slice(0, 254);
    const after = c.req.query("after")?.slice(0, 64) || undefined;
    const found = await searchSubscribers({
      ctx: { deps: ctx.deps, actor: c.get("actor") },
      input: { q, limit: 50, after },
    });
    return consolePage(
      c,
      "Subscribers",
      <SearchPage
        q={q}
        found={found.subscribers}
        nextCursor={found.nextCursor}
        canEdit={hasRole(c.get("actor"), "editor")}
      />,
    );
  });

  app.get("/subscribers/:id", viewer, async (c) => {
    const before = c.req.query("before")?.slice(0, 100) || undefined;
    const detail = await getSubscriber({
      ctx: { deps: ctx.deps, actor: c.get("actor") },
      input: { id: c.req.param("id"), limit: 50, before },
    });
    return consolePage(
      c,
      detail.subscriber.address,
      <SubscriberPage
        detail={detail}
        canEdit={hasRole(c.get("actor"), "editor")}
        csrfToken={c.get("csrfToken")}
      />,
    );
  });

  app.post("/subscribers/:id/unsubscribe", editor, async (c) => {
    const id = c.req.param("id");
    try {
      const row = await unsubscribeSubscriber({
        ctx: { deps: ctx.deps, actor: c.get("actor") },
        input: { id },
      });
      return redirectWithNotice(c, `/admin/subscribers/${id}`, `${row.address} is unsubscribed.`);
    } catch (error) {
      if (error instanceof DomainError && error.code === "invalid_transition")
        return redirectWithNotice(c, `/admin/subscribers/${id}`, error.message, "error");
      throw error;
    }
  });
  return app;
}
