import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { FetchFailedError } from "../../../api/net/errors.ts";
import { createSafeFetch } from "../../../api/net/safe-fetch.ts";
import { listen, loopbacksForEachTest } from "./loopback.ts";

const { serve } = loopbacksForEachTest();

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected a failure");
    },
    (e: unknown) => e as Error,
  );
const onPrem = (timeoutMs?: number, maxBytes?: number) =>
  createSafeFetch({ allowPrivate: true, userAgent: "vigie-test", timeoutMs, maxBytes });
const chunk = Buffer.alloc(64 * 1024, "x");

describe("createSafeFetch: time limit", () => {
  it("gives up on a server that never answers", async () => {
    const server = await serve(() => {});
    const started = Date.now();
    const error = await failure(onPrem(300)(`${server.url}/`));
    expect(error).toBeInstanceOf(FetchFailedError);
    expect(error).toMatchObject({
      failure: "timeout",
      message: "127.0.0.1 did not answer in full within 300 ms",
    });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("counts the body in the time limit", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.write("a first chunk, then silence");
    });
    const started = Date.now();
    const res = await onPrem()(`${server.url}/`, { timeoutMs: 300 });
    expect(res.status).toBe(200);
    const error = await failure(res.text());
    expect(error).toMatchObject({ failure: "timeout" });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it("counts the name lookup in the time limit", async () => {
    const safeFetch = createSafeFetch({
      allowPrivate: false,
      lookup: () => new Promise(() => {}),
      timeoutMs: 200,
      userAgent: "vigie-test",
    });
    expect(await failure(safeFetch("https://slow-dns.example.com/"))).toMatchObject({ failure: "timeout" });
  });

  it("lets the caller abort, and says it was the caller", async () => {
    const server = await serve(() => {});
    const controller = new AbortController();
    const pending = failure(onPrem()(`${server.url}/`, { signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    const error = await pending;
    expect(error).not.toBeInstanceOf(FetchFailedError);
    expect(error.name).toBe("AbortError");
  });
});

describe("createSafeFetch: size limit", () => {
  it("accepts a body of exactly the limit", async () => {
    const server = await serve((_req, res) => res.end(Buffer.alloc(4096, "y")));
    const res = await onPrem(5_000, 4096)(`${server.url}/`);
    expect((await res.arrayBuffer()).byteLength).toBe(4096);
  });

  it("refuses a declared length over the limit before reading it", async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-length": String(2 * 1024 * 1024) });
      res.write(chunk);
    });
    const error = await failure(onPrem()(`${server.url}/`));
    expect(error).toMatchObject({
      failure: "too_large",
      message: "the response from 127.0.0.1 is larger than 1 MiB",
    });
  });

  it("stops a streamed body at the limit", async () => {
    let written = 0;
    const server = await serve((_req, res) => {
      const pump = () => {
        // Bounded: at most 16 MiB, and the client hangs up long before.
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
    const error = await failure(res.arrayBuffer());
    expect(error).toMatchObject({ failure: "too_large", message: expect.stringContaining("256 KiB") });
    expect(written).toBeLessThan(256);
  });

  it("counts decoded bytes, so a small gzip of a big body is refused", async () => {
    const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024));
    expect(bomb.byteLength).toBeLessThan(64 * 1024);
    const server = await serve((_req, res) => {
      res.writeHead(200, { "content-encoding": "gzip", "content-length": String(bomb.byteLength) });
      res.end(bomb);
    });
    const res = await onPrem()(`${server.url}/`);
    expect(await failure(res.text())).toMatchObject({ failure: "too_large" });
  });
});

describe("createSafeFetch: network failures", () => {
  it("reports a refused connection as a network failure", async () => {
    const server = await listen(() => {});
    await server.close();
    const error = await failure(onPrem()(`${server.url}/`));
    expect(error).toBeInstanceOf(FetchFailedError);
    expect(error).toMatchObject({ failure: "network", message: "could not reach 127.0.0.1 (ECONNREFUSED)" });
  });
});
