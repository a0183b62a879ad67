import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createDb, type DbHandle, migrateDb } from "../../db/client.ts";

let handle: DbHandle | undefined;
let server: Server | undefined;
afterEach(async () => {
  handle?.close();
  handle = undefined;
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(null)));
  server = undefined;
});

describe("database client", () => {
  it("opens an embedded database with the local client and migrates it", async () => {
    handle = createDb({ url: ":memory:" });
    expect(handle.kind).toBe("memory");
    await migrateDb(handle);
    const tables = await handle.client.execute(
      "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'",
    );
    expect(Number(tables.rows[0]!.n)).toBeGreaterThan(10);
  });

  it("speaks to a libSQL server over HTTP for a remote URL (the server client is loaded on demand)", async () => {
    // A server that answers every pipeline request with a libSQL error: what the client sent shows
    // that it used the server protocol, and the error comes back as a query error.
    const paths: string[] = [];
    server = createServer((req, res) => {
      paths.push(`${req.method} ${req.url}`);
      res.writeHead(500, { "Content-Type": "application/json" });
      res.end(JSON.stringify({ message: "no database here" }));
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    handle = createDb({ url: `http://127.0.0.1:${port}` });
    expect(handle.kind).toBe("remote");
    await expect(handle.client.execute("SELECT 1")).rejects.toThrow(/no database here|500/);
    expect(paths.some((p) => p.startsWith("POST /v"))).toBe(true);
  });
});
