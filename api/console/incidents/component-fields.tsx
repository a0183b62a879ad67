import type { ComponentRow } from "../../domain/components/component-store.ts";
import { componentStatuses } from "../../domain/types.ts";
import { Checkbox } from "../kit/index.ts";
import { leavesInPageOrder, pageOrder } from "./component-order.ts";
import type { Parsed } from "./input.ts";

export const componentField = (id: string) => `component-${id}`;
export const groupField = (id: string) => `group-${id}`;

/** What the component table sent: each component's own choice, and each group's "set the whole group". */
export interface ComponentChoices {
  /** Components given a status of their own; those left at "no change" are absent. */
  components: Record<string, string>;
  /** Groups given a status for all their components. */
  groups: Record<string, string>;
}

export const noChoices: ComponentChoices = { components: {}, groups: {} };

export function readComponentChoices(
  form: (name: string) => string,
  components: ComponentRow[],
): ComponentChoices {
  const out: ComponentChoices = { components: {}, groups: {} };
  for (const c of components) {
    const value = form(c.isGroup ? groupField(c.id) : componentField(c.id));
    if (value) (c.isGroup ? out.groups : out.components)[c.id] = value;
  }
  return out;
}

/**
 * The status each component gets: its own choice, else its group's. A group's choice that is not a
 * status is not spread (the domain would name each component in its refusal); `groupErrors` names it.
 */
export function resolveChoices(
  choices: ComponentChoices,
  components: ComponentRow[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of pageOrder(components)) {
    const leaves = entry.kind === "group" ? entry.children : [entry.component];
    const group = entry.kind === "group" ? choices.groups[entry.group.id] : undefined;
    for (const c of leaves) {
      const own = choices.components[c.id];
      if (own) out[c.id] = own;
      else if (group && (componentStatuses as readonly string[]).includes(group)) out[c.id] = group;
    }
  }
  return out;
}

/** A refusal for each group whose "set the whole group" is not a status. */
export function groupErrors(choices: ComponentChoices): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [id, value] of Object.entries(choices.groups))
    if (!(componentStatuses as readonly string[]).includes(value))
      out[groupField(id)] =
        `Choose a status from the list for the whole group ("${value.slice(0, 40)}" is not one).`;
  return out;
}

/** The components ticked in the form. */
export const readComponentChoice = (form: (name: string) => string, components: ComponentRow[]) =>
  components.filter((c) => !c.isGroup && form(componentField(c.id)) === "on").map((c) => c.id);

export const NoComponents = () => (
  <p class="muted">
    No component yet: <a href="/admin/components">add the parts of your service</a> to show what this affects.
  </p>
);

/** A checkbox per component, in page order, for a maintenance: it sets them under maintenance while it runs. */
export function ComponentChoiceFields(props: { components: ComponentRow[]; chosen: string[] }) {
  const groups = new Map(props.components.filter((c) => c.isGroup).map((g) => [g.id, g.name]));
  const leaves = leavesInPageOrder(props.components);
  return (
    <fieldset>
      <legend>Components under maintenance</legend>
      {leaves.length === 0 ? (
        <NoComponents />
      ) : (
        leaves.map((c) => (
          <Checkbox
            label={c.groupId && groups.has(c.groupId) ? `${groups.get(c.groupId)} › ${c.name}` : c.name}
            name={componentField(c.id)}
            checked={props.chosen.includes(c.id)}
          />
        ))
      )}
    </fieldset>
  );
}

/** A parse result with the refusals of "set the whole group" added: the form comes back with both. */
export function withGroupErrors<T>(parsed: Parsed<T>, choices: ComponentChoices): Parsed<T> {
  const bad = groupErrors(choices);
  if (parsed.ok && Object.keys(bad).length === 0) return parsed;
  return {
    ok: false,
    errors: {
      _form: "Some fields need fixing; see the messages next to them.",
      ...(parsed.ok ? {} : parsed.errors),
      ...bad,
    },
  };
}
