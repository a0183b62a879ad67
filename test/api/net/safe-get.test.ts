import type { LookupAddress } from "node:dns";
import net from "node:net";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { FetchFailedError, UnsafeUrlError } from "../../../api/net/errors.ts";
import { createSafeFetch, type LookupAll } from "../../../api/net/safe-fetch.ts";
import type { PlainResponse } from "../../../api/net/safe-get.ts";
import { loopbacksForEachTest, watchSockets } from "./loopback.ts";

// The safe fetch's plain GET (what the monitor's checks use) behind the same guard as the fetch.
const { serve } = loopbacksForEachTest();

const to = (...addresses: string[]): LookupAddress[] =>
  addresses.map((address) => ({ address, family: net.isIP(address) }));
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: unknown) => e as Error,
  );
const onPrem = (timeoutMs?: number, maxBytes?: number) =>
  createSafeFetch({ allowPrivate: true, userAgent: "vigie-test/1", timeoutMs, maxBytes }).get;
async function text(response: PlainResponse): Promise<string> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of response.body ?? []) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

describe("safe GET: targets", () => {
  it("reaches a loopback server only when private targets are allowed, with our User-Agent", async () => {
    const server = await serve((req, res) => res.end(`hi ${req.headers["user-agent"]}`));
    const strict = createSafeFetch({ allowPrivate: false, userAgent: "vigie-test/1" }).get;
    const error = await failure(strict(`${server.url}/`));
    expect(error).toBeInstanceOf(UnsafeUrlError);
    expect(server.hits).toHaveLength(0);

    const res = await onPrem()(`${server.url}/status?x=1`, { headers: { Accept: "application/json" } });
    expect(res.status).toBe(200);
    expect(await text(res)).toBe("hi vigie-test/1");
    expect(server.hits[0]?.url).toBe("/status?x=1");
    expect(server.hits[0]?.headers.accept).toBe("application/json");
  });

  it("connects to the address it checked, with one lookup, and refuses what the name rebinds to", async () => {
    const server = await serve((req, res) => res.end(`host=${req.headers.host}`));
    let lookups = 0;
    const rebinding: LookupAll = async () => (++lookups === 1 ? to("93.184.215.14") : to("127.0.0.1"));
    const realConnect = net.connect;
    const sockets = watchSockets();
    const dialled: string[] = [];
    sockets.plain.mockImplementation(((options: net.TcpNetConnectOpts) => {
      options.lookup?.(options.host ?? "", {}, (_err, address) => dialled.push(String(address)));
      return realConnect({ ...options, host: "127.0.0.1", port: server.port, lookup: undefined });
    }) as typeof net.connect);
    try {
      const get = createSafeFetch({ allowPrivate: false, lookup: rebinding, userAgent: "vigie-test" }).get;
      const res = await get(`http://rebind.test:${server.port}/`);
      expect(await text(res)).toBe(`host=rebind.test:${server.port}`);
      expect(dialled).toEqual(["93.184.215.14"]);
      const second = await failure(get(`http://rebind.test:${server.port}/`));
      expect(second).toBeInstanceOf(UnsafeUrlError);
      expect(sockets.count()).toBe(1);
    } finally {
      sockets.restore();
    }
  });

  it("returns a 3xx as is and never follows it", async () => {
    const target = await serve((_req, res) => res.end("you should not be here"));
    const redirector = await serve((_req, res) => {
      res.writeHead(302, { location: `${target.url}/secret` }).end();
    });
    const res = await onPrem()(`${redirector.url}/`);
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe(`${target.url}/secret`);
    await res.body?.cancel();
    expect(target.hits).toHaveLength(0);
  });

  it("reports a refused connection as a network failure", async () => {
    const server = await serve(() => {});
    await server.close();
    const error = await failure(onPrem()(`${server.url}/`));
    expect(error).toBeInstanceOf(FetchFailedError);
    expect(error).toMatchObject({ failure: "network", message: "could not reach 127.0.0.1 (ECONNREFUSED)" });
  });

  it("reuses the connection once a 304 is cancelled", async () => {
    const server = await serve((_req, res) => res.writeHead(304, { etag: '"v1"' }).end());
    const get = onPrem();
    const first = await get(`${server.url}/a`);
    expect(first.status).toBe(304);
    expect(first.headers.get("etag")).toBe('"v1"');
    await first.body?.cancel();
    // Checks are seconds apart; a moment is enough for the connection to be back in the pool.
    await new Promise((resolve) => setTimeout(resolve, 50));
    await (await get(`${server.url}/b`)).body?.cancel();
    expect(server.hits).toHaveLength(2);
    expect(server.hits[1]?.socket.remotePort).toBe(server.hits[0]?.socket.remotePort);
  });
});

describe("safe GET: limits", () => {
  it("gives up on a server that never answers", async () => {
    const server = await serve(() => {});
    const error = await failure(onPrem(300)(`${server.url}/`));
    expect(error).toMatchObject({
      failure: "timeout",
      message: "127.0.0.1 did not answer in full within 300 ms",
    });
  });

  it("counts the body in the time limit", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.write("a first chunk, then silence");
    });
    const res = await onPrem()(`${server.url}/`, { timeoutMs: 300 });
    expect(res.status).toBe(200);
    expect(await failure(text(res))).toMatchObject({ failure: "timeout" });
  });

  it("accepts a body of exactly the limit and refuses a declared length over it", async () => {
    const exact = await serve((_req, res) => res.end(Buffer.alloc(4096, "y")));
    expect(await text(await onPrem(5_000, 4096)(`${exact.url}/`))).toHaveLength(4096);
    const over = await serve((_req, res) => {
      res.writeHead(200, { "content-length": String(8192) });
      res.write(Buffer.alloc(1024));
    });
    expect(await failure(onPrem(5_000, 4096)(`${over.url}/`))).toMatchObject({
      failure: "too_large",
      message: "the response from 127.0.0.1 is larger than 4 KiB",
    });
  });

  it("stops a streamed body at the limit", async () => {
    const chunk = Buffer.alloc(64 * 1024, "x");
    let written = 0;
    const server = await serve((_req, res) => {
      const pump = () => {
        while (written < 256 && !res.destroyed) {
          written++;
          if (!res.write(chunk)) return void res.once("drain", pump);
        }
        res.end();
      };
      res.writeHead(200, { "content-type": "application/octet-stream" });
      pump();
    });
    const res = await onPrem(5_000, 256 * 1024)(`${server.url}/`);
    expect(await failure(text(res))).toMatchObject({ failure: "too_large" });
    expect(written).toBeLessThan(256);
  });

  it("decodes gzip and brotli as a fetch does, and counts decoded bytes against the limit", async () => {
    const body = JSON.stringify({ status: { indicator: "none" } });
    const server = await serve((req, res) => {
      if (req.url === "/bomb") {
        const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024));
        res.writeHead(200, { "content-encoding": "gzip", "content-length": String(bomb.byteLength) });
        return void res.end(bomb);
      }
      const br = req.url === "/br";
      res.writeHead(200, { "content-encoding": br ? "br" : "gzip" });
      res.end(br ? brotliCompressSync(body) : gzipSync(body));
    });
    const get = onPrem();
    expect(await text(await get(`${server.url}/gz`))).toBe(body);
    expect(server.hits[0]?.headers["accept-encoding"]).toBe("gzip, deflate, br");
    expect(await text(await get(`${server.url}/br`))).toBe(body);
    expect(await failure(text(await get(`${server.url}/bomb`)))).toMatchObject({ failure: "too_large" });
  });
});
