import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import type { Role } from "../../domain/types.ts";
import { inSection, sectionList } from "../sections.ts";
import { consoleJs } from "./console-script.ts";
import { consoleCss } from "./styles.ts";

export interface Notice {
  tone: "ok" | "error";
  text: string;
}

export interface LayoutProps {
  title: string;
  /** The current path: marks the current section in the navigation. */
  path: string;
  /** Absent on the sign-in and setup pages: no navigation then. */
  user?: { name: string; email: string; role: Role } | undefined;
  csrfToken: string;
  /** The public status page, linked from the header once signed in. */
  publicUrl?: string | undefined;
  notice?: Notice | undefined;
  /** Whether the page uses the console's script (live previews, submit-on-change); it works without. */
  script?: boolean | undefined;
  children?: Child;
}

/** A lookout's eye in the console's link colour; inline, so it costs no request and the CSP's `img-src data:` allows it. */
const favicon = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 32 32"><path d="M2 16C7 8 25 8 30 16C25 24 7 24 2 16Z" fill="#0b57d0"/><circle cx="16" cy="16" r="5.5" fill="#fff"/><circle cx="16" cy="16" r="2.5" fill="#0b57d0"/></svg>',
)}`;

/** A hidden form field carrying the page's CSRF token: every POST form needs one. */
export const CsrfField = ({ token }: { token: string }) => <input type="hidden" name="_csrf" value={token} />;

export function Layout({ title, path, user, csrfToken, publicUrl, notice, script, children }: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width,initial-scale=1" />
        <meta name="referrer" content="same-origin" />
        <title>{`${title} · Vigie console`}</title>
        <link rel="icon" type="image/svg+xml" href={favicon} />
        <style>{raw(consoleCss)}</style>
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="top">
          <a class="brand" href="/admin">
            Vigie console
          </a>
          {user && (
            <div class="who">
              {publicUrl && <a href={publicUrl}>View public page</a>}
              <span>
                Signed in as <a href="/admin/account">{user.name}</a> ({user.role})
              </span>
              <form method="post" action="/admin/logout">
                <CsrfField token={csrfToken} />
                <button type="submit" class="secondary">
                  Sign out
                </button>
              </form>
            </div>
          )}
        </header>
        <div class={user ? "shell" : undefined}>
          {user && (
            <nav aria-label="Console sections">
              <ul>
                {sectionList.map((s) => (
                  <li>
                    <a href={s.href} aria-current={inSection(path, s) ? "page" : undefined}>
                      {s.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          <main id="main" tabindex={-1}>
            <h1>{title}</h1>
            {notice && (
              <p class={`notice ${notice.tone}`} role={notice.tone === "error" ? "alert" : "status"}>
                {notice.text}
              </p>
            )}
            {children}
          </main>
        </div>
        {script && <script>{raw(consoleJs)}</script>}
      </body>
    </html>
  );
}
