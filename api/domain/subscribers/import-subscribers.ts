import { subscribers } from "../../../db/schema/index.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { authorize } from "../authorize.ts";
import { getAffectedComponents } from "../components/component-store.ts";
import { DomainError } from "../errors.ts";
import { getSettings } from "../settings/get-settings.ts";
import { type Call, parseInput } from "../verb.ts";
import { parseImportLine } from "./import-line.ts";
import { importSubscribersInput } from "./schemas.ts";
import { findByAddress, newSubscriberRow, queueConfirmation, setComponents } from "./subscriber-store.ts";

export type { ImportLine } from "./import-line.ts";

/** At most this many lines in one import. */
export const importLimit = 5000;

export type ImportOutcome = "active" | "pending" | "skipped" | "error";

export interface ImportLineResult {
  line: number;
  address: string;
  outcome: ImportOutcome;
  message: string;
}

export interface ImportReport {
  results: ImportLineResult[];
  counts: Record<ImportOutcome, number>;
}

/**
 * Email subscribers from another tool. A line becomes active only when it says when the person
 * consented (`confirmed_at`); any other line gets the usual confirmation email and stays pending until
 * they click it. An address already known is left as it is, so an import never brings back someone who
 * unsubscribed or was suppressed. Each line is its own transaction with its own audit row.
 */
export async function importSubscribers(call: Call<typeof importSubscribersInput>): Promise<ImportReport> {
  const { lines } = parseInput(importSubscribersInput, call.input);
  const { deps, actor } = call.ctx;
  authorize(actor, "editor");
  if (lines.length > importLimit)
    throw new DomainError(
      "invalid_input",
      `The file has ${lines.length} lines; import at most ${importLimit} at a time (split it).`,
    );
  const { defaultLocale } = await getSettings(deps);
  const results: ImportLineResult[] = [];
  for (const line of lines) {
    const parsed = parseImportLine(line, { defaultLocale, now: deps.clock.now() });
    if (parsed.outcome !== "ok") {
      results.push({ line: line.line, address: line.fields.address ?? "", ...parsed });
      continue;
    }
    const { value } = parsed;
    try {
      const outcome = await deps.write(async (tx) => {
        const at = deps.clock.now();
        await getAffectedComponents(tx, value.components);
        const existing = await findByAddress(tx, "email", value.address);
        if (existing)
          return {
            outcome: "skipped" as const,
            message: `already a subscriber (${existing.state}); left as it is`,
          };
        const row = newSubscriberRow({
          channel: "email",
          address: value.address,
          locale: value.locale,
          state: value.confirmedAt ? "active" : "pending",
          at,
        });
        row.confirmedAt = value.confirmedAt;
        await tx.insert(subscribers).values(row);
        await setComponents(tx, row.id, value.components);
        if (!value.confirmedAt) await queueConfirmation(tx, at, row);
        await recordAudit(tx, at, actor, {
          action: "subscriber.import",
          entityType: "subscriber",
          entityId: row.id,
          after: {
            channel: row.channel,
            state: row.state,
            confirmed_at: value.confirmedAt,
            components: value.components,
          },
        });
        return value.confirmedAt
          ? { outcome: "active" as const, message: "imported as confirmed" }
          : { outcome: "pending" as const, message: "confirmation email queued" };
      });
      results.push({ line: line.line, address: value.address, ...outcome });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      results.push({ line: line.line, address: value.address, outcome: "error", message: error.message });
    }
  }
  const counts: Record<ImportOutcome, number> = { active: 0, pending: 0, skipped: 0, error: 0 };
  for (const r of results) counts[r.outcome]++;
  return { results, counts };
}
