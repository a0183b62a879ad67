import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Served } from "../helpers/serve.ts";

export interface StaticRoute {
  type: string;
  body: string | Uint8Array;
}

/** A loopback server for fixed documents (a fake `/api/site.json`, a logo...); 404 for any other path. */
export function serveStatic(routes: Record<string, StaticRoute>): Promise<Served> {
  const server = createServer((req, res) => {
    const route = routes[new URL(req.url ?? "/", "http://x").pathname];
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "Content-Type": route.type }).end(route.body);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.closeAllConnections();
            server.close((err) => (err ? fail(err) : done()));
          }),
      });
    });
  });
}
