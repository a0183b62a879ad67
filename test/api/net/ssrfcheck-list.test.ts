import type { LookupAddress } from "node:dns";
import { createRequire } from "node:module";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { UnsafeUrlError } from "../../../api/net/errors.ts";
import { createSafeFetch } from "../../../api/net/safe-fetch.ts";
import { listen, watchSockets } from "./loopback.ts";

// The attack URLs of the ssrfcheck package (its own test data, shipped in the npm package).
const require = createRequire(import.meta.url);
const shouldNotPass: string[] = require("ssrfcheck/tests/data/should-not-pass.js");

// Names resolve to what the list means them to reach; any other name to a private address.
const intended: Record<string, string[]> = { localhost: ["127.0.0.1", "::1"] };
const lookedUp: string[] = [];
const lookup = async (hostname: string): Promise<LookupAddress[]> => {
  lookedUp.push(hostname);
  const addresses = intended[hostname.replace(/\.$/, "")] ?? ["10.0.0.1"];
  return addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
};

describe("the ssrfcheck should-not-pass list", () => {
  const sockets = watchSockets();
  const safeFetch = createSafeFetch({ allowPrivate: false, lookup, userAgent: "vigie-test" });
  afterEach(() => expect(sockets.count(), "a socket was opened").toBe(0));
  afterAll(() => sockets.restore());

  it("is read from the package", () => {
    expect(shouldNotPass.length).toBeGreaterThan(200);
    expect(shouldNotPass).toContain("http://[::ffff:169.254.169.254]/");
  });

  it.each(shouldNotPass.map((url) => [url]))("refuses %j before any socket opens", async (url) => {
    const error = await safeFetch(url).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UnsafeUrlError);
    expect((error as UnsafeUrlError).reason.length).toBeGreaterThan(10);
  });
});

describe("the socket watch used above", () => {
  let server: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    server = await listen((_req, res) => res.end("ok"));
  });
  afterAll(() => server.close());

  it("sees the sockets that undici opens", async () => {
    const sockets = watchSockets();
    try {
      const safeFetch = createSafeFetch({ allowPrivate: true, lookup, userAgent: "vigie-test" });
      const res = await safeFetch(`${server.url}/`);
      expect(await res.text()).toBe("ok");
      expect(sockets.count()).toBeGreaterThan(0);
    } finally {
      sockets.restore();
    }
  });
});
