import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import net from "node:net";
import tls from "node:tls";
import { afterEach, vi } from "vitest";

export interface Loopback {
  url: string;
  port: number;
  /** Requests received so far. */
  hits: IncomingMessage[];
  close(): Promise<void>;
}

/** A plain HTTP server on a loopback address (127.0.0.1 unless said) that records every request it receives. */
export async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  { host = "127.0.0.1", port: wanted = 0 }: { host?: string; port?: number } = {},
): Promise<Loopback> {
  const hits: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    hits.push(req);
    handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(wanted, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Servers closed after each test: `serve` starts one as `listen` does, `closeAfterTest` takes one started otherwise. */
export function loopbacksForEachTest() {
  const open: Loopback[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  const closeAfterTest = (server: Loopback) => {
    open.push(server);
    return server;
  };
  const serve = async (handler: Parameters<typeof listen>[0]) => closeAfterTest(await listen(handler));
  return { serve, closeAfterTest };
}

/** Watches every outgoing TCP and TLS connection (undici opens them through net.connect / tls.connect). */
export function watchSockets() {
  const plain = vi.spyOn(net, "connect");
  const secure = vi.spyOn(tls, "connect");
  return {
    plain,
    secure,
    count: () => plain.mock.calls.length + secure.mock.calls.length,
    restore() {
      plain.mockRestore();
      secure.mockRestore();
    },
  };
}
