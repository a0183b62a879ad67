import { Hono } from "hono";
import { listIncidents } from "../../domain/read/load-page.ts";
import { consolePage, numberedPages, Pager, pageNumber } from "../kit/index.ts";
import type { ConsoleContext, ConsoleEnv } from "../shell/console-env.ts";
import { requireConsoleRole } from "../shell/require-role.ts";
import { IncidentTable } from "./list-view.tsx";

const pageSize = 20;

/** Open incidents and drafts first, then the resolved ones a page at a time. */
export function incidentListRoutes(ctx: ConsoleContext) {
  const app = new Hono<ConsoleEnv>();
  app.get("/incidents", requireConsoleRole("viewer"), async (c) => {
    const page = pageNumber(c.req.query("page"));
    const [active, closed] = await Promise.all([
      listIncidents(ctx.deps, {
        kind: "incident",
        statuses: ["investigating", "identified", "monitoring"],
        includeDrafts: true,
        limit: 200,
      }),
      listIncidents(ctx.deps, {
        kind: "incident",
        statuses: ["resolved", "postmortem"],
        includeDrafts: true,
        limit: pageSize + 1,
        offset: (page - 1) * pageSize,
      }),
    ]);
    return consolePage(
      c,
      "Incidents",
      <>
        <p>
          <a href="/admin/incidents/new">Open an incident</a> · <a href="/admin/maintenances">Maintenances</a>
        </p>
        <section class="card" aria-labelledby="active">
          <h2 id="active">Open</h2>
          <IncidentTable
            views={active}
            caption="Open incidents and drafts, newest first"
            empty="No open incident."
          />
        </section>
        <section class="card" aria-labelledby="closed">
          <h2 id="closed">Resolved</h2>
          <IncidentTable
            views={closed.slice(0, pageSize)}
            caption="Resolved incidents, newest first"
            empty="No resolved incident here."
          />
          <Pager
            label="Resolved incidents"
            {...numberedPages("/admin/incidents", page, closed.length > pageSize)}
          />
        </section>
      </>,
    );
  });

  return app;
}
