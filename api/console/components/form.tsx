import type { ComponentRow } from "../../domain/components/component-store.ts";
import { componentStatuses } from "../../domain/types.ts";
import { CheckboxField, CsrfField, ErrorSummary, Field, SelectField, TextAreaField } from "../kit/index.ts";

/** What the component form shows: the saved row, or what was typed when it was refused. */
export interface ComponentValues {
  name: string;
  description: string;
  /** The French name and description (blank: French readers see the original). */
  "name_translations.fr": string;
  "description_translations.fr": string;
  group_id: string;
  status: string;
  showcase: boolean;
  only_show_if_degraded: boolean;
}

export const valuesOf = (row: ComponentRow): ComponentValues => ({
  name: row.name,
  description: row.description ?? "",
  "name_translations.fr": row.nameTranslations.fr ?? "",
  "description_translations.fr": row.descriptionTranslations.fr ?? "",
  group_id: row.groupId ?? "",
  status: row.status,
  showcase: row.showcase,
  only_show_if_degraded: row.onlyShowIfDegraded,
});

export const emptyValues: ComponentValues = {
  name: "",
  description: "",
  "name_translations.fr": "",
  "description_translations.fr": "",
  group_id: "",
  status: "operational",
  showcase: true,
  only_show_if_degraded: false,
};

export interface ComponentFormProps {
  /** Absent for a new component. */
  id?: string | undefined;
  isGroup: boolean;
  values: ComponentValues;
  groups: ComponentRow[];
  errors: Record<string, string>;
  csrfToken: string;
}

export function ComponentForm({ id, isGroup, values, groups, errors, csrfToken }: ComponentFormProps) {
  return (
    <form method="post" action={id ? `/admin/components/${id}` : "/admin/components"} class="card">
      <ErrorSummary errors={errors} />
      <CsrfField token={csrfToken} />
      <Field label="Name" name="name" value={values.name} error={errors.name} autocomplete="off" />
      <TextAreaField
        label="Description"
        name="description"
        value={values.description}
        error={errors.description}
        hint="Optional; shown to readers next to the name."
        rows={3}
      />
      <Field
        label="Name in French"
        name="name_translations.fr"
        value={values["name_translations.fr"]}
        error={errors["name_translations.fr"]}
        required={false}
        autocomplete="off"
        hint="Optional; what the French page, emails and SMS call it (blank: the name above)."
      />
      <TextAreaField
        label="Description in French"
        name="description_translations.fr"
        value={values["description_translations.fr"]}
        error={errors["description_translations.fr"]}
        hint="Optional; blank: the description above."
        rows={2}
      />
      {!isGroup && (
        <>
          <SelectField
            label="Group"
            name="group_id"
            value={values.group_id}
            error={errors.group_id}
            options={[
              { value: "", label: "No group (top level)" },
              ...groups.map((g) => ({ value: g.id, label: g.name })),
            ]}
          />
          <SelectField
            label="Status"
            name="status"
            value={values.status}
            error={errors.status}
            options={componentStatuses}
            hint="Incidents usually set it; change it here to correct it without posting an update."
          />
          <CheckboxField
            label="Show the 90-day uptime bar (showcase)"
            name="showcase"
            checked={values.showcase}
          />
          <CheckboxField
            label="Only show this component while it is degraded"
            name="only_show_if_degraded"
            checked={values.only_show_if_degraded}
          />
        </>
      )}
      <div class="actions">
        <button type="submit">{id ? "Save changes" : "Add component"}</button>{" "}
        <a href="/admin/components">Cancel</a>
      </div>
    </form>
  );
}

export function DeleteConfirmation({ row, csrfToken }: { row: ComponentRow; csrfToken: string }) {
  return (
    <form method="post" action={`/admin/components/${row.id}/delete`} class="card">
      <CsrfField token={csrfToken} />
      <p>
        {row.isGroup
          ? `The group "${row.name}" goes away; its components stay, at the top level of the page.`
          : `The component "${row.name}" leaves the page and its subscribers' choices. Past incidents keep their text.`}
      </p>
      <p>This cannot be undone.</p>
      <div class="actions">
        <button type="submit" class="danger">{`Delete ${row.name}`}</button>{" "}
        <a href="/admin/components">Keep it</a>
      </div>
    </form>
  );
}
