import { type Context, Hono } from "hono";
import { hasRole } from "../../domain/authorize.ts";
import { listOverrides, resetOverrides, saveOverrides } from "../../domain/templates/template-overrides.ts";
import { type Locale, locales } from "../../domain/types.ts";
import { templatesDir } from "../../templates/load-templates.ts";
import {
  createSmsRenderer,
  type SmsRenderer,
  type SmsTemplateKey,
  smsTemplateKeys,
} from "../../templates/render-sms.ts";
import { consolePage, readForm, redirectWithNotice } from "../kit/index.ts";
import type { ConsoleContext, ConsoleEnv } from "../shell/console-env.ts";
import { refusalPage } from "../shell/refusal-page.tsx";
import { requireConsoleRole } from "../shell/require-role.ts";
import { SmsTemplateEditor } from "./sms-view.tsx";
import { isLocale } from "./sources.ts";
import { languageOf, titleOf } from "./view.tsx";

type C = Context<ConsoleEnv>;

const isSmsKey = (value: string): value is SmsTemplateKey =>
  (smsTemplateKeys as readonly string[]).includes(value);

/** The SMS sources saved by admins, as `key/locale` → source. */
export async function smsOverrides(ctx: ConsoleContext): Promise<Map<string, string>> {
  const rows = (await listOverrides({ ctx: { deps: ctx.deps } })).filter((r) => r.part === "sms");
  return new Map(rows.map((r) => [`${r.key}/${r.locale}`, r.source]));
}

/**
 * Editors change the SMS wording here. Every render is given its source explicitly (the saved one or
 * the draft), so this renderer needs no overrides of its own; the senders read the saved ones.
 */
export function smsTemplateRoutes(ctx: ConsoleContext) {
  const app = new Hono<ConsoleEnv>();
  let compiled: Promise<SmsRenderer> | undefined;
  const renderer = () =>
    (compiled ??= createSmsRenderer({ templatesDir }).catch((error: unknown) => {
      compiled = undefined;
      throw error;
    }));

  const editor = async (
    c: C,
    key: SmsTemplateKey,
    locale: Locale,
    draft?: { source: string; error?: string; formError?: string },
  ) => {
    const r = await renderer();
    const saved = (await smsOverrides(ctx)).get(`${key}/${locale}`);
    const source = draft?.source ?? saved ?? r.builtInSource(key, locale);
    const preview = draft?.error
      ? ({ ok: false, message: draft.error } as const)
      : r.preview(key, locale, source);
    const refused = draft !== undefined && (!preview.ok || draft.formError !== undefined);
    return consolePage(
      c,
      `${titleOf(key)} SMS in ${languageOf(locale)}`,
      <SmsTemplateEditor
        templateKey={key}
        locale={locale}
        source={source}
        overridden={saved !== undefined}
        error={draft?.error ?? (preview.ok ? undefined : `It does not render: ${preview.message}`)}
        formError={draft?.formError}
        preview={preview}
        draft={draft !== undefined}
        canEdit={hasRole(c.get("actor"), "editor")}
        csrfToken={c.get("csrfToken")}
      />,
      // A draft the parser or the renderer refuses is a bad request; a saved one is shown as it is.
      { status: refused ? 400 : 200, script: true },
    );
  };

  const target = (c: C): { key: SmsTemplateKey; locale: Locale } | null => {
    const key = c.req.param("key") ?? "";
    const locale = c.req.param("locale") ?? "";
    return isSmsKey(key) && isLocale(locale) ? { key, locale } : null;
  };
  const noSuchTemplate = (c: C) =>
    refusalPage(
      c,
      404,
      "No such template",
      `There is no such SMS template. Messages: ${smsTemplateKeys.join(", ")}; languages: ${locales.join(", ")}.`,
    );
  /** The typed source, and the parser's complaint about it as a sentence, if any. */
  const draftOf = async (c: C) => {
    const source = (await readForm(c))("source").replace(/\r\n?/g, "\n");
    const checked = (await renderer()).validateTemplate(source);
    return checked.ok ? { source } : { source, error: `This does not parse: ${checked.message}` };
  };

  app.get("/sms-templates/:key/:locale", requireConsoleRole("viewer"), async (c) => {
    const t = target(c);
    return t ? editor(c, t.key, t.locale) : noSuchTemplate(c);
  });

  app.post("/sms-templates/:key/:locale/preview", requireConsoleRole("editor"), async (c) => {
    const t = target(c);
    return t ? editor(c, t.key, t.locale, await draftOf(c)) : noSuchTemplate(c);
  });

  app.post("/sms-templates/:key/:locale", requireConsoleRole("editor"), async (c) => {
    const t = target(c);
    if (!t) return noSuchTemplate(c);
    const { key, locale } = t;
    const r = await renderer();
    const draft = await draftOf(c);
    if (draft.error) return editor(c, key, locale, draft);
    // The sender renders it for every language of a fan-out: a slow template is refused before it is saved.
    const speed = r.checkSpeed(key, locale, draft.source);
    if (!speed.ok) return editor(c, key, locale, { ...draft, formError: speed.message });
    const rendered = r.preview(key, locale, draft.source);
    if (!rendered.ok) return editor(c, key, locale, draft);
    const base = `/admin/sms-templates/${key}/${locale}`;
    const saved = (await smsOverrides(ctx)).get(`${key}/${locale}`);
    // A source still equal to the shipped file stays unsaved, so a later upgrade of that file reaches it.
    if (saved === undefined && draft.source === r.builtInSource(key, locale))
      return redirectWithNotice(c, base, "Nothing to save: this is the built-in version.");
    await saveOverrides({
      ctx: { deps: ctx.deps, actor: c.get("actor"), validate: (_part, source) => r.validateTemplate(source) },
      input: { key, locale, sources: { sms: draft.source } },
    });
    return redirectWithNotice(c, base, "Saved: SMS subscribers get this version from now on.");
  });

  app.post("/sms-templates/:key/:locale/reset", requireConsoleRole("editor"), async (c) => {
    const t = target(c);
    if (!t) return noSuchTemplate(c);
    const removed = await resetOverrides({
      ctx: { deps: ctx.deps, actor: c.get("actor") },
      input: { key: t.key, locale: t.locale, parts: ["sms"] },
    });
    return redirectWithNotice(
      c,
      `/admin/sms-templates/${t.key}/${t.locale}`,
      removed.length ? "Back to the built-in version." : "This already was the built-in version.",
    );
  });
  return app;
}
