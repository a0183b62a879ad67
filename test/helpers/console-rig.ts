import { expect } from "vitest";
import { systemActor } from "../../api/domain/context.ts";
import type { Role } from "../../api/domain/types.ts";
import { createSession } from "../../api/domain/users/create-session.ts";
import { createUser } from "../../api/domain/users/create-user.ts";
import type { HashParams } from "../../api/domain/users/password-hash.ts";
import { type AppOptions, createApp } from "../../api/http/app.ts";
import { createTestDb, type TestDb, testPublicUrl } from "./harness.ts";
import { perTest } from "./per-test.ts";

/** Cheap scrypt for tests: the production parameters cost ~128 MiB and a good fraction of a second. */
/** What a reader sees of a page: tags dropped, entities decoded, white space folded. */
export const readerText = (html: string) =>
  html
    .replace(/<style>[^<]*<\/style>/, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");

export const testHashParams: HashParams = { N: 2 ** 10, r: 8, p: 1 };
export const testPassword = "correct horse battery";

export interface ConsoleRig extends TestDb {
  app: ReturnType<typeof createApp>;
  publicUrl: string;
  /** A console user with `testPassword`. */
  addUser(role: Role, email?: string): Promise<{ id: string; email: string }>;
  /** A browser already signed in as a new user of this role (session made by the domain, no form). */
  signedIn(role: Role, email?: string): Promise<Browser>;
  browser(): Browser;
}

export interface SendOptions {
  /** A urlencoded form; `_csrf` is added from the last page unless `csrf: false` or given. */
  form?: Record<string, string>;
  csrf?: boolean;
  headers?: Record<string, string>;
}

/**
 * A cookie jar over `app.request`, sending what a browser sends on a same-origin form post (Origin,
 * Sec-Fetch-Site). `csrfToken` is the token of the last HTML page it got.
 */
export class Browser {
  readonly cookies = new Map<string, string>();
  csrfToken: string | undefined;
  lastSetCookies: string[] = [];

  constructor(
    private readonly app: ConsoleRig["app"],
    readonly origin: string,
  ) {}

  async get(path: string, headers: Record<string, string> = {}) {
    return this.send("GET", path, { headers });
  }

  async post(path: string, options: SendOptions = {}) {
    return this.send("POST", path, options);
  }

  async send(method: string, path: string, { form, csrf = true, headers = {} }: SendOptions = {}) {
    const h: Record<string, string> = { ...headers };
    if (this.cookies.size) h.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    let body: string | undefined;
    if (method !== "GET" && method !== "HEAD") {
      h.Origin ??= this.origin;
      h["Sec-Fetch-Site"] ??= "same-origin";
    }
    if (form) {
      const fields = { ...form };
      if (csrf && fields._csrf === undefined && this.csrfToken) fields._csrf = this.csrfToken;
      body = new URLSearchParams(fields).toString();
      h["Content-Type"] = "application/x-www-form-urlencoded";
    }
    const res = await this.app.request(`${this.origin}${path}`, { method, headers: h, body });
    this.lastSetCookies = res.headers.getSetCookie();
    for (const line of this.lastSetCookies) {
      const [pair] = line.split(";");
      const [name, ...value] = pair!.split("=");
      if (/max-age=0\b/i.test(line) || /expires=thu, 01 jan 1970/i.test(line))
        this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value.join("="));
    }
    const text = await res.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(text)?.[1];
    if (token) this.csrfToken = token;
    return { status: res.status, headers: res.headers, text, location: res.headers.get("Location") };
  }

  /** Opens the sign-in page (for its CSRF token and cookie) and posts the form. */
  async signIn(email: string, password = testPassword, next?: string, ip?: string) {
    await this.get(next ? `/admin/login?next=${encodeURIComponent(next)}` : "/admin/login");
    const headers: Record<string, string> = ip ? { "X-Forwarded-For": ip } : {};
    return this.post("/admin/login", { form: { email, password, next: next ?? "" }, headers });
  }
}

export async function createConsoleRig({
  publicUrl = testPublicUrl,
  app: appOptions = {},
}: {
  publicUrl?: string;
  /** More options for the app (templates, rebuildSite, providers...). */
  app?: Omit<Partial<AppOptions>, "deps" | "publicUrl">;
} = {}): Promise<ConsoleRig> {
  const db = await createTestDb();
  // As behind one reverse proxy: a test names its client with X-Forwarded-For.
  const app = createApp({
    deps: db.deps,
    publicUrl,
    hashParams: testHashParams,
    trustedProxies: 1,
    ...appOptions,
  });
  const origin = new URL(publicUrl).origin;
  let count = 0;
  const addUser = async (role: Role, email = `${role}-${++count}@example.com`) => {
    const user = await createUser({
      ctx: { deps: db.deps, actor: systemActor("test"), hashParams: testHashParams },
      input: { email, name: `${role} ${count}`, role, password: testPassword },
    });
    return { id: user.id, email: user.email };
  };
  const browser = () => new Browser(app, origin);
  const signedIn = async (role: Role, email?: string) => {
    const user = await addUser(role, email);
    const session = await createSession({ ctx: { deps: db.deps }, input: { userId: user.id } });
    const b = browser();
    b.cookies.set(publicUrl.startsWith("https:") ? "__Host-vigie_session" : "vigie_session", session.token);
    await b.get("/admin/account");
    return b;
  };
  return { ...db, app, publicUrl, addUser, signedIn, browser };
}

/** A new console rig for each test of the file (or `describe`), closed after it. */
export function consoleRigForEachTest(options: Parameters<typeof createConsoleRig>[0] = {}): ConsoleRig {
  return perTest(
    () => createConsoleRig(options),
    (t) => t.close(),
  );
}

/** The text of one dashboard card, tags removed; fails when the page has no card of that heading. */
export const dashboardCard = (html: string, heading: string) => {
  const start = html.indexOf(`>${heading}</h2>`);
  expect(start, heading).toBeGreaterThan(0);
  return html
    .slice(start, html.indexOf("</section>", start))
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ");
};
