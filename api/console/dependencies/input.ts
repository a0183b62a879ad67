import type { DependencyWithImpacts } from "../../domain/dependencies/create-dependency.ts";
import { type CreateDependencyInput, impactInput } from "../../domain/dependencies/schemas.ts";
import { DomainError } from "../../domain/errors.ts";
import type { SourceKind } from "../../domain/types.ts";
import { checked } from "../kit/index.ts";
import { sourceFieldsOf } from "./source-fields.ts";

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
  /** The kind's fields as typed (`src_<name>` in the form); see `source-fields.ts`. */
  source_fields: Record<string, string>;
  /** "Advanced": the source's fields other than `kind` as JSON; when not blank it replaces the fields. */
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

/** A starting point for each kind's JSON (the advanced box); a kind added to the monitor fails to compile until listed. */
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
    source_fields: Object.fromEntries(
      sourceFieldsOf(form("source_kind")).map((f) => [f.name, form(`src_${f.name}`)]),
    ),
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
  const { kind, ...config } = dependency.source as { kind: string } & Record<string, unknown>;
  const typed = (value: unknown) =>
    Array.isArray(value) ? value.join("\n") : value === true ? "on" : value === false ? "" : String(value);
  return {
    name: dependency.name,
    catalog_id: "",
    source_kind: kind,
    source_fields: Object.fromEntries(
      sourceFieldsOf(kind).map((f) => [f.name, config[f.name] === undefined ? "" : typed(config[f.name])]),
    ),
    source_config: "",
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

/** The source from the kind's fields: blanks are left out, so the schema's defaults apply. */
function sourceFromFields(kind: string, values: Record<string, string>): Record<string, unknown> {
  const source: Record<string, unknown> = { kind };
  for (const field of sourceFieldsOf(kind)) {
    const raw = (values[field.name] ?? "").trim();
    if (field.type === "boolean") source[field.name] = checked(raw);
    else if (field.type === "list") {
      const items = raw.split(/\r?\n/).filter((line) => line.trim() !== "");
      if (items.length > 0) source[field.name] = items;
    } else if (field.type === "number") {
      if (raw !== "" && !/^-?\d+$/.test(raw)) throw invalid(`src_${field.name}`, "must be a whole number");
      if (raw !== "") source[field.name] = Number(raw);
    } else if (raw !== "") source[field.name] = raw;
  }
  return source;
}

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
    ...(v.catalog_id
      ? { catalog_id: v.catalog_id }
      : {
          source:
            v.source_config.trim() === ""
              ? sourceFromFields(v.source_kind, v.source_fields)
              : sourceOf(v.source_kind, v.source_config),
        }),
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

/** The schema's terse messages about a typed field, as the person who typed it reads them. */
const plainly = (message: string) =>
  message
    .replace(/^required \(expected \w+\)$/, "is required")
    .replace(/^Too small: expected number to be >=(\d+)$/, "must be at least $1")
    .replace(/^Too big: expected number to be <=(\d+)$/, "must be at most $1")
    .replace(/^Too big: expected string to have <=(\d+) characters$/, "must be at most $1 characters long")
    .replace(/^Too big: expected array to have <=(\d+) items$/, "must have at most $1 lines");

/**
 * Errors keyed by form field: `impacts.<n>.<field>` becomes `impact_<row>_<field>`; `source.<field>`
 * the kind's field (`src_<field>`), or the JSON box when that is what was sent.
 */
export function formFieldErrors(
  errors: Record<string, string>,
  rows: number[],
  values?: DependencyValues,
): Record<string, string> {
  const out: Record<string, string> = {};
  const fromFields = values !== undefined && values.source_config.trim() === "";
  for (const [path, message] of Object.entries(errors)) {
    const impact = /^impacts\.(\d+)\.?(\w*)/.exec(path);
    const source = /^source\.?(.*)$/.exec(path);
    const field = source && /^(\w+)/.exec(source[1]!)?.[1];
    if (impact) {
      const row = rows[Number(impact[1])] ?? Number(impact[1]);
      out[`impact_${row}_${impact[2] || "component_id"}`] = message;
    } else if (fromFields && field === "kind") {
      out.source_kind = "must be one of the kinds listed";
    } else if (fromFields && field && sourceFieldsOf(values.source_kind).some((f) => f.name === field)) {
      out[`src_${field}`] = plainly(message);
    } else if (source) {
      const text = source[1] ? `${source[1]}: ${message}` : message;
      out.source_config = out.source_config ? `${out.source_config}; ${text}` : text;
    } else out[path] = message;
  }
  return out;
}
