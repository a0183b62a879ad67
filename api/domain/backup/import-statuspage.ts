import { count, eq } from "drizzle-orm";
import { z } from "zod";
import {
  componentStatusHistory,
  components,
  incidentComponents,
  incidents,
  incidentUpdateComponents,
  incidentUpdates,
  settings,
} from "../../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { authorize } from "../authorize.ts";
import { DomainError } from "../errors.ts";
import { appendEvent } from "../outbox/append-event.ts";
import { ensureSettings } from "../settings/get-settings.ts";
import { timeZoneSchema } from "../settings/schemas.ts";
import { type Call, parseInput } from "../verb.ts";
import { insertRows } from "./insert-rows.ts";
import { importComponents } from "./statuspage-components.ts";
import {
  type StatuspageIncident,
  type StatuspagePage,
  statuspageDocumentSchemas,
} from "./statuspage-documents.ts";
import { importIncidents } from "./statuspage-incidents.ts";

/** The page's four documents (each as `parseStatuspageDocument` checks it) and where they came from. */
export const importStatuspageInput = z.strictObject({
  page: z.strictObject(statuspageDocumentSchemas),
  /** The page's base URL, named in the outbox event and the audit log. */
  source: z.string(),
});

export interface ImportStatuspageResult {
  components: number;
  groups: number;
  incidents: number;
  maintenances: number;
  updates: number;
}

/** Each incident once: the lists first (they are complete), then what only the summary shows. */
function mergeIncidents(page: StatuspagePage): { item: StatuspageIncident; where: string }[] {
  const seen = new Set<string>();
  const out: { item: StatuspageIncident; where: string }[] = [];
  const add = (items: StatuspageIncident[] | null | undefined, where: string) => {
    for (const [n, item] of (items ?? []).entries()) {
      if (seen.has(item.id)) continue;
      seen.add(item.id);
      out.push({ item, where: `${where}[${n}]` });
    }
  };
  add(page.incidents.incidents, "incidents.json incidents");
  add(page.maintenances.scheduled_maintenances, "scheduled-maintenances.json scheduled_maintenances");
  add(page.summary.incidents, "summary.json incidents");
  add(page.summary.scheduled_maintenances, "summary.json scheduled_maintenances");
  return out;
}

/**
 * Bootstraps an empty page from a public Statuspage page: its id, name and time zone, components and
 * groups, and every incident and maintenance its API lists, all in one transaction. Nothing is sent
 * to anyone; the page is rebuilt.
 */
export async function importStatuspage(
  call: Call<typeof importStatuspageInput>,
): Promise<ImportStatuspageResult> {
  const { page, source }: { page: StatuspagePage; source: string } = parseInput(
    importStatuspageInput,
    call.input,
  );
  const { deps, actor } = call.ctx;
  authorize(actor, "owner");
  const now = deps.clock.now();
  const imported = importComponents(page.components.components, now);
  const history = importIncidents(mergeIncidents(page), imported.ids, now);
  const result: ImportStatuspageResult = {
    components: imported.components.filter((c) => !c.isGroup).length,
    groups: imported.components.filter((c) => c.isGroup).length,
    incidents: history.incidents.filter((i) => i.kind === "incident").length,
    maintenances: history.incidents.filter((i) => i.kind === "maintenance").length,
    updates: history.updates.length,
  };
  const timeZone = timeZoneSchema.safeParse(page.summary.page.time_zone);
  return deps.write(async (tx) => {
    const [c] = await tx.select({ n: count() }).from(components);
    const [i] = await tx.select({ n: count() }).from(incidents);
    if (c!.n > 0 || i!.n > 0)
      throw new DomainError(
        "conflict",
        `this page already has ${c!.n} components and ${i!.n} incidents or maintenances; import-statuspage only fills an empty page. Use a new database (DATABASE_URL) for the import.`,
      );
    const before = await ensureSettings(tx, now);
    await tx
      .update(settings)
      .set({
        pageId: /^[\w-]{1,64}$/.test(page.summary.page.id) ? page.summary.page.id : before.pageId,
        name: page.summary.page.name.trim() || before.name,
        timeZone: timeZone.success ? timeZone.data : before.timeZone,
        updatedAt: now,
      })
      .where(eq(settings.id, 1));
    await insertRows(tx, components, imported.components);
    await insertRows(tx, componentStatusHistory, imported.history);
    await insertRows(tx, incidents, history.incidents);
    await insertRows(tx, incidentComponents, history.incidentComponents);
    await insertRows(tx, incidentUpdates, history.updates);
    await insertRows(tx, incidentUpdateComponents, history.updateComponents);
    await appendEvent(tx, now, "settings.updated", { imported_from: source });
    await recordAudit(tx, now, actor, {
      action: "page.import_statuspage",
      entityType: "settings",
      entityId: null,
      before: { name: before.name, page_id: before.pageId, time_zone: before.timeZone },
      after: { source, ...result },
    });
    return result;
  });
}
