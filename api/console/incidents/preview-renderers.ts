import type { TemplateRenderer } from "../../templates/index.ts";
import { loadTemplates, templatesDir } from "../../templates/load-templates.ts";
import { createSmsRenderer, type SmsRenderer } from "../../templates/render-sms.ts";
import { createSmsOverrideSync } from "../../templates/sync-sms-overrides.ts";
import type { ConsoleContext } from "../shell/console-env.ts";

/** The renderers previews use: the app's email and SMS templates, with the admins' edits. */
export interface PreviewRenderers {
  email(): Promise<TemplateRenderer>;
  sms(): Promise<SmsRenderer>;
}

/** Compiled on the first preview, not at start: most console visits never ask for one. */
export function previewRenderers(ctx: ConsoleContext): PreviewRenderers {
  let email: Promise<TemplateRenderer> | undefined = ctx.templates && Promise.resolve(ctx.templates);
  let sms: Promise<{ renderer: SmsRenderer; sync: () => Promise<boolean> }> | undefined;
  const once = <T>(load: () => Promise<T>, forget: () => void) =>
    load().catch((error: unknown) => {
      forget(); // a failed load is retried on the next preview rather than remembered
      throw error;
    });
  return {
    email: () =>
      (email ??= once(
        () => loadTemplates(ctx.deps),
        () => (email = undefined),
      )),
    // The SMS sources admins saved are read on every preview: one small query, always current.
    sms: async () => {
      sms ??= once(
        async () => {
          const renderer = await createSmsRenderer({ templatesDir });
          return { renderer, sync: createSmsOverrideSync(ctx.deps, renderer) };
        },
        () => (sms = undefined),
      );
      const { renderer, sync } = await sms;
      await sync();
      return renderer;
    },
  };
}
