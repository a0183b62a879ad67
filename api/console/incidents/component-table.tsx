import type { ComponentRow } from "../../domain/components/component-store.ts";
import { type ComponentStatus, componentStatuses } from "../../domain/types.ts";
import { type FormErrors, labels } from "../kit/index.ts";
import {
  type ComponentChoices,
  componentField,
  groupField,
  NoComponents,
  resolveChoices,
} from "./component-fields.tsx";
import { pageOrder } from "./component-order.ts";

export interface ComponentTableProps {
  components: ComponentRow[];
  choices: ComponentChoices;
  errors: FormErrors;
  /** What "No change" does here, said above the table. */
  hint: string;
  /** Focus the first status on load: the first thing to decide when the words come from a template. */
  autofocus?: boolean;
}

const toneOf: Record<ComponentStatus, string> = {
  operational: "good",
  under_maintenance: "info",
  degraded_performance: "warn",
  partial_outage: "bad",
  major_outage: "bad",
};

const statusOptions = (value: string, none: string) => [
  <option value="" selected={value === ""}>
    {none}
  </option>,
  ...componentStatuses.map((s) => (
    <option value={s} selected={s === value}>
      {labels.component_statuses[s]}
    </option>
  )),
];

function StatusSelect(props: {
  name: string;
  value: string;
  error?: string | undefined;
  autofocus: boolean;
  none: string;
}) {
  const id = `f-${props.name}`;
  return (
    <td>
      <select
        id={id}
        name={props.name}
        autofocus={props.autofocus}
        aria-invalid={props.error ? "true" : undefined}
        aria-describedby={props.error ? `${id}-error` : undefined}
      >
        {statusOptions(props.value, props.none)}
      </select>
      {props.error && (
        <p class="notice error" id={`${id}-error`}>
          {props.error}
        </p>
      )}
    </td>
  );
}

/**
 * Every component in one compact table, grouped and ordered as on the public page, each with its
 * status now and a status to set; a group's first row sets all its components at once (a component's
 * own choice wins). Rows that will change are highlighted by the stylesheet alone (`:has`), so it
 * works without JavaScript; `changed` marks them for browsers without `:has`.
 */
export function ComponentStatusTable(props: ComponentTableProps) {
  const entries = pageOrder(props.components);
  const after = resolveChoices(props.choices, props.components);
  const head = entries[0];
  const first =
    props.autofocus && head
      ? head.kind === "group"
        ? groupField(head.group.id)
        : componentField(head.component.id)
      : undefined;
  const Row = ({ c, group }: { c: ComponentRow; group?: string }) => (
    <tr class={after[c.id] ? "changed" : undefined}>
      <th scope="row" class={group ? "child" : undefined}>
        <label for={`f-${componentField(c.id)}`}>
          {group && <span class="sr-only">{`${group} › `}</span>}
          {c.name}
        </label>{" "}
        <span class={`badge ${toneOf[c.status]}`}>{labels.component_statuses[c.status]}</span>
      </th>
      <StatusSelect
        name={componentField(c.id)}
        value={props.choices.components[c.id] ?? ""}
        error={props.errors[componentField(c.id)]}
        autofocus={first === componentField(c.id)}
        none="No change"
      />
    </tr>
  );
  return (
    <fieldset>
      <legend>Affected components</legend>
      <p class="hint" id="components-hint">
        {props.hint}
      </p>
      {entries.length === 0 ? (
        <NoComponents />
      ) : (
        <table class="status-table" aria-describedby="components-hint">
          <thead>
            <tr>
              <th scope="col">Component and status now</th>
              <th scope="col">New status</th>
            </tr>
          </thead>
          {entries.map((e) =>
            e.kind === "component" ? (
              <tbody>
                <Row c={e.component} />
              </tbody>
            ) : (
              <tbody class="group">
                <tr class={`group-row${props.choices.groups[e.group.id] ? " changed" : ""}`}>
                  <th scope="rowgroup">
                    <label for={`f-${groupField(e.group.id)}`}>
                      {e.group.name}
                      <span class="muted">{" · set the whole group"}</span>
                    </label>
                  </th>
                  <StatusSelect
                    name={groupField(e.group.id)}
                    value={props.choices.groups[e.group.id] ?? ""}
                    error={props.errors[groupField(e.group.id)]}
                    autofocus={first === groupField(e.group.id)}
                    none="Each as below"
                  />
                </tr>
                {e.children.map((c) => (
                  <Row c={c} group={e.group.name} />
                ))}
              </tbody>
            ),
          )}
        </table>
      )}
    </fieldset>
  );
}
