import { and, eq } from "drizzle-orm";
import type { IncidentKind, Locale } from "../../../db/schema/enums.ts";
import { incidents, incidentTranslations } from "../../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { authorize } from "../authorize.ts";
import type { Tx } from "../context.ts";
import { type Call, parseInput } from "../verb.ts";
import { appendIncidentEvent, derivedImpact, getIncident, type IncidentRow } from "./incident-store.ts";
import { updateIncidentByIdInput } from "./schemas.ts";

export async function saveNameTranslations(
  tx: Tx,
  incidentId: string,
  translations: Partial<Record<Locale, string>> | undefined,
) {
  for (const [locale, name] of Object.entries(translations ?? {})) {
    await tx
      .delete(incidentTranslations)
      .where(
        and(
          eq(incidentTranslations.incidentId, incidentId),
          eq(incidentTranslations.locale, locale as Locale),
        ),
      );
    await tx.insert(incidentTranslations).values({ incidentId, locale: locale as Locale, name });
  }
}

/** Renames an incident or sets / removes its impact override, without posting an update. */
export async function updateIncident(call: Call<typeof updateIncidentByIdInput>): Promise<IncidentRow> {
  const { id, ...input } = parseInput(updateIncidentByIdInput, call.input);
  const { deps, actor } = call.ctx;
  authorize(actor, "editor");
  return deps.write(async (tx) => {
    const at = deps.clock.now();
    const kind: IncidentKind = "incident";
    const incident = await getIncident(tx, id, kind);
    const before = { ...incident };
    const changes: Partial<IncidentRow> = { updatedAt: at };
    if (input.name !== undefined) changes.name = input.name;
    if (input.impact !== undefined) {
      changes.impactOverride = input.impact;
      changes.impact = input.impact ?? (await derivedImpact(tx, id));
    }
    await tx.update(incidents).set(changes).where(eq(incidents.id, id));
    await saveNameTranslations(tx, id, input.name_translations);
    Object.assign(incident, changes);
    await appendIncidentEvent(tx, at, incident, "incident.updated", { incident_id: id, edited: true });
    await recordAudit(tx, at, actor, {
      action: "incident.edit",
      entityType: kind,
      entityId: id,
      before,
      after: incident,
    });
    return incident;
  });
}
