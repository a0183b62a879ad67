import { type Logo, readLogo } from "./logo.ts";
import {
  fetchSiteDocument,
  type Locale,
  type SiteComponent,
  type SiteDocument,
  type SiteIncident,
  type SitePage,
  type SiteUpdate,
} from "./site-document.ts";
import { xmlSafe } from "./xml-text.ts";

/** The site document with the lookups every page needs, computed once per build. */
export interface Site {
  doc: SiteDocument;
  page: SitePage;
  /** The default locale first. */
  locales: Locale[];
  accent: string;
  /** Origin the live script calls; empty for the page's own origin. */
  liveApiUrl: string;
  logo: Logo | null;
  components: Map<string, SiteComponent>;
  /** Each component's place on the page, looked up by id (a page reads only its components' places). */
  componentOrder: Map<string, number>;
  incidents: Map<string, SiteIncident>;
  maintenances: Map<string, SiteIncident>;
  /** Incidents and started maintenances, newest first. */
  history: SiteIncident[];
  /**
   * The build's day in the page's zone (YYYY-MM-DD). Pages that depend on the date read this rather
   * than the build's time, so that an incremental build renders them again once a day, not at every
   * change.
   */
  today: string;
}

const defaultAccent = "#2563eb";

/** When an item happened, for ordering: a maintenance counts from its window. */
export const startOf = (item: SiteIncident): string => item.scheduled_for ?? item.started_at;

export function createSite(stored: SiteDocument, liveApiUrl: string, logo: Logo | null): Site {
  // Once for every page, feed and calendar of the build: what they show must be valid XML text.
  const doc = xmlSafe(stored);
  const { page } = doc;
  const history = [
    ...doc.incidents,
    ...doc.scheduled_maintenances.filter((m) => m.status !== "scheduled"),
  ].sort((a, b) => Date.parse(startOf(b)) - Date.parse(startOf(a)));
  return {
    doc,
    page,
    locales: [page.default_locale, ...page.locales.filter((l) => l !== page.default_locale)],
    // Goes into a style attribute: anything but a hex colour could load a URL.
    accent: /^#[0-9a-f]{3,8}$/i.test(page.accent_color ?? "") ? (page.accent_color as string) : defaultAccent,
    liveApiUrl,
    logo,
    components: new Map(doc.components.map((c) => [c.id, c])),
    componentOrder: new Map(doc.components.map((c, i) => [c.id, i])),
    incidents: new Map(doc.incidents.map((i) => [i.id, i])),
    maintenances: new Map(doc.scheduled_maintenances.map((m) => [m.id, m])),
    history,
    // The API writes every timestamp in the page's zone: its first 10 characters are the local day.
    today: doc.generated_at.slice(0, 10),
  };
}

/**
 * Set by a renderer that outlives one build (api/publish/site-renderer): each new `generation`
 * fetches the document again, and `wrap` lets it see what each page reads.
 */
interface RenderHooks {
  generation: number;
  wrap?: (site: Site) => Site;
}

// One fetch per build (or per generation of a long-lived renderer), shared by every page it renders.
let loading: { generation: number; site: Promise<Site> } | undefined;

export function loadSite(): Promise<Site> {
  const { apiUrl, liveApiUrl, logoFile } = __VIGIE_BUILD__;
  const hooks = (globalThis as { __vigieSiteRender?: RenderHooks }).__vigieSiteRender;
  const generation = hooks?.generation ?? 0;
  if (loading?.generation !== generation) {
    const site = fetchSiteDocument(apiUrl).then(async (doc) => {
      const site = createSite(doc, liveApiUrl, await readLogo(logoFile));
      return hooks?.wrap ? hooks.wrap(site) : site;
    });
    loading = { generation, site };
  }
  return loading.site;
}

/** Path prefix of a locale: none for the default one. */
export const localePrefix = (site: Site, locale: Locale): string =>
  locale === site.page.default_locale ? "" : `/${locale}`;

/** `getStaticPaths` entries for a page that exists once per locale, under `[...lang]`. */
export const localePaths = (site: Site) =>
  site.locales.map((locale) => ({
    params: { lang: locale === site.page.default_locale ? undefined : locale },
    props: { locale },
  }));

export const incidentName = (item: SiteIncident, locale: Locale): string =>
  item.name_translations[locale] || item.name;

export const updateBody = (update: SiteUpdate, locale: Locale): string =>
  update.translations[locale] || update.body;

/** Where an incident or maintenance has its own page. */
export const itemPath = (site: Site, locale: Locale, item: SiteIncident): string =>
  `${localePrefix(site, locale)}/${item.kind === "maintenance" ? "maintenances" : "incidents"}/${item.id}/`;

/** A component's (or group's) name and description in the reader's language, else the original. */
export const componentName = (c: SiteComponent, locale: Locale): string =>
  c.name_translations?.[locale] || c.name;
export const componentDescription = (c: SiteComponent, locale: Locale): string | null =>
  c.description_translations?.[locale] || c.description;

/** A component's name with its group's, as "Platform - API", in the reader's language. */
export function componentLabel(site: Site, id: string, locale: Locale): string | null {
  const component = site.components.get(id);
  if (!component) return null;
  const group = component.group_id ? site.components.get(component.group_id) : undefined;
  const name = componentName(component, locale);
  return group ? `${componentName(group, locale)} - ${name}` : name;
}

/**
 * The language an item is written in when it has no text at all in `locale` (no translated name,
 * no translated update): the page's own. Null when the reader's language is the page's, or some of
 * the item is translated.
 */
export function untranslatedFrom(site: Site, item: SiteIncident, locale: Locale): Locale | null {
  if (locale === site.page.default_locale) return null;
  const some = item.name_translations[locale] || item.incident_updates.some((u) => u.translations[locale]);
  return some ? null : site.page.default_locale;
}
