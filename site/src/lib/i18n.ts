import { en } from "./i18n-en.ts";
import { fr } from "./i18n-fr.ts";
import type {
  AnyIncidentStatus,
  ComponentStatus,
  DependencyState,
  Locale,
  PageStatus,
} from "./site-document.ts";

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

export const strings: Record<Locale, Strings> = { en, fr };

/** A status description from the API in the reader's language; an unknown one is shown as is. */
export function describeStatus(t: Strings, description: string): string {
  return t.description[description as PageStatus["description"]] ?? description;
}
