import { type Formatters, formatters } from "./format.ts";
import { type Strings, strings } from "./i18n.ts";
import { loadSite, type Site } from "./site.ts";
import type { Locale, SiteIncident } from "./site-document.ts";

/** What every part of a page is given: the built site and the language it is written in. */
export interface SectionProps {
  site: Site;
  locale: Locale;
}

/** A part of a page about one incident or maintenance. */
export interface ItemProps extends SectionProps {
  item: SiteIncident;
}

export type Section<P extends SectionProps> = P & {
  /** The UI text in the page's language. */
  t: Strings;
  /** Dates and numbers in the page's language and time zone. */
  f: Formatters;
};

/** A component's props with the words and formatters it writes with. */
export function section<P extends SectionProps>(props: P): Section<P> {
  return { ...props, t: strings[props.locale], f: formatters(props.locale, props.site.page.time_zone) };
}

/** A page's props (one per locale, from `localePaths`) with the site and what `section` adds. */
export async function pageSection<P extends { locale: Locale }>(
  props: P,
): Promise<Section<P & SectionProps>> {
  return section({ ...props, site: await loadSite() });
}
