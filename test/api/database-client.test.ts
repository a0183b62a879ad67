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

  it("runs a statement it has run before with new values, after a failure, a schema change and many others", async () => {
    handle = createDb({ url: ":memory:" });
    const { client } = handle;
    await client.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL UNIQUE)");
    const insert = (id: number, v: string) =>
      client.execute({ sql: "INSERT INTO t (id, v) VALUES (?, ?)", args: [id, v] });
    const all = async () =>
      (await client.execute("SELECT id, v FROM t ORDER BY id")).rows.map((r) => [r.id, r.v]);
    await insert(1, "a");
    await expect(insert(2, "a")).rejects.toThrow(/UNIQUE/);
    await insert(3, "c");
    expect(await all()).toEqual([
      [1, "a"],
      [3, "c"],
    ]);
    const update = (v: string, id: number) =>
      client.execute({ sql: "UPDATE t SET v = ? WHERE id = ? RETURNING id, v", args: [v, id] });
    expect((await update("x", 1)).rows.map((r) => r.v)).toEqual(["x"]);
    expect((await update("y", 9)).rows).toEqual([]);
    await client.execute("ALTER TABLE t ADD COLUMN w TEXT NOT NULL DEFAULT 'w'");
    expect((await client.execute("SELECT * FROM t ORDER BY id")).columns).toEqual(["id", "v", "w"]);
    expect(await all()).toEqual([
      [1, "x"],
      [3, "c"],
    ]);
    // More distinct statements than a connection keeps, then the first ones again.
    for (let n = 0; n < 100; n++) await client.execute(`SELECT ${n} AS n, count(*) AS c FROM t`);
    await insert(4, "d");
    expect((await all()).at(-1)).toEqual([4, "d"]);
    await client.execute("DROP TABLE t");
    await expect(all()).rejects.toThrow(/no such table/);
  });
});
