import { listenOnLoopback, type Served } from "../helpers/serve.ts";

export interface StaticRoute {
  type: string;
  body: string | Uint8Array;
}

/** A loopback server for fixed documents (a fake `/api/site.json`, a logo...); 404 for any other path. */
export function serveStatic(routes: Record<string, StaticRoute>): Promise<Served> {
  return listenOnLoopback((req, res) => {
    const route = routes[new URL(req.url ?? "/", "http://x").pathname];
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "Content-Type": route.type }).end(route.body);
  });
}
