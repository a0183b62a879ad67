import type { Context } from "hono";
import { html } from "hono/html";
import type { Child } from "hono/jsx";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { signFor, verifySigned } from "../../domain/users/console-key.ts";
import type { UserInfo } from "../../domain/users/user-store.ts";
import { readFormBody } from "../../web/form-body.ts";
import type { ConsoleEnv } from "../shell/console-env.ts";
import { Layout, type Notice } from "../shell/layout.tsx";
import { PageTimeZone } from "./time.tsx";

export { CsrfField } from "../shell/layout.tsx";

/** The request a console handler answers. */
export type PageContext = Context<ConsoleEnv>;
type ConsoleContext = PageContext;

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
