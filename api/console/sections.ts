import type { Role } from "../domain/types.ts";

export interface Section {
  /** Where its pages are: `/admin/<path>`, or `/admin` itself for the dashboard. */
  href: string;
  label: string;
  /** The least role that may read its pages (writing may need more); the nav still lists them all. */
  role: Role;
  /** Other paths whose pages belong to it, so the nav marks it as current there. */
  also?: readonly string[];
}

/** The console's sections, in navigation order: the nav and the mounting of routes derive from it. */
export const consoleSections = {
  dashboard: { href: "/admin", label: "Dashboard", role: "viewer" },
  incidents: { href: "/admin/incidents", label: "Incidents", role: "viewer" },
  maintenances: { href: "/admin/maintenances", label: "Maintenances", role: "viewer" },
  components: { href: "/admin/components", label: "Components", role: "viewer" },
  dependencies: { href: "/admin/dependencies", label: "Dependencies", role: "viewer" },
  subscribers: { href: "/admin/subscribers", label: "Subscribers", role: "viewer" },
  notifications: { href: "/admin/notifications", label: "Notifications", role: "viewer" },
  site: { href: "/admin/site", label: "Site builds", role: "viewer" },
  templates: { href: "/admin/templates", label: "Templates", role: "viewer", also: ["/admin/sms-templates"] },
  settings: { href: "/admin/settings", label: "Settings", role: "owner" },
  users: { href: "/admin/users", label: "Users & tokens", role: "owner", also: ["/admin/tokens"] },
  audit: { href: "/admin/audit", label: "Audit log", role: "editor" },
} as const satisfies Record<string, Section>;

export type SectionKey = keyof typeof consoleSections;

/** The sections as a list, in navigation order. */
export const sectionList: readonly (Section & { key: SectionKey })[] = Object.entries(consoleSections).map(
  ([key, section]) => ({ key: key as SectionKey, ...section }),
);

/** Whether `path` is a page of the section: the dashboard only at /admin, others at and below their paths. */
export const inSection = (path: string, section: Section) =>
  section.href === "/admin"
    ? path === "/admin"
    : [section.href, ...(section.also ?? [])].some((h) => path === h || path.startsWith(`${h}/`));
