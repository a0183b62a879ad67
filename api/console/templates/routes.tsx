import { type Context, Hono } from "hono";
import { hasRole } from "../../domain/authorize.ts";
import { DomainError } from "../../domain/errors.ts";
import {
  emailRowsOf,
  listEmailOverrides,
  resetOverrides,
  saveOverrides,
} from "../../domain/templates/template-overrides.ts";
import { type Locale, locales } from "../../domain/types.ts";
import { type TemplateKey, type TemplatePart, templateKeys, templateParts } from "../../templates/index.ts";
import { smsTemplateKeys } from "../../templates/render-sms.ts";
import { consolePage, readForm, redirectWithNotice } from "../kit/index.ts";
import type { ConsoleContext, ConsoleEnv } from "../shell/console-env.ts";
import { refusalPage } from "../shell/refusal-page.tsx";
import { requireConsoleRole } from "../shell/require-role.ts";
import { smsOverrides } from "./sms-routes.tsx";
import { SmsTemplateList } from "./sms-view.tsx";
import {
  type Errors,
  editorPolicy,
  fromForm,
  isKey,
  isLocale,
  parseErrors,
  type Sources,
} from "./sources.ts";
import { languageOf, TemplateEditor, TemplateList, titleOf } from "./view.tsx";

type C = Context<ConsoleEnv>;

/** Editors change the emails' wording here, with a preview from sample data before saving. */
export function templateRoutes(ctx: ConsoleContext) {
  const app = new Hono<ConsoleEnv>();
  const renderer = () => {
    if (!ctx.templates)
      throw new DomainError("conflict", "This server was started without its email templates.");
    return ctx.templates;
  };
  const overriddenOf = async (key: TemplateKey, locale: Locale) =>
    (await listEmailOverrides({ ctx: { deps: ctx.deps } })).filter(
      (r) => r.key === key && r.locale === locale,
    );

  /** The editor with the saved sources, or with what was submitted (`draft`). */
  const editor = async (
    c: C,
    key: TemplateKey,
    locale: Locale,
    draft?: { sources: Sources; errors?: Errors },
  ) => {
    const r = renderer();
    const rows = await overriddenOf(key, locale);
    const saved = Object.fromEntries(
      templateParts.map((p) => [
        p,
        rows.find((row) => row.part === p)?.source ?? r.builtInSource(key, locale, p),
      ]),
    ) as Sources;
    const sources = draft?.sources ?? saved;
    const failed = draft?.errors && Object.keys(draft.errors).length > 0;
    const preview = failed ? null : r.preview(key, locale, sources);
    const refused = failed || (preview !== null && !preview.ok);
    c.header("Content-Security-Policy", editorPolicy);
    return consolePage(
      c,
      `${titleOf(key)} email in ${languageOf(locale)}`,
      <TemplateEditor
        templateKey={key}
        locale={locale}
        sources={sources}
        overridden={rows.map((row) => row.part)}
        errors={preview && !preview.ok ? { _form: `It does not render: ${preview.message}` } : draft?.errors}
        preview={preview?.ok ? preview.email : null}
        draft={draft !== undefined}
        canEdit={hasRole(c.get("actor"), "editor")}
        csrfToken={c.get("csrfToken")}
      />,
      // A draft the parser or the renderer refuses is a bad request; a saved one is shown as it is.
      { status: draft && refused ? 400 : 200, script: true },
    );
  };

  /** The (key, locale) of the path; null for one that does not exist. */
  const target = (c: C): { key: TemplateKey; locale: Locale } | null => {
    const key = c.req.param("key") ?? "";
    const locale = c.req.param("locale") ?? "";
    return isKey(key) && isLocale(locale) ? { key, locale } : null;
  };
  const noSuchTemplate = (c: C) =>
    refusalPage(
      c,
      404,
      "No such template",
      `There is no such email template. Emails: ${templateKeys.join(", ")}; languages: ${locales.join(", ")}.`,
    );

  app.get("/templates", requireConsoleRole("viewer"), async (c) => {
    const overridden = new Map<string, TemplatePart[]>();
    for (const row of await listEmailOverrides({ ctx: { deps: ctx.deps } })) {
      const slot = `${row.key}/${row.locale}`;
      overridden.set(slot, [...(overridden.get(slot) ?? []), row.part]);
    }
    const sms = new Set((await smsOverrides(ctx)).keys());
    return consolePage(
      c,
      "Templates",
      <>
        <TemplateList keys={templateKeys} locales={locales} overridden={overridden} />
        <SmsTemplateList keys={smsTemplateKeys} locales={locales} overridden={sms} />
      </>,
    );
  });

  app.get("/templates/:key/:locale", requireConsoleRole("viewer"), async (c) => {
    const t = target(c);
    return t ? editor(c, t.key, t.locale) : noSuchTemplate(c);
  });

  app.post("/templates/:key/:locale/preview", requireConsoleRole("editor"), async (c) => {
    const t = target(c);
    if (!t) return noSuchTemplate(c);
    const sources = fromForm(await readForm(c));
    return editor(c, t.key, t.locale, { sources, errors: parseErrors(renderer(), sources) });
  });

  app.post("/templates/:key/:locale", requireConsoleRole("editor"), async (c) => {
    const t = target(c);
    if (!t) return noSuchTemplate(c);
    const { key, locale } = t;
    const r = renderer();
    const sources = fromForm(await readForm(c));
    const errors = parseErrors(r, sources);
    if (Object.keys(errors).length) return editor(c, key, locale, { sources, errors });
    // Each notification renders it for many recipients: a slow template is refused before it is saved.
    const speed = r.checkSpeed(key, locale, sources);
    if (!speed.ok) return editor(c, key, locale, { sources, errors: { _form: speed.message } });
    const rendered = r.preview(key, locale, sources);
    if (!rendered.ok) return editor(c, key, locale, { sources, errors });
    // Parts still equal to the shipped file stay unsaved, so a later upgrade of that file reaches them.
    const current = (await overriddenOf(key, locale)).map((row) => row.part);
    const changed = templateParts.filter(
      (p) => current.includes(p) || sources[p] !== r.builtInSource(key, locale, p),
    );
    const base = `/admin/templates/${key}/${locale}`;
    if (changed.length === 0)
      return redirectWithNotice(c, base, "Nothing to save: this is the built-in version.");
    const rows = await saveOverrides({
      ctx: { deps: ctx.deps, actor: c.get("actor"), validate: (_part, source) => r.validateTemplate(source) },
      input: { key, locale, sources: Object.fromEntries(changed.map((p) => [p, sources[p]])) },
    });
    for (const row of emailRowsOf(rows)) r.setOverride({ key, locale, part: row.part, source: row.source });
    return redirectWithNotice(
      c,
      base,
      `Saved: subscribers get this version from now on (${changed.join(", ")}).`,
    );
  });

  app.post("/templates/:key/:locale/reset", requireConsoleRole("editor"), async (c) => {
    const t = target(c);
    if (!t) return noSuchTemplate(c);
    const removed = await resetOverrides({
      ctx: { deps: ctx.deps, actor: c.get("actor") },
      input: { key: t.key, locale: t.locale },
    });
    for (const row of emailRowsOf(removed)) renderer().removeOverride(t.key, t.locale, row.part);
    return redirectWithNotice(
      c,
      `/admin/templates/${t.key}/${t.locale}`,
      removed.length ? "Back to the built-in version." : "This already was the built-in version.",
    );
  });
  return app;
}
