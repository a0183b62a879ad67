import type { ComponentRow } from "../../domain/components/component-store.ts";
import { ComponentChoiceFields, readComponentChoice } from "../incidents/component-fields.tsx";
import { NameAndMessage, PreviewButtons, readNameAndMessage, SideBySide } from "../incidents/form-parts.tsx";
import { french, optional } from "../incidents/input.ts";
import {
  Checkbox,
  CsrfField,
  FormError,
  type FormErrors,
  fromLocalInput,
  TextInput,
  zoneNote,
} from "../kit/index.ts";

export interface MaintenanceValues {
  name: string;
  nameFr: string;
  /** Only when scheduling: the first update. */
  body: string;
  bodyFr: string;
  /** `datetime-local` values, on the page's clocks. */
  start: string;
  end: string;
  components: string[];
  autoStart: boolean;
  autoComplete: boolean;
  /** Minutes; empty for no reminder. */
  remind: string;
  deliver: boolean;
}

/** What the form posted, and the times that cannot be read on the page's clocks (null when both can). */
export function readMaintenanceForm(
  form: (name: string) => string,
  components: ComponentRow[],
  timeZone: string,
) {
  const values: MaintenanceValues = {
    ...readNameAndMessage(form),
    start: form("scheduled_for"),
    end: form("scheduled_until"),
    components: readComponentChoice(form, components),
    autoStart: form("auto_start") === "on",
    autoComplete: form("auto_complete") === "on",
    remind: form("remind_prior_minutes"),
    deliver: form("deliver") === "on",
  };
  return { values, unreadable: unreadableTimes(values, timeZone) };
}

/** The domain input, times turned into instants in the page's time zone (once they are readable). */
export function toMaintenanceInput(v: MaintenanceValues, timeZone: string) {
  const instant = (local: string) => fromLocalInput(local, timeZone)?.toISOString() ?? local;
  const remind = optional(v.remind);
  return {
    name: v.name,
    scheduled_for: instant(v.start),
    scheduled_until: instant(v.end),
    components: v.components,
    auto_start: v.autoStart,
    auto_complete: v.autoComplete,
    remind_prior_minutes: remind === undefined ? null : Number(remind),
    name_translations: french(v.nameFr),
  };
}

/** The times that cannot be read, with what to type instead (the schema's message is about ISO 8601). */
function unreadableTimes(v: MaintenanceValues, timeZone: string): FormErrors | null {
  const errors: FormErrors = {};
  const example = "Enter a date and a time, e.g. 2026-12-01T22:00.";
  if (!fromLocalInput(v.start, timeZone)) errors.scheduled_for = example;
  if (!fromLocalInput(v.end, timeZone)) errors.scheduled_until = example;
  return Object.keys(errors).length
    ? { _form: "Some fields need fixing; see the messages next to them.", ...errors }
    : null;
}

export interface MaintenanceFormProps {
  action: string;
  heading: string;
  values: MaintenanceValues;
  components: ComponentRow[];
  timeZone: string;
  /** Now, for the zone's abbreviation when the start cannot be read. */
  now: Date;
  errors: FormErrors;
  csrfToken: string;
  /** Scheduling writes the first update and can be previewed; editing changes the plan only. */
  scheduling: boolean;
}

export function MaintenanceForm(props: MaintenanceFormProps) {
  const { values, errors, timeZone } = props;
  // The abbreviation at the window's start: a window across a DST change still says which clock it means.
  const at = fromLocalInput(values.start, timeZone) ?? props.now;
  const zoneHint = zoneNote(timeZone, at);
  return (
    <form
      method="post"
      action={props.action}
      class="card"
      id="maintenance-form"
      aria-labelledby="maintenance-form-title"
    >
      <h2 id="maintenance-form-title">{props.heading}</h2>
      <FormError errors={errors} />
      <CsrfField token={props.csrfToken} />
      <NameAndMessage
        values={values}
        errors={errors}
        message={props.scheduling ? { hint: "Markdown." } : undefined}
      />
      <SideBySide>
        <TextInput
          label="Starts"
          name="scheduled_for"
          type="datetime-local"
          value={values.start}
          error={errors.scheduled_for}
          hint={zoneHint}
          required
        />
        <TextInput
          label="Ends"
          name="scheduled_until"
          type="datetime-local"
          value={values.end}
          error={errors.scheduled_until}
          hint={zoneHint}
          required
        />
      </SideBySide>
      <ComponentChoiceFields components={props.components} chosen={values.components} />
      <fieldset>
        <legend>Automation</legend>
        <Checkbox label="Start it at the start time" name="auto_start" checked={values.autoStart} />
        <Checkbox label="Complete it at the end time" name="auto_complete" checked={values.autoComplete} />
        <TextInput
          label="Remind subscribers this many minutes before"
          name="remind_prior_minutes"
          type="number"
          value={values.remind}
          error={errors.remind_prior_minutes}
          hint="Empty: no reminder."
        />
      </fieldset>
      {props.scheduling ? (
        <>
          <Checkbox label="Notify subscribers" name="deliver" checked={values.deliver} />
          <PreviewButtons post="Schedule the maintenance" />
        </>
      ) : (
        <div class="buttons">
          <button type="submit">Save</button>
        </div>
      )}
    </form>
  );
}
