import { Hono } from "hono";
import { hasRole } from "../../domain/authorize.ts";
import { DomainError } from "../../domain/errors.ts";
import { listSiteBuilds } from "../../domain/site/list-site-builds.ts";
import type { SiteBuildRow } from "../../domain/site/site-builds.ts";
import { CsrfField, consolePage, redirectWithNotice, When } from "../kit/index.ts";
import type { ConsoleContext, ConsoleEnv } from "../shell/console-env.ts";
import { requireConsoleRole } from "../shell/require-role.ts";

/** The publisher answers with its build's outcome (`{ ok, error }`); anything else counts as done. */
const failureOf = (outcome: unknown): string | null =>
  typeof outcome === "object" && outcome !== null && "ok" in outcome && outcome.ok === false
    ? String(("error" in outcome && outcome.error) || "unknown error")
    : null;

const seconds = (ms: number | null) => (ms === null ? "" : `${(ms / 1000).toFixed(1)} s`);
const tone = { succeeded: "good", failed: "bad", running: "info" } as const;

function Build({ build, served }: { build: SiteBuildRow; served: boolean }) {
  return (
    <li>
      <p>
        <span class={`badge ${tone[build.status]}`}>{build.status}</span> {`#${build.id}`} started{" "}
        <When at={build.startedAt} />
        {build.durationMs !== null && ` · ${seconds(build.durationMs)}`}
        {served && (
          <>
            {" "}
            <span class="badge info">online</span>
          </>
        )}
      </p>
      {build.error && <pre class="message">{build.error}</pre>}
      {build.publishResults.length > 0 && (
        <ul>
          {build.publishResults.map((r) => (
            <li>
              <code>{r.target}</code>{" "}
              {r.ok ? <span class="badge good">published</span> : <span class="badge bad">failed</span>}
              {` · ${r.attempts} attempt${r.attempts === 1 ? "" : "s"} · ${seconds(r.durationMs)}`}
              {r.error && <span class="muted">{` · ${r.error}`}</span>}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

/** The static page's builds and where each was published; editors can rebuild it at once. */
export function siteRoutes(ctx: ConsoleContext) {
  const app = new Hono<ConsoleEnv>();

  app.get("/site", requireConsoleRole("viewer"), async (c) => {
    const builds = await listSiteBuilds(ctx.deps, 20);
    const served = builds.find((b) => b.status === "succeeded");
    const canRebuild = hasRole(c.get("actor"), "editor");
    return consolePage(
      c,
      "Status page builds",
      <>
        <section class="card" aria-labelledby="rebuild">
          <h2 id="rebuild">Rebuild</h2>
          <p>
            The public page is static: it is rebuilt after every change and then copied to each publish target
            (see <a href="/admin/settings">Settings</a>).
          </p>
          {!ctx.rebuildSite ? (
            <p class="muted">This server process does not build the page (VIGIE_PUBLISHER=0).</p>
          ) : canRebuild ? (
            <form method="post" action="/admin/site/rebuild">
              <CsrfField token={c.get("csrfToken")} />
              <button type="submit">Rebuild now</button>
            </form>
          ) : (
            <p class="muted">Editors can rebuild it now.</p>
          )}
        </section>
        <section class="card" aria-labelledby="builds">
          <h2 id="builds">Last builds</h2>
          {builds.length === 0 ? (
            <p class="muted">The page has not been built yet.</p>
          ) : (
            <ol class="timeline">
              {builds.map((b) => (
                <Build build={b} served={b === served} />
              ))}
            </ol>
          )}
        </section>
      </>,
    );
  });

  app.post("/site/rebuild", requireConsoleRole("editor"), async (c) => {
    if (!ctx.rebuildSite)
      throw new DomainError("conflict", "This server process does not build the page (VIGIE_PUBLISHER=0).");
    let outcome: unknown;
    try {
      outcome = await ctx.rebuildSite();
    } catch (error) {
      ctx.deps.logger.error("console rebuild failed", { error: String(error) });
      outcome = { ok: false, error: (error as Error).message };
    }
    const failure = failureOf(outcome);
    if (failure !== null)
      return redirectWithNotice(
        c,
        "/admin/site",
        `The rebuild failed: ${failure.slice(-300)}. The last good page stays online.`,
        "error",
      );
    return redirectWithNotice(
      c,
      "/admin/site",
      "The page is rebuilt; where it was published is listed below.",
    );
  });
  return app;
}
