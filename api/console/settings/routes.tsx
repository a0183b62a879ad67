import { type Context, Hono } from "hono";
import { DomainError } from "../../domain/errors.ts";
import { getSettings } from "../../domain/settings/get-settings.ts";
import { smsKindSchema, updateSettingsInput } from "../../domain/settings/schemas.ts";
import { updateSettings } from "../../domain/settings/update-settings.ts";
import { locales } from "../../domain/types.ts";
import { readFormBody } from "../../web/form-body.ts";
import { consolePage, parseForm, redirectWithNotice } from "../kit/index.ts";
import type { ConsoleContext, ConsoleEnv } from "../shell/console-env.ts";
import { requireConsoleRole } from "../shell/require-role.ts";
import { languageOf } from "../templates/view.tsx";
import {
  SenderCard,
  type SenderValues,
  senderDefaults,
  senderRoutes,
  senderValuesOf,
} from "./sender-routes.tsx";
import { SettingsPage, type SettingsValues, valuesOf } from "./view.tsx";

const choices = { locales, smsKinds: smsKindSchema.options };

/** The form as typed, so a refused form comes back with it. */
async function readValues(c: Context<ConsoleEnv>): Promise<SettingsValues> {
  const body = await readFormBody(c, { all: true });
  const many = (name: string) => [body[name] ?? []].flat().filter((v): v is string => typeof v === "string");
  const one = (name: string) => many(name).at(-1) ?? "";
  return {
    name: one("name"),
    url: one("url").trim(),
    time_zone: one("time_zone").trim(),
    default_locale: one("default_locale"),
    locales: many("locales"),
    logo_url: one("logo_url").trim(),
    website_url: one("website_url").trim(),
    support_url: one("support_url").trim(),
    accent_color: one("accent_color"),
    publish_targets: one("publish_targets").replace(/\r\n?/g, "\n"),
    allow_private_targets: one("allow_private_targets") === "true",
    sms_kinds: many("sms_kinds"),
  };
}

/** One message per field; a target's message says which line is wrong. */
function errorsOf(error: DomainError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const d of error.details ?? []) {
    const [field, index] = d.path.split(".");
    const message =
      field === "publish_targets" && index ? `line ${Number(index) + 1}: ${d.message}` : d.message;
    errors[field!] = errors[field!] ? `${errors[field!]}; ${message}` : message;
  }
  if (!error.details?.length) errors._form = error.message;
  return errors;
}

/** Owners set what the page is called, where it lives, its languages, branding and outbound policy. */
export function settingsRoutes(ctx: ConsoleContext) {
  const app = new Hono<ConsoleEnv>();
  const owner = requireConsoleRole("owner");
  const page = async (
    c: Context<ConsoleEnv>,
    values: SettingsValues | null,
    errors: Record<string, string> = {},
    sender?: { values: SenderValues; errors: Record<string, string> },
  ) => {
    const row = await getSettings(ctx.deps);
    const senderErrors = sender?.errors ?? {};
    return consolePage(
      c,
      "Settings",
      <>
        <SettingsPage
          values={values ?? valuesOf(row)}
          errors={errors}
          choices={choices}
          languageOf={(l) => languageOf(l as (typeof locales)[number])}
          providers={ctx.providers}
          csrfToken={c.get("csrfToken")}
        />
        <SenderCard
          values={sender?.values ?? senderValuesOf(row)}
          errors={senderErrors}
          defaults={senderDefaults(row)}
          testTo={ctx.sendTestEmail ? c.get("user").email : null}
          csrfToken={c.get("csrfToken")}
        />
      </>,
      { status: Object.keys(errors).length + Object.keys(senderErrors).length ? 422 : 200 },
    );
  };

  app.get("/settings", owner, async (c) => page(c, null));
  app.route(
    "/",
    senderRoutes(ctx, (c, values, errors) => page(c, null, {}, { values, errors })),
  );

  app.post("/settings", owner, async (c) => {
    const values = await readValues(c);
    try {
      const input = parseForm(updateSettingsInput, {
        name: values.name,
        url: values.url || null,
        time_zone: values.time_zone,
        default_locale: values.default_locale,
        locales: values.locales,
        logo_url: values.logo_url || null,
        website_url: values.website_url || null,
        support_url: values.support_url || null,
        accent_color: values.accent_color,
        publish_targets: values.publish_targets
          .split("\n")
          .map((line) => line.trim())
          .filter(Boolean),
        allow_private_targets: values.allow_private_targets,
        sms_kinds: values.sms_kinds,
      });
      await updateSettings({
        ctx: { deps: ctx.deps, actor: c.get("actor"), publishPolicy: ctx.publishPolicy },
        input,
      });
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== "invalid_input") throw error;
      const errors = errorsOf(error);
      if (values.locales.length === 0) errors.locales = "tick at least one language";
      return page(c, values, errors);
    }
    return redirectWithNotice(c, "/admin/settings", "Settings saved.");
  });
  return app;
}
