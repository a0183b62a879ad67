import type { Context } from "hono";
import { html } from "hono/html";
import { type Child, createContext, useContext } from "hono/jsx";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { DomainError } from "../../domain/errors.ts";
import { formatZoned, zoneAbbreviation } from "../../domain/read/zoned-time.ts";
import { signFor, verifySigned } from "../../domain/users/console-key.ts";
import type { UserInfo } from "../../domain/users/user-store.ts";
import { readFormBody } from "../../http/form-body.ts";
import type { ConsoleEnv } from "../shell/console-env.ts";
import { Layout, type Notice } from "../shell/layout.tsx";
import { asSentence } from "./form-bits.tsx";

export { CsrfField } from "../shell/layout.tsx";

type ConsoleContext = Context<ConsoleEnv>;

export interface PageOptions {
  status?: ContentfulStatusCode;
  /** Shown above the body; by default the notice a redirect carried (see `redirectWithNotice`). */
  notice?: Notice | undefined;
  /** Adds the console's script: for pages that enhance their forms with it. */
  script?: boolean;
}

/** The signed-in user, or undefined on the public pages (sign-in, setup). */
export const currentUser = (c: ConsoleContext) => c.get("user") as UserInfo | undefined;

/** Renders `body` in the console's layout, with the navigation, the user and the page's CSRF token. */
export function consolePage(c: ConsoleContext, title: string, body: Child, options: PageOptions = {}) {
  const page = (
    <PageTimeZone.Provider value={c.get("timeZone") ?? "Etc/UTC"}>
      <Layout
        title={title}
        path={c.req.path}
        user={currentUser(c)}
        csrfToken={c.get("csrfToken")}
        publicUrl={c.get("publicUrl")}
        notice={options.notice ?? noticeFromQuery(c)}
        script={options.script}
      >
        {body}
      </Layout>
    </PageTimeZone.Provider>
  );
  return c.html(html`<!doctype html>${page}`, options.status ?? 200);
}

/**
 * Post/redirect/get with a message for the next page: it travels in the query, signed, so a
 * crafted link cannot make the console display text of someone else's choosing.
 */
export function redirectWithNotice(
  c: ConsoleContext,
  location: string,
  text: string,
  tone: Notice["tone"] = "ok",
) {
  const url = new URL(location, "http://console.invalid");
  const value = `${tone}:${text}`;
  url.searchParams.set("notice", value);
  url.searchParams.set("sig", signFor(c.get("consoleKey"), "notice", value));
  return c.redirect(`${url.pathname}${url.search}`, 303);
}

function noticeFromQuery(c: ConsoleContext): Notice | undefined {
  const value = c.req.query("notice");
  const sig = c.req.query("sig");
  const key = c.get("consoleKey") as Buffer | undefined;
  if (!value || !sig || !key || !verifySigned(key, "notice", value, sig)) return undefined;
  const [tone, ...rest] = value.split(":");
  return tone === "ok" || tone === "error" ? { tone, text: rest.join(":") } : undefined;
}

/** The text fields of a submitted form (files and repeated fields are ignored). */
export async function readForm(c: ConsoleContext): Promise<(name: string) => string> {
  const body = await readFormBody(c);
  return (name) => {
    const value = body[name];
    return typeof value === "string" ? value : "";
  };
}

/** Per-field messages of a validation error, to show next to each field; null for other errors. */
export function fieldErrors(error: unknown): Record<string, string> | null {
  if (!(error instanceof DomainError) || (error.code !== "invalid_input" && error.code !== "conflict"))
    return null;
  const out: Record<string, string> = {};
  for (const d of error.details ?? []) out[d.path] = d.message;
  if (!error.details?.length) out._form = error.message;
  return out;
}

export interface FieldProps {
  label: string;
  name: string;
  type?: string;
  value?: string | undefined;
  hint?: string;
  error?: string | undefined;
  autocomplete?: string;
  required?: boolean;
}

/** A labelled input with its hint and error tied to it for screen readers. */
export function Field({
  label,
  name,
  type = "text",
  value,
  hint,
  error,
  autocomplete,
  required = true,
}: FieldProps) {
  const id = `f-${name}`;
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <div>
      <label for={id}>{label}</label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="notice error" id={`${id}-error`}>
          {asSentence(label, error)}
        </p>
      )}
      <input
        id={id}
        name={name}
        type={type}
        value={value}
        autocomplete={autocomplete}
        required={required}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={described}
      />
    </div>
  );
}

/**
 * The page's time zone while a console page renders: `consolePage` provides it, so every time shown
 * reads as the status page's readers see it, without each page passing the zone down.
 */
export const PageTimeZone = createContext("Etc/UTC");

/** The zone of the page being rendered, for components that show or take times. */
export const usePageTimeZone = () => useContext(PageTimeZone);

/** A date-time in the page's time zone with its abbreviation ("2026-12-07 14:05 CET"), machine-readable in `datetime`. */
export function When({ at, timeZone }: { at: Date | null | undefined; timeZone?: string }) {
  const zone = timeZone ?? usePageTimeZone();
  return at ? <time datetime={at.toISOString()}>{formatZoned(at, zone)}</time> : <>never</>;
}

/**
 * What a form that takes a date and time says about them: "On the page's clocks: Europe/Paris (CET)."
 * The abbreviation is the one in force at `at` (a window's start), as it changes with DST.
 */
export function zoneNote(timeZone: string, at: Date): string {
  const short = zoneAbbreviation(at, timeZone);
  return `On the page's clocks: ${timeZone}${short === timeZone ? "" : ` (${short})`}.`;
}
