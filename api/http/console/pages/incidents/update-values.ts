import type { ComponentRow } from "../../../../domain/components/component-store.ts";
import type { IncidentView } from "../../../../domain/read/load-page.ts";
import { readComponentStatuses } from "./component-fields.tsx";
import { french, lines } from "./form-input.ts";
import type { UpdateValues } from "./update-form-view.tsx";

/** What an update form sent, kept as typed so a refused form comes back as it was. */
export function readUpdateValues(form: (name: string) => string, components: ComponentRow[]): UpdateValues {
  return {
    status: form("status"),
    body: lines(form("body")),
    bodyFr: lines(form("body_fr")),
    components: readComponentStatuses(form, components),
    deliver: form("deliver") === "on",
  };
}

/**
 * The domain input of an update. No component named means "let the domain decide" (closing sets
 * them back to operational), which an empty map would prevent.
 */
export const toUpdateInput = (v: UpdateValues) => ({
  status: v.status,
  body: v.body,
  components: Object.keys(v.components).length ? v.components : undefined,
  deliver_notifications: v.deliver,
  body_translations: french(v.bodyFr),
});

/** A fresh update form: the current status (a postmortem's updates are notes on a resolved incident). */
export function freshUpdate(view: IncidentView): UpdateValues {
  const status = view.incident.status;
  return {
    status: status === "postmortem" ? "resolved" : status,
    body: "",
    bodyFr: "",
    components: {},
    deliver: true,
  };
}
