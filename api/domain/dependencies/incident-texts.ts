import { readFile } from "node:fs/promises";
import { Liquid, type Template } from "liquidjs";
import type { ComponentStatus, DependencyState, Locale, UpstreamIncident } from "../../../db/schema/index.ts";
import { fromProjectRoot } from "../../project-root.ts";
import { escapeMarkdown, safeLinkUrl } from "./markdown-text.ts";

/** The monitor's texts: `templates/monitor/<locale>/<part>.liquid`, shipped with the code. */
export const monitorTemplatesDir = fromProjectRoot("templates", "monitor");

export const monitorTemplateParts = [
  "incident-title",
  "incident-body",
  "update-body",
  "resolved-body",
] as const;
export type MonitorTemplatePart = (typeof monitorTemplateParts)[number];

const stateLabels: Record<Locale, Record<DependencyState, string>> = {
  en: {
    operational: "operational",
    under_maintenance: "under maintenance",
    degraded_performance: "degraded performance",
    partial_outage: "partial outage",
    major_outage: "major outage",
    unknown: "unknown",
  },
  fr: {
    operational: "opérationnel",
    under_maintenance: "en maintenance",
    degraded_performance: "performances dégradées",
    partial_outage: "panne partielle",
    major_outage: "panne majeure",
    unknown: "inconnu",
  },
};

export interface MonitorTextInput {
  dependencyName: string;
  state: DependencyState;
  /** The worst status the incident gives our components. */
  worstStatus: ComponentStatus;
  componentNames: string[];
  upstreamIncidents: UpstreamIncident[];
}

const limits = { parseLimit: 100_000, renderLimit: 1_000, memoryLimit: 10_000_000 };

/**
 * Titles are plain text; bodies are markdown, so every `{{ output }}` of a body is markdown-escaped
 * (a link destination, checked and encoded here, is output with `| raw`). Templates reach no files
 * and no undefined variable: a typo fails loudly instead of printing nothing.
 */
const buildEngines = () => {
  const common = {
    templates: {},
    strictFilters: true,
    strictVariables: true,
    ownPropertyOnly: true,
    ...limits,
  };
  return { text: new Liquid(common), markdown: new Liquid({ ...common, outputEscape: escapeMarkdown }) };
};

// Built once, and each template parsed once per source text: templates are read from disk on every
// render (an edited one takes effect at once), but the same text need not be parsed again.
let engines: ReturnType<typeof buildEngines> | undefined;
const parsed = new Map<string, Template[]>();

function parse(engine: Liquid, kind: "text" | "markdown", source: string): Template[] {
  const key = `${kind}\u0000${source}`;
  let templates = parsed.get(key);
  if (!templates) {
    templates = engine.parse(source);
    // Only a few templates exist (parts × locales); an edited file leaves its old text behind.
    if (parsed.size >= 64) parsed.clear();
    parsed.set(key, templates);
  }
  return templates;
}

function scopeOf(input: MonitorTextInput, locale: Locale) {
  return {
    dependency: input.dependencyName,
    state: stateLabels[locale][input.state],
    worst_status: input.worstStatus,
    components: input.componentNames,
    upstream: input.upstreamIncidents.slice(0, 10).map((u) => ({
      title: u.title.slice(0, 300) || "—",
      url: safeLinkUrl(u.url),
    })),
  };
}

export type MonitorTexts = Record<MonitorTemplatePart, string>;

/** Renders every part in each locale that has templates; English must exist. */
export async function renderMonitorTexts(
  input: MonitorTextInput,
  locales: readonly Locale[],
  dir = monitorTemplatesDir,
): Promise<Partial<Record<Locale, MonitorTexts>>> {
  engines ??= buildEngines();
  const { text, markdown } = engines;
  const out: Partial<Record<Locale, MonitorTexts>> = {};
  for (const locale of new Set<Locale>(["en", ...locales])) {
    const rendered = {} as MonitorTexts;
    for (const part of monitorTemplateParts) {
      const file = `${dir}/${locale}/${part}.liquid`;
      const source = await readFile(file, "utf8").catch((cause: NodeJS.ErrnoException) => {
        if (locale !== "en" && cause.code === "ENOENT") return null;
        throw new Error(`Cannot read monitor template ${file}: ${cause.code ?? cause.message}`);
      });
      if (source === null) break;
      const kind = part === "incident-title" ? "text" : "markdown";
      const engine = kind === "text" ? text : markdown;
      const result = await engine.render(parse(engine, kind, source), scopeOf(input, locale));
      rendered[part] =
        part === "incident-title" ? result.replace(/\s+/g, " ").trim().slice(0, 255) : result.trim();
    }
    if (Object.keys(rendered).length === monitorTemplateParts.length) out[locale] = rendered;
  }
  return out;
}
