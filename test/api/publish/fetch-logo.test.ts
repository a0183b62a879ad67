import { readdirSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { XMLValidator } from "fast-xml-parser";
import { afterEach, describe, expect, it } from "vitest";
import { fetchLogo } from "../../../api/publish/fetch-logo.ts";
import { sanitizeSvg } from "../../../api/publish/sanitize-svg.ts";

const fixtures = new URL("../../fixtures/svg/", import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, fixtures), "utf8");

/** What a browser could still run or fetch from a cleaned SVG. */
function activeParts(svg: string): string[] {
  const withoutNamespaces = svg.replace(/\sxmlns(:\w+)?="[^"]*"/g, "");
  return [
    /<script/i,
    /\son\w+\s*=/i,
    /foreignObject/i,
    /<iframe/i,
    /javascript:/i,
    /@import/i,
    /https?:/i,
    /<set\b/i,
    /<animate\b/i,
  ]
    .filter((pattern) => pattern.test(withoutNamespaces))
    .map(String);
}

describe("SVG logos are cleaned", () => {
  for (const name of readdirSync(fixtures).filter((n) => n.endsWith(".svg"))) {
    it(`${name}: nothing active or outside is left, and the file is well-formed XML`, () => {
      const clean = sanitizeSvg(fixture(name));
      expect(clean).not.toBeNull();
      expect(activeParts(clean!)).toEqual([]);
      expect(XMLValidator.validate(clean!)).toBe(true);
    });
  }

  it("keeps what a real logo needs: paths, styles, a gradient referenced inside the file", () => {
    const clean = sanitizeSvg(fixture("hono-logo.svg"))!;
    expect(clean).toContain('viewBox="0 0 775 998"');
    expect(clean.match(/<path /g)).toHaveLength(2);
    expect(clean).toContain("fill:url(#_Linear1)");
    expect(clean).toMatch(/<linearGradient id="_Linear1"/);
    expect(clean.match(/<stop /g)).toHaveLength(2);
  });

  it("refuses a file with no SVG in it", () => {
    expect(sanitizeSvg("<html><body><script>alert(1)</script></body></html>")).toBeNull();
  });
});

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r) ?? r(null));
  server = undefined;
});

type Handler = Parameters<typeof createServer>[1];
async function serve(handler: Handler): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("the logo is fetched through the SSRF guard", () => {
  it("refuses loopback and metadata addresses unless private targets are allowed; link-local never", async () => {
    let hits = 0;
    const base = await serve((_req, res) => {
      hits++;
      res.writeHead(200, { "content-type": "image/svg+xml" }).end("<svg/>");
    });
    const refused = await fetchLogo(`${base}/logo.svg`, { allowPrivate: false });
    expect(refused).toEqual({ ok: false, error: expect.stringContaining("loopback") });
    for (const url of ["http://169.254.169.254/latest/meta-data/", "http://[::ffff:127.0.0.1]:1/logo.svg"]) {
      expect((await fetchLogo(url, { allowPrivate: false })).ok, url).toBe(false);
    }
    expect((await fetchLogo("http://169.254.169.254/logo.svg", { allowPrivate: true })).ok).toBe(false);
    expect(hits).toBe(0);
    expect(await fetchLogo(`${base}/logo.svg`, { allowPrivate: true })).toMatchObject({ ok: true });
  });

  it("follows no redirect, even to an address it would allow", async () => {
    const reached: string[] = [];
    const base = await serve((req, res) => {
      reached.push(req.url!);
      if (req.url === "/logo.svg") res.writeHead(302, { location: "/inner.svg" }).end();
      else res.writeHead(200, { "content-type": "image/svg+xml" }).end("<svg/>");
    });
    const result = await fetchLogo(`${base}/logo.svg`, { allowPrivate: true });
    expect(result).toEqual({
      ok: false,
      error: expect.stringMatching(/redirects to \/inner.svg; redirects are not followed/),
    });
    expect(reached).toEqual(["/logo.svg"]);
  });

  it("stops reading a huge body at 512 KiB while it streams, whatever it declares", async () => {
    let sent = 0;
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const base = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "image/svg+xml" });
      res.write("<svg>");
      const pump = () => {
        // 50 MiB if nobody stops it; the client hangs up long before.
        while (sent < 50 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) return res.once("drain", pump);
        }
        res.end("</svg>");
      };
      res.on("error", () => {});
      pump();
    });
    const result = await fetchLogo(`${base}/logo.svg`, { allowPrivate: true });
    expect(result).toEqual({ ok: false, error: expect.stringContaining("larger than 512 KiB") });
    expect(sent).toBeLessThan(8 * 1024 * 1024);
  });

  it("takes images only, and a raster whose bytes match its type", async () => {
    const base = await serve((req, res) => {
      if (req.url === "/page") res.writeHead(200, { "content-type": "text/html" }).end("<script>x</script>");
      else if (req.url === "/fake.png")
        res.writeHead(200, { "content-type": "image/png" }).end("<svg onload=alert(1)>");
      else
        res
          .writeHead(200, { "content-type": "image/png" })
          .end(Buffer.from("89504e470d0a1a0a0000000d49484452", "hex"));
    });
    expect(await fetchLogo(`${base}/page`, { allowPrivate: true })).toEqual({
      ok: false,
      error: expect.stringContaining('"text/html", not an SVG'),
    });
    expect(await fetchLogo(`${base}/fake.png`, { allowPrivate: true })).toEqual({
      ok: false,
      error: expect.stringContaining("not the image/png image"),
    });
    expect(await fetchLogo(`${base}/real.png`, { allowPrivate: true })).toMatchObject({
      ok: true,
      logo: { file: "logo.png" },
    });
  });

  it("serves an SVG logo cleaned of its script", async () => {
    const base = await serve((_req, res) =>
      res.writeHead(200, { "content-type": "image/svg+xml" }).end(fixture("DERIVED-logo-with-script.svg")),
    );
    const result = await fetchLogo(`${base}/logo.svg`, { allowPrivate: true });
    if (!result.ok) throw new Error(result.error);
    const text = new TextDecoder().decode(result.logo.bytes);
    expect(result.logo.file).toBe("logo.svg");
    expect(activeParts(text)).toEqual([]);
    expect(text).toContain("<path");
  });
});
