import { and, eq, inArray } from "drizzle-orm";
import { templateOverrides } from "../../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { authorize } from "../authorize.ts";
import { DomainError } from "../errors.ts";
import { type Call, type Ctx, type PublicCtx, parseInput } from "../verb.ts";
import {
  resetOverridesInput,
  saveOverridesInput,
  type TemplatePartName,
  type TemplateSources,
} from "./schemas.ts";

export type { TemplatePartName, TemplateSources };
export const emailPartNames = ["subject", "html", "text"] as const;
export type OverrideRow = typeof templateOverrides.$inferSelect;

/** Checks a source with the template engine; injected so the domain stays free of the notifier. */
export type TemplateValidator = (
  part: TemplatePartName,
  source: string,
) => { ok: true } | { ok: false; message: string };

export type EmailOverrideRow = OverrideRow & { part: (typeof emailPartNames)[number] };

export async function listOverrides({ ctx: { deps } }: { ctx: PublicCtx }): Promise<OverrideRow[]> {
  return deps.read((db) => db.select().from(templateOverrides));
}

/** The email parts only: SMS sources share the table, keyed by the same message key. */
export const emailRowsOf = (rows: OverrideRow[]) =>
  rows.filter((r): r is EmailOverrideRow => r.part !== "sms");

export async function listEmailOverrides(call: { ctx: PublicCtx }): Promise<EmailOverrideRow[]> {
  return emailRowsOf(await listOverrides(call));
}

/** Saves an admin's version of some parts of a template; a part that does not parse is refused whole. */
export async function saveOverrides(
  call: Call<typeof saveOverridesInput, Ctx & { validate: TemplateValidator }>,
): Promise<OverrideRow[]> {
  const { key, locale, sources } = parseInput(saveOverridesInput, call.input);
  const { deps, actor, validate } = call.ctx;
  authorize(actor, "editor");
  const parts = ([...emailPartNames, "sms"] as const).filter((p) => sources[p] !== undefined);
  if (parts.length === 0)
    throw new DomainError("invalid_input", "Give at least one of subject, html, text or sms.");
  for (const part of parts) {
    const result = validate(part, sources[part]!);
    if (!result.ok)
      throw new DomainError("invalid_input", `${part}: the template does not parse: ${result.message}`);
  }
  return deps.write(async (tx) => {
    const at = deps.clock.now();
    const rows: OverrideRow[] = parts.map((part) => ({
      key,
      locale,
      part,
      source: sources[part]!,
      updatedAt: at,
    }));
    for (const row of rows) {
      await tx
        .insert(templateOverrides)
        .values(row)
        .onConflictDoUpdate({
          target: [templateOverrides.key, templateOverrides.locale, templateOverrides.part],
          set: { source: row.source, updatedAt: at },
        });
    }
    await recordAudit(tx, at, actor, {
      action: "template.override",
      entityType: "template",
      entityId: sources.sms === undefined ? `${key}/${locale}` : `sms/${key}/${locale}`,
      after: sources,
    });
    return rows;
  });
}

/** Goes back to the built-in template for the given parts (the email's three by default). */
export async function resetOverrides(call: Call<typeof resetOverridesInput>): Promise<OverrideRow[]> {
  const { key, locale, parts = emailPartNames } = parseInput(resetOverridesInput, call.input);
  const { deps, actor } = call.ctx;
  authorize(actor, "editor");
  return deps.write(async (tx) => {
    const at = deps.clock.now();
    const where = and(
      eq(templateOverrides.key, key),
      eq(templateOverrides.locale, locale),
      inArray(templateOverrides.part, [...parts]),
    );
    const removed = await tx.select().from(templateOverrides).where(where);
    await tx.delete(templateOverrides).where(where);
    await recordAudit(tx, at, actor, {
      action: "template.reset",
      entityType: "template",
      entityId: parts.includes("sms") ? `sms/${key}/${locale}` : `${key}/${locale}`,
      before: removed,
    });
    return removed;
  });
}
