import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";

export interface Served {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  close(): Promise<void>;
}

interface FetchApp {
  fetch(request: Request, ...rest: never[]): Response | Promise<Response>;
}

/** Serves an app (e.g. `createTestApp().app`) over real HTTP on loopback, on a port the OS picks. */
export function serveApp(app: FetchApp): Promise<Served> {
  return new Promise((resolve, reject) => {
    const server = serve(
      { fetch: (request) => app.fetch(request), port: 0, hostname: "127.0.0.1" },
      (info) => {
        const { port } = info as AddressInfo;
        resolve({
          url: `http://127.0.0.1:${port}`,
          close: () =>
            new Promise<void>((done, fail) => {
              // Keep-alive sockets from the clients would otherwise hold close() open.
              if ("closeAllConnections" in server) server.closeAllConnections();
              server.close((err) => (err ? fail(err) : done()));
            }),
        });
      },
    );
    server.once("error", reject);
  });
}
