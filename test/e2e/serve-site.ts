import { Hono } from "hono";
import type { Deps } from "../../api/domain/context.ts";
import { createServerApp } from "../../api/http/server-app.ts";
import { siteRoutes } from "../../api/http/site/serve-site.ts";
import { testPublicUrl } from "../helpers/harness.ts";
import { type Served, serveApp } from "../helpers/serve.ts";

/** A built page served alone, as a static host would: no API behind it (its live script calls `liveApiUrl`). */
export function serveStaticSite(root: string, liveApiUrl = ""): Promise<Served> {
  const app = new Hono();
  app.route("/", siteRoutes({ root, liveApiUrl, fallback: () => null }));
  return serveApp(app);
}

/**
 * The API and the built page from one origin, assembled as api/server.ts does for `npm start`.
 * `observe` sees every request with the answer it got (to count what a page asks for).
 */
export function serveSiteWithApi(
  deps: Deps,
  root: string,
  observe?: (request: Request, response: Response) => void,
): Promise<Served> {
  const app = createServerApp({ deps, publicUrl: testPublicUrl, siteRoot: () => root, frameRoot: root });
  if (!observe) return serveApp(app);
  return serveApp({
    fetch: async (request: Request) => {
      const response = await app.fetch(request);
      observe(request, response);
      return response;
    },
  });
}
