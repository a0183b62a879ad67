import { Hono } from "hono";
import type { Child } from "hono/jsx";
import { type ListIncidentsInput, listIncidents } from "../../domain/read/load-page.ts";
import type { IncidentKind } from "../../domain/types.ts";
import { consolePage, numberedPages, Pager, pageNumber } from "../kit/index.ts";
import type { ConsoleContext, ConsoleEnv } from "../shell/console-env.ts";
import { requireConsoleRole } from "../shell/require-role.ts";
import { IncidentTable } from "./list-view.tsx";

const pageSize = 20;

/** One card of the list: the incidents or maintenances in some statuses. */
interface Shelf {
  id: string;
  heading: string;
  statuses: NonNullable<ListIncidentsInput["statuses"]>;
  order?: ListIncidentsInput["order"];
  caption: string;
  empty: string;
}

/** What the list of one kind shows: the shelves in order; the last one, the past, is paged. */
export interface ListKind {
  kind: IncidentKind;
  section: "incidents" | "maintenances";
  title: string;
  /** The links above the cards. */
  links: Child;
  current: Shelf[];
  past: Shelf & { pagerLabel: string };
  /** Maintenance windows are shown on the page's clocks. */
  windows?: boolean;
}

/** The list of incidents or maintenances: what is current in full, then the past a page at a time. */
export function listRoutes(ctx: ConsoleContext, spec: ListKind) {
  const app = new Hono<ConsoleEnv>();
  app.get(`/${spec.section}`, requireConsoleRole("viewer"), async (c) => {
    const page = pageNumber(c.req.query("page"));
    const list = (shelf: Shelf, limit: number, offset?: number) =>
      listIncidents(ctx.deps, {
        kind: spec.kind,
        statuses: shelf.statuses,
        includeDrafts: true,
        limit,
        ...(offset === undefined ? {} : { offset }),
        ...(shelf.order ? { order: shelf.order } : {}),
      });
    const [past, ...current] = await Promise.all([
      list(spec.past, pageSize + 1, (page - 1) * pageSize),
      ...spec.current.map((shelf) => list(shelf, 200)),
    ]);
    const timeZone = spec.windows ? c.get("timeZone") : undefined;
    const card = (shelf: Shelf, views: Awaited<ReturnType<typeof list>>, pager?: Child) => (
      <section class="card" aria-labelledby={shelf.id}>
        <h2 id={shelf.id}>{shelf.heading}</h2>
        <IncidentTable views={views} caption={shelf.caption} empty={shelf.empty} timeZone={timeZone} />
        {pager}
      </section>
    );
    return consolePage(
      c,
      spec.title,
      <>
        <p>{spec.links}</p>
        {spec.current.map((shelf, i) => card(shelf, current[i] ?? []))}
        {card(
          spec.past,
          past.slice(0, pageSize),
          <Pager
            label={spec.past.pagerLabel}
            {...numberedPages(`/admin/${spec.section}`, page, past.length > pageSize)}
          />,
        )}
      </>,
    );
  });
  return app;
}

/** Open incidents and drafts first, then the resolved ones a page at a time. */
export const incidentList: ListKind = {
  kind: "incident",
  section: "incidents",
  title: "Incidents",
  links: (
    <>
      <a href="/admin/incidents/new">Open an incident</a> · <a href="/admin/maintenances">Maintenances</a>
    </>
  ),
  current: [
    {
      id: "active",
      heading: "Open",
      statuses: ["investigating", "identified", "monitoring"],
      caption: "Open incidents and drafts, newest first",
      empty: "No open incident.",
    },
  ],
  past: {
    id: "closed",
    heading: "Resolved",
    statuses: ["resolved", "postmortem"],
    caption: "Resolved incidents, newest first",
    empty: "No resolved incident here.",
    pagerLabel: "Resolved incidents",
  },
};
