import type { Deps } from "../domain/context.ts";
import { listEmailOverrides } from "../domain/templates/template-overrides.ts";
import { fromProjectRoot } from "../project-root.ts";
import { createTemplateRenderer, type TemplateRenderer } from "./index.ts";
import { applyOverride } from "./sync-overrides.ts";

export const templatesDir = fromProjectRoot("templates");

/** Compiles the email templates once, with the admins' saved overrides in place. */
export async function loadTemplates(deps: Deps): Promise<TemplateRenderer> {
  const renderer = createTemplateRenderer({ templatesDir });
  await renderer.parseAll();
  for (const row of await listEmailOverrides({ ctx: { deps } })) applyOverride(deps, renderer, row);
  return renderer;
}
