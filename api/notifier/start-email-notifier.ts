import type { Deps } from "../domain/context.ts";
import { listEmailOverrides } from "../domain/templates/template-overrides.ts";
import { fromProjectRoot } from "../project-root.ts";
import { createTemplateRenderer, type TemplateKey, type TemplateRenderer } from "./templates/index.ts";

export const templatesDir = fromProjectRoot("templates");

/** Compiles the email templates once, with the admins' saved overrides in place. */
export async function loadTemplates(deps: Deps): Promise<TemplateRenderer> {
  const renderer = createTemplateRenderer({ templatesDir });
  await renderer.parseAll();
  for (const row of await listEmailOverrides(deps)) {
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
  return renderer;
}
