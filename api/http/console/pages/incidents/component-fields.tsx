import type { ComponentRow } from "../../../../domain/components/component-store.ts";
import { type ComponentStatus, componentStatuses } from "../../../../domain/types.ts";
import { Checkbox, type FormErrors, labels, Select } from "./form-parts.tsx";

const leavesOf = (components: ComponentRow[]) => {
  const groups = new Map(components.filter((c) => c.isGroup).map((g) => [g.id, g.name]));
  return components
    .filter((c) => !c.isGroup)
    .map((c) => ({
      ...c,
      label: c.groupId && groups.has(c.groupId) ? `${groups.get(c.groupId)} › ${c.name}` : c.name,
    }));
};

const fieldName = (id: string) => `component-${id}`;

/** The status picked for each component, from the form; components left at "no change" are absent. */
export function readComponentStatuses(
  form: (name: string) => string,
  components: ComponentRow[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of components) {
    const value = form(fieldName(c.id));
    if (value) out[c.id] = value;
  }
  return out;
}

/** The components ticked in the form. */
export const readComponentChoice = (form: (name: string) => string, components: ComponentRow[]) =>
  components.filter((c) => !c.isGroup && form(fieldName(c.id)) === "on").map((c) => c.id);

const NoComponents = () => (
  <p class="muted">
    No component yet: <a href="/admin/components">add the parts of your service</a> to show what this affects.
  </p>
);

/** One select per component, "no change" by default: an update changes only what it names. */
export function ComponentStatusFields(props: {
  components: ComponentRow[];
  values: Record<string, string>;
  errors: FormErrors;
}) {
  const leaves = leavesOf(props.components);
  return (
    <fieldset>
      <legend>Affected components</legend>
      <p class="hint">Set a new status for each component this affects; the others keep theirs.</p>
      {leaves.length === 0 ? (
        <NoComponents />
      ) : (
        leaves.map((c) => (
          <Select
            label={c.label}
            name={fieldName(c.id)}
            value={props.values[c.id] ?? ""}
            error={props.errors[fieldName(c.id)]}
            options={[
              { value: "", label: `No change (now ${labels.component_statuses[c.status].toLowerCase()})` },
              ...componentStatuses.map((s: ComponentStatus) => ({
                value: s,
                label: labels.component_statuses[s],
              })),
            ]}
          />
        ))
      )}
    </fieldset>
  );
}

/** A checkbox per component, for a maintenance: it sets them under maintenance while it runs. */
export function ComponentChoiceFields(props: { components: ComponentRow[]; chosen: string[] }) {
  const leaves = leavesOf(props.components);
  return (
    <fieldset>
      <legend>Components under maintenance</legend>
      {leaves.length === 0 ? (
        <NoComponents />
      ) : (
        leaves.map((c) => (
          <Checkbox label={c.label} name={fieldName(c.id)} checked={props.chosen.includes(c.id)} />
        ))
      )}
    </fieldset>
  );
}
