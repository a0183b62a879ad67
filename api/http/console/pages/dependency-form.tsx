import type { ComponentRow } from "../../../domain/components/component-store.ts";
import type { CatalogEntry } from "../../../domain/dependencies/catalog.ts";
import { dependencyPolicies, sourceKinds } from "../../../domain/types.ts";
import { CheckboxField, ErrorSummary, SelectField, TextAreaField } from "../form-bits.tsx";
import { CsrfField, Field } from "../kit.tsx";
import { type DependencyValues, sourceExamples } from "./dependency-form-input.ts";
import { ImpactsEditor, impactLabel } from "./impacts-editor.tsx";

const policyLabels: Record<string, string> = {
  draft: "draft: the incident the monitor opens waits for an editor",
  publish: "publish: the incident is published at once",
};

function SourceFields({ values, errors }: { values: DependencyValues; errors: Record<string, string> }) {
  return (
    <fieldset>
      <legend>Custom source</legend>
      <SelectField
        label="Kind"
        name="source_kind"
        value={values.source_kind}
        error={errors.source_kind}
        options={sourceKinds}
      />
      <TextAreaField
        label="Source settings (JSON)"
        name="source_config"
        value={values.source_config}
        error={errors.source_config}
        rows={5}
        code
        hint={`The fields of the chosen kind, e.g. ${Object.entries(sourceExamples)
          .map(([kind, json]) => `${kind}: ${json}`)
          .join(" · ")}`}
      />
    </fieldset>
  );
}

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
    >
      <h2 id="dependency-form">
        {id ? "Settings" : entry ? `Watch ${entry.name}` : "Watch a custom source"}
      </h2>
      <ErrorSummary errors={errors} labelOf={impactLabel} />
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
