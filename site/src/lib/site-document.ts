import type { SiteDocument } from "../../../api/shapes/site-document.ts";

export type { SiteDocument };
export type SitePage = SiteDocument["page"];
export type Locale = SitePage["default_locale"];
export type SiteComponent = SiteDocument["components"][number];
export type SiteIncident = SiteDocument["incidents"][number];
export type SiteUpdate = SiteIncident["incident_updates"][number];
export type Uptime = SiteDocument["uptime"][string];
export type UptimeDay = Uptime["days"][number];
/** The words below are read off the document itself, so the site names no type of the API's internals. */
export type PageStatus = SiteDocument["status"];
export type Indicator = PageStatus["indicator"];
export type ComponentStatus = SiteComponent["status"];
export type AnyIncidentStatus = SiteIncident["status"];
export type DependencyState = SiteDocument["third_party"][number]["state"];

/** The build cannot go on without its data; the message says which setting to fix. */
export class SiteDataError extends Error {
  override name = "SiteDataError";
}

/** Fetches `/api/site.json` from the API at `apiUrl` (the value of SITE_API_URL). */
export async function fetchSiteDocument(apiUrl: string): Promise<SiteDocument> {
  const url = `${apiUrl}/api/site.json`;
  const fail = (why: string) =>
    new SiteDataError(
      `Cannot build the status page: fetching ${url} ${why}. Start the Vigie API or set SITE_API_URL to its origin (now SITE_API_URL=${apiUrl}).`,
    );
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(60_000) });
  } catch (error) {
    const cause =
      error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : error;
    throw fail(`failed (${String(cause)})`);
  }
  if (!response.ok) throw fail(`answered HTTP ${response.status}`);
  try {
    return (await response.json()) as SiteDocument;
  } catch {
    throw fail("did not return JSON");
  }
}
