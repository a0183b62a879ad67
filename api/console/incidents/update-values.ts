import type { ComponentRow } from "../../domain/components/component-store.ts";
import type { IncidentView } from "../../domain/read/load-page.ts";
import { noChoices, readComponentChoices, resolveChoices } from "./component-fields.tsx";
import { french, lines } from "./input.ts";
import type { UpdateValues } from "./update-form.tsx";

/** What an update form sent, kept as typed so a refused form comes back as it was. */
export function readUpdateValues(form: (name: string) => string, components: ComponentRow[]): UpdateValues {
  return {
    status: form("status"),
    body: lines(form("body")),
    bodyFr: lines(form("body_fr")),
    choices: readComponentChoices(form, components),
    deliver: form("deliver") === "on",
  };
}

/**
 * The domain input of an update. No component named means "let the domain decide" (closing sets
 * them back to operational), which an empty map would prevent.
 */
export function toUpdateInput(v: UpdateValues, components: ComponentRow[]) {
  const statuses = resolveChoices(v.choices, components);
  return {
    status: v.status,
    body: v.body,
    components: Object.keys(statuses).length ? statuses : undefined,
    deliver_notifications: v.deliver,
    body_translations: french(v.bodyFr),
  };
}

/** A fresh update form: the current status (a postmortem's updates are notes on a resolved incident). */
export function freshUpdate(view: IncidentView): UpdateValues {
  const status = view.incident.status;
  return {
    status: status === "postmortem" ? "resolved" : status,
    body: "",
    bodyFr: "",
    choices: noChoices,
    deliver: true,
  };
}
