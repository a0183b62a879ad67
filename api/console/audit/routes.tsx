import { Hono } from "hono";
import { browseAuditLog } from "../../domain/audit/browse-audit-log.ts";
import { consolePage } from "../kit/index.ts";
import type { ConsoleContext, ConsoleEnv } from "../shell/console-env.ts";
import { refusalPage } from "../shell/refusal-page.tsx";
import { requireConsoleRole } from "../shell/require-role.ts";
import { type AuditFilters, AuditView } from "./view.tsx";

const pageSize = 50;

const query = (filters: AuditFilters, before?: number) => {
  const params = new URLSearchParams();
  if (filters.entity_type) params.set("entity_type", filters.entity_type);
  if (filters.actor) params.set("actor", filters.actor);
  if (before !== undefined) params.set("before", String(before));
  const text = params.toString();
  return text ? `/admin/audit?${text}` : "/admin/audit";
};

/**
 * Who changed what and when, with each change's before and after. Editors and owners, as on the
 * API: entries hold on-call contacts' numbers and other people's details.
 */
export function auditRoutes(ctx: ConsoleContext) {
  const app = new Hono<ConsoleEnv>();

  app.get("/audit", requireConsoleRole("editor"), async (c) => {
    const filters: AuditFilters = {
      entity_type: (c.req.query("entity_type") ?? "").trim().slice(0, 64),
      actor: (c.req.query("actor") ?? "").trim().slice(0, 128),
    };
    const beforeText = c.req.query("before");
    const before = beforeText === undefined ? undefined : Number(beforeText);
    if (before !== undefined && !(Number.isSafeInteger(before) && before > 0))
      return refusalPage(
        c,
        400,
        "Bad page link",
        "before: must be an audit entry id (a whole number above 0).",
      );
    const page = await browseAuditLog({
      ctx: { deps: ctx.deps, actor: c.get("actor") },
      input: {
        limit: pageSize,
        before,
        entity_type: filters.entity_type || undefined,
        actor: filters.actor || undefined,
      },
    });
    return consolePage(
      c,
      "Audit log",
      <AuditView
        entries={page.entries}
        actorNames={page.actorNames}
        filters={filters}
        older={page.olderThan === null ? null : query(filters, page.olderThan)}
        newest={before === undefined ? null : query(filters)}
        linkTo={(f) => query({ entity_type: "", actor: "", ...f })}
      />,
    );
  });
  return app;
}
