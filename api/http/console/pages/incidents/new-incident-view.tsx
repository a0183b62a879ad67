import type { ComponentRow } from "../../../../domain/components/component-store.ts";
import { impacts, incidentStatuses } from "../../../../domain/types.ts";
import { CsrfField } from "../../kit.tsx";
import { ComponentStatusFields } from "./component-fields.tsx";
import {
  Checkbox,
  FormError,
  type FormErrors,
  labels,
  PreviewButtons,
  Select,
  SideBySide,
  TextInput,
} from "./form-parts.tsx";
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
  components: Record<string, string>;
  deliver: boolean;
}

export const blankIncident: NewIncidentValues = {
  name: "",
  nameFr: "",
  body: "",
  bodyFr: "",
  status: "investigating",
  impact: "",
  components: {},
  deliver: true,
};

export const openingStatuses = incidentStatuses
  .filter((s) => s !== "postmortem")
  .map((s) => ({ value: s, label: labels.incident_statuses[s] }));

export const impactOptions = [
  { value: "", label: "From the affected components" },
  ...impacts.map((i) => ({ value: i, label: labels.impacts[i] })),
];

export interface NewIncidentProps {
  values: NewIncidentValues;
  components: ComponentRow[];
  csrfToken: string;
  errors?: FormErrors;
  preview?: MessagePreview | undefined;
}

export function NewIncidentPage({ values, components, csrfToken, errors = {}, preview }: NewIncidentProps) {
  return (
    <>
      <TemplateLinks kind="incident" />
      <form method="post" action="/admin/incidents" class="card" aria-labelledby="new-incident">
        <h2 id="new-incident">The incident</h2>
        <FormError errors={errors} />
        <CsrfField token={csrfToken} />
        <SideBySide>
          <div>
            <TextInput label="Name" name="name" value={values.name} error={errors.name} required />
            <TextInput
              label="Message"
              name="body"
              value={values.body}
              error={errors.body}
              hint="Markdown: **bold**, lists, links."
              multiline
              required
            />
          </div>
          <div>
            <TextInput
              label="Name in French (optional)"
              name="name_fr"
              value={values.nameFr}
              error={errors.name_fr}
              lang="fr"
            />
            <TextInput
              label="Message in French (optional)"
              name="body_fr"
              value={values.bodyFr}
              error={errors.body_fr}
              hint="French subscribers get the English text when this is empty."
              lang="fr"
              multiline
            />
          </div>
        </SideBySide>
        <Select
          label="Status"
          name="status"
          options={openingStatuses}
          value={values.status}
          error={errors.status}
        />
        <Select
          label="Impact"
          name="impact"
          options={impactOptions}
          value={values.impact}
          error={errors.impact}
          hint="By default the worst status among the affected components decides it."
        />
        <ComponentStatusFields components={components} values={values.components} errors={errors} />
        <Checkbox label="Notify subscribers" name="deliver" checked={values.deliver} />
        <PreviewButtons post="Open the incident" />
      </form>
      {preview && (
        <PreviewSection
          preview={preview}
          quiet="Notify subscribers is unticked: nobody is told of this incident."
        />
      )}
    </>
  );
}
