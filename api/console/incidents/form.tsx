import type { ComponentRow } from "../../domain/components/component-store.ts";
import { impacts, incidentStatuses } from "../../domain/types.ts";
import { Checkbox, CsrfField, FormError, type FormErrors, labels, SelectField } from "../kit/index.ts";
import { type ComponentChoices, noChoices } from "./component-fields.tsx";
import { ComponentStatusTable } from "./component-table.tsx";
import { NameAndMessage, PreviewButtons, StatusField } from "./form-parts.tsx";
import type { MessagePreview } from "./message-preview.ts";
import { PreviewSection } from "./preview-view.tsx";
import { TemplateLinks } from "./template-links.tsx";

export interface NewIncidentValues {
  name: string;
  nameFr: string;
  body: string;
  bodyFr: string;
  status: string;
  /** Empty: derived from the components. */
  impact: string;
  choices: ComponentChoices;
  deliver: boolean;
}

export const blankIncident: NewIncidentValues = {
  name: "",
  nameFr: "",
  body: "",
  bodyFr: "",
  status: "investigating",
  impact: "",
  choices: noChoices,
  deliver: true,
};

export const openingStatuses = incidentStatuses
  .filter((s) => s !== "postmortem")
  .map((s) => ({ value: s, label: labels.incident_statuses[s] }));

export const impactOptions = [
  { value: "", label: "From the affected components" },
  ...impacts.map((i) => ({ value: i, label: labels.impacts[i] })),
];

/** An incident's impact: blank lets the worst status among its components decide. */
export function ImpactField(props: { value: string; error: string | undefined; hint?: string }) {
  return (
    <SelectField
      asIs
      label="Impact"
      name="impact"
      options={impactOptions}
      value={props.value}
      error={props.error}
      hint={props.hint}
    />
  );
}

export interface NewIncidentProps {
  values: NewIncidentValues;
  components: ComponentRow[];
  csrfToken: string;
  errors?: FormErrors;
  preview?: MessagePreview | undefined;
  /** The template the form was filled from, said above it. */
  template?: string | undefined;
  /** Focus the first component's status (a fresh form). */
  autofocus?: boolean;
}

/**
 * What is affected comes first: it is the one thing a template cannot know, and the first status is
 * focused, so from the keyboard the path is: pick statuses, Tab to the name, Enter previews, Enter posts.
 */
export function NewIncidentPage(props: NewIncidentProps) {
  const { values, components, csrfToken, errors = {}, preview } = props;
  return (
    <>
      <TemplateLinks kind="incident" />
      <form
        method="post"
        action="/admin/incidents"
        class="card"
        id="incident-form"
        aria-labelledby="new-incident"
      >
        <h2 id="new-incident">The incident</h2>
        {props.template && (
          <p class="hint">{`Filled from the template "${props.template}"; adapt it before posting.`}</p>
        )}
        <FormError errors={errors} />
        <CsrfField token={csrfToken} />
        <ComponentStatusTable
          components={components}
          choices={values.choices}
          errors={errors}
          autofocus={props.autofocus ?? false}
          hint="Pick a new status for what this affects; components left at No change keep theirs."
        />
        <NameAndMessage
          values={values}
          errors={errors}
          message={{
            hint: "Markdown: **bold**, lists, links.",
            hintFr: "French subscribers get the English text when this is empty.",
          }}
        />
        <StatusField options={openingStatuses} value={values.status} error={errors.status} />
        <ImpactField
          value={values.impact}
          error={errors.impact}
          hint="By default the worst status among the affected components decides it."
        />
        <Checkbox label="Notify subscribers" name="deliver" checked={values.deliver} />
        <PreviewButtons post="Open the incident" />
      </form>
      {preview && (
        <PreviewSection
          preview={preview}
          post={{ form: "incident-form", label: "Open the incident" }}
          quiet="Notify subscribers is unticked: nobody is told of this incident."
        />
      )}
    </>
  );
}
