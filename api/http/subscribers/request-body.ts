import type { Context } from "hono";
import type { Deps } from "../../domain/context.ts";
import { DomainError } from "../../domain/errors.ts";
import { loadPage } from "../../domain/read/load-page.ts";
import { type SubscriberPage, subscriberPageUrl } from "../../domain/subscribers/links.ts";
import { type Locale, locales } from "../../domain/types.ts";
import { readFormBody } from "../../web/form-body.ts";

export const asLocale = (value: unknown, fallback: Locale): Locale =>
  (locales as readonly unknown[]).includes(value) ? (value as Locale) : fallback;

/** The page these server pages belong to: its settings, components and public URL. */
export async function siteOf(deps: Deps, publicUrl: string) {
  const { settings, components } = await loadPage(deps);
  const url = (settings.url ?? publicUrl).replace(/\/+$/, "");
  /** The status page's own subscribe form, in a language (the default language has no prefix). */
  const subscribeUrl = (locale: Locale) =>
    `${url}${locale === settings.defaultLocale ? "" : `/${locale}`}/subscribe/`;
  /** A subscriber page of the status page (`/subscribe/confirm`, `/fr/subscribe/manage`, ...). */
  const pageUrl = (locale: Locale, page: SubscriberPage, token?: string) =>
    subscriberPageUrl(url, settings.defaultLocale, locale, page, token);
  /** Relative: the code page posts back to the server that showed it, wherever the page is hosted. */
  const verifyUrl = (locale: Locale) => subscriberPageUrl("", settings.defaultLocale, locale, "verify");
  return { settings, components, url, subscribeUrl, pageUrl, verifyUrl };
}

export type FormFields = Record<string, string | File | (string | File)[]>;

/** A single text field of a form post (the first, when repeated). */
export const field = (form: FormFields, name: string): string | undefined => {
  const value = form[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === "string" ? first : undefined;
};

/** The body of a subscriber request: an HTML form post from the status page, or JSON. */
export async function readBody(
  c: Context,
  example: string,
): Promise<{ isForm: true; form: FormFields } | { isForm: false; json: unknown }> {
  if ((c.req.header("Content-Type") ?? "").includes("form"))
    return { isForm: true, form: await readFormBody(c, { all: true }) };
  const json = await c.req.json().catch(() => {
    throw new DomainError("invalid_input", `Send a JSON body such as ${example}.`);
  });
  return { isForm: false, json };
}
