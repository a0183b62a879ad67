import type { PageStatus } from "../../../api/domain/status-rules.ts";
import type { AnyIncidentStatus, ComponentStatus, DependencyState } from "../../../db/schema/enums.ts";
import type { Locale } from "./site-document.ts";

export const subscribeChannels = ["email", "sms", "webhook", "slack", "discord", "teams"] as const;
export type SubscribeChannel = (typeof subscribeChannels)[number];

/** Every piece of UI text, in each locale the page can be read in. */
export interface Strings {
  langName: string;
  language: string;
  description: Record<PageStatus["description"], string>;
  componentStatus: Record<ComponentStatus, string>;
  incidentStatus: Record<AnyIncidentStatus, string>;
  noData: string;
  uptime: (percent: string) => string;
  uptimeBar: string;
  daysAgo: string;
  /** The start of the bar on screens narrower than 600 px, which show fewer days. */
  recentDaysAgo: string;
  today: string;
  components: string;
  /** The dependencies the owner shows, each with its state ("unknown" when it cannot be read). */
  thirdParty: string;
  dependencyStatus: Record<DependencyState, string>;
  /** `{name}`: the provider whose outage opened the incident. */
  provider: string;
  activeIncidents: string;
  maintenanceInProgress: string;
  upcomingMaintenance: string;
  history: string;
  subscribe: string;
  /** `{t}` is replaced by a time, in the page and by the live script. */
  published: string;
  updated: string;
  unavailable: string;
  affected: string;
  updates: string;
  postmortem: string;
  scheduled: string;
  currentStatus: string;
  /** Said after an incident's name when none of it is written in the reader's language. */
  inLanguage: Record<Locale, string>;
  /** The small link offered to a visitor whose browser prefers this language. */
  offerLanguage: string;
  /** What a search result or a shared link says about the page: its name and current status. */
  metaDescription: (name: string, status: string) => string;
  /** The description of every other page, which says no status (it is not rebuilt when it changes). */
  metaDescriptionAnyPage: (name: string) => string;
  /** The owner's optional links in the header. */
  companyLinks: string;
  website: string;
  support: string;
  newer: string;
  older: string;
  pagination: string;
  pageOf: (page: number, pages: number) => string;
  noHistory: string;
  feeds: string;
  subscribeIntro: string;
  emailAddress: string;
  /** The ways to subscribe, and the address field each one needs. */
  channel: string;
  channelNames: Record<SubscribeChannel, string>;
  phoneNumber: string;
  /** Examples: a mobile number of the page's country in its national and international formats. */
  phoneHint: (national: string, international: string) => string;
  endpointUrl: string;
  endpointHint: string;
  subscribeButton: string;
  chooseComponents: string;
  rss: string;
  atom: string;
  calendar: string;
  badge: string;
  json: string;
  notFound: string;
  notFoundBody: string;
  feedTitle: (name: string) => string;
  calendarName: (name: string) => string;
  badgeLabel: string;
  pastIncidents: string;
  /** A quiet day on the home page, a quiet month in the history. */
  noIncidents: string;
  impact: Record<"none" | "minor" | "major" | "critical" | "maintenance", string>;
  /** `d` is a duration as "2 h 14 min". */
  resolvedAfter: (d: string) => string;
  completedAfter: (d: string) => string;
  affectedList: (names: string) => string;
  follow: string;
  followFeed: string;
  followSubscribe: string;
  itemFeedTitle: (name: string) => string;
}

const en: Strings = {
  langName: "English",
  language: "Language",
  description: {
    "All Systems Operational": "All Systems Operational",
    "Major System Outage": "Major System Outage",
    "Partial System Outage": "Partial System Outage",
    "Minor Service Outage": "Minor Service Outage",
    "Degraded System Service": "Degraded System Service",
    "Partially Degraded Service": "Partially Degraded Service",
    "Service Under Maintenance": "Service Under Maintenance",
  },
  componentStatus: {
    operational: "Operational",
    under_maintenance: "Under maintenance",
    degraded_performance: "Degraded performance",
    partial_outage: "Partial outage",
    major_outage: "Major outage",
  },
  incidentStatus: {
    investigating: "Investigating",
    identified: "Identified",
    monitoring: "Monitoring",
    resolved: "Resolved",
    postmortem: "Postmortem",
    scheduled: "Scheduled",
    in_progress: "In progress",
    verifying: "Verifying",
    completed: "Completed",
  },
  noData: "No data",
  uptime: (percent) => `${percent} uptime`,
  uptimeBar: "Uptime over the last 90 days",
  daysAgo: "90 days ago",
  recentDaysAgo: "30 days ago",
  today: "Today",
  components: "Components",
  thirdParty: "Third-party services",
  dependencyStatus: {
    operational: "Operational",
    under_maintenance: "Under maintenance",
    degraded_performance: "Degraded performance",
    partial_outage: "Partial outage",
    major_outage: "Major outage",
    unknown: "Status unknown",
  },
  provider: "Caused by an outage at our provider {name}",
  activeIncidents: "Active incidents",
  maintenanceInProgress: "Maintenance in progress",
  upcomingMaintenance: "Scheduled maintenance",
  history: "Incident history",
  subscribe: "Subscribe to updates",
  published: "Published {t}",
  updated: "Updated {t}",
  unavailable: "Live updates unavailable — last published {t}",
  affected: "Affected components",
  updates: "Updates",
  postmortem: "Postmortem",
  scheduled: "Scheduled:",
  currentStatus: "Current status",
  inLanguage: { en: "(in English)", fr: "(in French)" },
  offerLanguage: "This page in English",
  metaDescription: (name, status) => `${name} status: ${status}. Live incidents, maintenance and uptime.`,
  metaDescriptionAnyPage: (name) => `${name} status page: live incidents, maintenance and uptime.`,
  companyLinks: "Links",
  website: "Website",
  support: "Support",
  newer: "Newer",
  older: "Older",
  pagination: "History pages",
  pageOf: (page, pages) => `Page ${page} of ${pages}`,
  noHistory: "No incidents reported.",
  feeds: "Feeds",
  subscribeIntro:
    "Get a message when an incident or a maintenance concerns you: by email (we send a confirmation link first; every email has a one-click unsubscribe link), by SMS (we text you a code to confirm; reply STOP to leave), or posted to a webhook or a chat channel.",
  emailAddress: "Email address",
  channel: "Send updates by",
  channelNames: {
    email: "Email",
    sms: "SMS",
    webhook: "Webhook",
    slack: "Slack",
    discord: "Discord",
    teams: "Microsoft Teams",
  },
  phoneNumber: "Mobile number (for SMS)",
  phoneHint: (national, international) =>
    `For example ${national}, or ${international} with the country code (+ and the code for another country).`,
  endpointUrl: "URL (for a webhook or a chat channel)",
  endpointHint:
    "Webhook: any https URL, requests are signed (Standard Webhooks). Slack, Discord, Teams: the channel's incoming-webhook URL.",
  subscribeButton: "Subscribe",
  chooseComponents: "Only these components (none ticked: all of them)",
  rss: "RSS feed of incidents and maintenance",
  atom: "Atom feed of incidents and maintenance",
  calendar: "Maintenance calendar (iCalendar)",
  badge: "Status badge (SVG)",
  json: "JSON API, compatible with Statuspage v2",
  notFound: "Page not found",
  notFoundBody: "This page does not exist, or no longer does.",
  feedTitle: (name) => `${name} status history`,
  calendarName: (name) => `${name} maintenance`,
  badgeLabel: "status",
  pastIncidents: "Past incidents",
  noIncidents: "No incidents reported",
  impact: {
    none: "No impact",
    minor: "Minor impact",
    major: "Major impact",
    critical: "Critical impact",
    maintenance: "Maintenance",
  },
  resolvedAfter: (d) => `Resolved after ${d}`,
  completedAfter: (d) => `Completed after ${d}`,
  affectedList: (names) => `Affected: ${names}`,
  follow: "Follow the updates",
  followFeed: "Atom feed of these updates only",
  followSubscribe: "Subscribe to updates by email, SMS, webhook or chat",
  itemFeedTitle: (name) => `${name}: updates`,
};

const fr: Strings = {
  langName: "Français",
  language: "Langue",
  description: {
    "All Systems Operational": "Tous les systèmes sont opérationnels",
    "Major System Outage": "Panne majeure des systèmes",
    "Partial System Outage": "Panne partielle des systèmes",
    "Minor Service Outage": "Panne mineure du service",
    "Degraded System Service": "Service dégradé",
    "Partially Degraded Service": "Service partiellement dégradé",
    "Service Under Maintenance": "Service en maintenance",
  },
  componentStatus: {
    operational: "Opérationnel",
    under_maintenance: "En maintenance",
    degraded_performance: "Performances dégradées",
    partial_outage: "Panne partielle",
    major_outage: "Panne majeure",
  },
  incidentStatus: {
    investigating: "Enquête en cours",
    identified: "Cause identifiée",
    monitoring: "Sous surveillance",
    resolved: "Résolu",
    postmortem: "Post-mortem",
    scheduled: "Planifiée",
    in_progress: "En cours",
    verifying: "Vérification",
    completed: "Terminée",
  },
  noData: "Pas de données",
  uptime: (percent) => `${percent} de disponibilité`,
  uptimeBar: "Disponibilité sur les 90 derniers jours",
  daysAgo: "Il y a 90 jours",
  recentDaysAgo: "Il y a 30 jours",
  today: "Aujourd’hui",
  components: "Composants",
  thirdParty: "Services tiers",
  dependencyStatus: {
    operational: "Opérationnel",
    under_maintenance: "En maintenance",
    degraded_performance: "Performances dégradées",
    partial_outage: "Panne partielle",
    major_outage: "Panne majeure",
    unknown: "État inconnu",
  },
  provider: "Causé par une panne chez notre fournisseur {name}",
  activeIncidents: "Incidents en cours",
  maintenanceInProgress: "Maintenance en cours",
  upcomingMaintenance: "Maintenances planifiées",
  history: "Historique des incidents",
  subscribe: "S’abonner aux mises à jour",
  published: "Publié à {t}",
  updated: "Mis à jour à {t}",
  unavailable: "Mises à jour en direct indisponibles — dernière publication à {t}",
  affected: "Composants concernés",
  updates: "Mises à jour",
  postmortem: "Post-mortem",
  scheduled: "Prévue :",
  currentStatus: "État actuel",
  inLanguage: { en: "(en anglais)", fr: "(en français)" },
  offerLanguage: "Cette page en français",
  metaDescription: (name, status) =>
    `État de ${name} : ${status}. Incidents en cours, maintenances et disponibilité.`,
  metaDescriptionAnyPage: (name) =>
    `Page d’état de ${name} : incidents en cours, maintenances et disponibilité.`,
  companyLinks: "Liens",
  website: "Site web",
  support: "Assistance",
  newer: "Plus récents",
  older: "Plus anciens",
  pagination: "Pages de l’historique",
  pageOf: (page, pages) => `Page ${page} sur ${pages}`,
  noHistory: "Aucun incident signalé.",
  feeds: "Flux",
  subscribeIntro:
    "Recevez un message quand un incident ou une maintenance vous concerne : par e-mail (nous envoyons d’abord un lien de confirmation ; chaque e-mail contient un lien de désabonnement en un clic), par SMS (nous vous envoyons un code de confirmation ; répondez STOP pour partir), ou publié sur un webhook ou un canal de discussion.",
  emailAddress: "Adresse e-mail",
  channel: "Recevoir les mises à jour par",
  channelNames: {
    email: "E-mail",
    sms: "SMS",
    webhook: "Webhook",
    slack: "Slack",
    discord: "Discord",
    teams: "Microsoft Teams",
  },
  phoneNumber: "Numéro de mobile (pour les SMS)",
  phoneHint: (national, international) =>
    `Par exemple ${national}, ou ${international} avec l’indicatif (+ et l’indicatif pour un autre pays).`,
  endpointUrl: "URL (pour un webhook ou un canal de discussion)",
  endpointHint:
    "Webhook : toute URL https, les requêtes sont signées (Standard Webhooks). Slack, Discord, Teams : l’URL du webhook entrant du canal.",
  subscribeButton: "S’abonner",
  chooseComponents: "Seulement ces composants (aucun coché : tous)",
  rss: "Flux RSS des incidents et maintenances",
  atom: "Flux Atom des incidents et maintenances",
  calendar: "Agenda des maintenances (iCalendar)",
  badge: "Badge d’état (SVG)",
  json: "API JSON, compatible Statuspage v2",
  notFound: "Page introuvable",
  notFoundBody: "Cette page n’existe pas, ou plus.",
  feedTitle: (name) => `Historique de l’état de ${name}`,
  calendarName: (name) => `Maintenances ${name}`,
  badgeLabel: "état",
  pastIncidents: "Incidents passés",
  noIncidents: "Aucun incident signalé",
  impact: {
    none: "Sans impact",
    minor: "Impact mineur",
    major: "Impact majeur",
    critical: "Impact critique",
    maintenance: "Maintenance",
  },
  resolvedAfter: (d) => `Résolu après ${d}`,
  completedAfter: (d) => `Terminée après ${d}`,
  affectedList: (names) => `Concerne : ${names}`,
  follow: "Suivre les mises à jour",
  followFeed: "Flux Atom de ces seules mises à jour",
  followSubscribe: "S’abonner aux mises à jour par e-mail, SMS, webhook ou messagerie",
  itemFeedTitle: (name) => `${name} : mises à jour`,
};

export const strings: Record<Locale, Strings> = { en, fr };

/** A status description from the API in the reader's language; an unknown one is shown as is. */
export function describeStatus(t: Strings, description: string): string {
  return t.description[description as PageStatus["description"]] ?? description;
}
