import type { z } from "zod";
import { sourceSchema } from "../../domain/dependencies/source-schema.ts";
import type { SourceKind } from "../../domain/types.ts";

/**
 * The per-kind form of a dependency's source, read from the API's own zod schema: each field of
 * the kind becomes an input of its type, with the schema's description as its hint, so a field
 * added to the schema appears in the console without a second list to keep in step.
 */

export type SourceFieldType = "text" | "url" | "list" | "number" | "boolean";

export interface SourceField {
  name: string;
  label: string;
  type: SourceFieldType;
  required: boolean;
  hint: string | undefined;
  /** The schema's default, as the form types it ("on" for a ticked box). */
  initial: string;
}

export const sourceKindLabels: Record<SourceKind, string> = {
  statuspage: "Atlassian Statuspage page",
  aws: "AWS Health Dashboard",
  gcp: "Google Cloud status",
  azure: "Azure status",
  slack: "Slack status",
  feed: "RSS or Atom status feed",
  http: "HTTP check of a URL",
};

/** Hints the schema's descriptions leave out, said as a person filling the form needs them. */
const extraHints: Record<string, string> = {
  "aws.service": "The service key in the AWS Health Dashboard, such as ec2, s3 or dynamodb.",
  "aws.region": "Such as eu-west-3 or us-east-1.",
  "http.url": "Checked with a GET request.",
  "http.expected_status": "The HTTP status a healthy answer has.",
  "http.max_latency_ms": "Slower answers count as degraded.",
};

const words: Record<string, string> = { url: "URL", ms: "(ms)", id: "id" };
const labelOf = (name: string) => {
  const text = name
    .split("_")
    .map((w) => words[w] ?? w)
    .join(" ");
  return text.charAt(0).toUpperCase() + text.slice(1);
};

type Schema = z.core.$ZodType & { description?: string; def: Record<string, unknown> };

function fieldOf(kind: string, name: string, schema: Schema): SourceField {
  let s = schema;
  let required = true;
  let initial: unknown;
  let hint = s.description;
  while (s.def.type === "optional" || s.def.type === "default") {
    required = false;
    if (s.def.type === "default") initial = s.def.defaultValue;
    s = s.def.innerType as Schema;
    hint ??= s.description;
  }
  const type: SourceFieldType =
    s.def.type === "array"
      ? "list"
      : s.def.type === "number"
        ? "number"
        : s.def.type === "boolean"
          ? "boolean"
          : s.def.format === "url"
            ? "url"
            : "text";
  const listHint = type === "list" ? "One per line. " : "";
  const text = [extraHints[`${kind}.${name}`], hint].filter(Boolean).join(" ");
  return {
    name,
    label: labelOf(name),
    type,
    required,
    hint: `${listHint}${text}`.trim() || undefined,
    initial: initial === undefined ? "" : initial === true ? "on" : initial === false ? "" : String(initial),
  };
}

const fieldsByKind = new Map(
  sourceSchema.options.map((option) => {
    const kind = option.shape.kind.value as SourceKind;
    const fields = Object.entries(option.shape)
      .filter(([name]) => name !== "kind")
      .map(([name, schema]) => fieldOf(kind, name, schema as unknown as Schema));
    return [kind, fields] as const;
  }),
);

/** The fields of one kind; none for a kind the schema does not know (its error says so). */
export const sourceFieldsOf = (kind: string): SourceField[] => fieldsByKind.get(kind as SourceKind) ?? [];

/** A new form's values for a kind: the schema's defaults. */
export const initialSourceFields = (kind: string): Record<string, string> =>
  Object.fromEntries(sourceFieldsOf(kind).map((f) => [f.name, f.initial]));
