import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { type NodeFastPath, serverWithFastPath } from "../../api/http/public/public-fast-path.ts";

export interface Served {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  close(): Promise<void>;
}

interface FetchApp {
  fetch(request: Request, ...rest: never[]): Response | Promise<Response>;
  /** Answers cached public documents ahead of the adapter, as the server does (api/server.ts). */
  nodeFastPath?: NodeFastPath;
}

/**
 * Serves an app (e.g. `createTestApp().app`) over real HTTP on loopback, on a port the OS picks,
 * with its fast path on Node's objects in front when it has one, as the server runs it.
 */
export function serveApp(app: FetchApp): Promise<Served> {
  return new Promise((resolve, reject) => {
    const server = serve(
      {
        fetch: (request) => app.fetch(request),
        port: 0,
        hostname: "127.0.0.1",
        ...(app.nodeFastPath ? { createServer: serverWithFastPath(app.nodeFastPath) } : {}),
      },
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

/**
 * A plain Node HTTP server on loopback, on a port the OS picks: a fake provider or upstream. A
 * handler that throws or rejects drops its connection; `beforeClose` releases what the fake holds
 * (answers kept hanging, timers) before the server closes.
 */
export function listenOnLoopback(
  handler: (req: IncomingMessage, res: ServerResponse) => unknown,
  beforeClose?: () => void,
): Promise<Served> {
  const drop = (res: ServerResponse) => (err: unknown) =>
    res.destroy(err instanceof Error ? err : new Error(String(err)));
  const server = createServer((req, res) => {
    try {
      const handled = handler(req, res);
      if (handled instanceof Promise) handled.catch(drop(res));
    } catch (err) {
      drop(res)(err);
    }
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            beforeClose?.();
            server.closeAllConnections();
            server.close((err) => (err ? fail(err) : done()));
          }),
      });
    });
  });
}
