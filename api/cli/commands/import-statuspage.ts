import { importStatuspage } from "../../domain/backup/import-statuspage.ts";
import {
  parseStatuspageDocument,
  type StatuspageDocumentKind,
  type StatuspagePage,
} from "../../domain/backup/statuspage-documents.ts";
import { monitorUserAgent } from "../../monitor/start-dependency-monitor.ts";
import { UnsafeUrlError } from "../../net/errors.ts";
import { fetchFollowingRedirects } from "../../net/follow-redirects.ts";
import type { SafeFetch } from "../../net/safe-fetch.ts";
import { createSafeFetch } from "../../net/safe-fetch.ts";
import { type Command, cliActor, parseOptions, UsageError } from "../cli-kit.ts";

const documents: Record<StatuspageDocumentKind, string> = {
  summary: "/api/v2/summary.json",
  components: "/api/v2/components.json",
  incidents: "/api/v2/incidents.json",
  maintenances: "/api/v2/scheduled-maintenances.json",
};

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Statuspage's lists stop at the 50 most recent items; older history is only on its HTML pages. */
const listLimit = 50;

/** The page's origin (and path prefix), whatever of its API URL was pasted. */
function baseUrlOf(input: string): string {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new UsageError(
      `import-statuspage: "${input}" is not a URL; give the page's, e.g. https://www.githubstatus.com.`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw new UsageError("import-statuspage: the page's URL must start with http:// or https://.");
  const path = url.pathname.replace(/\/api\/v2(\/.*)?$/, "").replace(/\/+$/, "");
  return `${url.origin}${path}`;
}

async function fetchJson(fetch: SafeFetch, base: string, path: string, allowPrivate: boolean) {
  const url = `${base}${path}`;
  let response: Response;
  let body: string;
  try {
    response = await fetchFollowingRedirects(fetch, url, { headers: { accept: "application/json" } });
    body = await response.text();
  } catch (error) {
    const hint =
      error instanceof UnsafeUrlError && !allowPrivate
        ? " Add --allow-private to import from a loopback or private address."
        : "";
    throw new Error(`cannot fetch ${url}: ${(error as Error).message}${hint}`);
  }
  if (response.status === 404)
    throw new Error(
      `${url} answered 404 Not Found: ${base} does not look like a Statuspage page. Give the page's base URL, e.g. https://www.githubstatus.com.`,
    );
  if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}; try again later.`);
  try {
    return JSON.parse(body) as unknown;
  } catch {
    const type = response.headers.get("content-type") ?? "no content type";
    throw new Error(`${url} did not answer JSON (${type}): ${base} does not look like a Statuspage page.`);
  }
}

/** `vigie import-statuspage <url> [--allow-private]`: bootstraps an empty page from a Statuspage page. */
export function parseImportStatuspageCommand(args: string[]): Command {
  const { values, positionals } = parseOptions(
    "import-statuspage",
    args,
    { "allow-private": { type: "boolean", default: false } },
    true,
  );
  if (positionals.length !== 1)
    throw new UsageError("import-statuspage needs the page's URL, e.g. https://www.githubstatus.com.");
  const base = baseUrlOf(positionals[0]!);
  const allowPrivate = values["allow-private"] === true;
  return async ({ deps, handle, io }) => {
    const fetch = createSafeFetch({
      allowPrivate,
      userAgent: monitorUserAgent,
      timeoutMs: 30_000,
      maxBytes: 32 * 1024 * 1024,
    });
    const page = {} as Record<StatuspageDocumentKind, unknown>;
    for (const [kind, path] of Object.entries(documents) as [StatuspageDocumentKind, string][]) {
      io.stderr(`import-statuspage: reading ${base}${path}\n`);
      const json = await fetchJson(fetch, base, path, allowPrivate);
      page[kind] = parseStatuspageDocument(kind, json, `${base}${path}`);
    }
    const typed = page as unknown as StatuspagePage;
    const result = await importStatuspage({
      ctx: { deps, actor: cliActor },
      input: { page: typed, source: base },
    });
    if (
      typed.incidents.incidents.length >= listLimit ||
      typed.maintenances.scheduled_maintenances.length >= listLimit
    )
      io.stderr(
        `import-statuspage: note: the page's API lists only its ${listLimit} most recent incidents and maintenances; older ones were not imported.\n`,
      );
    io.stdout(
      `Imported ${plural(result.components, "component")} in ${plural(result.groups, "group")}, ${plural(result.incidents, "incident")} and ${plural(result.maintenances, "maintenance")} (${plural(result.updates, "update")}) from ${base} into ${handle.location}. Nobody was notified.\n`,
    );
    return 0;
  };
}
