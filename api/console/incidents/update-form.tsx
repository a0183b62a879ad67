import type { ComponentRow } from "../../domain/components/component-store.ts";
import { Checkbox, CsrfField, FormError, type FormErrors } from "../kit/index.ts";
import type { ComponentChoices } from "./component-fields.tsx";
import { ComponentStatusTable } from "./component-table.tsx";
import { MessageField, PreviewButtons, SideBySide, StatusField } from "./form-parts.tsx";

export interface UpdateValues {
  status: string;
  body: string;
  bodyFr: string;
  choices: ComponentChoices;
  deliver: boolean;
}

export interface UpdateFormProps {
  action: string;
  heading: string;
  /** Omitted when the status is fixed (resolving). */
  statuses?: { value: string; label: string }[] | undefined;
  components: ComponentRow[];
  /** What "No change" does for this kind of update, said above the component table. */
  componentsHint: string;
  values: UpdateValues;
  errors: FormErrors;
  csrfToken: string;
  post: string;
  /** Said next to the checkbox when subscribers will not be told anyway (a draft). */
  silentBecause?: string | undefined;
}

/** The id of the form posting to `action` ("updates-form", "resolve-form"), for the preview's post button. */
export const updateFormId = (action: string) => `${action.split("/").at(-1)}-form`;

/** Posting an update: the message in English and French, the status, what it does to components. */
export function UpdateForm(props: UpdateFormProps) {
  const { values, errors } = props;
  const id = updateFormId(props.action);
  return (
    <form method="post" action={props.action} class="card" id={id} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{props.heading}</h2>
      <FormError errors={errors} />
      <CsrfField token={props.csrfToken} />
      {props.statuses && <StatusField options={props.statuses} value={values.status} error={errors.status} />}
      <SideBySide>
        <MessageField
          lang="en"
          value={values.body}
          error={errors.body}
          hint="Markdown: **bold**, lists, links."
        />
        <MessageField
          lang="fr"
          value={values.bodyFr}
          error={errors.body_fr}
          hint="French subscribers get the English text when this is empty."
        />
      </SideBySide>
      <ComponentStatusTable
        components={props.components}
        choices={values.choices}
        errors={errors}
        hint={props.componentsHint}
      />
      <Checkbox label="Notify subscribers" name="deliver" checked={values.deliver} />
      {props.silentBecause && <p class="hint">{props.silentBecause}</p>}
      <PreviewButtons post={props.post} />
    </form>
  );
}
