import type { Deps } from "../domain/context.ts";
import { listOverrides } from "../domain/templates/template-overrides.ts";
import type { Locale } from "../domain/types.ts";
import { type SmsRenderer, type SmsTemplateKey, smsTemplateKeys } from "./render-sms.ts";

const isSmsKey = (key: string): key is SmsTemplateKey => (smsTemplateKeys as readonly string[]).includes(key);

/**
 * Keeps an SMS renderer in step with the SMS sources admins saved (rows of part `sms`), so an edit
 * saved through the console reaches every sender sharing the database. Returns true when something changed.
 */
export function createSmsOverrideSync(deps: Deps, renderer: SmsRenderer) {
  let applied = new Map<string, number>();
  return async function sync(): Promise<boolean> {
    const rows = (await listOverrides({ ctx: { deps } })).filter((r) => r.part === "sms" && isSmsKey(r.key));
    const next = new Map(rows.map((r) => [`${r.key}|${r.locale}`, r.updatedAt.getTime()]));
    let changed = false;
    for (const slot of applied.keys())
      if (!next.has(slot)) {
        const [key, locale] = slot.split("|") as [SmsTemplateKey, Locale];
        renderer.removeOverride(key, locale);
        changed = true;
      }
    for (const row of rows) {
      if (applied.get(`${row.key}|${row.locale}`) === row.updatedAt.getTime()) continue;
      const result = renderer.setOverride(row.key as SmsTemplateKey, row.locale, row.source);
      if (!result.ok)
        deps.logger.warn("a saved SMS template no longer parses; using the built-in one", { key: row.key });
      changed = true;
    }
    applied = next;
    return changed;
  };
}
