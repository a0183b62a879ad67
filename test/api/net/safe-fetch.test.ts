import type { LookupAddress } from "node:dns";
import net from "node:net";
import { describe, expect, it } from "vitest";
import { FetchFailedError, UnsafeUrlError } from "../../../api/net/errors.ts";
import { createSafeFetch, type LookupAll } from "../../../api/net/safe-fetch.ts";
import { type Loopback, listen, loopbacksForEachTest, watchSockets } from "./loopback.ts";

const { serve, closeAfterTest } = loopbacksForEachTest();

const to = (...addresses: string[]): LookupAddress[] =>
  addresses.map((address) => ({ address, family: net.isIP(address) }));
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: unknown) => e as Error,
  );

describe("createSafeFetch: private targets", () => {
  it("reaches a loopback server only when private targets are allowed", async () => {
    const server = await serve((req, res) => res.end(`hi ${req.headers["user-agent"]}`));
    const strict = createSafeFetch({ allowPrivate: false, userAgent: "vigie-test/1" });
    const error = await failure(strict(`${server.url}/`));
    expect(error).toBeInstanceOf(UnsafeUrlError);
    expect(error.message).toBe("Refused: the address 127.0.0.1 is a loopback address (this machine).");
    expect(server.hits).toHaveLength(0);

    const onPrem = createSafeFetch({ allowPrivate: true, userAgent: "vigie-test/1" });
    const res = await onPrem(`${server.url}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("hi vigie-test/1");
  });

  it("sends the caller's method, headers and body", async () => {
    const server = await serve((req, res) => {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => res.end(JSON.stringify({ method: req.method, sig: req.headers["x-sig"], body })));
    });
    const safeFetch = createSafeFetch({ allowPrivate: true, userAgent: "vigie-test" });
    const res = await safeFetch(`${server.url}/hook`, {
      method: "POST",
      headers: { "x-sig": "v1,abc", "content-type": "application/json" },
      body: '{"a":1}',
    });
    expect(await res.json()).toEqual({ method: "POST", sig: "v1,abc", body: '{"a":1}' });
  });
});

describe("createSafeFetch: kept-alive connections", () => {
  it("reuses one connection for checks of the same host, as every AWS entry reads one host", async () => {
    const server = await serve((req, res) => res.end(String(req.socket.remotePort)));
    const safeFetch = createSafeFetch({ allowPrivate: true, userAgent: "vigie-test" });
    const first = await (await safeFetch(`${server.url}/a`)).text();
    // Checks are seconds apart; a moment is enough for the connection to be back in the pool.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = await (await safeFetch(`${server.url}/b`)).text();
    expect(server.hits).toHaveLength(2);
    expect(second).toBe(first);
  });

  it("never carries a kept-alive connection over to another address the name now resolves to", async () => {
    const one = await serve((_req, res) => res.end("first address"));
    let two: Loopback;
    try {
      two = await listen((_req, res) => res.end("second address"), { host: "127.0.0.2", port: one.port });
    } catch (error) {
      throw new Error(`this test needs 127.0.0.2 on loopback with port ${one.port} free: ${String(error)}`);
    }
    closeAfterTest(two);
    let lookups = 0;
    const moving: LookupAll = async () => (++lookups === 1 ? to("127.0.0.1") : to("127.0.0.2"));
    const safeFetch = createSafeFetch({ allowPrivate: true, lookup: moving, userAgent: "vigie-test" });
    const url = `http://status.test:${one.port}/`;
    expect(await (await safeFetch(url)).text()).toBe("first address");
    expect(await (await safeFetch(url)).text()).toBe("second address");
    expect(one.hits).toHaveLength(1);
    expect(two.hits).toHaveLength(1);
  });
});

describe("createSafeFetch: DNS", () => {
  it("connects to the address it checked, with one lookup, even if the name rebinds", async () => {
    const server = await serve((req, res) => res.end(`host=${req.headers.host}`));
    let lookups = 0;
    const rebinding: LookupAll = async () => (++lookups === 1 ? to("93.184.215.14") : to("127.0.0.1"));
    const realConnect = net.connect;
    const sockets = watchSockets();
    const dialled: string[] = [];
    // Note where the pinned lookup sends the socket, then carry it to the loopback server instead
    // of the public address, so no traffic leaves this machine.
    sockets.plain.mockImplementation(((options: net.TcpNetConnectOpts) => {
      options.lookup?.(options.host ?? "", {}, (_err, address) => dialled.push(String(address)));
      return realConnect({ ...options, host: "127.0.0.1", port: server.port, lookup: undefined });
    }) as typeof net.connect);
    try {
      const safeFetch = createSafeFetch({ allowPrivate: false, lookup: rebinding, userAgent: "vigie-test" });
      const res = await safeFetch(`http://rebind.test:${server.port}/`);
      expect(await res.text()).toBe(`host=rebind.test:${server.port}`);
      expect(lookups).toBe(1);
      expect(dialled).toEqual(["93.184.215.14"]);

      const second = await failure(safeFetch(`http://rebind.test:${server.port}/`));
      expect(lookups).toBe(2);
      expect(second).toBeInstanceOf(UnsafeUrlError);
      expect(second.message).toMatch(/rebind\.test resolves to 127\.0\.0\.1, which is a loopback address/);
      expect(sockets.count()).toBe(1);
    } finally {
      sockets.restore();
    }
  });

  it("keeps the name for TLS SNI while dialling the checked address", async () => {
    const sockets = watchSockets();
    const seen: { servername?: string; address?: string }[] = [];
    sockets.secure.mockImplementation(((options: import("node:tls").ConnectionOptions) => {
      options.lookup?.(options.host ?? "", {}, (_err, address) =>
        seen.push({ servername: options.servername, address: String(address) }),
      );
      throw Object.assign(new Error("stopped before connecting"), { code: "ETEST" });
    }) as typeof import("node:tls").connect);
    try {
      const safeFetch = createSafeFetch({
        allowPrivate: false,
        lookup: async () => to("93.184.215.14"),
        userAgent: "vigie-test",
      });
      const error = await failure(safeFetch("https://status.example.com/api/v2/summary.json"));
      expect(error).toBeInstanceOf(FetchFailedError);
      expect(seen).toEqual([{ servername: "status.example.com", address: "93.184.215.14" }]);
      expect(sockets.plain).not.toHaveBeenCalled();
    } finally {
      sockets.restore();
    }
  });

  it("refuses a name when any of its addresses is not public", async () => {
    const sockets = watchSockets();
    try {
      const safeFetch = createSafeFetch({
        allowPrivate: false,
        lookup: async () => to("93.184.215.14", "10.0.0.1"),
        userAgent: "vigie-test",
      });
      const error = await failure(safeFetch("https://mixed.example.com/"));
      expect(error).toBeInstanceOf(UnsafeUrlError);
      expect((error as UnsafeUrlError).reason).toBe(
        "mixed.example.com resolves to 10.0.0.1, which is private",
      );
      expect(sockets.count()).toBe(0);
    } finally {
      sockets.restore();
    }
  });

  it("reports a name that does not resolve as a DNS failure, not a refusal", async () => {
    const notFound = Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" });
    const safeFetch = createSafeFetch({
      allowPrivate: false,
      lookup: async () => Promise.reject(notFound),
      userAgent: "vigie-test",
    });
    const error = await failure(safeFetch("https://nowhere.example.com/"));
    expect(error).toBeInstanceOf(FetchFailedError);
    expect(error).toMatchObject({
      failure: "dns",
      message: "could not resolve nowhere.example.com (ENOTFOUND)",
    });
    const empty = createSafeFetch({ allowPrivate: false, lookup: async () => [], userAgent: "vigie-test" });
    expect(await failure(empty("https://nowhere.example.com/"))).toMatchObject({ failure: "dns" });
  });
});

describe("createSafeFetch: redirects", () => {
  it("returns a 3xx as is and never follows it", async () => {
    const target = await serve((_req, res) => res.end("you should not be here"));
    const redirector = await serve((_req, res) => {
      res.writeHead(302, { location: `${target.url}/secret` }).end();
    });
    const safeFetch = createSafeFetch({ allowPrivate: true, userAgent: "vigie-test" });
    const res = await safeFetch(`${redirector.url}/`, { redirect: "follow" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`${target.url}/secret`);
    expect(redirector.hits).toHaveLength(1);
    expect(target.hits).toHaveLength(0);
  });
});
