import type { Locale } from "../domain/types.ts";
import type { IncidentRenderInput, MaintenanceRenderInput, RenderInput, TemplateKey } from "./keys.ts";
import { createUpdateBodyRenderer } from "./markdown.ts";

const renderBody = createUpdateBodyRenderer();

const page = {
  name: "Acme Cloud",
  url: "https://status.example.com",
  accent_color: "#0f766e",
  time_zone: "Europe/Paris",
};
const subscriber = {
  manage_url: "https://status.example.com/subscribe/manage?token=sample-token",
  unsubscribe_url: "https://status.example.com/subscribe/unsubscribe?token=sample-token",
};

const bodies: Record<Locale, { incident: string; maintenance: string }> = {
  en: {
    incident:
      "Card payments fail for some customers.\n\n- Our provider **AWS eu-west-3** is degraded\n- Next update in 30 minutes",
    maintenance: "We will upgrade the database. Checkout may be **unavailable for up to 10 minutes**.",
  },
  fr: {
    incident:
      "Les paiements par carte échouent pour une partie des clients.\n\n- Notre fournisseur **AWS eu-west-3** est perturbé\n- Prochain point dans 30 minutes",
    maintenance:
      "Nous allons mettre à niveau la base de données. Le paiement pourra être **indisponible jusqu'à 10 minutes**.",
  },
};

const incident = (locale: Locale): IncidentRenderInput => ({
  page,
  subscriber,
  incident: {
    id: "inc_sample",
    name: locale === "fr" ? "Paiements en échec" : "Checkout payments failing",
    status: "identified",
    impact: "major",
    url: "https://status.example.com/incidents/inc_sample",
    ...renderBody(bodies[locale].incident),
    components: [
      { name: "Checkout", status: "partial_outage" },
      { name: "API", status: "degraded_performance" },
    ],
    posted_at: "2026-03-14T14:05:00Z",
  },
});

const maintenance = (
  locale: Locale,
  status: "scheduled" | "in_progress" | "completed",
): MaintenanceRenderInput => ({
  page,
  subscriber,
  incident: {
    id: "mnt_sample",
    name: locale === "fr" ? "Mise à niveau de la base de données" : "Database upgrade",
    status,
    impact: "minor",
    url: "https://status.example.com/maintenances/mnt_sample/",
    ...renderBody(bodies[locale].maintenance),
    components: [
      { name: "Checkout", status: status === "in_progress" ? "under_maintenance" : "operational" },
    ],
    posted_at: "2026-03-10T09:30:00Z",
  },
  maintenance: { scheduled_for: "2026-03-14T22:00:00Z", scheduled_until: "2026-03-14T23:30:00Z" },
});

/** Sample data per key, for previews and tests: every key must have one. */
const samples: { [K in TemplateKey]: (locale: Locale) => RenderInput<K> } = {
  confirmation: () => ({
    page,
    subscriber,
    confirm_url: "https://status.example.com/subscribe/confirm?token=sample",
  }),
  "incident-created": (locale) => {
    const input = incident(locale);
    return { ...input, incident: { ...input.incident, status: "investigating" } };
  },
  "incident-updated": incident,
  "incident-resolved": (locale) => {
    const input = incident(locale);
    const components = input.incident.components.map((c) => ({ ...c, status: "operational" as const }));
    return { ...input, incident: { ...input.incident, status: "resolved", components } };
  },
  "maintenance-scheduled": (locale) => maintenance(locale, "scheduled"),
  "maintenance-reminder": (locale) => maintenance(locale, "scheduled"),
  "maintenance-started": (locale) => maintenance(locale, "in_progress"),
  "maintenance-completed": (locale) => maintenance(locale, "completed"),
};

export function sampleInput<K extends TemplateKey>(key: K, locale: Locale): RenderInput<K> {
  return samples[key](locale);
}
