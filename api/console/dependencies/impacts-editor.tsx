import type { ComponentRow } from "../../domain/components/component-store.ts";
import { criticalities } from "../../domain/types.ts";
import { Field, SelectField } from "../kit/index.ts";
import { type ImpactValues, impactOn, impactSet } from "./input.ts";

/** "impact_2_on" → "Impact 3, on": how the error summary names a row's field. */
export const impactLabel = (path: string) => {
  const match = /^impact_(\d+)_(\w+)$/.exec(path);
  return match
    ? `Impact ${Number(match[1]) + 1}, ${match[2]!.replaceAll("_", " ")}`
    : path.replaceAll("_", " ");
};

function ImpactRow({
  index,
  row,
  components,
  errors,
}: {
  index: number;
  row: ImpactValues;
  components: ComponentRow[];
  errors: Record<string, string>;
}) {
  const name = (field: string) => `impact_${index}_${field}`;
  return (
    <fieldset class="impact">
      <legend>{`Impact ${index + 1}`}</legend>
      <SelectField
        label="Our component"
        name={name("component_id")}
        value={row.component_id}
        error={errors[name("component_id")]}
        options={[
          { value: "", label: "No component (removes this row)" },
          ...components.map((c) => ({ value: c.id, label: c.name })),
        ]}
      />
      <SelectField
        label="When the dependency is at least"
        name={name("on")}
        value={row.on}
        error={errors[name("on")]}
        options={impactOn}
      />
      <SelectField
        label="Set our component to"
        name={name("set")}
        value={row.set}
        error={errors[name("set")]}
        options={impactSet}
      />
      <SelectField
        label="Criticality"
        name={name("criticality")}
        value={row.criticality}
        error={errors[name("criticality")]}
        options={criticalities}
      />
      <Field
        label="Alternative group"
        name={name("alternative_group")}
        value={row.alternative_group}
        error={errors[name("alternative_group")]}
        required={false}
        autocomplete="off"
      />
    </fieldset>
  );
}

/**
 * The impacts of a dependency, one fieldset per row. Without JavaScript a row is added by the form's
 * "Add an impact row" button (after the save button, so Enter still saves), which sends the form back
 * with one more empty row and saves nothing.
 */
export function ImpactsEditor({
  impacts,
  components,
  errors,
}: {
  impacts: ImpactValues[];
  components: ComponentRow[];
  errors: Record<string, string>;
}) {
  const leaves = components.filter((c) => !c.isGroup);
  return (
    <section aria-labelledby="impacts-title">
      <h2 id="impacts-title">Impacts on our components</h2>
      <p class="hint">
        What this provider's state does to our components. A critical need without another provider in the
        same alternative group (e.g. "email") is a single point of failure.
      </p>
      {leaves.length === 0 && (
        <p class="muted">
          There is no component yet: <a href="/admin/components/new">add one</a> first.
        </p>
      )}
      <input type="hidden" name="impact_count" value={String(impacts.length)} />
      {impacts.map((row, index) => (
        <ImpactRow index={index} row={row} components={leaves} errors={errors} />
      ))}
    </section>
  );
}
