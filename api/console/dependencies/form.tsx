import type { ComponentRow } from "../../domain/components/component-store.ts";
import type { CatalogEntry } from "../../domain/dependencies/catalog.ts";
import { dependencyPolicies, type SourceKind, sourceKinds } from "../../domain/types.ts";
import {
  CheckboxField,
  CsrfField,
  checked,
  ErrorSummary,
  Field,
  SelectField,
  TextAreaField,
} from "../kit/index.ts";
import { ImpactsEditor, impactLabel } from "./impacts-editor.tsx";
import { type DependencyValues, sourceExamples } from "./input.ts";
import { type SourceField, sourceFieldsOf, sourceKindLabels } from "./source-fields.ts";

const policyLabels: Record<string, string> = {
  draft: "draft: the incident the monitor opens waits for an editor",
  publish: "publish: the incident is published at once",
};

function KindField({
  field,
  value,
  error,
}: {
  field: SourceField;
  value: string;
  error?: string | undefined;
}) {
  const name = `src_${field.name}`;
  const label = field.required ? `${field.label} (required)` : field.label;
  const hint = field.hint;
  if (field.type === "boolean")
    return <CheckboxField label={label} name={name} checked={checked(value)} {...(hint && { hint })} />;
  if (field.type === "list")
    return (
      <TextAreaField label={label} name={name} value={value} error={error} rows={3} {...(hint && { hint })} />
    );
  return (
    <Field
      label={label}
      name={name}
      type={field.type === "url" ? "url" : field.type === "number" ? "number" : "text"}
      value={value}
      error={error}
      required={false}
      autocomplete="off"
      {...(hint && { hint })}
    />
  );
}

/**
 * The source: its kind, then that kind's fields (from the API's schema). Changing the kind shows
 * its fields: at once with the console's script, with the button beside the select without it.
 */
function SourceFields({ values, errors }: { values: DependencyValues; errors: Record<string, string> }) {
  const fields = sourceFieldsOf(values.source_kind);
  return (
    <fieldset>
      <legend>Custom source</legend>
      {/* Which kind's fields are on screen: a changed kind starts from its own defaults. */}
      <input type="hidden" name="shown_kind" value={values.source_kind} />
      <div>
        <SelectField
          label="Kind"
          name="source_kind"
          value={values.source_kind}
          error={errors.source_kind}
          options={sourceKinds.map((k) => ({ value: k, label: sourceKindLabels[k] }))}
          submitWith="choose-kind"
        />
        <button type="submit" name="intent" value="choose_kind" id="choose-kind" class="secondary">
          Show this kind's fields
        </button>
      </div>
      {fields.map((field) => (
        <KindField
          field={field}
          value={values.source_fields[field.name] ?? ""}
          error={errors[`src_${field.name}`]}
        />
      ))}
      <details open={values.source_config.trim() !== "" || undefined}>
        <summary>Advanced: the settings as JSON</summary>
        <TextAreaField
          label="Source settings (JSON)"
          name="source_config"
          value={values.source_config}
          error={errors.source_config}
          rows={5}
          code
          hint={`When filled, this replaces the fields above. For this kind, e.g. ${sourceExamples[values.source_kind as SourceKind] ?? "{}"}`}
        />
      </details>
    </fieldset>
  );
}

/** How the error list names a field: an impact row's, a source field's label, or its name. */
const labelOfField = (kind: string) => (path: string) => {
  const field = sourceFieldsOf(kind).find((f) => `src_${f.name}` === path);
  return field ? field.label : impactLabel(path);
};

export interface DependencyFormProps {
  /** Absent for a new dependency. */
  id?: string | undefined;
  values: DependencyValues;
  /** The catalog entry picked for a new dependency, if any. */
  entry?: CatalogEntry | undefined;
  components: ComponentRow[];
  errors: Record<string, string>;
  csrfToken: string;
}

export function DependencyForm({ id, values, entry, components, errors, csrfToken }: DependencyFormProps) {
  return (
    <form
      method="post"
      action={id ? `/admin/dependencies/${id}` : "/admin/dependencies"}
      class="card"
      aria-labelledby="dependency-form"
      novalidate
    >
      <h2 id="dependency-form">
        {id ? "Settings" : entry ? `Watch ${entry.name}` : "Watch a custom source"}
      </h2>
      {/* Enter in a field presses the form's first submit button: this one saves, not the kind's button below. */}
      <button type="submit" hidden tabindex={-1}>
        {id ? "Save changes" : "Add dependency"}
      </button>
      <ErrorSummary errors={errors} labelOf={labelOfField(values.source_kind)} />
      <CsrfField token={csrfToken} />
      {entry ? (
        <>
          <input type="hidden" name="catalog_id" value={entry.id} />
          <p>
            {`From the catalog: ${entry.name} (${entry.source.kind}). `}
            <a href="/admin/dependencies/new">Choose another</a>
          </p>
        </>
      ) : (
        <SourceFields values={values} errors={errors} />
      )}
      <Field
        label="Name"
        name="name"
        value={values.name}
        error={errors.name}
        required={!entry}
        autocomplete="off"
        hint={
          entry
            ? "Optional: the catalog's name by default."
            : "How admins and the incidents it opens call it."
        }
      />
      <SelectField
        label="When it degrades"
        name="policy"
        value={values.policy}
        error={errors.policy}
        options={dependencyPolicies.map((p) => ({ value: p, label: policyLabels[p] ?? p }))}
      />
      <Field
        label="Seconds between checks"
        name="poll_interval_seconds"
        type="number"
        value={values.poll_interval_seconds}
        error={errors.poll_interval_seconds}
        hint="From 10 to 86400; 60 by default."
        required={false}
      />
      <CheckboxField label="Checked by the monitor (enabled)" name="enabled" checked={values.enabled} />
      <fieldset>
        <legend>Public status page</legend>
        <CheckboxField
          label="Shown on the page (listed under Third-party services, named on the incidents it opens)"
          name="shown_on_page"
          checked={values.shown_on_page}
        />
        <TextAreaField
          label="Public description"
          name="description"
          value={values.description}
          error={errors.description}
          rows={2}
          hint="Optional, shown under its name when it is on the page, e.g. “Card payments”. Unshown, nothing about this dependency is public."
        />
      </fieldset>
      <ImpactsEditor impacts={values.impacts} components={components} errors={errors} />
      <div class="actions">
        <button type="submit">{id ? "Save changes" : "Add dependency"}</button>{" "}
        <button type="submit" name="intent" value="add_impact" class="secondary">
          Add an impact row
        </button>{" "}
        <a href={id ? `/admin/dependencies/${id}` : "/admin/dependencies"}>Cancel</a>
      </div>
    </form>
  );
}

/** The catalog search: a GET form, then the matching entries, each a link to the form above. */
export function CatalogSearch({
  q,
  entries,
  total,
  offset,
}: {
  q: string;
  entries: CatalogEntry[];
  total: number;
  offset: number;
}) {
  const more = offset + entries.length < total;
  return (
    <section class="card" aria-labelledby="catalog">
      <h2 id="catalog">Pick a provider from the catalog</h2>
      <form method="get" action="/admin/dependencies/new" class="inline">
        <label for="f-q">Search the catalog</label>
        <input id="f-q" name="q" type="search" value={q} placeholder="e.g. aws ec2 paris" />
        <button type="submit" class="secondary">
          Search
        </button>
      </form>
      <p class="muted">{`${total} ${total === 1 ? "match" : "matches"}`}</p>
      <ul class="plain">
        {entries.map((e) => (
          <li>
            <a href={`/admin/dependencies/new?catalog=${encodeURIComponent(e.id)}`}>{`Use ${e.name}`}</a>
            <br />
            <span class="muted">{`${e.id} · ${e.source.kind}`}</span>
          </li>
        ))}
      </ul>
      {more && (
        <p>
          <a href={`/admin/dependencies/new?q=${encodeURIComponent(q)}&offset=${offset + entries.length}`}>
            More matches
          </a>
        </p>
      )}
    </section>
  );
}
