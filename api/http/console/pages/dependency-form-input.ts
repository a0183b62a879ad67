import type { DependencyWithImpacts } from "../../../domain/dependencies/create-dependency.ts";
import { type CreateDependencyInput, impactInput } from "../../../domain/dependencies/schemas.ts";
import { DomainError } from "../../../domain/errors.ts";
import type { SourceKind } from "../../../domain/types.ts";
import { checked } from "../form-parse.ts";

/** The dependency form as typed: kept as text, so a refused form comes back exactly as it was sent. */
export interface ImpactValues {
  component_id: string;
  on: string;
  set: string;
  criticality: string;
  alternative_group: string;
}

export interface DependencyValues {
  name: string;
  /** A catalog entry's id, or "" for a custom source. */
  catalog_id: string;
  source_kind: string;
  /** The source's fields other than `kind`, as JSON. */
  source_config: string;
  policy: string;
  poll_interval_seconds: string;
  enabled: boolean;
  shown_on_page: boolean;
  description: string;
  impacts: ImpactValues[];
}

/** The thresholds and statuses an impact accepts, from the domain's schema. */
export const impactOn = impactInput.shape.on.options;
export const impactSet = impactInput.shape.set.options;

export const emptyImpact = (): ImpactValues => ({
  component_id: "",
  on: "major_outage",
  set: "partial_outage",
  criticality: "high",
  alternative_group: "",
});

/** A starting point for each kind's JSON; a kind added to the monitor fails to compile until listed. */
export const sourceExamples: Record<SourceKind, string> = {
  statuspage: '{"base_url": "https://www.githubstatus.com"}',
  aws: '{"service": "ec2", "region": "eu-west-3"}',
  gcp: '{"locations": ["europe-west1"]}',
  azure: '{"regions": ["West Europe"]}',
  slack: "{}",
  feed: '{"url": "https://status.example.com/history.rss"}',
  http: '{"url": "https://api.example.com/health", "expected_status": 200}',
};

/** At most this many impact rows in one form; the API takes more. */
export const maxImpactRows = 100;

export function readDependencyForm(form: (name: string) => string): DependencyValues {
  const count = Math.min(Number.parseInt(form("impact_count"), 10) || 0, maxImpactRows);
  const impacts = Array.from({ length: count }, (_, i) => ({
    component_id: form(`impact_${i}_component_id`),
    on: form(`impact_${i}_on`),
    set: form(`impact_${i}_set`),
    criticality: form(`impact_${i}_criticality`),
    alternative_group: form(`impact_${i}_alternative_group`),
  }));
  return {
    name: form("name"),
    catalog_id: form("catalog_id"),
    source_kind: form("source_kind"),
    source_config: form("source_config"),
    policy: form("policy"),
    poll_interval_seconds: form("poll_interval_seconds"),
    enabled: checked(form("enabled")),
    shown_on_page: checked(form("shown_on_page")),
    description: form("description"),
    impacts,
  };
}

export function valuesOfDependency({ dependency, impacts }: DependencyWithImpacts): DependencyValues {
  const { kind, ...config } = dependency.source as { kind: string };
  return {
    name: dependency.name,
    catalog_id: "",
    source_kind: kind,
    source_config: JSON.stringify(config, null, 2),
    policy: dependency.policy,
    poll_interval_seconds: String(dependency.pollIntervalSeconds),
    enabled: dependency.enabled,
    shown_on_page: dependency.shownOnPage,
    description: dependency.description ?? "",
    impacts: impacts.map((i) => ({
      component_id: i.componentId,
      on: i.onState,
      set: i.setStatus,
      criticality: i.criticality,
      alternative_group: i.alternativeGroup ?? "",
    })),
  };
}

const invalid = (path: string, message: string) =>
  new DomainError("invalid_input", `${path}: ${message}`, [{ path, message }]);

function sourceOf(kind: string, json: string): Record<string, unknown> {
  let config: unknown;
  try {
    config = JSON.parse(json.trim() === "" ? "{}" : json);
  } catch (error) {
    throw invalid(
      "source_config",
      `is not valid JSON (${(error as Error).message}); write an object such as {"base_url": "https://…"}`,
    );
  }
  if (typeof config !== "object" || config === null || Array.isArray(config))
    throw invalid("source_config", 'must be a JSON object such as {"base_url": "https://…"}');
  return { ...config, kind };
}

/**
 * The domain's input from the form, before its schema checks it. Rows without a component are left
 * out (that is how a row is removed); `rows` maps each impact back to its row in the form.
 */
export function dependencyInput(v: DependencyValues): { input: CreateDependencyInput; rows: number[] } {
  const interval = v.poll_interval_seconds.trim();
  if (interval !== "" && !/^\d+$/.test(interval))
    throw invalid("poll_interval_seconds", "must be a whole number of seconds, from 10 to 86400");
  const rows = v.impacts.flatMap((row, i) => (row.component_id === "" ? [] : [i]));
  const input = {
    name: v.name.trim() === "" ? undefined : v.name,
    ...(v.catalog_id ? { catalog_id: v.catalog_id } : { source: sourceOf(v.source_kind, v.source_config) }),
    policy: v.policy,
    poll_interval_seconds: interval === "" ? undefined : Number(interval),
    enabled: v.enabled,
    shown_on_page: v.shown_on_page,
    description: v.description.trim() === "" ? null : v.description,
    impacts: rows.map((i) => {
      const row = v.impacts[i]!;
      return {
        component_id: row.component_id,
        on: row.on,
        set: row.set,
        criticality: row.criticality,
        alternative_group: row.alternative_group.trim() === "" ? null : row.alternative_group,
      };
    }),
  };
  return { input: input as CreateDependencyInput, rows };
}

/** Errors keyed by form field: `impacts.<n>.<field>` becomes `impact_<row>_<field>`, `source.*` the JSON box. */
export function formFieldErrors(errors: Record<string, string>, rows: number[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(errors)) {
    const impact = /^impacts\.(\d+)\.?(\w*)/.exec(path);
    const source = /^source\.?(.*)$/.exec(path);
    if (impact) {
      const row = rows[Number(impact[1])] ?? Number(impact[1]);
      out[`impact_${row}_${impact[2] || "component_id"}`] = message;
    } else if (source) {
      const text = source[1] ? `${source[1]}: ${message}` : message;
      out.source_config = out.source_config ? `${out.source_config}; ${text}` : text;
    } else out[path] = message;
  }
  return out;
}
