import type { Deps } from "../domain/context.ts";
import { type EmailOverrideRow, listEmailOverrides } from "../domain/templates/template-overrides.ts";
import type { TemplateRenderer } from "./index.ts";
import type { TemplateKey } from "./keys.ts";

const slot = (o: { key: string; locale: string; part: string }) => `${o.key}|${o.locale}|${o.part}`;

/**
 * Keeps a renderer in step with the overrides saved in the database, so that an admin's edit saved
 * through one process reaches every worker sharing the database. Returns true when something changed.
 */
export function createOverrideSync(deps: Deps, renderer: TemplateRenderer) {
  let applied = new Map<string, number>();
  return async function sync(): Promise<boolean> {
    const rows = await listEmailOverrides({ ctx: { deps } });
    const next = new Map(rows.map((r) => [slot(r), r.updatedAt.getTime()]));
    let changed = false;
    for (const [key, stamp] of applied)
      if (!next.has(key)) {
        const [k, locale, part] = key.split("|") as [TemplateKey, "en", "html"];
        renderer.removeOverride(k, locale, part);
        changed = true;
      } else if (next.get(key) !== stamp) changed = true;
    for (const row of rows) {
      if (applied.get(slot(row)) === row.updatedAt.getTime()) continue;
      applyOverride(deps, renderer, row);
      changed = true;
    }
    applied = next;
    return changed;
  };
}

/** Puts one saved override in place; one that no longer parses leaves the built-in template, with a warning. */
export function applyOverride(deps: Deps, renderer: TemplateRenderer, row: EmailOverrideRow) {
  const result = renderer.setOverride({
    key: row.key as TemplateKey,
    locale: row.locale,
    part: row.part,
    source: row.source,
  });
  if (!result.ok)
    deps.logger.warn("a saved template override no longer parses; using the built-in one", {
      key: row.key,
    });
}
