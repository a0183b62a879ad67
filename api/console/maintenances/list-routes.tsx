import type { ListKind } from "../incidents/list-routes.tsx";

/** Maintenances under way, then the next ones, then the past ones a page at a time. */
export const maintenanceList: ListKind = {
  kind: "maintenance",
  section: "maintenances",
  title: "Maintenances",
  links: (
    <>
      <a href="/admin/maintenances/new">Schedule a maintenance</a> · <a href="/admin/incidents">Incidents</a>
    </>
  ),
  current: [
    {
      id: "running",
      heading: "Under way",
      statuses: ["in_progress", "verifying"],
      order: "scheduled-asc",
      caption: "Maintenances under way",
      empty: "No maintenance under way.",
    },
    {
      id: "upcoming",
      heading: "Scheduled",
      statuses: ["scheduled"],
      order: "scheduled-asc",
      caption: "Scheduled maintenances, soonest first",
      empty: "Nothing scheduled.",
    },
  ],
  past: {
    id: "done",
    heading: "Completed",
    statuses: ["completed"],
    order: "scheduled",
    caption: "Completed maintenances, latest first",
    empty: "No completed maintenance here.",
    pagerLabel: "Completed maintenances",
  },
  windows: true,
};
