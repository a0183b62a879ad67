import { Hono } from "hono";
import { listIncidents, loadPage } from "../../domain/read/load-page.ts";
import type { MaintenanceStatus } from "../../domain/types.ts";
import { IncidentTable } from "../incidents/list-view.tsx";
import { consolePage, numberedPages, Pager, pageNumber } from "../kit/index.ts";
import type { ConsoleContext, ConsoleEnv } from "../shell/console-env.ts";
import { requireConsoleRole } from "../shell/require-role.ts";

const pageSize = 20;

/** Maintenances under way, then the next ones, then the past ones a page at a time. */
export function maintenanceListRoutes(ctx: ConsoleContext) {
  const app = new Hono<ConsoleEnv>();
  app.get("/maintenances", requireConsoleRole("viewer"), async (c) => {
    const page = pageNumber(c.req.query("page"));
    const list = (statuses: MaintenanceStatus[], limit: number, offset = 0) =>
      listIncidents(ctx.deps, {
        kind: "maintenance",
        statuses,
        includeDrafts: true,
        limit,
        offset,
        order: statuses[0] === "completed" ? "scheduled" : "scheduled-asc",
      });
    const [{ settings }, running, upcoming, done] = await Promise.all([
      loadPage(ctx.deps),
      list(["in_progress", "verifying"], 200),
      list(["scheduled"], 200),
      list(["completed"], pageSize + 1, (page - 1) * pageSize),
    ]);
    const tz = settings.timeZone;
    return consolePage(
      c,
      "Maintenances",
      <>
        <p>
          <a href="/admin/maintenances/new">Schedule a maintenance</a> ·{" "}
          <a href="/admin/incidents">Incidents</a>
        </p>
        <section class="card" aria-labelledby="running">
          <h2 id="running">Under way</h2>
          <IncidentTable
            views={running}
            caption="Maintenances under way"
            empty="No maintenance under way."
            timeZone={tz}
          />
        </section>
        <section class="card" aria-labelledby="upcoming">
          <h2 id="upcoming">Scheduled</h2>
          <IncidentTable
            views={upcoming}
            caption="Scheduled maintenances, soonest first"
            empty="Nothing scheduled."
            timeZone={tz}
          />
        </section>
        <section class="card" aria-labelledby="done">
          <h2 id="done">Completed</h2>
          <IncidentTable
            views={done.slice(0, pageSize)}
            caption="Completed maintenances, latest first"
            empty="No completed maintenance here."
            timeZone={tz}
          />
          <Pager
            label="Completed maintenances"
            {...numberedPages("/admin/maintenances", page, done.length > pageSize)}
          />
        </section>
      </>,
    );
  });

  return app;
}
