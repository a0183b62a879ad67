import { Hono } from "hono";
import { errorBody } from "../web/errors.ts";
import { type AppOptions, createApp } from "./app.ts";
import { landingRoutes } from "./landing.ts";
import { type FastPath, type NodeFastPath, withFastPath } from "./public/public-fast-path.ts";
import { siteRoutes } from "./site/serve-site.ts";

export interface ServerAppOptions extends AppOptions {
  /** The build to serve (null before the first one: a small landing page answers `/`). */
  siteRoot: () => string | null;
  /** The origin the page's live script and subscribe form call, when not this one. */
  liveApiUrl?: string;
}

/** Paths of the console and the admin API: with ADMIN_URL they answer on that host only. */
const adminPath = (path: string) =>
  path === "/admin" ||
  path.startsWith("/admin/") ||
  path === "/api/admin" ||
  path.startsWith("/api/admin/") ||
  path === "/api/openapi.json";

/**
 * Everything `npm start` serves on one port: the health check first (no catch-all may shadow it),
 * then the API and console, then the static page and, before its first build, the landing page.
 * With `adminUrl`, requests are split by Host: the console and admin API answer only on the admin
 * host, which serves nothing else, so nothing published on the page (a logo, any file of the site)
 * ever shares an origin with a signed-in console.
 */
export function createServerApp(options: ServerAppOptions) {
  const server = new Hono();
  server.get("/healthz", (c) => c.json({ status: "ok" }));
  const adminHost = options.adminUrl ? new URL(options.adminUrl).host : null;
  if (adminHost) server.use("*", splitByHost(adminHost));
  const app = createApp(options);
  server.route("/", app);
  const landing = landingRoutes();
  server.route(
    "/",
    siteRoutes({
      root: options.siteRoot,
      liveApiUrl: options.liveApiUrl ?? "",
      fallback: (path) => (path === "/" ? landing.request("/") : null),
    }),
  );
  server.route("/", landing);
  // The admin host serves no public document: there the router (and its host split) answers.
  const fastPath: FastPath = adminHost
    ? (request, env) => (new URL(request.url).host === adminHost ? null : app.fastPath(request, env))
    : app.fastPath;
  let nodeFastPath: NodeFastPath = app.nodeFastPath;
  if (adminHost) {
    const onAdminHost = hostTest(adminHost);
    nodeFastPath = (incoming, outgoing) =>
      !onAdminHost(incoming.headers.host) && app.nodeFastPath(incoming, outgoing);
  }
  return Object.assign(withFastPath(server, fastPath), { nodeFastPath });
}

/**
 * Whether a Host header names `host` as the request's URL would (@hono/node-server builds it from
 * that header); true when it cannot tell, so that the router decides. Each header is parsed once.
 */
function hostTest(host: string): (header: string | undefined) => boolean {
  const seen = new Map<string, boolean>();
  return (header) => {
    if (header === undefined) return true;
    let same = seen.get(header);
    if (same === undefined) {
      try {
        same = new URL(`http://${header}`).host === host;
      } catch {
        same = true;
      }
      if (seen.size >= 256) seen.clear();
      seen.set(header, same);
    }
    return same;
  };
}

function splitByHost(adminHost: string) {
  return async (c: Parameters<Parameters<Hono["use"]>[1]>[0], next: () => Promise<void>) => {
    // The node server builds the request URL from the Host header the browser sent.
    const onAdminHost = new URL(c.req.url).host === adminHost;
    const admin = adminPath(c.req.path);
    if (onAdminHost && !admin) {
      if (c.req.path === "/") return c.redirect("/admin", 302);
      return c.json(
        errorBody("not_found", "This host serves the console (/admin) and the admin API (/api/admin) only."),
        404,
      );
    }
    if (!onAdminHost && admin)
      return c.json(
        errorBody(
          "not_found",
          `No route for ${c.req.method} ${c.req.path}: the console has its own address.`,
        ),
        404,
      );
    await next();
  };
}
