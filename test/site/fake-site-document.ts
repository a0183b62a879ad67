import type { SiteDocument } from "../../api/shapes/site-document.ts";
import type { ComponentStatus } from "../../db/schema/enums.ts";
import { seededRandom } from "../helpers/seeded-random.ts";

type Component = SiteDocument["components"][number];
type Incident = SiteDocument["incidents"][number];
type UptimeDay = SiteDocument["uptime"][string]["days"][number];

export interface FakeSiteOptions {
  /** Leaf components, spread over `groups` groups (default 30 in 6). */
  components?: number;
  groups?: number;
  /** Published incidents, newest first; the first two are open (default 20). */
  incidents?: number;
  now?: Date;
  logoUrl?: string | null;
  url?: string;
  /** Hours between two incidents' starts (default: 2 days, or less to fit 4 years). */
  gapHours?: number;
  /** The page's own language (default en); the other one is served under its prefix. */
  defaultLocale?: "en" | "fr";
  /** Dependencies shown under "Third-party services" (default none); the newest incident names the first. */
  thirdParty?: number;
}

const providers = [
  "AWS / EC2 / eu-west-3",
  "Stripe",
  "GitHub",
  "Cloudflare",
  "Twilio",
  "Resend",
  "Google Cloud / europe-west1",
  "Azure / West Europe",
  "Slack",
  "Datadog",
];
const providerStates = ["operational", "partial_outage", "unknown", "degraded_performance"] as const;

const hour = 3_600_000;
const day = 24 * hour;

const iso = (ms: number) => new Date(ms).toISOString();
const words = [
  "checkout",
  "API gateway",
  "webhooks",
  "login",
  "search",
  "exports",
  "EU region",
  "mobile app",
];

/**
 * A site document shaped like `GET /api/site.json`, at any size: for weight tests and build benches
 * that need more than the demo data. The page is in UTC so that timestamps end in `Z`.
 */
export function fakeSiteDocument(options: FakeSiteOptions = {}): SiteDocument {
  const { components: leafCount = 30, groups: groupCount = 6, incidents: incidentCount = 20 } = options;
  const now = (options.now ?? new Date("2026-11-27T12:00:00Z")).getTime();
  const url = options.url ?? "http://status.test";
  // The same sequence every run, so that every run builds the same page.
  const rand = seededRandom(42);
  const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)] as T;
  const created = iso(now - 400 * day);
  const component = (id: string, name: string, groupId: string | null, position: number): Component => ({
    id,
    name,
    status: "operational",
    created_at: created,
    updated_at: created,
    position,
    description: `${name}: what customers use it for`,
    name_translations: { fr: `${name} (fr)` },
    description_translations: { fr: `${name} : à quoi il sert` },
    showcase: groupId !== null || position % 2 === 0,
    start_date: created.slice(0, 10),
    group_id: groupId,
    page_id: "page_fake",
    group: false,
    only_show_if_degraded: false,
  });

  const groups = Array.from({ length: groupCount }, (_, g) => ({
    ...component(`cmp_group${g}`, `Region ${g + 1} services`, null, g),
    showcase: false,
    group: true,
    components: [] as string[],
  }));
  const leaves: Component[] = Array.from({ length: leafCount }, (_, i) => {
    const group = groups[i % groupCount] as (typeof groups)[number];
    const leaf = component(
      `cmp_leaf${i}`,
      `${pick(words)} service ${i + 1}`,
      group.id,
      group.components.length,
    );
    group.components.push(leaf.id);
    return leaf;
  });
  const list: Component[] = groups.flatMap((g) => [g, ...leaves.filter((l) => l.group_id === g.id)]);

  const statuses: ComponentStatus[] = ["degraded_performance", "partial_outage", "major_outage"];
  const uptimeDays = new Map<string, UptimeDay[]>(
    leaves.map((leaf) => [
      leaf.id,
      Array.from({ length: 90 }, (_, d) => ({
        date: iso(now - (89 - d) * day).slice(0, 10),
        status: "operational" as ComponentStatus,
        minutes: { major_outage: 0, partial_outage: 0, degraded_performance: 0, under_maintenance: 0 },
        incidents: [] as UptimeDay["incidents"],
      })),
    ]),
  );

  // A few hundred incidents land in 90 days whatever the total, as on a busy real page.
  const gap = options.gapHours
    ? options.gapHours * hour
    : Math.min(2 * day, (4 * 365 * day) / Math.max(incidentCount, 1));
  const incidents: Incident[] = Array.from({ length: incidentCount }, (_, k) => {
    const start = now - 30 * 60_000 - k * gap;
    const open = k < 2;
    const affected = [pick(leaves), pick(leaves)].filter((c, i, all) => all.indexOf(c) === i);
    const status = pick(statuses);
    const name = `Elevated errors on ${pick(words)} (${k + 1})`;
    const steps = open
      ? ["investigating", "identified"]
      : ["investigating", "identified", "monitoring", "resolved"];
    const updates = steps
      .map((s, n) => ({
        id: `upd_${k}_${n}`,
        status: s as Incident["incident_updates"][number]["status"],
        body: `Update ${n + 1}: some requests to **${pick(words)}** fail or are slow. See https://example.com/help for workarounds.`,
        translations: { fr: `Mise à jour ${n + 1} : certaines requêtes échouent ou sont lentes.` },
        display_at: iso(start + n * 20 * 60_000),
        created_at: iso(start + n * 20 * 60_000),
        affected_components:
          n === 0
            ? affected.map((c) => ({
                code: c.id,
                name: c.name,
                old_status: "operational" as const,
                new_status: status,
              }))
            : [],
      }))
      .reverse();
    const dayIndex = 89 - Math.floor((now - start) / day);
    for (const c of affected) {
      const d = uptimeDays.get(c.id)?.[dayIndex];
      if (!d) continue;
      d.status = status;
      d.minutes[status as keyof UptimeDay["minutes"]] += 60;
      d.incidents.push({ id: `inc_${k}`, name });
      if (open) c.status = status;
    }
    return {
      id: `inc_${k}`,
      kind: "incident",
      name,
      name_translations: { fr: `Erreurs en hausse (${k + 1})` },
      status: open ? "identified" : "resolved",
      impact: status === "major_outage" ? "critical" : status === "partial_outage" ? "major" : "minor",
      created_at: iso(start),
      updated_at: iso(start + (steps.length - 1) * 20 * 60_000),
      started_at: iso(start),
      monitoring_at: open ? null : iso(start + 40 * 60_000),
      resolved_at: open ? null : iso(start + 60 * 60_000),
      scheduled_for: null,
      scheduled_until: null,
      schedule_revision: 0,
      backfilled: false,
      postmortem_body: k % 10 === 5 ? "## What happened\n\nA bad deploy. We added a canary stage." : null,
      postmortem_published_at: k % 10 === 5 ? iso(start + 2 * day) : null,
      component_ids: affected.map((c) => c.id),
      provider: k === 0 && (options.thirdParty ?? 0) > 0 ? (providers[0] ?? null) : null,
      incident_updates: updates,
    } satisfies Incident;
  });

  const maintenance = (m: number, start: number, status: Incident["status"]): Incident => ({
    ...(incidents[0] as Incident),
    id: `mnt_${m}`,
    kind: "maintenance",
    name: `Database upgrade ${m + 1}`,
    name_translations: { fr: `Mise à jour de la base ${m + 1}` },
    status,
    impact: "maintenance",
    created_at: iso(start - day),
    updated_at: iso(start - day),
    started_at: iso(start),
    monitoring_at: null,
    resolved_at: null,
    scheduled_for: iso(start),
    scheduled_until: iso(start + 2 * hour),
    provider: null,
    schedule_revision: 0,
    postmortem_body: null,
    postmortem_published_at: null,
    component_ids: [leaves[0]?.id ?? ""],
    incident_updates: [
      {
        id: `upd_mnt_${m}`,
        status,
        body: "We will upgrade the primary database; writes may pause for a few minutes.",
        translations: {},
        display_at: iso(start - day),
        created_at: iso(start - day),
        affected_components: [],
      },
    ],
  });
  const maintenances = [
    maintenance(0, now + 3 * day, "scheduled"),
    ...Array.from({ length: Math.floor(incidentCount / 20) }, (_, m) =>
      maintenance(m + 1, now - (m + 1) * 7 * day, "completed"),
    ),
  ];
  for (const g of groups) {
    const kids = leaves.filter((l) => l.group_id === g.id);
    g.status = kids.find((k) => k.status !== "operational")?.status ?? "operational";
  }

  return {
    generated_at: iso(now),
    page: {
      id: "page_fake",
      name: "Fake Cloud",
      url,
      time_zone: "Etc/UTC",
      default_locale: options.defaultLocale ?? "en",
      phone_country: options.defaultLocale === "fr" ? "FR" : "US",
      locales: ["en", "fr"],
      logo_url: options.logoUrl ?? null,
      website_url: "https://www.fake-cloud.test",
      support_url: "https://help.fake-cloud.test/contact",
      accent_color: "#7c3aed",
    },
    status: { indicator: "major", description: "Partial System Outage" },
    components: list,
    uptime: Object.fromEntries(
      leaves.map((leaf) => [leaf.id, { uptime_percent: 99.91, days: uptimeDays.get(leaf.id) ?? [] }]),
    ),
    incidents,
    scheduled_maintenances: maintenances,
    third_party: Array.from({ length: options.thirdParty ?? 0 }, (_, d) => ({
      id: `dep_fake${d}`,
      name: providers[d % providers.length] ?? "Provider",
      description: d % 2 === 0 ? "Card payments and invoices for every plan" : null,
      state: providerStates[d % providerStates.length] ?? "unknown",
    })),
  };
}
